"""Staff merge two records of one person: every programme record moves to the record kept, the
chosen values stay, the merged record goes with its history kept and the merge logged (who,
when); clashes, people out of reach and other roles are refused. "Today" is 7/12/2026."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Membership
from awards.models import Nomination
from competitions.models import Conflict, TeamMember
from events.models import Registration
from loans.models import Referral
from ocop.models import Product
from tests.awards.factories import AwardProgrammeFactory, NominationFactory
from tests.competitions.factories import EntryFactory, JudgeFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import UnitFactory, user_with_role
from tests.loans.factories import LoanProgrammeFactory, make_referral
from tests.ocop.factories import CandidateCommuneFactory, CandidateListFactory, CycleFactory, make_product
from tests.ventures.factories import EntrepreneurFactory, VentureFactory
from ventures import services
from ventures.models import Entrepreneur, EntrepreneurMerge
from ventures.selectors import person_links

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=HCM)
BORN = datetime.date(1998, 5, 20)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def kept(commune):
    return EntrepreneurFactory(
        full_name="Lò Thị Hoa", date_of_birth=BORN, phone="0911222333", citizen_id="", email="", unit=commune
    )


@pytest.fixture
def twin(branch):
    """The same young woman, registered again by her branch with her citizen id."""
    return EntrepreneurFactory(
        full_name="LÒ THỊ HOA",
        date_of_birth=BORN,
        phone="0988777666",
        citizen_id="014098000001",
        email="hoa@example.vn",
        unit=branch,
    )


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _records_of(person, commune, officer, staff_user) -> dict:
    """One record of every programme pointing at `person`."""
    entry = EntryFactory(unit=commune, lead=person)
    nomination = NominationFactory(unit=commune, entrepreneur=person)
    referral = make_referral(unit=commune, actor=officer, person=person)
    registration = RegistrationFactory(
        event=EventFactory(unit=commune), entrepreneur=person, full_name="", phone="", unit=commune
    )
    candidate_list = CandidateListFactory(cycle=CycleFactory(), unit=commune, created_by=officer)
    product = make_product(
        entry=CandidateCommuneFactory(candidate_list=candidate_list, commune=commune), actor=officer
    )
    Product.objects.filter(pk=product.pk).update(owner=person)
    venture = VentureFactory(unit=commune, owners=[person])
    # A judge of another contest declared a conflict with this person.
    conflict = Conflict.objects.create(judge=JudgeFactory(), entrepreneur=person, reason="Người thân")
    return {
        "conflict": conflict,
        "team": TeamMember.objects.get(entry=entry, entrepreneur=person),
        "nomination": nomination,
        "referral": referral,
        "registration": registration,
        "product": product,
        "venture": venture,
    }


# --- The service -----------------------------------------------------------------------------


def test_every_relation_to_a_person_is_known():
    """A new app pointing at a person is moved by the merge (found in the model's meta); this
    list says which are tested here: add the new one to `_records_of` and to this set."""
    assert {f.model._meta.label for f in person_links()} == {
        "ventures.Venture_owners",
        "ventures.ErasureRequest",
        "ventures.EntrepreneurMerge",
        "competitions.TeamMember",
        "awards.Nomination",
        "ocop.Product",
        "loans.Referral",
        "events.Registration",
        "competitions.Conflict",
    }


def test_merge_moves_every_record_to_the_kept_person(kept, twin, commune, officer, staff_user):
    records = _records_of(twin, commune, officer, staff_user)
    shared = VentureFactory(unit=commune, owners=[kept, twin])  # both owned it: one owner stays

    merge = services.entrepreneur_merge(keep=kept, merged=twin, actor=staff_user)

    assert not Entrepreneur.objects.filter(pk=twin.pk).exists()
    assert TeamMember.objects.get(pk=records["team"].pk).entrepreneur == kept
    assert Nomination.objects.get(pk=records["nomination"].pk).entrepreneur == kept
    assert Referral.objects.get(pk=records["referral"].pk).entrepreneur == kept
    assert Registration.objects.get(pk=records["registration"].pk).entrepreneur == kept
    assert Product.objects.get(pk=records["product"].pk).owner == kept
    assert Conflict.objects.get(pk=records["conflict"].pk).entrepreneur == kept
    assert list(records["venture"].owners.all()) == [kept]
    assert list(shared.owners.all()) == [kept]
    for field in person_links():  # nothing of any app still points at the merged id
        assert not field.model._base_manager.filter(**{f"{field.name}_id": twin.pk}).exists()
    assert (merge.person, merge.merged_id, merge.merged_name, merge.merged_by) == (
        kept,
        twin.pk,
        "LÒ THỊ HOA",
        staff_user,
    )
    assert merge.moved == {
        "competitions.TeamMember": 1,
        "awards.Nomination": 1,
        "loans.Referral": 1,
        "events.Registration": 1,
        "ocop.Product": 1,
        "ventures.Venture_owners": 1,
        "competitions.Conflict": 1,
    }


def test_merge_keeps_the_chosen_values(kept, twin, staff_user, branch):
    services.entrepreneur_merge(keep=kept, merged=twin, take=["citizen_id", "email", "unit"], actor=staff_user)

    kept.refresh_from_db()
    assert (kept.full_name, kept.phone, kept.citizen_id, kept.email, kept.unit) == (
        "Lò Thị Hoa",
        "0911222333",
        "014098000001",
        "hoa@example.vn",
        branch,
    )


def test_merge_history_names_who_merged_and_when(kept, twin, commune, officer, staff_user):
    referral = make_referral(unit=commune, actor=officer, person=twin)

    services.entrepreneur_merge(keep=kept, merged=twin, actor=staff_user)

    changed = kept.history.first()
    deleted = Entrepreneur.history.filter(id=twin.pk).first()
    moved = referral.history.first()
    reason = f"Gộp hồ sơ #{twin.pk} vào #{kept.pk}"
    assert (changed.history_type, changed.history_user, changed.history_date, changed.history_change_reason) == (
        "~",
        staff_user,
        NOW,
        reason,
    )
    assert (deleted.history_type, deleted.history_user, deleted.full_name, deleted.citizen_id) == (
        "-",
        staff_user,
        "LÒ THỊ HOA",
        "014098000001",
    )
    assert (moved.history_user, moved.entrepreneur_id, moved.history_change_reason) == (staff_user, kept.pk, reason)


def test_merge_refuses_a_clash_and_changes_nothing(kept, twin, commune, staff_user):
    programme = AwardProgrammeFactory()
    NominationFactory(programme=programme, unit=commune, entrepreneur=kept)
    theirs = NominationFactory(programme=programme, unit=commune, entrepreneur=twin)
    VentureFactory(unit=commune, owners=[twin])

    with pytest.raises(ValidationError) as refused:
        services.entrepreneur_merge(keep=kept, merged=twin, actor=staff_user)

    assert refused.value.messages == [
        f"Hồ sơ đề nghị tuyên dương “{theirs}”: cả hai hồ sơ đều có, không thể gộp về một người. "
        "(Người này đã có hồ sơ đề nghị trong chương trình.)"
    ]
    assert Entrepreneur.objects.filter(pk=twin.pk).exists()
    assert twin.ventures.count() == 1
    assert not EntrepreneurMerge.objects.exists()


def test_merge_a_withdrawn_nomination_does_not_clash(kept, twin, commune, staff_user):
    programme = AwardProgrammeFactory()
    NominationFactory(programme=programme, unit=commune, entrepreneur=kept)
    NominationFactory(programme=programme, unit=commune, entrepreneur=twin, status=Nomination.Status.WITHDRAWN)

    services.entrepreneur_merge(keep=kept, merged=twin, actor=staff_user)

    assert kept.nominations.count() == 2


def test_merge_refuses_two_open_loan_referrals_in_one_programme(kept, twin, commune, officer, staff_user):
    programme = LoanProgrammeFactory()
    make_referral(unit=commune, actor=officer, person=kept, programme=programme)
    make_referral(unit=commune, actor=officer, person=twin, programme=programme)

    with pytest.raises(ValidationError, match="không thể gộp về một người"):
        services.entrepreneur_merge(keep=kept, merged=twin, actor=staff_user)


def test_merge_refuses_the_same_record_and_anonymised_ones(kept, twin, staff_user):
    with pytest.raises(ValidationError, match="hai hồ sơ khác nhau"):
        services.entrepreneur_merge(keep=kept, merged=kept, actor=staff_user)
    services.entrepreneur_anonymise(person=twin, request_reference="Đơn ngày 01/12/2026", actor=staff_user)
    with pytest.raises(ValidationError, match="ẩn danh"):
        services.entrepreneur_merge(keep=kept, merged=twin, actor=staff_user)


def test_merge_again_keeps_the_log_on_the_last_record(kept, twin, commune, staff_user):
    third = EntrepreneurFactory(full_name="Lo Thi Hoa", date_of_birth=BORN, unit=commune)
    services.entrepreneur_merge(keep=kept, merged=twin, actor=staff_user)

    services.entrepreneur_merge(keep=third, merged=kept, actor=staff_user)

    assert sorted(third.merges.values_list("merged_id", flat=True)) == sorted([twin.pk, kept.pk])


def test_anonymising_the_kept_person_erases_the_merged_record_too(kept, twin, staff_user):
    services.entrepreneur_merge(keep=kept, merged=twin, actor=staff_user)

    services.entrepreneur_anonymise(person=kept, request_reference="Đơn ngày 05/12/2026", actor=staff_user)

    assert list(kept.merges.values_list("merged_name", flat=True)) == [f"Đã ẩn danh #{kept.pk}"]
    old = Entrepreneur.history.filter(id=twin.pk)
    assert set(old.values_list("full_name", "citizen_id", "phone")) == {(f"Đã ẩn danh #{kept.pk}", "", "")}


# --- The staff page ---------------------------------------------------------------------------


def test_merge_page_offers_the_likely_duplicates(staff_client, kept, twin):
    response = staff_client.get(reverse("ventures:entrepreneur-merge", args=[kept.pk]))

    body = response.content.decode()
    assert 'id="merge-candidates"' in body
    assert f'href="?other={twin.pk}"' in body
    assert "trùng họ tên và ngày sinh" in body


def test_merge_page_shows_both_records_side_by_side(staff_client, kept, twin, commune):
    VentureFactory(unit=commune, owners=[twin])

    response = staff_client.get(reverse("ventures:entrepreneur-merge", args=[kept.pk]), {"other": twin.pk})

    body = response.content.decode()
    assert 'id="merge-table"' in body
    assert 'name="value_phone"' in body
    assert "0988777666" in body
    assert 'name="value_date_of_birth"' not in body  # the same on both: nothing to choose
    assert "20/05/1998" in body


def test_staff_merge_and_the_kept_page_says_merged_from(staff_client, staff_user, kept, twin):
    url = reverse("ventures:entrepreneur-merge", args=[kept.pk]) + f"?other={twin.pk}"

    response = staff_client.post(
        url, {"keep": "first", "value_phone": "second", "value_citizen_id": "second", "confirm": "on"}
    )

    assert response.status_code == 302
    assert response.url == kept.get_absolute_url()
    kept.refresh_from_db()
    assert (kept.phone, kept.citizen_id, kept.unit.code) == ("0988777666", "014098000001", "to-hieu")
    page = staff_client.get(kept.get_absolute_url()).content.decode()
    assert f"Gộp từ LÒ THỊ HOA (hồ sơ #{twin.pk}) lúc 10:00 07/12/2026, người gộp: {staff_user.full_name}" in page
    # The merged record's address leads to the kept one.
    old = staff_client.get(reverse("ventures:entrepreneur-detail", args=[twin.pk]))
    assert old.url == kept.get_absolute_url()


def test_merge_page_keeps_the_second_record_when_asked(staff_client, kept, twin):
    url = reverse("ventures:entrepreneur-merge", args=[kept.pk]) + f"?other={twin.pk}"

    staff_client.post(url, {"keep": "second", "value_full_name": "first", "confirm": "on"})

    twin.refresh_from_db()
    assert not Entrepreneur.objects.filter(pk=kept.pk).exists()
    assert (twin.full_name, twin.phone) == ("Lò Thị Hoa", "0911222333")


def test_merge_page_needs_the_confirmation(staff_client, kept, twin):
    url = reverse("ventures:entrepreneur-merge", args=[kept.pk]) + f"?other={twin.pk}"

    response = staff_client.post(url, {"keep": "first"})

    assert response.status_code == 200
    assert Entrepreneur.objects.count() == 2


def test_merge_page_shows_a_clash(staff_client, kept, twin, commune):
    programme = AwardProgrammeFactory()
    NominationFactory(programme=programme, unit=commune, entrepreneur=kept)
    NominationFactory(programme=programme, unit=commune, entrepreneur=twin)
    url = reverse("ventures:entrepreneur-merge", args=[kept.pk]) + f"?other={twin.pk}"

    response = staff_client.post(url, {"keep": "first", "confirm": "on"})

    assert "không thể gộp về một người" in response.content.decode()
    assert Entrepreneur.objects.count() == 2


def test_officer_may_not_merge(officer_client, kept, twin):
    url = reverse("ventures:entrepreneur-merge", args=[kept.pk]) + f"?other={twin.pk}"

    assert officer_client.get(url).status_code == 403
    assert officer_client.post(url, {"keep": "first", "confirm": "on"}).status_code == 403
    assert Entrepreneur.objects.count() == 2


def test_commune_staff_may_not_merge_with_a_record_beside_it(client, commune, kept, other_person):
    client.force_login(user_with_role(Membership.Role.STAFF, commune, username="staff-to-hieu"))
    url = reverse("ventures:entrepreneur-merge", args=[kept.pk]) + f"?other={other_person.pk}"

    assert client.get(url).status_code == 404
    assert client.post(url, {"keep": "first", "confirm": "on"}).status_code == 404
    assert Entrepreneur.objects.count() == 2


def test_officer_above_as_staff_only_below_may_not_merge(client, province, commune, kept, twin):
    """An officer role reaching the record is not the staff role the merge asks for."""
    user = user_with_role(Membership.Role.OFFICER, province, username="officer-province")
    Membership.objects.create(user=user, unit=UnitFactory(parent=province), role=Membership.Role.STAFF)
    client.force_login(user)
    url = reverse("ventures:entrepreneur-merge", args=[kept.pk]) + f"?other={twin.pk}"

    assert client.get(url).status_code == 403


def test_merged_address_leads_nowhere_for_who_cannot_see_the_kept_record(
    client, other_officer, kept, twin, staff_user
):
    services.entrepreneur_merge(keep=kept, merged=twin, actor=staff_user)
    client.force_login(other_officer)

    assert client.get(reverse("ventures:entrepreneur-detail", args=[twin.pk])).status_code == 404
