"""The `load_demo` command: the Sơn La demo province, its logins, and idempotence.

What the demo holds, the logins it prints and a second run are checked on the shared demo (`demo`,
loaded once per run); the password taken from the environment on a run of its own on an empty
database (only new accounts get it)."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from accounts.models import Membership, Unit, User
from common.demo import DEFAULT_PASSWORD
from common.management.commands.load_demo import demo_loaders
from ventures.models import Entrepreneur, Venture, VentureUpdate

pytestmark = pytest.mark.django_db

COUNTED = (Unit, User, Membership, Entrepreneur, Venture, VentureUpdate)


@pytest.fixture(autouse=True)
def _no_password_from_environment(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def can_log_in(username: str, password: str) -> bool:
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=password) is not None


def test_loaders_run_in_installed_apps_order():
    labels = [label for label, _load in demo_loaders()]
    assert labels.index("accounts") < labels.index("ventures")
    assert "common" not in labels  # common/demo.py holds the context, not data


def test_builds_the_son_la_union_tree(demo):

    province = Unit.objects.get(code="tinh-doan-son-la")
    assert province.kind == Unit.Kind.PROVINCE
    assert province.parent.code == "trung-uong-doan"
    assert province.name == "Tỉnh đoàn Sơn La"

    districts = Unit.objects.filter(kind=Unit.Kind.DISTRICT).select_related("successor")
    assert districts.count() == 12
    assert {"Thành đoàn Sơn La", "Huyện đoàn Mai Sơn", "Huyện đoàn Vân Hồ"} <= {d.name for d in districts}
    for district in districts:
        assert district.parent == province
        assert district.active_to == datetime.date(2025, 6, 30)
        assert not district.is_active
        assert district.successor is not None
        assert district.successor.kind == Unit.Kind.COMMUNE
        assert district.successor.is_active
    assert Unit.objects.get(code="thanh-doan-son-la").successor.code == "to-hieu"
    assert Unit.objects.get(code="huyen-doan-mai-son").successor.code == "mai-son"

    communes = Unit.objects.active().filter(kind=Unit.Kind.COMMUNE, parent=province)
    assert communes.count() >= 12
    assert communes.filter(code="to-hieu", name="Đoàn phường Tô Hiệu").exists()
    assert all(c.active_from == datetime.date(2025, 7, 1) for c in communes)

    affiliated = Unit.objects.filter(
        parent=province, kind__in=[Unit.Kind.SCHOOL, Unit.Kind.BLOC, Unit.Kind.AFFILIATED]
    )
    assert {"dai-hoc-tay-bac", "cao-dang-son-la", "cong-an-tinh"} <= set(affiliated.values_list("code", flat=True))
    assert Unit.objects.filter(kind=Unit.Kind.BRANCH, parent__code="to-hieu").exists()

    # Every unit of Sơn La, at any depth, is found by one descendant lookup from the province.
    lai_chau = Unit.objects.get(code="tinh-doan-lai-chau")
    son_la_units = Unit.objects.exclude(path__startswith=lai_chau.path).exclude(code="trung-uong-doan")
    assert set(Unit.objects.subtree_of(province)) == set(son_la_units)


def test_the_national_unit_holds_son_la_and_lai_chau(demo):
    national = Unit.objects.get(code="trung-uong-doan")
    assert national.kind == Unit.Kind.NATIONAL
    assert national.name == "Trung ương Đoàn TNCS Hồ Chí Minh"
    assert list(Unit.objects.filter(parent__isnull=True)) == [national]
    # Every unit of the demo sits under it, Sơn La's old and new units alike.
    assert Unit.objects.subtree_of(national).count() == Unit.objects.count()

    lai_chau = Unit.objects.get(code="tinh-doan-lai-chau")
    assert (lai_chau.name, lai_chau.kind, lai_chau.official_code) == ("Tỉnh đoàn Lai Châu", Unit.Kind.PROVINCE, "12")
    assert lai_chau.parent == national
    wards = Unit.objects.filter(parent=lai_chau, kind=Unit.Kind.COMMUNE)
    assert wards.count() == 38  # the official list of Lai Châu's communes and wards
    tan_phong = wards.get(code="lai-chau-tan-phong")
    assert (tan_phong.name, tan_phong.official_code) == ("Đoàn phường Tân Phong", "03408")
    # Sơn La's units stay out of Lai Châu's subtree, and the reverse.
    assert not Unit.objects.subtree_of(lai_chau).filter(code="to-hieu").exists()
    assert not Unit.objects.subtree_of(Unit.objects.get(code="tinh-doan-son-la")).filter(pk=tan_phong.pk).exists()


@pytest.mark.parametrize(
    ("username", "unit_code", "role"),
    [
        ("laichau", "tinh-doan-lai-chau", Membership.Role.STAFF),
        ("tanphong", "lai-chau-tan-phong", Membership.Role.OFFICER),
        ("trunguong", "trung-uong-doan", Membership.Role.STAFF),
    ],
)
def test_lai_chau_and_national_logins(demo, username, unit_code, role):
    assert Membership.objects.filter(user__username=username, unit__code=unit_code, role=role).exists()
    assert can_log_in(username, DEFAULT_PASSWORD)


def test_lai_chau_runs_programmes_of_its_own(demo):
    from awards.models import AwardProgramme
    from jobs.models import JobFair
    from ocop.models import Cycle
    from reports.models import Plan

    for model in (AwardProgramme, JobFair, Cycle, Plan):
        assert model.objects.filter(owner__code="tinh-doan-lai-chau").exists(), model.__name__
    son_la_staff = User.objects.get(username="tinhdoan")
    for model in (AwardProgramme, JobFair, Cycle, Plan):
        assert not model.objects.visible_to(son_la_staff).filter(owner__code="tinh-doan-lai-chau").exists()


def test_prints_one_working_login_per_role(demo):
    output = load_demo()  # every run prints the logins, the first as the next

    assert "Tài khoản demo" in output
    logins = {
        "tinhdoan": Membership.Role.STAFF,
        "tohieu": Membership.Role.OFFICER,
        "giamkhao": Membership.Role.JUDGE,
        "hoidong": Membership.Role.COUNCIL,
        "nhcsxh": Membership.Role.BANK_LIAISON,
        "laichau": Membership.Role.STAFF,
        "trunguong": Membership.Role.STAFF,
    }
    for username, role in logins.items():
        assert username in output
        assert Membership.objects.filter(user__username=username, role=role).exists()
        assert can_log_in(username, DEFAULT_PASSWORD), username
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="tinhdoan").is_staff
    assert not User.objects.get(username="giamkhao").is_staff
    assert User.objects.get(username="nhcsxh").memberships.get().title == "Cán bộ NHCSXH tỉnh Sơn La"


def test_registers_entrepreneurs_and_ventures_visible_by_unit(demo):

    assert Entrepreneur.objects.count() >= 30
    assert Venture.objects.count() >= 25
    # Sơn La's people (014) and Lai Châu's contestants (012).
    assert all(len(e.citizen_id) == 12 and e.citizen_id[:3] in {"014", "012"} for e in Entrepreneur.objects.all())
    assert Entrepreneur.objects.filter(citizen_id__startswith="014").count() >= 30
    assert not Venture.objects.filter(owners=None).exists()
    assert all(1 <= v.updates.count() <= 3 for v in Venture.objects.all())
    assert Venture.objects.filter(kind=Venture.Kind.PIONEER_SECRETARY).exists()

    # An officer sees the ventures of their commune and its branches, and only those.
    officer = User.objects.get(username="tohieu")
    to_hieu = Unit.objects.get(code="to-hieu")
    visible = Venture.objects.visible_to(officer)
    assert visible.exists()
    assert all(v.unit.is_within(to_hieu) for v in visible)


def test_second_run_changes_nothing(demo):
    before = counts()
    password_hash = User.objects.get(username="tinhdoan").password
    stamps = dict(Unit.objects.values_list("code", "updated_at"))

    output = load_demo()

    assert counts() == before
    assert "Không có bản ghi mới nào" in output
    assert User.objects.get(username="tinhdoan").password == password_hash
    assert dict(Unit.objects.values_list("code", "updated_at")) == stamps


def test_explicit_password_is_set_on_every_demo_account(demo):
    load_demo("--password", "Mat-khau-Moi-2026")

    assert can_log_in("tohieu", "Mat-khau-Moi-2026")
    assert not can_log_in("hoidong", DEFAULT_PASSWORD)


def test_password_from_environment_for_new_accounts(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "Tu-Bien-Moi-Truong-7")

    output = load_demo()

    assert "Tu-Bien-Moi-Truong-7" in output
    assert can_log_in("maison", "Tu-Bien-Moi-Truong-7")
