import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Membership, Unit
from tests.factories import UnitFactory, UserFactory, user_with_role
from tests.ventures.factories import EntrepreneurFactory, VentureDocumentFactory, VentureFactory, VentureUpdateFactory
from ventures.models import Entrepreneur, Venture, VentureDocument, VentureUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(commune, branch, other_commune):
    """One entrepreneur, venture, update and document under each of three units."""
    made = {}
    for key, unit in (("commune", commune), ("branch", branch), ("other", other_commune)):
        person = EntrepreneurFactory(unit=unit)
        venture = VentureFactory(unit=unit, owners=[person])
        made[key] = {
            Entrepreneur: person,
            Venture: venture,
            VentureUpdate: VentureUpdateFactory(venture=venture),
            VentureDocument: VentureDocumentFactory(venture=venture),
        }
    return made


MODELS = [Entrepreneur, Venture, VentureUpdate, VentureDocument]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_visible_to_officer_sees_own_commune_and_its_branch(model, rows, officer):
    # Act
    visible = set(model.objects.visible_to(officer))

    # Assert
    assert visible == {rows["commune"][model], rows["branch"][model]}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_visible_to_branch_officer_sees_only_the_branch(model, rows, branch):
    branch_officer = user_with_role(Membership.Role.OFFICER, branch)

    visible = set(model.objects.visible_to(branch_officer))

    assert visible == {rows["branch"][model]}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_visible_to_other_commune_officer_sees_only_their_commune(model, rows, other_officer):
    visible = set(model.objects.visible_to(other_officer))

    assert visible == {rows["other"][model]}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_visible_to_staff_sees_every_unit(model, rows, staff_user):
    visible = set(model.objects.visible_to(staff_user))

    assert visible == {rows[key][model] for key in ("commune", "branch", "other")}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_visible_to_superuser_sees_every_unit(model, rows):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)

    assert model.objects.visible_to(admin).count() == 3


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("role_user", ["judge", "council_member", "bank_liaison"])
def test_visible_to_roles_without_unit_scope_see_nothing(model, role_user, rows, request):
    user = request.getfixturevalue(role_user)

    assert list(model.objects.visible_to(user)) == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_visible_to_anonymous_and_roleless_users_see_nothing(model, rows):
    from django.contrib.auth.models import AnonymousUser

    roleless = UserFactory(username="no-role")

    assert list(model.objects.visible_to(AnonymousUser())) == []
    assert list(model.objects.visible_to(roleless)) == []


def test_visible_to_officer_of_two_communes_sees_both(rows, officer, other_commune):
    user_with_role(Membership.Role.OFFICER, other_commune, username=officer.username)
    officer.refresh_from_db()  # drops the cached access of the first membership

    visible = set(Entrepreneur.objects.visible_to(officer))

    assert visible == {rows[key][Entrepreneur] for key in ("commune", "branch", "other")}


def test_visible_to_follows_a_deep_tree_without_fixed_depth(officer, branch):
    team = UnitFactory(code="to-1", parent=branch, kind=Unit.Kind.OTHER)
    deep_person = EntrepreneurFactory(unit=team)

    assert list(Entrepreneur.objects.visible_to(officer)) == [deep_person]


def test_entrepreneur_citizen_id_unique_among_non_blank(commune):
    EntrepreneurFactory(unit=commune, citizen_id="")
    EntrepreneurFactory(unit=commune, citizen_id="014098000001")

    EntrepreneurFactory(unit=commune, citizen_id="")  # many people without an ID are fine
    with pytest.raises(IntegrityError), transaction.atomic():
        EntrepreneurFactory(unit=commune, citizen_id="014098000001")

    assert Entrepreneur.objects.count() == 3


def test_entrepreneur_full_clean_reports_duplicate_citizen_id_in_vietnamese(person, other_commune):
    twin = EntrepreneurFactory.build(unit=other_commune, citizen_id=person.citizen_id)

    with pytest.raises(ValidationError) as caught:
        twin.full_clean()

    assert caught.value.messages == ["Số CCCD này đã có trong danh sách thanh niên."]


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (datetime.date(2000, 3, 15), datetime.date(2026, 3, 14), 25),
        (datetime.date(2000, 3, 15), datetime.date(2026, 3, 15), 26),
        (datetime.date(2004, 2, 29), datetime.date(2026, 2, 28), 21),
        (datetime.date(2004, 2, 29), datetime.date(2026, 3, 1), 22),
    ],
)
def test_entrepreneur_age_on_counts_whole_years(born, day, age):
    person = Entrepreneur(date_of_birth=born)

    assert person.age_on(day) == age


@pytest.mark.parametrize(
    ("kind", "number", "label"),
    [
        ("month", 3, "Tháng 03/2026"),
        ("half_year", 1, "6 tháng đầu năm 2026"),
        ("half_year", 2, "6 tháng cuối năm 2026"),
        ("year", 1, "Năm 2026"),
    ],
)
def test_venture_update_period_label_in_vietnamese(kind, number, label):
    update = VentureUpdate(period_kind=kind, year=2026, period_number=number)

    assert update.period_label == label


@pytest.mark.parametrize(
    ("kind", "number", "end"),
    [
        ("month", 2, datetime.date(2024, 2, 29)),
        ("month", 12, datetime.date(2024, 12, 31)),
        ("half_year", 1, datetime.date(2024, 6, 30)),
        ("half_year", 2, datetime.date(2024, 12, 31)),
        ("year", 1, datetime.date(2024, 12, 31)),
    ],
)
def test_venture_update_period_end_is_last_day_covered(kind, number, end):
    update = VentureUpdate(period_kind=kind, year=2024, period_number=number)

    assert update.period_end == end


@pytest.mark.parametrize(
    ("kind", "number"),
    [("month", 0), ("month", 13), ("half_year", 3), ("year", 2)],
)
def test_venture_update_clean_rejects_period_number_outside_kind(venture, kind, number):
    update = VentureUpdate(venture=venture, period_kind=kind, year=2026, period_number=number)

    with pytest.raises(ValidationError) as caught:
        update.full_clean()

    assert "period_number" in caught.value.message_dict


@pytest.mark.parametrize(("kind", "number"), [("month", 13), ("half_year", 3), ("year", 2)])
def test_venture_update_database_rejects_period_number_outside_kind(venture, kind, number):
    with pytest.raises(IntegrityError), transaction.atomic():
        VentureUpdateFactory(venture=venture, period_kind=kind, period_number=number)

    assert not VentureUpdate.objects.exists()


def test_venture_update_database_allows_one_report_per_period(venture):
    VentureUpdateFactory(venture=venture, period_kind="month", year=2026, period_number=9)

    with pytest.raises(IntegrityError), transaction.atomic():
        VentureUpdateFactory(venture=venture, period_kind="month", year=2026, period_number=9)

    VentureUpdateFactory(venture=venture, period_kind="half_year", year=2026, period_number=1)
    assert venture.updates.count() == 2


@pytest.mark.parametrize("tax_code", ["5500123456", "5500123456-001"])
def test_venture_tax_code_accepts_ten_digits_or_branch_suffix(commune, person, tax_code):
    venture = VentureFactory.build(unit=commune, tax_code=tax_code)

    venture.full_clean(exclude=["owners"])


@pytest.mark.parametrize("tax_code", ["550012345", "55001234567", "5500123456-01", "MST5500123"])
def test_venture_tax_code_rejects_malformed(commune, tax_code):
    venture = VentureFactory.build(unit=commune, tax_code=tax_code)

    with pytest.raises(ValidationError) as caught:
        venture.full_clean(exclude=["owners"])

    assert caught.value.message_dict["tax_code"] == [
        "Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch và 3 chữ số của chi nhánh."
    ]


def test_entrepreneur_changes_are_recorded_in_history(person):
    person.occupation = "Chế biến chè"
    person.save()

    assert [h.history_type for h in person.history.all()] == ["~", "+"]


def test_models_str_and_urls(venture, person):
    update = VentureUpdateFactory(venture=venture, period_kind="year", year=2025, period_number=1)

    assert str(person) == "Lò Thị Hoa"
    assert str(venture) == "HTX chè Tô Hiệu"
    assert str(update) == "HTX chè Tô Hiệu · Năm 2025"
    assert person.get_absolute_url() == f"/ventures/entrepreneurs/{person.pk}/"
    assert venture.get_absolute_url() == f"/ventures/{venture.pk}/"
