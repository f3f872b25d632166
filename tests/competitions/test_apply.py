"""Young people apply themselves: sign-up with an emailed code, the idea with its team and
files, sent to a unit under the contest's owner; the unit's officer endorses (it then counts
in the quota) or returns it with a comment; what the others must not see; each refusal."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Membership, Unit
from competitions import selectors
from competitions.models import Applicant, Entry, EntryAttachment
from competitions.privacy import APPLICANT_CONSENT_TEXT
from tests.competitions.factories import CategoryFactory, ContestFactory, EntryFactory, RoundFactory, days
from tests.competitions.test_entries_views import _pptx_bytes
from tests.factories import UnitFactory, user_with_role
from tests.ventures.factories import PDF_BYTES, EntrepreneurFactory
from ventures.models import Entrepreneur

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-Thu-nghiem-1"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def contest(province):
    return ContestFactory(owner=province, slug="y-tuong-2026", min_entries_per_unit=2, max_entries_per_unit=2)


@pytest.fixture
def category(contest):
    return CategoryFactory(contest=contest, name="Nông nghiệp công nghệ cao")


def sign_up(client, contest, *, email="mai@example.vn", name="Lò Thị Mai", born="1999-03-04", **extra):
    data = {
        "full_name": name,
        "date_of_birth": born,
        "gender": "female",
        "email": email,
        "phone": "0912 345 678",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
        "website": "",
    } | extra
    return client.post(reverse("competitions:applicant-sign-up", args=[contest.slug]), data)


def emailed_code(to: str) -> str:
    (message,) = [m for m in mail.outbox if m.to == [to]]
    return re.search(r"\b(\d{6})\b", message.body).group(1)


@pytest.fixture
def applicant_client(client, contest, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, contest)
    client.post(
        reverse("competitions:applicant-verify"), {"email": "mai@example.vn", "code": emailed_code("mai@example.vn")}
    )
    return client


def member(index: int, *, name: str, born: str, lead=False, gender="male") -> dict:
    row = {"full_name": name, "date_of_birth": born, "gender": gender, "ethnicity": "01", "phone": ""}
    if lead:
        row["is_lead"] = "on"
    return {f"team-{index}-{key}": value for key, value in row.items()}


def idea_post(*, category, unit, members: list[dict], action="draft", title="Trà shan tuyết Tà Xùa") -> dict:
    data = {
        "title": title,
        "category": category.pk,
        "unit": unit.pk,
        "summary": "Chế biến trà shan tuyết cổ thụ cho hợp tác xã.",
        "capital_needed": "200.000.000",
        "video_url": "",
        "action": action,
        "team-TOTAL_FORMS": str(len(members)),
        "team-INITIAL_FORMS": "0",
        "team-MIN_NUM_FORMS": "0",
        "team-MAX_NUM_FORMS": "3",
    }
    for row in members:
        data.update(row)
    return data


LEAD = member(0, name="Lò Thị Mai", born="1999-03-04", lead=True, gender="female")
SECOND = member(1, name="Quàng Văn Minh", born="2001-06-15")


def apply(client, contest, **kwargs):
    kwargs.setdefault("members", [LEAD, SECOND])
    return client.post(reverse("competitions:application-create", args=[contest.slug]), idea_post(**kwargs))


def upload(client, entry, *, kind="business_plan", name="ke-hoach.pdf", data=PDF_BYTES):
    return client.post(
        reverse("competitions:application-attachment-create", args=[entry.pk]),
        {"kind": kind, "file": SimpleUploadedFile(name, data)},
    )


@pytest.fixture
def sent(applicant_client, contest, category, commune):
    apply(applicant_client, contest, category=category, unit=commune, action="send")
    return Entry.objects.get(title="Trà shan tuyết Tà Xùa")


# --- sign-up and verification ---------------------------------------------------------


def test_sign_up_records_consent_and_emails_a_code_that_activates_the_account(
    client, contest, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, contest)

    applicant = Applicant.objects.get()
    assert response.status_code == 302
    assert applicant.user.is_active is False
    assert applicant.consent_text == str(APPLICANT_CONSENT_TEXT)
    assert applicant.consented_at is not None
    assert applicant.phone == "0912345678"
    code = emailed_code("mai@example.vn")
    wrong_code = "000000" if code != "000000" else "111111"

    wrong = client.post(reverse("competitions:applicant-verify"), {"email": "mai@example.vn", "code": wrong_code})
    assert "Mã xác thực không đúng hoặc đã hết hạn." in wrong.content.decode()

    right = client.post(reverse("competitions:applicant-verify"), {"email": "mai@example.vn", "code": code})
    assert right.url == reverse("competitions:application-create", args=[contest.slug])
    applicant.refresh_from_db()
    assert applicant.verified_at is not None
    assert applicant.user.is_active is True


def test_sign_up_page_says_phone_is_not_verified_by_sms(client, contest):
    page = client.get(reverse("competitions:applicant-sign-up", args=[contest.slug])).content.decode()

    assert "chưa có dịch vụ gửi tin nhắn SMS" in page
    assert "Nghị định 13/2023/NĐ-CP" in page


def test_sign_up_refused_without_consent_or_with_a_known_email(client, contest, officer):
    officer.email = "canbo@example.vn"
    officer.save()

    no_consent = sign_up(client, contest, consent="")
    known = sign_up(client, contest, email="canbo@example.vn")

    assert "Cần đồng ý cho phép xử lý dữ liệu cá nhân để đăng ký." in no_consent.content.decode()
    assert "Email này đã có tài khoản" in known.content.decode()
    assert Applicant.objects.count() == 0


def test_public_page_offers_to_apply_while_contest_takes_entries(client, contest):
    page = client.get(reverse("competitions:public-results", args=[contest.slug])).content.decode()

    assert reverse("competitions:applicant-sign-up", args=[contest.slug]) in page


# --- the idea, its team and files -----------------------------------------------------


def test_applicant_saves_idea_with_team_attaches_files_and_sends_it(applicant_client, contest, category, commune):
    response = apply(applicant_client, contest, category=category, unit=commune)
    entry = Entry.objects.get()
    assert response.url == reverse("competitions:application-detail", args=[entry.pk])
    assert entry.status == Entry.Status.DRAFT
    assert [row["full_name"] for row in entry.applicant_team] == ["Lò Thị Mai", "Quàng Văn Minh"]
    assert Entrepreneur.objects.count() == 0  # nobody enters the registry before the unit endorses

    upload(applicant_client, entry)
    upload(applicant_client, entry, kind="slides", name="trinh-chieu.pptx", data=_pptx_bytes())
    applicant_client.post(reverse("competitions:application-send", args=[entry.pk]))

    entry.refresh_from_db()
    assert entry.status == Entry.Status.SENT_TO_UNIT
    assert sorted(entry.attachments.values_list("kind", flat=True)) == ["business_plan", "slides"]
    (progress,) = selectors.unit_quota_progress(contests=[contest], units=[commune], now=entry.sent_to_unit_at)
    assert progress.counted == 0  # waiting for the unit: not in its quota


def test_form_tells_to_save_a_draft_before_attaching(applicant_client, contest):
    page = applicant_client.get(reverse("competitions:application-create", args=[contest.slug])).content.decode()

    assert "Hãy bấm “Lưu nháp” trước" in page
    assert "Lò Thị Mai" in page  # the first row is the applicant


def test_files_can_be_added_after_submission_until_the_round_closes(
    applicant_client, officer, sent, contest, django_capture_on_commit_callbacks
):
    from competitions import services

    first_round = RoundFactory(contest=contest, order=1)
    services.application_endorse(entry=sent, actor=officer)

    added = upload(applicant_client, sent, kind="other", name="bo-sung.pdf")

    assert added.status_code == 302
    assert sent.attachments.count() == 1
    first_round.closes_at = first_round.opens_at + days(1)
    first_round.opens_at = first_round.closes_at - days(3)
    first_round.save()
    late = upload(applicant_client, sent, kind="other", name="muon.pdf")
    assert "vòng thi hiện tại của bài đã kết thúc" in late.content.decode()
    assert sent.attachments.count() == 1


# --- the unit's answer ----------------------------------------------------------------


def test_officer_endorses_the_idea_counting_in_quota_and_finding_known_people(client, officer, sent, contest, commune):
    known = EntrepreneurFactory(full_name="Quàng Văn Minh", date_of_birth=datetime.date(2001, 6, 15), unit=commune)
    client.force_login(officer)

    page = client.get(reverse("competitions:unit-applications", args=[contest.pk])).content.decode()
    assert "Trà shan tuyết Tà Xùa" in page
    assert "0/2 ý tưởng" in page
    client.post(reverse("competitions:application-endorse", args=[sent.pk]))

    sent.refresh_from_db()
    assert sent.status == Entry.Status.SUBMITTED
    assert sent.code == "2026-001"
    assert sent.unit_decided_by == officer
    team = {m.entrepreneur.full_name: m for m in sent.team.select_related("entrepreneur")}
    assert team["Quàng Văn Minh"].entrepreneur == known
    assert Entrepreneur.objects.filter(full_name="Quàng Văn Minh").count() == 1
    assert team["Lò Thị Mai"].role == "lead"
    assert team["Lò Thị Mai"].entrepreneur.unit == commune
    page = client.get(reverse("competitions:unit-applications", args=[contest.pk])).content.decode()
    assert "1/2 ý tưởng" in page


def test_officer_returns_with_comment_and_author_sees_it(client, applicant_client, officer, sent):
    officer_client = client.__class__()
    officer_client.force_login(officer)

    officer_client.post(
        reverse("competitions:application-return", args=[sent.pk]), {"comment": "Bổ sung kế hoạch tài chính."}
    )

    page = applicant_client.get(reverse("competitions:application-detail", args=[sent.pk])).content.decode()
    assert "Đơn vị trả lại" in page
    assert "Bổ sung kế hoạch tài chính." in page
    sent.refresh_from_db()
    assert sent.status == Entry.Status.RETURNED


def test_author_sees_endorsement_on_their_page(applicant_client, officer, sent):
    from competitions import services

    services.application_endorse(entry=sent, actor=officer)

    page = applicant_client.get(reverse("competitions:application-list")).content.decode()
    assert "Đã nộp, chờ thẩm định" in page


def test_return_without_comment_is_refused(client, officer, sent):
    client.force_login(officer)

    response = client.post(reverse("competitions:application-return", args=[sent.pk]), {"comment": " "}, follow=True)

    assert "Cần ghi ý kiến" in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == Entry.Status.SENT_TO_UNIT


def test_officers_can_still_enter_ideas_themselves(client, officer, contest):
    client.force_login(officer)

    assert client.get(reverse("competitions:entry-create", args=[contest.pk])).status_code == 200


# --- refusals -------------------------------------------------------------------------


def test_member_outside_age_range_refused_and_nothing_saved(applicant_client, contest, category, commune):
    old = member(1, name="Hà Văn Già", born="1980-01-01")

    response = apply(applicant_client, contest, category=category, unit=commune, members=[LEAD, old])

    assert "ngoài độ tuổi 18–35" in response.content.decode()
    assert Entry.objects.count() == 0


def test_team_above_size_refused(applicant_client, contest, category, commune):
    rows = [
        LEAD,
        SECOND,
        member(2, name="Lường Văn Ba", born="2000-01-01"),
        member(3, name="Cà Văn Tư", born="2000-02-02"),
    ]

    response = apply(applicant_client, contest, category=category, unit=commune, members=rows)

    assert response.status_code == 200
    assert Entry.objects.count() == 0


def test_unit_outside_contest_owners_tree_refused(applicant_client, contest, category):
    other_province = UnitFactory(name="Tỉnh đoàn Lai Châu", code="lai-chau", kind=Unit.Kind.PROVINCE)
    outside = UnitFactory(name="Đoàn xã Bản Lang", parent=other_province)

    response = apply(applicant_client, contest, category=category, unit=outside)

    assert list(response.context["form"].errors) == ["unit"]
    assert Entry.objects.count() == 0


def test_unit_outside_contest_owners_tree_refused_by_the_service(applicant_client, contest, category):
    from competitions import services

    other_province = UnitFactory(name="Tỉnh đoàn Lai Châu", code="lai-chau", kind=Unit.Kind.PROVINCE)
    entry = Entry(contest=contest, category=category, unit=other_province, title="Ý tưởng", summary="Tóm tắt")
    user = Applicant.objects.get().user

    with pytest.raises(ValidationError, match="không thuộc cuộc thi"):
        services.application_save_draft(entry=entry, rows=[], actor=user)
    assert Entry.objects.count() == 0


def test_second_submission_of_the_same_idea_refused(applicant_client, sent, contest, category, other_commune):
    response = apply(applicant_client, contest, category=category, unit=other_commune, title="trà Shan tuyết  Tà Xùa")

    assert "không gửi lần thứ hai" in response.content.decode()
    assert Entry.objects.count() == 1


def test_endorsement_above_quota_maximum_refused(client, officer, sent, contest, commune, category):
    EntryFactory.create_batch(2, contest=contest, unit=commune, category=category, status=Entry.Status.SUBMITTED)
    client.force_login(officer)

    response = client.post(reverse("competitions:application-endorse", args=[sent.pk]), follow=True)

    assert "Đơn vị đã có 2/2 ý tưởng" in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == Entry.Status.SENT_TO_UNIT
    assert sent.team.count() == 0


@pytest.mark.parametrize(
    ("kind", "name", "data", "message"),
    [
        ("business_plan", "ke-hoach.pdf", b"MZ not a pdf", "không đúng loại"),
        ("business_plan", "ke-hoach.pdf", PDF_BYTES + b"0" * (11 * 1024 * 1024), "10"),
    ],
)
def test_upload_of_wrong_type_or_size_refused(applicant_client, sent, kind, name, data, message):
    response = upload(applicant_client, sent, kind=kind, name=name, data=data)

    assert message in response.content.decode()
    assert EntryAttachment.objects.count() == 0


# --- privacy --------------------------------------------------------------------------


def test_another_applicant_cannot_see_the_idea(sent, contest, django_capture_on_commit_callbacks):
    from django.test import Client

    other = Client()
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(other, contest, email="hung@example.vn", name="Vì Văn Hùng")
    other.post(
        reverse("competitions:applicant-verify"), {"email": "hung@example.vn", "code": emailed_code("hung@example.vn")}
    )

    assert other.get(reverse("competitions:application-detail", args=[sent.pk])).status_code == 404
    assert "Trà shan tuyết" not in other.get(reverse("competitions:application-list")).content.decode()


def test_draft_stays_with_its_author_until_sent(client, applicant_client, officer, contest, category, commune):
    apply(applicant_client, contest, category=category, unit=commune)
    client.force_login(officer)

    page = client.get(reverse("competitions:unit-applications", args=[contest.pk])).content.decode()

    assert "Trà shan tuyết" not in page


def test_another_units_officer_cannot_see_or_endorse(client, sent, contest, other_commune):
    client.force_login(user_with_role(Membership.Role.OFFICER, other_commune, username="officer-2"))

    page = client.get(reverse("competitions:unit-applications", args=[contest.pk])).content.decode()
    endorse = client.post(reverse("competitions:application-endorse", args=[sent.pk]))

    assert "Trà shan tuyết" not in page
    assert endorse.status_code == 404
    sent.refresh_from_db()
    assert sent.status == Entry.Status.SENT_TO_UNIT


def test_staff_of_another_province_cannot_see_the_idea(client, sent):
    other_province = UnitFactory(name="Tỉnh đoàn Lai Châu", code="lai-chau", kind=Unit.Kind.PROVINCE)
    client.force_login(user_with_role(Membership.Role.STAFF, other_province, username="staff-lc"))

    assert client.get(reverse("competitions:entry-detail", args=[sent.pk])).status_code == 404
    assert client.post(reverse("competitions:application-endorse", args=[sent.pk])).status_code == 404
    assert client.get(reverse("competitions:application-detail", args=[sent.pk])).status_code == 404


def _answered_copies(entry, n: int) -> None:
    for k in range(n):
        copy = Entry.objects.get(pk=entry.pk)
        copy.pk = copy.id = None
        copy.title = f"Ý tưởng đã trả lại số {k}"
        copy.status = Entry.Status.RETURNED
        copy.save()


def test_unit_list_pages_answered_ideas_in_fixed_queries(client, officer, sent, contest, monkeypatch):
    """Ideas waiting for an answer are listed in full; those answered, a page at a time, and
    the page costs the same queries with 2 or 7 of them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from competitions.views import apply as apply_views

    monkeypatch.setattr(apply_views, "ANSWERED_PER_PAGE", 3)
    client.force_login(officer)
    url = reverse("competitions:unit-applications", args=[contest.pk])
    _answered_copies(sent, 2)
    client.get(url)  # the session and the navigation bar are read once
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    assert "Trà shan tuyết Tà Xùa" in page  # still waiting
    assert page.count("Ý tưởng đã trả lại số") == 2
    _answered_copies(sent, 5)
    with CaptureQueriesContext(connection) as many:
        first = client.get(url).content.decode()
    assert first.count("Ý tưởng đã trả lại số") == 3
    assert len(many) == len(few)
    last = client.get(url, {"page": 3}).content.decode()
    assert last.count("Ý tưởng đã trả lại số") == 1
