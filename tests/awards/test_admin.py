"""Award programmes in the admin: staff set programmes up and run the council's steps;
nominations, verifications and votes are read-only; votes stay hidden until the close."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from awards.models import AwardProgramme, CouncilVote, Nomination
from tests.admin_forms import admin_change_data
from tests.awards.factories import (
    AwardProgrammeFactory,
    CouncilVoteFactory,
    FieldVerificationFactory,
    NominationEvidenceFactory,
    NominationFactory,
)
from tests.factories import UserFactory, user_with_role
from tests.ventures.factories import PDF_BYTES

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
MODELS = ["awardprogramme", "nomination", "fieldverification", "councilvote"]


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _split(moment: datetime.datetime) -> tuple[str, str]:
    local = moment.astimezone(HCM)
    return local.strftime("%d/%m/%Y"), local.strftime("%H:%M:%S")


# --- who enters ------------------------------------------------------------------------


def test_admin_index_lists_the_award_models_for_staff(staff_client):
    response = staff_client.get(reverse("admin:index"))

    content = response.content.decode()
    assert response.status_code == 200
    for model in MODELS:
        assert reverse(f"admin:awards_{model}_changelist") in content


@pytest.mark.parametrize("user_fixture", ["officer", "council_member"])
@pytest.mark.parametrize("model", MODELS)
def test_admin_award_pages_are_closed_to_other_roles(client, request, user_fixture, model):
    client.force_login(request.getfixturevalue(user_fixture))
    url = reverse(f"admin:awards_{model}_changelist")

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={url}"


def test_admin_staff_flag_without_the_staff_role_is_refused(client, province):
    outsider = UserFactory(username="la-mat", is_staff=True)
    client.force_login(outsider)

    response = client.get(reverse("admin:awards_awardprogramme_changelist"))

    assert response.status_code == 403


# --- setting a programme up ------------------------------------------------------------


def test_admin_programme_add_with_categories_council_and_guideline(staff_client, staff_user, province):
    members = [user_with_role(Membership.Role.COUNCIL, province, username=f"hd{n}") for n in range(3)]
    opens_d, opens_t = _split(datetime.datetime(2027, 3, 15, tzinfo=HCM))
    closes_d, closes_t = _split(datetime.datetime(2027, 8, 31, 23, 59, tzinfo=HCM))
    data = {
        "owner": str(province.pk),
        "name": "Tuyên dương Thanh niên làm kinh tế giỏi năm 2027",
        "year": "2027",
        "slug": "tuyen-duong-2027",
        "status": AwardProgramme.Status.NOMINATING,
        "description": "",
        "guideline_document": SimpleUploadedFile("huong-dan.pdf", PDF_BYTES, content_type="application/pdf"),
        "nomination_opens_at_0": opens_d,
        "nomination_opens_at_1": opens_t,
        "nomination_closes_at_0": closes_d,
        "nomination_closes_at_1": closes_t,
        "quota_per_unit": "2",
        "min_age": "18",
        "max_age": "35",
        "age_reference_date": "31/08/2027",
        "min_years_in_operation": "2",
        "min_annual_revenue": "",
        "min_jobs": "5",
        "require_no_violations": "on",
        "council": [str(m.pk) for m in members],
        "approval_rule": AwardProgramme.ApprovalRule.VOTE_SHARE,
        "approval_share": "51",
        "approval_top_n": "",
        "decision_number": "",
        "decision_date": "",
        "ceremony_date": "15/10/2027",
        "ceremony_place": "Hội trường Tỉnh đoàn",
        "categories-TOTAL_FORMS": "2",
        "categories-INITIAL_FORMS": "0",
        "categories-MIN_NUM_FORMS": "0",
        "categories-MAX_NUM_FORMS": "1000",
        "categories-0-order": "1",
        "categories-0-name": "Thanh niên nông thôn làm kinh tế giỏi",
        "categories-1-order": "2",
        "categories-1-name": "Chủ doanh nghiệp, hợp tác xã trẻ",
        "_save": "Lưu",
    }

    response = staff_client.post(reverse("admin:awards_awardprogramme_add"), data)

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    programme = AwardProgramme.objects.get(slug="tuyen-duong-2027")
    assert (programme.created_by, programme.min_jobs, programme.min_annual_revenue) == (staff_user, 5, None)
    assert programme.owner == province
    assert programme.approval_share == 51
    assert programme.guideline_document.name.startswith("awards/2027/guideline/huong-dan")
    assert sorted(programme.council.values_list("pk", flat=True)) == sorted(m.pk for m in members)
    assert list(programme.categories.values_list("name", flat=True)) == [
        "Thanh niên nông thôn làm kinh tế giỏi",
        "Chủ doanh nghiệp, hợp tác xã trẻ",
    ]


def test_admin_programme_change_page_has_the_council_picker(staff_client):
    programme = AwardProgrammeFactory()

    response = staff_client.get(reverse("admin:awards_awardprogramme_change", args=[programme.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_council"' in content
    assert "SelectFilter" in content or "selectfilter" in content
    assert 'name="categories-TOTAL_FORMS"' in content


def test_admin_programme_rule_is_frozen_once_the_council_sits(staff_client):
    programme = AwardProgrammeFactory(status=AwardProgramme.Status.REVIEWING)

    response = staff_client.get(reverse("admin:awards_awardprogramme_change", args=[programme.pk]))

    content = response.content.decode()
    assert 'name="approval_share"' not in content
    assert 'name="approval_rule"' not in content
    assert 'name="name"' in content


# --- the council's steps as actions ----------------------------------------------------


def test_admin_actions_close_the_council_and_publish(staff_client, province):
    member = user_with_role(Membership.Role.COUNCIL, province, username="hd")
    programme = AwardProgrammeFactory(status=AwardProgramme.Status.REVIEWING, council=[member])
    nomination = NominationFactory(programme=programme, status=Nomination.Status.SUBMITTED)
    CouncilVoteFactory(nomination=nomination, member=member)
    url = reverse("admin:awards_awardprogramme_changelist")

    closed = staff_client.post(url, {"action": "close_council", "_selected_action": [programme.pk]}, follow=True)
    published = staff_client.post(
        url, {"action": "publish_honour_roll", "_selected_action": [programme.pk]}, follow=True
    )

    assert _messages(closed) == ["Đã kết thúc Hội đồng: 1 chương trình."]
    assert _messages(published) == ["Đã công bố danh sách: 1 chương trình."]
    nomination.refresh_from_db()
    programme.refresh_from_db()
    assert nomination.status == Nomination.Status.APPROVED
    assert programme.honour_roll_published_at is not None


def test_admin_action_reports_a_refusal(staff_client):
    programme = AwardProgrammeFactory(nomination_closes_at=timezone.now() + datetime.timedelta(days=3))
    url = reverse("admin:awards_awardprogramme_changelist")

    response = staff_client.post(url, {"action": "open_council", "_selected_action": [programme.pk]}, follow=True)

    [message] = _messages(response)
    assert message.startswith(f"{programme.name}: Chưa hết hạn gửi hồ sơ")
    programme.refresh_from_db()
    assert programme.status == AwardProgramme.Status.NOMINATING


# --- nominations and verifications to read ---------------------------------------------


def test_admin_nomination_is_read_only_with_its_evidence(staff_client):
    evidence = NominationEvidenceFactory()
    url = reverse("admin:awards_nomination_change", args=[evidence.nomination.pk])

    page = staff_client.get(url)
    posted = staff_client.post(url, {"status": Nomination.Status.APPROVED})

    content = page.content.decode()
    assert page.status_code == 200
    assert evidence.title in content
    assert 'name="_save"' not in content
    assert posted.status_code == 403
    evidence.nomination.refresh_from_db()
    assert evidence.nomination.status == Nomination.Status.DRAFT
    assert staff_client.get(reverse("admin:awards_nomination_add")).status_code == 403


def test_admin_nomination_history_cannot_be_reverted(staff_client):
    nomination = NominationFactory()
    record = nomination.history.latest()
    url = reverse("admin:awards_nomination_simple_history", args=[nomination.pk, record.history_id])

    assert staff_client.post(url, {}).status_code == 403


def test_admin_verification_page_opens_for_staff(staff_client):
    verification = FieldVerificationFactory(findings="Đúng thực tế", visited_on=datetime.date(2026, 6, 1))

    response = staff_client.get(reverse("admin:awards_fieldverification_change", args=[verification.pk]))

    assert response.status_code == 200
    assert "Đúng thực tế" in response.content.decode()


# --- votes ------------------------------------------------------------------------------


def test_admin_votes_are_hidden_until_the_council_closes(staff_client):
    open_vote = CouncilVoteFactory(
        nomination__programme=AwardProgrammeFactory(status=AwardProgramme.Status.REVIEWING), comment="Bí mật"
    )
    closed_vote = CouncilVoteFactory(
        nomination__programme=AwardProgrammeFactory(
            status=AwardProgramme.Status.DECIDED, council_closed_at=timezone.now()
        ),
        choice=CouncilVote.Choice.NO,
    )

    listing = staff_client.get(reverse("admin:awards_councilvote_changelist"))
    hidden = staff_client.get(reverse("admin:awards_councilvote_change", args=[open_vote.pk]))
    shown = staff_client.get(reverse("admin:awards_councilvote_change", args=[closed_vote.pk]))

    assert list(listing.context["cl"].result_list) == [closed_vote]
    assert hidden.status_code == 302  # the admin treats a row outside the queryset as missing
    assert shown.status_code == 200
    assert 'name="_save"' not in shown.content.decode()
    assert staff_client.post(reverse("admin:awards_councilvote_change", args=[closed_vote.pk]), {}).status_code == 403


# --- list pages cost the same whatever their length ------------------------------------


def _programme_row(n):
    AwardProgrammeFactory(year=2020 + n)


def _nomination_row(n):
    NominationFactory()


def _verification_row(n):
    FieldVerificationFactory()


def _vote_row(n):
    CouncilVoteFactory(nomination__programme=AwardProgrammeFactory(council_closed_at=timezone.now()))


@pytest.mark.parametrize(
    ("model", "make"),
    [
        ("awardprogramme", _programme_row),
        ("nomination", _nomination_row),
        ("fieldverification", _verification_row),
        ("councilvote", _vote_row),
    ],
)
def test_admin_changelist_query_count_does_not_grow(staff_client, model, make):
    url = reverse(f"admin:awards_{model}_changelist")
    make(0)
    staff_client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as one:
        first = staff_client.get(url)
    for n in range(1, 8):
        make(n)

    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(url)

    assert (first.status_code, response.status_code) == (200, 200)
    assert len(first.context["cl"].result_list) == 1
    assert len(response.context["cl"].result_list) == 8
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


def test_admin_programme_approval_share_is_a_percentage(staff_client):
    programme = AwardProgrammeFactory(approval_share=50)

    response = staff_client.get(reverse("admin:awards_awardprogramme_change", args=[programme.pk]))

    content = response.content.decode()
    assert "Tỷ lệ tán thành tối thiểu (%)" in content
    assert 'name="approval_share" value="50"' in content


@pytest.mark.parametrize("share", ["0", "0.5", "101"])
def test_admin_programme_approval_share_out_of_range_is_refused(staff_client, share):
    programme = AwardProgrammeFactory(approval_share=50)
    url = reverse("admin:awards_awardprogramme_change", args=[programme.pk])
    data = {**admin_change_data(staff_client, url), "approval_share": share}

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "approval_share" in response.context["adminform"].form.errors
    programme.refresh_from_db()
    assert programme.approval_share == 50


def test_admin_programme_approval_share_saved_as_typed(staff_client):
    programme = AwardProgrammeFactory(approval_share=50)
    url = reverse("admin:awards_awardprogramme_change", args=[programme.pk])

    response = staff_client.post(url, {**admin_change_data(staff_client, url), "approval_share": "51"})

    assert response.status_code == 302, response.context["adminform"].form.errors
    programme.refresh_from_db()
    assert programme.approval_share == 51
