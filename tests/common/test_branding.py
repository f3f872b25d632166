"""The portal names the union of the unit, not one setting: pages name the user's home union
(a visitor the deployment's default), documents their issuing unit, emails their union."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from accounts.branding import default_union, document_issuer, email_prefix
from accounts.models import Membership, Unit, User
from common.services import notification_create
from competitions.exports import Certificate, certificates_pdf, round_ranking_pdf
from tests.competitions.factories import ContestFactory, RoundFactory
from tests.factories import UnitFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db

DAY = "ngày 15 tháng 6 năm 2026"


def _frame(response) -> str:
    """The page's title, navigation bar and footer: what the frame names."""
    html = response.content.decode()
    title = html[html.index("<title>") : html.index("</title>")]
    navbar = html[html.index('<nav class="navbar') : html.index("</nav>")]
    footer = html[html.index("<footer") : html.index("</footer>")]
    return "\n".join((title, navbar, footer))


def _pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _page(user: User | None, name: str = "home") -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    return _frame(client.get(reverse(name)))


@pytest.fixture
def national(db):
    return UnitFactory(name="Trung ương Đoàn TNCS Hồ Chí Minh", code="trung-uong", kind=Unit.Kind.NATIONAL)


# --- pages --------------------------------------------------------------------------------------


def test_lai_chau_staff_sees_lai_chau_never_son_la(staff_user, lai_chau_staff):
    frame = _page(lai_chau_staff)

    assert frame.count("Tỉnh đoàn Lai Châu") == 3  # title, navigation bar, footer
    assert "Sơn La" not in frame


def test_cached_frame_is_never_another_provinces(staff_user, lai_chau_staff):
    """Sơn La's staff draw the frame first; Lai Châu's then get theirs, not the cached one."""
    son_la_first = _page(staff_user)
    lai_chau_next = _page(lai_chau_staff)
    son_la_again = _page(staff_user)

    assert "Tỉnh đoàn Sơn La" in son_la_first
    assert "Sơn La" not in lai_chau_next
    assert "Tỉnh đoàn Lai Châu" in lai_chau_next
    assert "Lai Châu" not in son_la_again


def test_commune_officer_sees_their_province(officer):
    assert "Tỉnh đoàn Sơn La" in _page(officer)


def test_judge_sees_the_union_of_their_role(lai_chau):
    judge = user_with_role(Membership.Role.JUDGE, lai_chau, username="giam-khao-lai-chau")

    assert "Tỉnh đoàn Lai Châu" in _page(judge)


def test_visitor_sees_the_one_province_of_the_deployment(province):
    frame = _page(None, "login")

    assert "Tỉnh đoàn Sơn La" in frame


def test_visitor_sees_the_national_unit_above_the_provinces(national):
    UnitFactory(name="Tỉnh đoàn Sơn La", code="tinh-doan", kind=Unit.Kind.PROVINCE, parent=national)

    frame = _page(None, "login")

    assert "Trung ương Đoàn TNCS Hồ Chí Minh" in frame
    assert "Sơn La" not in frame


def test_visitor_of_two_provinces_side_by_side_sees_neither(province, lai_chau):
    frame = _page(None, "login")

    assert "Sơn La" not in frame
    assert "Lai Châu" not in frame
    assert default_union() is None


def test_visitor_of_an_empty_tree_sees_the_setting(db, settings):
    settings.PORTAL_PROVINCE = "Điện Biên"

    assert "Tỉnh đoàn Điện Biên" in _page(None, "login")


def test_renamed_province_shows_its_new_name_on_the_next_page(staff_user, province):
    assert "Tỉnh đoàn Sơn La" in _page(staff_user)

    province.name = "Thành đoàn Sơn La"
    province.save()

    assert "Thành đoàn Sơn La" in _page(staff_user)
    assert "Thành đoàn Sơn La" in _page(None, "login")


def test_user_without_a_role_sees_the_default(province):
    assert "Tỉnh đoàn Sơn La" in _page(UserFactory(username="khach"))


# --- the unit's helpers -------------------------------------------------------------------------


def test_a_units_province_and_place(province, commune, school, national):
    academy = UnitFactory(name="Đoàn trường Học viện TTN", code="hv-ttn", kind=Unit.Kind.SCHOOL, parent=national)
    branch = UnitFactory(name="Chi đoàn Tổ 5", code="to-5", kind=Unit.Kind.BRANCH, parent=commune)

    assert (branch.province, branch.home_union, branch.place_name) == (province, province, "Sơn La")
    assert (school.province, school.place_name) == (province, "Sơn La")
    assert (academy.province, academy.home_union, academy.place_name) == (None, national, "Hà Nội")
    assert (national.home_union, national.place_name) == (national, "Hà Nội")


# --- documents ----------------------------------------------------------------------------------


def _certificate(contest) -> str:
    award = Certificate(prize_name="Giải Nhất", amount=10_000_000, entry_title="Sấy mận", unit_name="Đoàn xã")
    return _pdf_text(certificates_pdf(contest=contest, certificates=[award]))


@pytest.mark.parametrize(
    ("owner_fixture", "heading", "place"),
    [
        ("lai_chau", "BCH ĐOÀN TỈNH LAI CHÂU", "Lai Châu"),
        ("national", "BAN CHẤP HÀNH TRUNG ƯƠNG", "Hà Nội"),
        ("school", "BCH ĐOÀN TRƯỜNG CAO ĐẲNG SƠN LA", "Sơn La"),
    ],
)
def test_certificate_is_issued_by_the_contests_owner(request, time_machine, owner_fixture, heading, place):
    time_machine.move_to("2026-06-15 09:00 +07:00")
    contest = ContestFactory(owner=request.getfixturevalue(owner_fixture))

    text = _certificate(contest)

    assert heading in text
    assert "ĐOÀN TNCS HỒ CHÍ MINH" in text  # the line above the date stays
    assert f"{place}, {DAY}" in text
    assert f"Ban Thường vụ {contest.owner.name}" in text


def test_lai_chau_ranking_says_lai_chau(lai_chau, time_machine):
    time_machine.move_to("2026-06-15 09:00 +07:00")
    round = RoundFactory(contest=ContestFactory(owner=lai_chau))

    text = _pdf_text(round_ranking_pdf(round=round))

    assert "BCH ĐOÀN TỈNH LAI CHÂU" in text
    assert f"Lai Châu, {DAY}" in text
    assert "SƠN LA" not in text.upper()


def test_document_without_an_owner_names_the_default(province):
    issuer = document_issuer(None)

    assert (issuer.heading, issuer.place) == ("BCH ĐOÀN TỈNH SƠN LA", "Sơn La")


# --- emails -------------------------------------------------------------------------------------


def test_notification_email_names_the_recipients_union(lai_chau_staff, mailoutbox, django_capture_on_commit_callbacks):
    lai_chau_staff.email = "lai-chau@example.vn"
    lai_chau_staff.save()

    with django_capture_on_commit_callbacks(execute=True):
        notification_create(recipient=lai_chau_staff, key="k", title="Nộp báo cáo quý", send_email=True)

    assert [m.subject for m in mailoutbox] == ["[Tỉnh đoàn Lai Châu] Nộp báo cáo quý"]


def test_email_prefix_falls_back_to_the_product_name(db, settings):
    settings.PORTAL_NAME = "Cổng Khởi nghiệp"

    assert email_prefix(user=UserFactory(username="khach")) == "[Cổng Khởi nghiệp]"
    assert email_prefix(unit=UnitFactory(name="Tỉnh đoàn Lai Châu")) == "[Tỉnh đoàn Lai Châu]"
