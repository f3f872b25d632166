"""The award services against the database: nominations (window, quota, duplicates,
eligibility and exceptions), field verification, the council's votes and close, the
decision and the honour roll (deadline reminders: test_deadline_reminders.py)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Membership
from awards import services
from awards.models import AwardProgramme, CouncilVote, FieldVerification, Nomination, NominationEvidence
from common.models import Notification
from tests import samples
from tests.awards.factories import (
    AwardCategoryFactory,
    AwardProgrammeFactory,
    CouncilVoteFactory,
    FieldVerificationFactory,
    NominationFactory,
)
from tests.factories import UserFactory, user_with_role
from tests.ventures.factories import PDF_BYTES, EntrepreneurFactory, VentureFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
OPENS = datetime.datetime(2026, 3, 15, 0, 0, tzinfo=HCM)
CLOSES = datetime.datetime(2026, 8, 31, 23, 59, tzinfo=HCM)
INSIDE = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=HCM)
AFTER = datetime.datetime(2026, 9, 5, 9, 0, tzinfo=HCM)
SECOND = datetime.timedelta(seconds=1)
PNG_BYTES = samples.png_bytes()
Status = Nomination.Status
YES, NO, ABSTAIN = CouncilVote.Choice.YES, CouncilVote.Choice.NO, CouncilVote.Choice.ABSTAIN


def pdf(name="giay-chung-nhan.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def programme():
    """Plan-son-la's timeline moved to 2026: nominations 15/3 – 31/8 23:59, two per unit."""
    return AwardProgrammeFactory(
        nomination_opens_at=OPENS,
        nomination_closes_at=CLOSES,
        age_reference_date=datetime.date(2026, 8, 31),
        quota_per_unit=2,
    )


@pytest.fixture
def category(programme):
    return AwardCategoryFactory(programme=programme, name="Thanh niên nông thôn làm kinh tế giỏi")


def _person(unit, born=datetime.date(1998, 5, 20), **kwargs):
    return EntrepreneurFactory(unit=unit, date_of_birth=born, **kwargs)


def _new(programme, category, unit, person=None, **fields):
    values = {"annual_revenue": 600_000_000, "jobs_created": 6, "no_violations_declared": True}
    values.update(fields)
    return Nomination(
        programme=programme, category=category, unit=unit, entrepreneur=person or _person(unit), **values
    )


def _draft(programme, category, unit, *, actor, person=None, now=INSIDE, **fields):
    return services.nomination_save_draft(
        nomination=_new(programme, category, unit, person, **fields), actor=actor, now=now
    )


def _submitted(programme, category, unit, *, actor, **fields):
    nomination = _draft(programme, category, unit, actor=actor, **fields)
    return services.nomination_submit(nomination=nomination, actor=actor, now=INSIDE)


# --- drafts ----------------------------------------------------------------------------


def test_nomination_save_draft_creates_a_draft_with_its_evidence(programme, category, commune, officer):
    person = _person(commune)
    venture = VentureFactory(unit=commune, owners=[person], founded_on=datetime.date(2019, 1, 1))

    nomination = services.nomination_save_draft(
        nomination=_new(programme, category, commune, person, venture=venture),
        evidence_files=[("Giấy chứng nhận hộ kinh doanh", pdf()), ("Bằng khen năm 2024", pdf("bang-khen.pdf"))],
        actor=officer,
        now=INSIDE,
    )

    nomination.refresh_from_db()
    assert (nomination.status, nomination.created_by, nomination.venture) == (Status.DRAFT, officer, venture)
    evidence = list(nomination.evidence.order_by("pk"))
    assert [(e.title, e.uploaded_by) for e in evidence] == [
        ("Giấy chứng nhận hộ kinh doanh", officer),
        ("Bằng khen năm 2024", officer),
    ]


def test_nomination_save_draft_updates_a_draft_keeping_its_creator(programme, category, commune, officer, staff_user):
    nomination = _draft(programme, category, commune, actor=officer)
    nomination.scale = "5 ha cà phê"

    services.nomination_save_draft(nomination=nomination, actor=staff_user, now=INSIDE)

    nomination.refresh_from_db()
    assert (nomination.scale, nomination.created_by) == ("5 ha cà phê", officer)


@pytest.mark.parametrize(
    ("moment", "message"),
    [
        (OPENS - SECOND, "Chương trình nhận hồ sơ từ 00:00 15/03/2026."),
        (CLOSES + SECOND, "Đã hết hạn gửi hồ sơ (23:59 31/08/2026)."),
    ],
)
def test_nomination_save_draft_refused_outside_the_window(programme, category, commune, officer, moment, message):
    with pytest.raises(ValidationError) as raised:
        _draft(programme, category, commune, actor=officer, now=moment)

    assert raised.value.messages == [message]
    assert Nomination.objects.count() == 0


@pytest.mark.parametrize("moment", [OPENS, CLOSES])
def test_nomination_save_draft_accepted_at_the_window_edges(programme, category, commune, officer, moment):
    assert _draft(programme, category, commune, actor=officer, now=moment).pk is not None


@pytest.mark.parametrize("status", [AwardProgramme.Status.DRAFT, AwardProgramme.Status.REVIEWING])
def test_nomination_save_draft_refused_when_programme_is_not_nominating(programme, category, commune, officer, status):
    programme.status = status
    programme.save()

    with pytest.raises(ValidationError) as raised:
        _draft(programme, category, commune, actor=officer)

    assert raised.value.messages == ["Chương trình không ở giai đoạn nhận hồ sơ đề nghị."]


def test_nomination_save_draft_refused_for_a_unit_the_actor_does_not_reach(
    programme, category, commune, other_commune, other_officer
):
    with pytest.raises(PermissionDenied):
        _draft(programme, category, commune, actor=other_officer, person=_person(other_commune))

    assert Nomination.objects.count() == 0


def test_nomination_save_draft_refuses_category_venture_and_person_out_of_place(
    programme, commune, other_commune, officer
):
    foreign_category = AwardCategoryFactory(programme=AwardProgrammeFactory())
    stranger = _person(other_commune)
    someone_elses_venture = VentureFactory(unit=commune, owners=[_person(commune)])

    with pytest.raises(ValidationError) as raised:
        services.nomination_save_draft(
            nomination=_new(programme, foreign_category, commune, stranger, venture=someone_elses_venture),
            actor=officer,
            now=INSIDE,
        )

    assert raised.value.message_dict == {
        "category": ["Lĩnh vực không thuộc chương trình này."],
        "entrepreneur": ["Người này không thuộc các đơn vị bạn quản lý."],
        "venture": ["Mô hình này không do người được đề nghị làm chủ."],
    }
    assert Nomination.objects.count() == 0


def test_nomination_save_draft_refuses_the_same_person_twice_in_a_programme(
    programme, category, commune, branch, officer
):
    person = _person(branch, full_name="Hoàng Đức Anh")
    _draft(programme, category, branch, actor=officer, person=person)

    with pytest.raises(ValidationError) as raised:
        _draft(programme, category, commune, actor=officer, person=person)

    assert raised.value.message_dict == {
        "entrepreneur": ["Hoàng Đức Anh đã có hồ sơ đề nghị trong chương trình này (do Chi đoàn Tổ 5 đề nghị)."]
    }
    assert Nomination.objects.count() == 1


def test_nomination_save_draft_allows_a_person_again_after_a_withdrawal(programme, category, commune, officer):
    person = _person(commune)
    first = _draft(programme, category, commune, actor=officer, person=person)
    services.nomination_withdraw(nomination=first, actor=officer)

    again = _draft(programme, category, commune, actor=officer, person=person)

    assert again.pk != first.pk
    assert sorted(Nomination.objects.values_list("status", flat=True)) == [Status.DRAFT, Status.WITHDRAWN]


def test_nomination_save_draft_same_person_in_another_programme_is_fine(programme, category, commune, officer):
    person = _person(commune)
    _draft(programme, category, commune, actor=officer, person=person)
    later = AwardProgrammeFactory(nomination_opens_at=OPENS, nomination_closes_at=CLOSES)

    other = _draft(later, AwardCategoryFactory(programme=later), commune, actor=officer, person=person)

    assert other.programme == later


def test_nomination_save_draft_with_a_bad_evidence_file_saves_nothing(programme, category, commune, officer):
    fake = SimpleUploadedFile("bang-khen.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    with pytest.raises(ValidationError) as raised:
        services.nomination_save_draft(
            nomination=_new(programme, category, commune),
            evidence_files=[("Bằng khen", pdf()), ("Bằng khen giả", fake)],
            actor=officer,
            now=INSIDE,
        )

    assert raised.value.message_dict == {
        "file": ["Loại tệp không được chấp nhận. Chỉ nhận: PDF, Word (.docx), JPEG, PNG."]
    }
    assert (Nomination.objects.count(), NominationEvidence.objects.count()) == (0, 0)


def test_nomination_save_draft_refuses_a_sent_nomination(programme, category, commune, officer):
    nomination = _submitted(programme, category, commune, actor=officer)
    nomination.scale = "Sửa sau khi gửi"

    with pytest.raises(ValidationError) as raised:
        services.nomination_save_draft(nomination=nomination, actor=officer, now=INSIDE)

    assert raised.value.messages == ["Hồ sơ đã gửi không sửa được."]


def test_nomination_save_draft_refuses_a_stale_copy_of_a_sent_nomination(programme, category, commune, officer):
    nomination = _draft(programme, category, commune, actor=officer)
    stale = Nomination.objects.get(pk=nomination.pk)  # an edit form opened before sending
    services.nomination_submit(nomination=nomination, actor=officer, now=INSIDE)
    stale.scale = "Sửa từ cửa sổ cũ"

    with pytest.raises(ValidationError) as raised:
        services.nomination_save_draft(nomination=stale, actor=officer, now=INSIDE)

    assert raised.value.messages == ["Hồ sơ đã gửi không sửa được."]
    nomination.refresh_from_db()
    assert (nomination.status, nomination.scale) == (Status.SUBMITTED, "")


# --- submitting ------------------------------------------------------------------------


def test_nomination_submit_sends_an_eligible_draft(programme, category, commune, officer):
    nomination = _draft(programme, category, commune, actor=officer)

    sent = services.nomination_submit(nomination=nomination, actor=officer, now=INSIDE)

    sent.refresh_from_db()
    assert (sent.status, sent.submitted_at) == (Status.SUBMITTED, INSIDE)


@pytest.mark.parametrize(
    ("moment", "message"),
    [
        (OPENS - SECOND, "Chương trình nhận hồ sơ từ 00:00 15/03/2026."),
        (CLOSES + SECOND, "Đã hết hạn gửi hồ sơ (23:59 31/08/2026)."),
    ],
)
def test_nomination_submit_refused_outside_the_window(programme, category, commune, officer, moment, message):
    nomination = _draft(programme, category, commune, actor=officer)

    with pytest.raises(ValidationError) as raised:
        services.nomination_submit(nomination=nomination, actor=officer, now=moment)

    assert raised.value.messages == [message]
    nomination.refresh_from_db()
    assert (nomination.status, nomination.submitted_at) == (Status.DRAFT, None)


def test_nomination_submit_refused_twice(programme, category, commune, officer):
    nomination = _submitted(programme, category, commune, actor=officer)

    with pytest.raises(ValidationError) as raised:
        services.nomination_submit(nomination=nomination, actor=officer, now=INSIDE)

    assert raised.value.messages == ["Chỉ gửi được hồ sơ còn là bản nháp."]


def test_nomination_submit_refused_over_the_unit_quota(
    programme, category, commune, other_commune, officer, staff_user
):
    _submitted(programme, category, commune, actor=officer)
    _submitted(programme, category, commune, actor=officer)
    third = _draft(programme, category, commune, actor=officer)

    with pytest.raises(ValidationError) as raised:
        services.nomination_submit(nomination=third, actor=officer, now=INSIDE)

    assert raised.value.messages == ["Đoàn phường Tô Hiệu đã gửi đủ 2 hồ sơ, mức tối đa mỗi đơn vị của chương trình."]
    third.refresh_from_db()
    assert third.status == Status.DRAFT
    # Another unit's quota is its own.
    assert _submitted(programme, category, other_commune, actor=staff_user).status == Status.SUBMITTED


def test_nomination_submit_quota_ignores_drafts_and_withdrawn(programme, category, commune, officer):
    _draft(programme, category, commune, actor=officer)
    _draft(programme, category, commune, actor=officer)
    gone = _submitted(programme, category, commune, actor=officer)
    services.nomination_withdraw(nomination=gone, actor=officer)
    _submitted(programme, category, commune, actor=officer)
    last = _draft(programme, category, commune, actor=officer)

    assert services.nomination_submit(nomination=last, actor=officer, now=INSIDE).status == Status.SUBMITTED


def test_nomination_submit_counts_the_quota_under_the_programme_row_lock(programme, category, commune, officer):
    nomination = _draft(programme, category, commune, actor=officer)

    with CaptureQueriesContext(connection) as captured:
        services.nomination_submit(nomination=nomination, actor=officer, now=INSIDE)

    sql = [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    # The programme row is the first thing read (and locked where the database can), before the count.
    assert 'FROM "awards_awardprogramme"' in sql[0]
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in sql[0]
    count_at = next(i for i, s in enumerate(sql) if "COUNT(" in s)
    assert count_at > 0


def test_nomination_submit_quota_sees_rows_sent_through_a_stale_programme(programme, category, commune, officer):
    programme.quota_per_unit = 1
    programme.save()
    first = _draft(programme, category, commune, actor=officer)
    second = _draft(programme, category, commune, actor=officer)
    stale = AwardProgramme.objects.get(pk=programme.pk)
    second.programme = stale  # loaded before the first was sent, as a second browser tab would

    services.nomination_submit(nomination=first, actor=officer, now=INSIDE)
    with pytest.raises(ValidationError):
        services.nomination_submit(nomination=second, actor=officer, now=INSIDE)

    assert Nomination.objects.filter(status=Status.SUBMITTED).count() == 1


def test_nomination_submit_refuses_an_ineligible_nominee_with_the_reasons(programme, category, commune, officer):
    programme.min_jobs = 5
    programme.save()
    nomination = _draft(
        programme, category, commune, actor=officer, person=_person(commune, born=datetime.date(1990, 8, 31))
    )
    nomination.jobs_created = 3
    nomination.save()

    with pytest.raises(ValidationError) as raised:
        services.nomination_submit(nomination=nomination, actor=officer, now=INSIDE)

    assert raised.value.messages == [
        "Hồ sơ chưa đủ điều kiện tuyên dương:",
        "36 tuổi vào ngày 31/08/2026, quá 35.",
        "Tạo việc làm cho 3 lao động, ít hơn 5.",
        "Nếu có lý do đặc biệt, đề nghị cán bộ Tỉnh đoàn xem xét chấp nhận ngoại lệ.",
    ]
    nomination.refresh_from_db()
    assert nomination.status == Status.DRAFT


# --- exceptions to the rules -----------------------------------------------------------


@pytest.fixture
def ineligible(programme, category, commune, officer):
    return _draft(programme, category, commune, actor=officer, person=_person(commune, born=datetime.date(1988, 1, 1)))


@pytest.mark.parametrize("reason", ["", "   "])
def test_nomination_override_eligibility_needs_a_reason(ineligible, staff_user, reason):
    with pytest.raises(ValidationError) as raised:
        services.nomination_override_eligibility(nomination=ineligible, reason=reason, actor=staff_user)

    assert raised.value.message_dict == {"eligibility_override_reason": ["Cần ghi lý do chấp nhận ngoại lệ."]}
    ineligible.refresh_from_db()
    assert (ineligible.eligibility_override_reason, ineligible.eligibility_overridden_by) == ("", None)


def test_nomination_override_eligibility_is_for_staff_only(ineligible, officer):
    with pytest.raises(PermissionDenied):
        services.nomination_override_eligibility(nomination=ineligible, reason="Gương điển hình", actor=officer)


def test_nomination_override_eligibility_lets_an_ineligible_nomination_be_sent(
    ineligible, staff_user, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_override_eligibility(
            nomination=ineligible, reason="  Thương binh, vẫn duy trì mô hình tạo việc làm.  ", actor=staff_user
        )

    sent = services.nomination_submit(nomination=ineligible, actor=officer, now=INSIDE)

    sent.refresh_from_db()
    assert sent.status == Status.SUBMITTED
    assert (sent.eligibility_override_reason, sent.eligibility_overridden_by) == (
        "Thương binh, vẫn duy trì mô hình tạo việc làm.",
        staff_user,
    )
    note = Notification.objects.get(recipient=officer)
    assert note.key == f"awards.override:{ineligible.pk}"
    assert (
        note.body == "Lý do: Thương binh, vẫn duy trì mô hình tạo việc làm.. Đơn vị có thể gửi hồ sơ trong thời hạn."
    )


def test_nomination_override_eligibility_refused_once_sent(programme, category, commune, officer, staff_user):
    sent = _submitted(programme, category, commune, actor=officer)

    with pytest.raises(ValidationError) as raised:
        services.nomination_override_eligibility(nomination=sent, reason="Lý do", actor=staff_user)

    assert raised.value.messages == ["Chỉ chấp nhận ngoại lệ cho hồ sơ chưa gửi."]


# --- withdrawing and evidence ----------------------------------------------------------


def test_nomination_withdraw_refused_once_the_council_sits(programme, category, commune, officer):
    sent = _submitted(programme, category, commune, actor=officer)
    AwardProgramme.objects.filter(pk=programme.pk).update(status=AwardProgramme.Status.REVIEWING)

    with pytest.raises(ValidationError) as raised:
        services.nomination_withdraw(nomination=sent, actor=officer)

    assert raised.value.messages == ["Hội đồng đã bắt đầu xét chọn; không rút hồ sơ được."]


def test_nomination_withdraw_refused_to_another_unit(programme, category, commune, officer, other_officer):
    sent = _submitted(programme, category, commune, actor=officer)

    with pytest.raises(PermissionDenied):
        services.nomination_withdraw(nomination=sent, actor=other_officer)

    sent.refresh_from_db()
    assert sent.status == Status.SUBMITTED


def test_nomination_add_evidence_to_a_draft(programme, category, commune, officer):
    nomination = _draft(programme, category, commune, actor=officer)

    evidence = services.nomination_add_evidence(
        nomination=nomination,
        title="Ảnh mô hình",
        file=SimpleUploadedFile("mo-hinh.png", PNG_BYTES),
        actor=officer,
        now=INSIDE,
    )

    assert (evidence.nomination, evidence.title, evidence.uploaded_by) == (nomination, "Ảnh mô hình", officer)


def test_nomination_add_evidence_refused_after_sending(programme, category, commune, officer):
    sent = _submitted(programme, category, commune, actor=officer)

    with pytest.raises(ValidationError) as raised:
        services.nomination_add_evidence(nomination=sent, title="Bổ sung", file=pdf(), actor=officer, now=INSIDE)

    assert raised.value.messages == ["Chỉ thêm minh chứng khi hồ sơ còn là bản nháp."]
    assert NominationEvidence.objects.count() == 0


# --- field verification ----------------------------------------------------------------


@pytest.fixture
def sent(programme, category, commune, officer):
    return _submitted(programme, category, commune, actor=officer)


def test_verification_assign_notifies_the_officer_once(sent, staff_user, django_capture_on_commit_callbacks):
    verifier = UserFactory(username="thamdinh")

    with django_capture_on_commit_callbacks(execute=True):
        verification = services.verification_assign(nomination=sent, officer=verifier, actor=staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.verification_assign(nomination=sent, officer=verifier, actor=staff_user)

    assert again.pk == verification.pk
    assert (verification.officer, verification.assigned_by, verification.is_done) == (verifier, staff_user, False)
    assert list(Notification.objects.filter(recipient=verifier).values_list("key", "level")) == [
        (f"awards.verification:{verification.pk}:{verifier.pk}", Notification.Level.TODO)
    ]


def test_verification_assign_hands_an_undone_visit_to_another_officer(sent, staff_user):
    first, second = UserFactory(), UserFactory()
    services.verification_assign(nomination=sent, officer=first, actor=staff_user)

    verification = services.verification_assign(nomination=sent, officer=second, actor=staff_user)

    assert (FieldVerification.objects.count(), verification.officer) == (1, second)


def test_verification_assign_refused_for_drafts_and_done_visits(programme, category, commune, officer, staff_user):
    draft = _draft(programme, category, commune, actor=officer)
    done = FieldVerificationFactory(
        nomination=_submitted(programme, category, commune, actor=officer), visited_on=datetime.date(2026, 6, 2)
    )

    with pytest.raises(ValidationError) as on_draft:
        services.verification_assign(nomination=draft, officer=UserFactory(), actor=staff_user)
    with pytest.raises(ValidationError) as on_done:
        services.verification_assign(nomination=done.nomination, officer=UserFactory(), actor=staff_user)

    assert on_draft.value.messages == ["Chỉ thẩm định hồ sơ đã gửi và đang chờ xét chọn."]
    assert on_done.value.messages == ["Hồ sơ đã được thẩm định; không giao lại được."]


def test_verification_record_by_the_assigned_officer_with_photos(sent):
    verification = FieldVerificationFactory(nomination=sent)

    recorded = services.verification_record(
        verification=verification,
        visited_on=datetime.date(2026, 6, 10),
        findings="  Mô hình đúng như hồ sơ: 4 ha cà phê, 6 lao động.  ",
        confirmed=True,
        photos=[SimpleUploadedFile("vuon.png", PNG_BYTES), SimpleUploadedFile("xuong.png", PNG_BYTES)],
        actor=verification.officer,
    )

    recorded.refresh_from_db()
    assert (recorded.visited_on, recorded.findings, recorded.confirmed, recorded.is_done) == (
        datetime.date(2026, 6, 10),
        "Mô hình đúng như hồ sơ: 4 ha cà phê, 6 lao động.",
        True,
        True,
    )
    assert recorded.photos.count() == 2


def test_verification_record_refused_to_anyone_else(sent, other_officer):
    verification = FieldVerificationFactory(nomination=sent)

    with pytest.raises(PermissionDenied):
        services.verification_record(
            verification=verification,
            visited_on=datetime.date(2026, 6, 10),
            findings="Đúng",
            confirmed=True,
            actor=other_officer,
        )


def test_verification_record_needs_date_findings_and_answer(sent, staff_user):
    verification = FieldVerificationFactory(nomination=sent)

    with pytest.raises(ValidationError) as raised:
        services.verification_record(
            verification=verification,
            visited_on=timezone.localdate() + datetime.timedelta(days=1),
            findings=" ",
            confirmed=None,
            actor=staff_user,
        )

    assert raised.value.message_dict == {
        "visited_on": ["Ngày thẩm định không được sau hôm nay."],
        "findings": ["Cần ghi kết quả thẩm định."],
        "confirmed": ["Cần xác nhận thông tin trong hồ sơ có đúng thực tế không."],
    }


def test_verification_record_with_a_bad_photo_saves_nothing(sent):
    verification = FieldVerificationFactory(nomination=sent)

    with pytest.raises(ValidationError):
        services.verification_record(
            verification=verification,
            visited_on=datetime.date(2026, 6, 10),
            findings="Đúng",
            confirmed=True,
            photos=[SimpleUploadedFile("anh.png", PDF_BYTES)],
            actor=verification.officer,
        )

    verification.refresh_from_db()
    assert (verification.visited_on, verification.photos.count()) == (None, 0)


# --- the council -----------------------------------------------------------------------


@pytest.fixture
def members(province):
    return [user_with_role(Membership.Role.COUNCIL, province, username=f"hoidong{n}") for n in range(1, 6)]


@pytest.fixture
def nominating(programme, members):
    programme.council.set(members)
    return programme


def test_programme_open_council_refused_before_the_deadline(nominating, staff_user):
    with pytest.raises(ValidationError) as raised:
        services.programme_open_council(programme=nominating, actor=staff_user, now=CLOSES)

    assert raised.value.messages == ["Chưa hết hạn gửi hồ sơ (23:59 31/08/2026); chưa mở Hội đồng được."]


def test_programme_open_council_refused_without_members(programme, staff_user):
    with pytest.raises(ValidationError) as raised:
        services.programme_open_council(programme=programme, actor=staff_user, now=AFTER)

    assert raised.value.messages == ["Chương trình chưa có thành viên Hội đồng xét chọn."]


def test_programme_open_council_notifies_members_once(
    nominating, category, commune, officer, staff_user, members, django_capture_on_commit_callbacks
):
    _submitted(nominating, category, commune, actor=officer)
    _draft(nominating, category, commune, actor=officer)

    with django_capture_on_commit_callbacks(execute=True):
        opened = services.programme_open_council(programme=nominating, actor=staff_user, now=AFTER)
    with django_capture_on_commit_callbacks(execute=True):
        services.programme_open_council(programme=nominating, actor=staff_user, now=AFTER)

    assert (opened.status, opened.council_is_open) == (AwardProgramme.Status.REVIEWING, True)
    notes = Notification.objects.filter(key=f"awards.council_open:{nominating.pk}")
    assert sorted(n.recipient_id for n in notes) == sorted(m.pk for m in members)
    assert {n.body for n in notes} == {"1 hồ sơ chờ Hội đồng xem xét và bỏ phiếu."}


def test_programme_open_council_tells_each_member_in_their_language(
    nominating, category, commune, officer, staff_user, members, django_capture_on_commit_callbacks, mailoutbox
):
    _submitted(nominating, category, commune, actor=officer)
    english = members[0]
    english.language = "en"
    english.save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        services.programme_open_council(programme=nominating, actor=staff_user, now=AFTER)

    bodies = dict(Notification.objects.filter(key__startswith="awards.council_open:").values_list("recipient", "body"))
    assert bodies.pop(english.pk) == "1 nomination(s) awaiting council review and voting."
    assert set(bodies.values()) == {"1 hồ sơ chờ Hội đồng xem xét và bỏ phiếu."}
    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert subjects.pop(english.email).endswith(f"Award council for {nominating.name} has started")
    assert {subject.split("] ", 1)[1] for subject in subjects.values()} == {
        f"Hội đồng xét chọn {nominating.name} bắt đầu"
    }


@pytest.fixture
def reviewing(members):
    return AwardProgrammeFactory(
        status=AwardProgramme.Status.REVIEWING,
        nomination_opens_at=OPENS,
        nomination_closes_at=CLOSES,
        council=members,
    )


def _under_review(programme, **kwargs):
    kwargs.setdefault("submitted_at", INSIDE)
    return NominationFactory(programme=programme, status=Status.SUBMITTED, **kwargs)


def _votes(nomination, members, *choices, scores=()):
    scores = list(scores) + [None] * (len(choices) - len(scores))
    for member, choice, score in zip(members, choices, scores, strict=False):
        CouncilVoteFactory(nomination=nomination, member=member, choice=choice, score=score)


def test_council_vote_records_a_private_vote(reviewing, members):
    nomination = _under_review(reviewing)

    vote = services.council_vote(
        nomination=nomination, actor=members[0], choice=YES, score="87.5", comment=" Mô hình tiêu biểu. "
    )

    vote.refresh_from_db()
    assert (vote.member, vote.choice, vote.score, vote.comment) == (
        members[0],
        YES,
        Decimal("87.50"),
        "Mô hình tiêu biểu.",
    )


def test_council_vote_refused_to_a_non_member(reviewing, council_member):
    nomination = _under_review(reviewing)

    with pytest.raises(PermissionDenied):
        services.council_vote(nomination=nomination, actor=council_member, choice=YES)

    assert CouncilVote.objects.count() == 0


def test_council_vote_refused_twice(reviewing, members):
    nomination = _under_review(reviewing)
    services.council_vote(nomination=nomination, actor=members[0], choice=YES)

    with pytest.raises(ValidationError) as raised:
        services.council_vote(nomination=nomination, actor=members[0], choice=NO)

    assert raised.value.messages == ["Bạn đã bỏ phiếu cho hồ sơ này."]
    assert list(CouncilVote.objects.values_list("choice", flat=True)) == [YES]


def test_council_vote_refused_after_the_close(reviewing, members, staff_user):
    nomination = _under_review(reviewing)
    services.council_close(programme=reviewing, actor=staff_user, now=AFTER)

    with pytest.raises(ValidationError) as raised:
        services.council_vote(nomination=Nomination.objects.get(pk=nomination.pk), actor=members[0], choice=YES)

    assert raised.value.messages == ["Hội đồng đã kết thúc xét chọn; không nhận thêm phiếu."]


def test_council_vote_refused_before_the_council_opens(nominating, members):
    nomination = _under_review(nominating)

    with pytest.raises(ValidationError) as raised:
        services.council_vote(nomination=nomination, actor=members[0], choice=YES)

    assert raised.value.messages == ["Hội đồng chưa bắt đầu xét chọn."]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.WITHDRAWN])
def test_council_vote_refused_on_a_nomination_not_under_review(reviewing, members, status):
    nomination = NominationFactory(programme=reviewing, status=status)

    with pytest.raises(ValidationError) as raised:
        services.council_vote(nomination=nomination, actor=members[0], choice=YES)

    assert raised.value.messages == ["Hồ sơ này không ở danh sách xét chọn."]


@pytest.mark.parametrize(
    ("score", "accepted"),
    [
        ("0", True),
        ("100", True),
        ("-0.01", False),
        ("100.01", False),
        ("101", False),
        ("chín", False),
        ("NaN", False),
        ("Infinity", False),
    ],
)
def test_council_vote_score_within_0_and_100(reviewing, members, score, accepted):
    nomination = _under_review(reviewing)

    if accepted:
        vote = services.council_vote(nomination=nomination, actor=members[0], choice=YES, score=score)
        assert vote.score == Decimal(score)
    else:
        with pytest.raises(ValidationError) as raised:
            services.council_vote(nomination=nomination, actor=members[0], choice=YES, score=score)
        assert list(raised.value.message_dict) == ["score"]
        assert CouncilVote.objects.count() == 0


def test_council_vote_top_score_rule_needs_a_score_except_to_abstain(reviewing, members):
    reviewing.approval_rule = AwardProgramme.ApprovalRule.TOP_SCORE
    reviewing.approval_top_n = 1
    reviewing.save()
    nomination = _under_review(reviewing)

    with pytest.raises(ValidationError) as raised:
        services.council_vote(nomination=nomination, actor=members[0], choice=YES)
    abstained = services.council_vote(nomination=nomination, actor=members[1], choice=ABSTAIN)

    assert raised.value.message_dict == {"score": ["Chương trình xét theo điểm: cần cho điểm hồ sơ (0–100)."]}
    assert (abstained.choice, abstained.score) == (ABSTAIN, None)


def test_council_vote_abstention_carries_no_score(reviewing, members):
    with pytest.raises(ValidationError) as raised:
        services.council_vote(nomination=_under_review(reviewing), actor=members[0], choice=ABSTAIN, score=50)

    assert raised.value.message_dict == {"score": ["Phiếu không ý kiến không kèm điểm."]}


# --- closing the council ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "choices", "approved"),
    [
        (50, (YES, YES, NO, NO), True),  # a tie reaches one half
        (51, (YES, YES, NO, NO), False),  # "more than half" is written 51
        (50, (YES, ABSTAIN, ABSTAIN, ABSTAIN), True),  # abstentions are out of the denominator
        (50, (NO, ABSTAIN, ABSTAIN, ABSTAIN, ABSTAIN), False),
        (50, (ABSTAIN, ABSTAIN, ABSTAIN), False),  # no yes or no vote at all
        (50, (), False),  # nobody voted
        (67, (YES, YES, NO), False),  # 2/3 = 66.6…% is below 67%
        (66, (YES, YES, NO), True),
        (100, (YES, YES, YES, YES, ABSTAIN), True),
        (100, (YES, YES, YES, YES, NO), False),
    ],
)
def test_council_close_vote_share_rule(reviewing, members, staff_user, share, choices, approved):
    reviewing.approval_share = share
    reviewing.save()
    nomination = _under_review(reviewing)
    _votes(nomination, members, *choices)

    rows = services.council_close(programme=reviewing, actor=staff_user, now=AFTER)

    nomination.refresh_from_db()
    assert nomination.status == (Status.APPROVED if approved else Status.NOT_APPROVED)
    assert [row.approved for row in rows] == [approved]
    assert bool(nomination.verification_code) is approved


def test_council_close_top_score_ranks_by_mean_then_yes_votes_then_earlier_submission(reviewing, members, staff_user):
    reviewing.approval_rule = AwardProgramme.ApprovalRule.TOP_SCORE
    reviewing.approval_top_n = 3
    reviewing.save()
    best = _under_review(reviewing)
    _votes(best, members, YES, YES, scores=(95, 91))  # mean 93
    more_yes = _under_review(reviewing)
    _votes(more_yes, members, YES, YES, scores=(90, 80))  # mean 85, two yes
    earlier = _under_review(reviewing, submitted_at=INSIDE - datetime.timedelta(days=3))
    _votes(earlier, members, YES, NO, scores=(95, 75))  # mean 85, one yes, sent first
    later = _under_review(reviewing, submitted_at=INSIDE)
    _votes(later, members, YES, NO, scores=(75, 95))  # mean 85, one yes, sent last
    unscored = _under_review(reviewing)
    _votes(unscored, members, ABSTAIN, ABSTAIN)

    rows = services.council_close(programme=reviewing, actor=staff_user, now=AFTER)

    approved = {row.nomination_id for row in rows if row.approved}
    assert approved == {best.pk, more_yes.pk, earlier.pk}
    assert {row.nomination_id: row.mean_score for row in rows}[unscored.pk] is None


def test_council_close_top_score_approves_fewer_when_fewer_are_scored(reviewing, members, staff_user):
    reviewing.approval_rule = AwardProgramme.ApprovalRule.TOP_SCORE
    reviewing.approval_top_n = 5
    reviewing.save()
    scored = _under_review(reviewing)
    _votes(scored, members, NO, scores=(40,))
    _under_review(reviewing)

    rows = services.council_close(programme=reviewing, actor=staff_user, now=AFTER)

    assert {row.nomination_id: row.approved for row in rows} == {scored.pk: True, rows[1].nomination_id: False}


def test_council_close_is_idempotent_and_codes_are_unique(reviewing, members, staff_user):
    nominations = [_under_review(reviewing) for _ in range(6)]
    for nomination in nominations[:4]:
        _votes(nomination, members, YES, YES, NO)
    for nomination in nominations[4:]:
        _votes(nomination, members, NO, NO, YES)

    first = services.council_close(programme=reviewing, actor=staff_user, now=AFTER)
    codes = dict(Nomination.objects.values_list("pk", "verification_code"))
    second = services.council_close(programme=reviewing, actor=staff_user, now=AFTER + datetime.timedelta(days=1))

    assert second == first
    assert dict(Nomination.objects.values_list("pk", "verification_code")) == codes
    approved_codes = [codes[n.pk] for n in nominations[:4]]
    assert len(set(approved_codes)) == 4
    assert all(len(code) == 12 and code.isalnum() for code in approved_codes)
    assert [codes[n.pk] for n in nominations[4:]] == ["", ""]
    reviewing.refresh_from_db()
    assert reviewing.council_closed_at == AFTER
    assert reviewing.certificates_issued == 4


def test_council_close_numbers_the_certificates_in_the_honour_lists_order(reviewing, members, staff_user):
    rural = AwardCategoryFactory(programme=reviewing, name="Nông thôn", order=1)
    business = AwardCategoryFactory(programme=reviewing, name="Doanh nghiệp", order=2)
    people = {
        name: _under_review(reviewing, category=category, entrepreneur=EntrepreneurFactory(full_name=name))
        for name, category in [
            ("Vì Văn Xuân", business),
            ("Lò Thị Mai", rural),
            ("Quàng Văn Bốn", rural),
            ("Mùa A Dình", business),
            ("Cầm Văn Loại", rural),
        ]
    }
    for name, nomination in people.items():
        _votes(nomination, members, *((NO, NO) if name == "Cầm Văn Loại" else (YES, YES)))

    services.council_close(programme=reviewing, actor=staff_user, now=AFTER)

    numbers = {
        n.entrepreneur.full_name: n.certificate_number
        for n in Nomination.objects.filter(programme=reviewing).select_related("entrepreneur", "programme")
    }
    assert numbers == {
        "Lò Thị Mai": "01/GCN-TĐTN",
        "Quàng Văn Bốn": "02/GCN-TĐTN",
        "Mùa A Dình": "03/GCN-TĐTN",
        "Vì Văn Xuân": "04/GCN-TĐTN",
        "Cầm Văn Loại": "",
    }
    history = Nomination.history.filter(id=people["Lò Thị Mai"].pk).latest("history_id")
    assert (history.certificate_serial, history.history_user) == (1, staff_user)


def test_council_close_leaves_drafts_and_withdrawn_alone_and_stamps_history(reviewing, members, staff_user):
    draft = NominationFactory(programme=reviewing)
    withdrawn = NominationFactory(programme=reviewing, status=Status.WITHDRAWN)
    nomination = _under_review(reviewing)
    _votes(nomination, members, YES)

    services.council_close(programme=reviewing, actor=staff_user, now=AFTER)

    assert dict(Nomination.objects.values_list("pk", "status")) == {
        draft.pk: Status.DRAFT,
        withdrawn.pk: Status.WITHDRAWN,
        nomination.pk: Status.APPROVED,
    }
    decided = nomination.history.get(status=Status.APPROVED)
    assert (decided.history_date, decided.history_user) == (AFTER, staff_user)


def test_council_close_tells_the_nominating_units(
    reviewing, members, staff_user, commune, officer, other_commune, other_officer, django_capture_on_commit_callbacks
):
    honoured = _under_review(reviewing, unit=commune)
    _votes(honoured, members, YES)
    _under_review(reviewing, unit=commune)
    _under_review(reviewing, unit=other_commune)

    with django_capture_on_commit_callbacks(execute=True):
        services.council_close(programme=reviewing, actor=staff_user, now=AFTER)

    assert {n.recipient.username: n.body for n in Notification.objects.select_related("recipient")} == {
        "officer": "Đoàn phường Tô Hiệu: 1/2 hồ sơ được Hội đồng đề nghị tuyên dương.",
        "other-officer": "Đoàn xã Mường La: 0/1 hồ sơ được Hội đồng đề nghị tuyên dương.",
    }


def test_council_close_refused_before_the_council_opens(nominating, staff_user):
    with pytest.raises(ValidationError) as raised:
        services.council_close(programme=nominating, actor=staff_user, now=AFTER)

    assert raised.value.messages == ["Hội đồng chưa bắt đầu xét chọn."]


# --- decision and honour roll ----------------------------------------------------------


@pytest.fixture
def closed(reviewing, members, staff_user):
    _votes(_under_review(reviewing), members, YES)
    services.council_close(programme=reviewing, actor=staff_user, now=AFTER)
    reviewing.refresh_from_db()
    return reviewing


def test_programme_record_decision(closed, staff_user):
    decided = services.programme_record_decision(
        programme=closed, number=" 215-QĐ/TĐTN ", date=datetime.date(2026, 10, 5), actor=staff_user
    )

    decided.refresh_from_db()
    assert (decided.status, decided.decision_number, decided.decision_date) == (
        AwardProgramme.Status.DECIDED,
        "215-QĐ/TĐTN",
        datetime.date(2026, 10, 5),
    )


def test_programme_record_decision_needs_the_council_closed(reviewing, staff_user):
    with pytest.raises(ValidationError) as raised:
        services.programme_record_decision(
            programme=reviewing, number="215-QĐ/TĐTN", date=datetime.date(2026, 10, 5), actor=staff_user
        )

    assert raised.value.messages == ["Hội đồng chưa kết thúc xét chọn; chưa ghi quyết định được."]


def test_programme_record_decision_needs_a_number_and_a_date_after_the_council(closed, staff_user):
    with pytest.raises(ValidationError) as raised:
        services.programme_record_decision(
            programme=closed, number="  ", date=datetime.date(2026, 9, 4), actor=staff_user
        )

    assert raised.value.message_dict == {
        "decision_number": ["Cần ghi số quyết định."],
        "decision_date": ["Ngày quyết định không được trước ngày Hội đồng kết thúc (05/09/2026)."],
    }
    closed.refresh_from_db()
    assert closed.status == AwardProgramme.Status.REVIEWING


def test_programme_record_decision_is_for_staff(closed, council_member):
    with pytest.raises(PermissionDenied):
        services.programme_record_decision(
            programme=closed, number="215-QĐ/TĐTN", date=datetime.date(2026, 10, 5), actor=council_member
        )


def test_honour_roll_publish_needs_the_council_closed(reviewing, staff_user):
    with pytest.raises(ValidationError) as raised:
        services.honour_roll_publish(programme=reviewing, actor=staff_user, now=AFTER)

    assert raised.value.messages == ["Hội đồng chưa kết thúc xét chọn; chưa công bố danh sách được."]


def test_honour_roll_publish_is_idempotent(closed, staff_user):
    first = AFTER + datetime.timedelta(days=40)

    services.honour_roll_publish(programme=closed, actor=staff_user, now=first)
    published = services.honour_roll_publish(
        programme=closed, actor=staff_user, now=first + datetime.timedelta(hours=1)
    )

    assert published.honour_roll_published_at == first
    closed.refresh_from_db()
    assert closed.honour_roll_published_at == first
