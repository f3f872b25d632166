"""A unit's side of the contest through the test client: contest pages, entries with
their team, submit/withdraw/reopen, attachments, and what other roles must not reach."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from accounts.models import Membership, Unit
from competitions import selectors, services
from competitions.models import Contest, Entry, EntryAttachment, Round, TeamMember
from tests import samples
from tests.competitions.factories import CategoryFactory, ContestFactory, EntryFactory, RoundFactory, days
from tests.factories import UnitFactory, user_with_role
from tests.utils import close_response
from tests.ventures.factories import PDF_BYTES, EntrepreneurFactory
from ventures.models import Entrepreneur

pytestmark = pytest.mark.django_db

PNG_BYTES = samples.png_bytes()


def _pptx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def contest():
    return ContestFactory(name="Cuộc thi Ý tưởng khởi nghiệp 2026", min_entries_per_unit=5, max_entries_per_unit=8)


@pytest.fixture
def category(contest):
    return CategoryFactory(contest=contest, name="Nông nghiệp công nghệ cao")


@pytest.fixture
def person(commune):
    return EntrepreneurFactory(full_name="Lò Thị Hoa", unit=commune, date_of_birth=datetime.date(1999, 4, 2))


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def draft(contest, category, commune):
    return EntryFactory(contest=contest, category=category, unit=commune, title="Sấy mận hậu Tô Hiệu")


def _member(*, pick=None, lead=False, responsibility="", **new) -> dict:
    row = {"entrepreneur": pick.pk if pick else "", "responsibility": responsibility, "ethnicity": "01"}
    if lead:
        row["is_lead"] = "on"
    row.update(new)
    return row


def _new_person(name="Quàng Văn Minh", born="2001-06-15", **extra) -> dict:
    return {"full_name": name, "date_of_birth": born, "gender": "male", "ethnicity": "03", "phone": "0912 000 111"} | (
        extra
    )


def entry_post(*, category, unit, members, action="draft", initial=0, **overrides) -> dict:
    """What the entry form posts: the idea, then the team formset (prefix "team")."""
    data = {
        "title": "Sấy mận hậu bằng năng lượng mặt trời",
        "category": category.pk,
        "unit": unit.pk,
        "summary": "Sấy mận cho hợp tác xã, giảm hao hụt sau thu hoạch.",
        "problem": "Mận chín rộ, giá thấp.",
        "solution": "Lò sấy năng lượng mặt trời.",
        "market": "Siêu thị, sàn thương mại điện tử.",
        "business_model": "Bán mận sấy đóng gói.",
        "capital_needed": "300.000.000",
        "video_url": "",
        "action": action,
        "team-TOTAL_FORMS": str(len(members)),
        "team-INITIAL_FORMS": str(initial),
        "team-MIN_NUM_FORMS": "0",
        "team-MAX_NUM_FORMS": "3",
    }
    for index, member in enumerate(members):
        data.update({f"team-{index}-{key}": value for key, value in member.items()})
    data.update(overrides)
    return data


def _create_url(contest):
    return reverse("competitions:entry-create", args=[contest.pk])


def _text(response) -> str:
    return response.content.decode()


def _close_window(contest):
    contest.submission_opens_at = timezone.now() - days(30)
    contest.submission_closes_at = timezone.now() - days(1)
    contest.save()


# --- the happy path -------------------------------------------------------------------


def test_officer_creates_draft_with_registry_and_new_member_then_submits(
    officer_client, officer, contest, category, commune, person
):
    # Arrange
    members = [
        _member(pick=person, lead=True, responsibility="Điều phối, tài chính"),
        _member(responsibility="Kỹ thuật sấy", **_new_person()),
    ]

    # Act: save a draft
    response = officer_client.post(
        _create_url(contest), entry_post(category=category, unit=commune, members=members), follow=True
    )

    # Assert: the entry, its team, and the new young person registered in the unit
    entry = Entry.objects.get()
    newcomer = Entrepreneur.objects.get(full_name="Quàng Văn Minh")
    assert response.redirect_chain == [(entry.get_absolute_url(), 302)]
    assert "Đã lưu bản nháp “Sấy mận hậu bằng năng lượng mặt trời”." in _text(response)
    assert (entry.status, entry.code, entry.unit, entry.created_by) == (Entry.Status.DRAFT, "", commune, officer)
    assert entry.capital_needed == 300_000_000
    assert (newcomer.unit, newcomer.created_by, newcomer.phone, newcomer.ethnicity) == (
        commune,
        officer,
        "0912000111",
        "03",
    )
    assert list(entry.team.order_by("role").values_list("entrepreneur", "role", "responsibility")) == [
        (person.pk, TeamMember.Role.LEAD, "Điều phối, tài chính"),
        (newcomer.pk, TeamMember.Role.MEMBER, "Kỹ thuật sấy"),
    ]

    # Act: submit
    response = officer_client.post(reverse("competitions:entry-submit", args=[entry.pk]), follow=True)

    # Assert: a code, the status, and the unit's progress
    entry.refresh_from_db()
    assert (entry.status, entry.code) == (Entry.Status.SUBMITTED, "2026-001")
    assert "Đã nộp bài “Sấy mận hậu bằng năng lượng mặt trời”, mã bài 2026-001." in _text(response)
    page = _text(officer_client.get(contest.get_absolute_url()))
    assert "1/5 ý tưởng" in page
    assert "2026-001" in page


def test_entry_detail_shows_team_with_ages_and_actions(officer_client, draft, contest):
    response = officer_client.get(draft.get_absolute_url())

    content = _text(response)
    lead = draft.team.get().entrepreneur
    assert response.status_code == 200
    assert lead.full_name in content
    assert f"{lead.age_on(contest.age_reference_date)} tuổi" in content
    assert "tuổi tính đến 30/08/2026" in content
    assert reverse("competitions:entry-update", args=[draft.pk]) in content
    assert reverse("competitions:entry-submit", args=[draft.pk]) in content
    assert reverse("competitions:entry-withdraw", args=[draft.pk]) not in content


def test_save_and_submit_in_one_step(officer_client, contest, category, commune, person):
    data = entry_post(category=category, unit=commune, members=[_member(pick=person, lead=True)], action="submit")

    response = officer_client.post(_create_url(contest), data, follow=True)

    entry = Entry.objects.get()
    assert (entry.status, entry.code) == (Entry.Status.SUBMITTED, "2026-001")
    assert "mã bài 2026-001" in _text(response)


def test_officer_edits_draft_and_replaces_team(officer_client, draft, category, commune, person):
    url = reverse("competitions:entry-update", args=[draft.pk])
    page = officer_client.get(url)
    assert page.status_code == 200
    data = entry_post(
        category=category,
        unit=commune,
        members=[_member(pick=person, lead=True)],
        title="Mận sấy dẻo Tô Hiệu",
    )

    response = officer_client.post(url, data)

    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.title == "Mận sấy dẻo Tô Hiệu"
    assert list(draft.team.values_list("entrepreneur", flat=True)) == [person.pk]


def test_withdraw_then_reopen_as_draft(officer_client, draft, officer):
    services.entry_submit(entry=draft, actor=officer)

    withdrawn = officer_client.post(reverse("competitions:entry-withdraw", args=[draft.pk]), follow=True)
    draft.refresh_from_db()
    assert draft.status == Entry.Status.WITHDRAWN
    assert "Đã rút bài" in _text(withdrawn)

    reopened = officer_client.post(reverse("competitions:entry-reopen", args=[draft.pk]), follow=True)
    draft.refresh_from_db()
    assert draft.status == Entry.Status.DRAFT
    assert "đã trở lại thành bản nháp" in _text(reopened)


def test_rejected_entry_shows_reason(officer_client, draft, officer, staff_user):
    RoundFactory(contest=draft.contest, order=1)
    services.entry_submit(entry=draft, actor=officer)
    services.entry_screen(entry=draft, eligible=False, reason="Thiếu kế hoạch kinh doanh.", actor=staff_user)

    content = _text(officer_client.get(draft.get_absolute_url()))

    assert "Bài không đủ điều kiện dự thi." in content
    assert "Thiếu kế hoạch kinh doanh." in content


# --- bad input: refused with a Vietnamese message, nothing saved ----------------------


@pytest.mark.parametrize(
    ("members", "message"),
    [
        pytest.param(
            lambda p: [
                _member(pick=p, lead=True),
                *(_member(**_new_person(f"Lò Văn Thứ {n}", f"200{n}-01-01")) for n in range(1, 4)),
            ],
            "Nhóm có 4 người, vượt quá 3 người theo thể lệ.",
            id="team-too-large",
        ),
        pytest.param(
            lambda p: [_member(pick=p, lead=True), _member(**_new_person("Cầm Văn Già", "1980-01-01"))],
            "Cầm Văn Già: Ngày sinh không hợp lệ: 01/01/1980, tức 46 tuổi; người đăng ký phải từ 18 đến 35 tuổi.",
            id="member-too-old",
        ),
        pytest.param(
            lambda p: [_member(pick=p, lead=True), _member(lead=True, **_new_person())],
            "Nhóm cần đúng một trưởng nhóm.",
            id="two-leads",
        ),
        pytest.param(
            lambda p: [_member(pick=p), _member(**_new_person())],
            "Nhóm cần đúng một trưởng nhóm.",
            id="no-lead",
        ),
        pytest.param(lambda p: [], "Nhóm cần ít nhất một thành viên.", id="no-team"),
    ],
)
def test_entry_create_refuses_bad_team_and_saves_nothing(
    officer_client, contest, category, commune, person, members, message
):
    people_before = Entrepreneur.objects.count()

    response = officer_client.post(
        _create_url(contest), entry_post(category=category, unit=commune, members=members(person))
    )

    assert response.status_code == 200
    assert message in _text(response)
    assert not Entry.objects.exists()
    assert not TeamMember.objects.exists()
    assert Entrepreneur.objects.count() == people_before


def test_entry_create_refuses_unit_outside_officers_subtree(officer_client, contest, category, other_commune, person):
    data = entry_post(category=category, unit=other_commune, members=[_member(pick=person, lead=True)])

    response = officer_client.post(_create_url(contest), data)

    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ." in _text(response)
    assert not Entry.objects.exists()


def test_entry_create_refuses_category_of_another_contest(officer_client, contest, commune, person):
    foreign = CategoryFactory(contest=ContestFactory(), name="Du lịch cộng đồng")
    data = entry_post(category=foreign, unit=commune, members=[_member(pick=person, lead=True)])

    response = officer_client.post(_create_url(contest), data)

    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ." in _text(response)
    assert not Entry.objects.exists()


def test_entry_create_refuses_person_of_another_commune(officer_client, contest, category, commune, other_commune):
    stranger = EntrepreneurFactory(unit=other_commune)
    data = entry_post(category=category, unit=commune, members=[_member(pick=stranger, lead=True)])

    response = officer_client.post(_create_url(contest), data)

    assert "Hãy chọn một lựa chọn hợp lệ." in _text(response)
    assert not Entry.objects.exists()


def test_entry_create_refuses_retyping_a_registered_person(officer_client, contest, category, commune, person):
    again = _member(lead=True, **_new_person("lò thị  hoa", "1999-04-02"))

    response = officer_client.post(_create_url(contest), entry_post(category=category, unit=commune, members=[again]))

    assert "đã có trong danh sách thanh niên" in _text(response)
    assert Entrepreneur.objects.count() == 1


def test_entry_create_page_refused_after_the_deadline(officer_client, contest):
    _close_window(contest)

    response = officer_client.get(_create_url(contest), follow=True)

    assert response.redirect_chain == [(contest.get_absolute_url(), 302)]
    assert "Đã hết hạn nộp bài" in _text(response)


def test_submit_after_the_deadline_is_refused(officer_client, draft, contest):
    _close_window(contest)

    response = officer_client.post(reverse("competitions:entry-submit", args=[draft.pk]), follow=True)

    draft.refresh_from_db()
    assert response.redirect_chain == [(draft.get_absolute_url(), 302)]
    assert "Đã hết hạn nộp bài" in _text(response)
    assert (draft.status, draft.code) == (Entry.Status.DRAFT, "")


def test_extension_lets_the_unit_submit_after_the_deadline(officer_client, draft, contest, commune, staff_user):
    _close_window(contest)
    services.extension_grant(
        contest=contest, unit=commune, until=timezone.now() + days(2), reason="Lũ quét chia cắt xã", actor=staff_user
    )

    page = _text(officer_client.get(contest.get_absolute_url()))
    response = officer_client.post(reverse("competitions:entry-submit", args=[draft.pk]), follow=True)

    draft.refresh_from_db()
    assert "được gia hạn" in page
    assert "Thêm ý tưởng" in page
    assert draft.status == Entry.Status.SUBMITTED
    assert "mã bài" in _text(response)


def test_submit_refused_when_unit_has_its_maximum(officer_client, draft, contest, category, commune):
    contest.max_entries_per_unit = 5
    contest.save()
    for _ in range(5):
        EntryFactory(contest=contest, category=category, unit=commune, status=Entry.Status.SUBMITTED)

    response = officer_client.post(reverse("competitions:entry-submit", args=[draft.pk]), follow=True)

    draft.refresh_from_db()
    assert "Đơn vị đã nộp đủ 5 bài, mức tối đa của cuộc thi." in _text(response)
    assert draft.status == Entry.Status.DRAFT


def test_withdraw_of_a_draft_is_refused_with_a_message(officer_client, draft):
    response = officer_client.post(reverse("competitions:entry-withdraw", args=[draft.pk]), follow=True)

    assert response.status_code == 200
    assert "Chỉ rút được bài đã nộp và chưa được thẩm định." in _text(response)


def test_edit_of_a_submitted_entry_redirects_with_message(officer_client, draft, officer):
    services.entry_submit(entry=draft, actor=officer)

    response = officer_client.get(reverse("competitions:entry-update", args=[draft.pk]), follow=True)

    assert response.redirect_chain == [(draft.get_absolute_url(), 302)]
    assert "Bài đã nộp không sửa được" in _text(response)


# --- attachments ----------------------------------------------------------------------


def _upload(client, entry, kind, name, content):
    upload = SimpleUploadedFile(name, content)
    return client.post(
        reverse("competitions:entry-attachment-create", args=[entry.pk]), {"kind": kind, "file": upload}, follow=True
    )


@pytest.mark.parametrize(
    ("kind", "name", "content"),
    [
        ("business_plan", "ke-hoach.pdf", PDF_BYTES),
        ("slides", "trinh-chieu.pptx", _pptx_bytes()),
        ("image", "san-pham.png", PNG_BYTES),
    ],
)
def test_attachment_upload_and_download(officer_client, officer, draft, kind, name, content):
    response = _upload(officer_client, draft, kind, name, content)

    attachment = EntryAttachment.objects.get()
    assert response.redirect_chain == [(draft.get_absolute_url(), 302)]
    assert (attachment.kind, attachment.uploaded_by, attachment.revision_round) == (kind, officer, None)
    download = officer_client.get(reverse("competitions:entry-attachment-download", args=[attachment.pk]))
    body = b"".join(download.streaming_content)
    close_response(download)
    assert body == content
    assert download["Content-Disposition"] == f'attachment; filename="{name}"'


@pytest.mark.parametrize(
    ("kind", "name", "content", "message"),
    [
        (
            "business_plan",
            "ke-hoach.png",
            PNG_BYTES,
            "Kế hoạch kinh doanh chỉ nhận tệp PDF, Word (.docx); tệp này không đúng loại.",
        ),
        ("image", "anh.pdf", PDF_BYTES, "Hình ảnh chỉ nhận tệp JPEG, PNG; tệp này không đúng loại."),
        ("business_plan", "ke-hoach.pdf", b"MZ\x90\x00 not a pdf", "tệp này không đúng loại"),
        ("business_plan", "ke-hoach.exe", PDF_BYTES, "tệp này không đúng loại"),
    ],
)
def test_attachment_of_wrong_type_is_refused(officer_client, draft, kind, name, content, message):
    response = _upload(officer_client, draft, kind, name, content)

    assert response.status_code == 200
    assert message in _text(response)
    assert not EntryAttachment.objects.exists()


def test_attachment_too_large_is_refused(officer_client, draft, settings):
    settings.UPLOAD_MAX_BYTES = 64

    response = _upload(officer_client, draft, "business_plan", "ke-hoach.pdf", PDF_BYTES)

    assert "Tệp quá lớn" in _text(response)
    assert not EntryAttachment.objects.exists()


def test_attachment_added_to_a_submitted_entry_until_its_round_closes(officer_client, draft, officer, contest):
    first_round = RoundFactory(contest=contest, order=1)
    services.entry_submit(entry=draft, actor=officer)

    page = _text(officer_client.get(draft.get_absolute_url()))
    added = _upload(officer_client, draft, "business_plan", "ke-hoach.pdf", PDF_BYTES)
    Round.objects.filter(pk=first_round.pk).update(
        opens_at=timezone.now() - days(5), closes_at=timezone.now() - days(1)
    )
    late = _upload(officer_client, draft, "slides", "trinh-chieu.pdf", PDF_BYTES)

    assert reverse("competitions:entry-attachment-create", args=[draft.pk]) in page
    assert added.redirect_chain[-1][0] == draft.get_absolute_url()
    assert "vòng thi hiện tại của bài đã kết thúc" in _text(late)
    assert list(EntryAttachment.objects.values_list("kind", flat=True)) == ["business_plan"]


def test_revised_file_during_coaching_round_records_the_round(officer_client, draft, contest):
    coaching = RoundFactory(contest=contest, order=2, kind=Round.Kind.COACHING, name="Tư vấn, hoàn thiện")
    Entry.objects.filter(pk=draft.pk).update(status=Entry.Status.IN_COMPETITION, round=coaching)

    _upload(officer_client, draft, "business_plan", "ban-hoan-thien.pdf", PDF_BYTES)

    assert EntryAttachment.objects.get().revision_round == coaching


def test_attachment_delete_of_a_draft(officer_client, draft, settings, django_capture_on_commit_callbacks):
    _upload(officer_client, draft, "business_plan", "ke-hoach.pdf", PDF_BYTES)
    attachment = EntryAttachment.objects.get()
    stored = settings.MEDIA_ROOT / attachment.file.name
    assert stored.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = officer_client.post(
            reverse("competitions:entry-attachment-delete", args=[attachment.pk]), follow=True
        )

    assert "Đã gỡ tài liệu." in _text(response)
    assert not EntryAttachment.objects.exists()
    assert not stored.exists()


# --- who must not reach what ----------------------------------------------------------

ENTRY_URLS = [
    ("get", "competitions:entry-detail"),
    ("get", "competitions:entry-update"),
    ("post", "competitions:entry-update"),
    ("post", "competitions:entry-submit"),
    ("post", "competitions:entry-withdraw"),
    ("post", "competitions:entry-reopen"),
    ("get", "competitions:entry-attachment-create"),
    ("post", "competitions:entry-attachment-create"),
]


@pytest.fixture
def attachment(draft):
    return EntryAttachment.objects.create(
        entry=draft, kind="business_plan", file=SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES)
    )


@pytest.mark.parametrize(("method", "name"), ENTRY_URLS)
def test_another_communes_officer_gets_404_on_entry_urls(client, other_officer, draft, method, name):
    client.force_login(other_officer)

    response = getattr(client, method)(reverse(name, args=[draft.pk]))

    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == Entry.Status.DRAFT


@pytest.mark.parametrize(
    ("method", "name"),
    [("get", "competitions:entry-attachment-download"), ("post", "competitions:entry-attachment-delete")],
)
def test_another_communes_officer_gets_404_on_attachment_urls(client, other_officer, attachment, method, name):
    client.force_login(other_officer)

    response = getattr(client, method)(reverse(name, args=[attachment.pk]))

    assert response.status_code == 404
    assert EntryAttachment.objects.filter(pk=attachment.pk).exists()


@pytest.mark.parametrize(("method", "name"), ENTRY_URLS)
def test_judge_cannot_reach_entry_urls(client, judge, draft, method, name):
    client.force_login(judge)

    response = getattr(client, method)(reverse(name, args=[draft.pk]))

    assert response.status_code in (403, 404)


def test_judge_cannot_open_contest_pages_or_download_attachments(client, judge, contest, attachment):
    client.force_login(judge)

    assert client.get(reverse("competitions:contest-list")).status_code == 403
    assert client.get(contest.get_absolute_url()).status_code == 403
    assert client.get(_create_url(contest)).status_code == 403
    download = client.get(reverse("competitions:entry-attachment-download", args=[attachment.pk]))
    assert download.status_code == 404


def test_mentor_of_the_coaching_round_downloads_attachments(client, contest, attachment):
    mentor = user_with_role(Membership.Role.JUDGE, UnitFactory(code="chuyen-gia"), username="mentor")
    coaching = RoundFactory(contest=contest, order=2, kind=Round.Kind.COACHING)
    coaching.mentors.add(mentor)
    Entry.objects.filter(pk=attachment.entry_id).update(status=Entry.Status.IN_COMPETITION, round=coaching)
    client.force_login(mentor)

    response = client.get(reverse("competitions:entry-attachment-download", args=[attachment.pk]))

    assert response.status_code == 200
    close_response(response)


def test_branch_entry_is_visible_to_the_commune_officer(officer_client, contest, category, branch):
    entry = EntryFactory(contest=contest, category=category, unit=branch)

    assert officer_client.get(entry.get_absolute_url()).status_code == 200


def test_anonymous_user_is_sent_to_login(client, draft):
    response = client.get(draft.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- contest pages --------------------------------------------------------------------


def test_contest_list_shows_officers_progress_and_deadline(officer_client, contest, category, commune):
    EntryFactory.create_batch(3, contest=contest, category=category, unit=commune, status=Entry.Status.SUBMITTED)
    EntryFactory(contest=contest, category=category, unit=commune)  # a draft does not count
    ContestFactory(name="Cuộc thi còn đang soạn", status=Contest.Status.DRAFT)

    response = officer_client.get(reverse("competitions:contest-list"))

    content = _text(response)
    assert "Cuộc thi Ý tưởng khởi nghiệp 2026" in content
    assert "3/5 ý tưởng" in content
    assert timezone.localtime(contest.submission_closes_at).strftime("%H:%M %d/%m/%Y") in content
    assert "Cuộc thi còn đang soạn" not in content


def test_staff_see_draft_contests(client, staff_user):
    ContestFactory(name="Cuộc thi còn đang soạn", status=Contest.Status.DRAFT)
    client.force_login(staff_user)

    response = client.get(reverse("competitions:contest-list"))

    assert "Cuộc thi còn đang soạn" in _text(response)


def test_draft_contest_is_404_for_an_officer(officer_client):
    hidden = ContestFactory(status=Contest.Status.DRAFT)

    assert officer_client.get(hidden.get_absolute_url()).status_code == 404
    assert officer_client.get(_create_url(hidden)).status_code == 404


def test_contest_detail_for_officer_shows_rules_rounds_and_add_button(officer_client, contest, category):
    contest.rules_document = SimpleUploadedFile("the-le.pdf", PDF_BYTES)
    contest.save()
    RoundFactory(contest=contest, order=1, name="Vòng sơ tuyển")
    RoundFactory(contest=contest, order=2, name="Chung kết tỉnh")

    content = _text(officer_client.get(contest.get_absolute_url()))

    assert reverse("competitions:contest-rules", args=[contest.pk]) in content
    assert "Nông nghiệp công nghệ cao" in content
    assert content.index("Vòng sơ tuyển") < content.index("Chung kết tỉnh")
    assert "Thêm ý tưởng" in content
    assert "0/5 ý tưởng" in content


def test_contest_detail_warns_when_the_deadline_is_near(officer_client, contest):
    contest.submission_closes_at = timezone.now() + datetime.timedelta(hours=20)
    contest.save()

    content = _text(officer_client.get(contest.get_absolute_url()))

    assert 'data-deadline="soon"' in content


def test_contest_detail_after_the_deadline_warns_and_offers_no_add(officer_client, contest):
    _close_window(contest)

    content = _text(officer_client.get(contest.get_absolute_url()))

    assert 'data-deadline="past"' in content
    assert _create_url(contest) not in content


def test_contest_detail_status_filter_by_htmx_returns_rows_only(officer_client, contest, category, commune):
    EntryFactory(contest=contest, category=category, unit=commune, title="Bản nháp chè shan")
    EntryFactory(
        contest=contest, category=category, unit=commune, title="Bài đã nộp cà phê", status=Entry.Status.SUBMITTED
    )

    response = officer_client.get(contest.get_absolute_url(), {"status": "submitted"}, HTTP_HX_REQUEST="true")

    content = _text(response)
    assert "Bài đã nộp cà phê" in content
    assert "Bản nháp chè shan" not in content
    assert "<html" not in content


def test_contest_detail_row_of_an_entry_in_competition(officer_client, contest, category, commune, person):
    preliminary = RoundFactory(contest=contest, order=1, name="Vòng sơ tuyển")
    entry = EntryFactory(
        contest=contest,
        category=category,
        unit=commune,
        title='<b>"Mận" & đào</b>',
        status=Entry.Status.IN_COMPETITION,
        round=preliminary,
        lead=person,
    )
    updated = timezone.localtime(Entry.objects.get(pk=entry.pk).updated_at).strftime("%d/%m/%Y")

    response = officer_client.get(reverse("competitions:contest-detail", kwargs={"pk": contest.pk}))

    assertContains(
        response,
        f'<tr data-entry="{entry.pk}"><td class="text-nowrap">—</td>'
        f'<td><a href="{entry.get_absolute_url()}">&lt;b&gt;&quot;Mận&quot; &amp; đào&lt;/b&gt;</a>'
        f'<div class="small text-muted">1 thành viên · cập nhật {updated}</div></td>'
        '<td class="d-none d-md-table-cell">Lò Thị Hoa</td>'
        '<td class="d-none d-lg-table-cell small">Nông nghiệp công nghệ cao</td>'
        f'<td class="small">{commune.name}</td>'
        '<td><span class="badge text-bg-info" data-status="in_competition">Đang dự thi</span>'
        '<div class="small text-muted">Vòng sơ tuyển</div></td></tr>',
        html=True,
    )


def test_contest_detail_for_staff_shows_units_below_minimum(client, staff_user, contest, category, commune):
    school = UnitFactory(name="Đoàn trường Cao đẳng Sơn La", code="cd-son-la", kind="school", parent=commune.parent)
    UnitFactory(name="Chi đoàn không phải đơn vị chỉ tiêu", code="chi-doan-x", kind="branch", parent=commune)
    EntryFactory.create_batch(5, contest=contest, category=category, unit=school, status=Entry.Status.SUBMITTED)
    EntryFactory(contest=contest, category=category, unit=commune, status=Entry.Status.SUBMITTED)
    client.force_login(staff_user)

    content = _text(client.get(contest.get_absolute_url()))

    assert "1 đơn vị chưa đạt chỉ tiêu" in content
    assert f'<tr class="table-warning" data-unit="{commune.pk}">' in content
    assert f'<tr class="" data-unit="{school.pk}">' in content
    assert "Chi đoàn không phải đơn vị chỉ tiêu" not in content


def test_contest_detail_for_staff_pages_its_units(client, staff_user, contest, category, commune, monkeypatch):
    """A national contest asks every commune of the Union: 50 units a page (2 here), and the
    units below the minimum one click away; the count says how many in all."""
    from competitions.views import entries as entry_views

    monkeypatch.setattr(entry_views, "UNITS_PER_PAGE", 2)
    schools = [
        UnitFactory(name=f"Đoàn trường số {n}", code=f"truong-{n}", kind="school", parent=commune.parent)
        for n in range(3)
    ]
    for school in schools:
        EntryFactory.create_batch(5, contest=contest, category=category, unit=school, status=Entry.Status.SUBMITTED)
    client.force_login(staff_user)
    url = contest.get_absolute_url()

    first = _text(client.get(url))
    assert first.count("<tr class=") == 2
    assert "Tất cả (4)" in first
    assert "Chưa đạt chỉ tiêu (1)" in first
    second = _text(client.get(url, {"units_page": 2}))
    assert second.count("<tr class=") == 2
    below = _text(client.get(url, {"units": "below"}))
    assert f'data-unit="{commune.pk}"' in below
    assert below.count("<tr class=") == 1


def test_contest_rules_download(officer_client, contest):
    contest.rules_document = SimpleUploadedFile("the-le.pdf", PDF_BYTES)
    contest.save()

    response = officer_client.get(reverse("competitions:contest-rules", args=[contest.pk]))

    assert b"".join(response.streaming_content) == PDF_BYTES
    close_response(response)


def test_contest_rules_of_a_published_contest_are_public(client, contest):
    contest.rules_document = SimpleUploadedFile("the-le.pdf", PDF_BYTES)
    contest.save()
    url = reverse("competitions:contest-rules", args=[contest.pk])

    response = client.get(url)
    assert b"".join(response.streaming_content) == PDF_BYTES
    close_response(response)
    assert url in client.get(reverse("competitions:public-results", args=[contest.slug])).content.decode()

    contest.status = Contest.Status.DRAFT
    contest.save()
    assert client.get(url).status_code == 404


def test_contest_rules_404_without_a_document(officer_client, contest):
    assert officer_client.get(reverse("competitions:contest-rules", args=[contest.pk])).status_code == 404


def test_home_panel_shows_quota_and_deadline(officer_client, contest, category, commune):
    EntryFactory(contest=contest, category=category, unit=commune, status=Entry.Status.SUBMITTED)

    content = _text(officer_client.get(reverse("home")))

    assert 'data-panel="contest-entries"' in content
    assert "1/5 ý tưởng" in content
    assert _create_url(contest) in content


def test_home_panel_for_staff_counts_units_below_minimum(client, staff_user, contest, commune, other_commune):
    client.force_login(staff_user)

    content = _text(client.get(reverse("home")))

    assert "2/2 đơn vị chưa đạt chỉ tiêu" in content


def test_home_panel_absent_without_open_contest(officer_client):
    assert 'data-panel="contest-entries"' not in _text(officer_client.get(reverse("home")))


# --- query counts ---------------------------------------------------------------------


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["detail", "list", "home"])
def test_officer_pages_cost_fixed_queries(
    officer_client, contest, category, commune, branch, page, django_assert_max_num_queries
):
    url = {
        "detail": contest.get_absolute_url(),
        "list": reverse("competitions:contest-list"),
        "home": reverse("home"),
    }[page]
    EntryFactory(contest=contest, category=category, unit=commune, status=Entry.Status.SUBMITTED)
    _queries_for(officer_client, url)  # warm-up
    # A second entry after it (its lead joins the registry), so the measured read counts
    # the home page's registry figures again, as the last one does.
    EntryFactory(contest=contest, category=category, unit=commune, status=Entry.Status.SUBMITTED)
    one_entry = _queries_for(officer_client, url)
    for n in range(18):
        EntryFactory(
            contest=contest,
            category=category,
            unit=branch if n % 2 else commune,
            status=Entry.Status.SUBMITTED if n % 3 else Entry.Status.DRAFT,
        )

    with django_assert_max_num_queries(one_entry):
        response = officer_client.get(url)

    if page == "detail":
        assert len(response.context["entries"]) == 20


def test_staff_contest_detail_costs_fixed_queries(
    client, staff_user, contest, category, province, django_assert_max_num_queries
):
    client.force_login(staff_user)
    url = contest.get_absolute_url()
    EntryFactory(contest=contest, category=category, unit=UnitFactory(parent=province, code="xa-dau"))
    _queries_for(client, url)
    one_unit = _queries_for(client, url)
    for n in range(19):
        unit = UnitFactory(parent=province, code=f"xa-{n}")
        EntryFactory(contest=contest, category=category, unit=unit, status=Entry.Status.SUBMITTED)

    with django_assert_max_num_queries(one_unit):
        response = client.get(url)

    assert len(response.context["unit_rows"]) == 20


def test_entry_detail_costs_fixed_queries(officer_client, draft, django_assert_max_num_queries):
    url = draft.get_absolute_url()
    _queries_for(officer_client, url)
    one_member = _queries_for(officer_client, url)
    for n in range(2):
        TeamMember.objects.create(entry=draft, entrepreneur=EntrepreneurFactory(unit=draft.unit, full_name=f"Lò {n}"))
    for _ in range(3):
        EntryAttachment.objects.create(
            entry=draft, kind="business_plan", file=SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES)
        )

    with django_assert_max_num_queries(one_member):
        officer_client.get(url)


def test_entry_form_costs_fixed_queries(officer_client, contest, commune, django_assert_max_num_queries):
    url = _create_url(contest)
    EntrepreneurFactory(unit=commune)
    _queries_for(officer_client, url)
    one_person = _queries_for(officer_client, url)
    EntrepreneurFactory.create_batch(20, unit=commune)

    with django_assert_max_num_queries(one_person):
        officer_client.get(url)


def test_staff_home_panel_counts_only_units_under_each_contests_owner(client, django_assert_max_num_queries):
    """A national staff member sees a province's contest against that province's units
    only, whatever how many units the Union has, in a fixed number of queries."""
    national = UnitFactory(name="Trung ương Đoàn", code="tw", kind=Unit.Kind.NATIONAL)
    son_la = UnitFactory(name="Tỉnh đoàn Sơn La", code="sl", kind=Unit.Kind.PROVINCE, parent=national)
    lai_chau = UnitFactory(name="Tỉnh đoàn Lai Châu", code="lc", kind=Unit.Kind.PROVINCE, parent=national)
    to_hieu, muong_la = (UnitFactory(name=n, parent=son_la) for n in ("Đoàn phường Tô Hiệu", "Đoàn xã Mường La"))
    for i in range(3):
        UnitFactory(name=f"Đoàn xã Lai Châu {i}", parent=lai_chau)
    contest = ContestFactory(owner=son_la)
    category = CategoryFactory(contest=contest)
    for _ in range(5):
        EntryFactory(contest=contest, category=category, unit=to_hieu, status=Entry.Status.SUBMITTED)
    EntryFactory(contest=contest, category=category, unit=muong_la, status=Entry.Status.SUBMITTED)
    EntryFactory(contest=contest, category=category, unit=muong_la, status=Entry.Status.DRAFT)
    national_staff = user_with_role(Membership.Role.STAFF, national, username="tw-staff")
    client.force_login(national_staff)

    (summary,) = selectors.quota_summary(contests=[contest], units=selectors.quota_units_for(user=national_staff))
    with django_assert_max_num_queries(60):
        content = _text(client.get(reverse("home")))

    assert (summary.units, summary.units_below, summary.counted) == (2, 1, 6)
    assert "1/2 đơn vị chưa đạt chỉ tiêu" in content
