"""The award council through the test client: a member's ballot and votes, privacy until the
close, staff opening and closing the council, the tally and the decision, and who gets a
403 or a 404."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from awards.models import AwardProgramme, CouncilVote, Nomination
from tests import samples
from tests.awards.factories import (
    AwardCategoryFactory,
    AwardProgrammeFactory,
    CouncilVoteFactory,
    FieldVerificationFactory,
    NominationEvidenceFactory,
    NominationFactory,
)
from tests.factories import user_with_role
from tests.ventures.factories import EntrepreneurFactory, VentureFactory

pytestmark = pytest.mark.django_db

PNG_BYTES = samples.png_bytes()
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def second_member(province):
    return user_with_role(Membership.Role.COUNCIL, province, username="council-2", full_name="Trần Thị Hai")


def reviewing_programme(*, council, **kwargs) -> AwardProgramme:
    """A programme whose nominations closed yesterday and whose council is voting."""
    now = timezone.now()
    values = {
        "name": "Tuyên dương Thanh niên làm kinh tế giỏi 2026",
        "status": AwardProgramme.Status.REVIEWING,
        "nomination_opens_at": now - datetime.timedelta(days=30),
        "nomination_closes_at": now - datetime.timedelta(days=1),
        "council": council,
    }
    values.update(kwargs)
    return AwardProgrammeFactory(**values)


@pytest.fixture
def programme(council_member, second_member):
    return reviewing_programme(council=[council_member, second_member])


@pytest.fixture
def category(programme):
    return AwardCategoryFactory(programme=programme, name="Thanh niên nông thôn làm kinh tế giỏi")


def sent(programme, category, unit, **kwargs) -> Nomination:
    return NominationFactory(
        programme=programme, category=category, unit=unit, status=Nomination.Status.SUBMITTED, **kwargs
    )


@pytest.fixture
def nomination(programme, category, commune):
    person = EntrepreneurFactory(full_name="Lò Thị Hoa", unit=commune)
    return sent(programme, category, commune, entrepreneur=person, scale="20 ha chè")


@pytest.fixture
def member_client(client, council_member):
    client.force_login(council_member)
    return client


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _ballot_url(programme) -> str:
    return reverse("awards:council-ballot", args=[programme.pk])


def _vote_url(nomination) -> str:
    return reverse("awards:council-vote", args=[nomination.pk])


def _vote(nomination, choice="yes", **extra) -> dict:
    prefix = f"n{nomination.pk}"
    return {f"{prefix}-choice": choice} | {f"{prefix}-{key}": value for key, value in extra.items()}


def _text(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- the ballot and votes ---------------------------------------------------------------


def test_ballot_shows_the_nominations_side_by_side(member_client, programme, category, commune, nomination):
    NominationEvidenceFactory(nomination=nomination, title="Giấy chứng nhận HTX")
    verification = FieldVerificationFactory(
        nomination=nomination, visited_on=datetime.date(2026, 9, 1), findings="Vườn chè đúng 20 ha.", confirmed=True
    )
    verification.photos.create(file=SimpleUploadedFile("vuon.png", PNG_BYTES))
    NominationFactory(
        programme=programme,
        category=category,
        unit=commune,
        entrepreneur=EntrepreneurFactory(full_name="Bản Nháp Chưa Gửi", unit=commune),
    )

    response = member_client.get(_ballot_url(programme))

    html = _text(response)
    assert [card["nomination"] for card in response.context["cards"]] == [nomination]
    assert "Lò Thị Hoa" in html
    assert "20 ha chè" in html
    assert "Giấy chứng nhận HTX" in html
    assert "Vườn chè đúng 20 ha." in html
    assert reverse("awards:verification-photo", args=[verification.photos.get().pk]) in html
    assert "Bản Nháp Chưa Gửi" not in html  # drafts stay with their unit
    assert f'hx-post="{_vote_url(nomination)}"' in html
    assert f'name="n{nomination.pk}-score"' not in html  # the programme decides by vote share


def test_member_votes_once_and_a_second_vote_is_refused(member_client, council_member, programme, nomination):
    first = member_client.post(
        _vote_url(nomination), _vote(nomination, "yes", comment="Mô hình tiêu biểu"), follow=True
    )
    second = member_client.post(_vote_url(nomination), _vote(nomination, "no"), follow=True)

    vote = CouncilVote.objects.get()
    assert (vote.member, vote.choice, vote.comment) == (council_member, "yes", "Mô hình tiêu biểu")
    assert _messages(first) == ["Đã ghi phiếu của bạn."]
    assert _messages(second) == ["Bạn đã bỏ phiếu cho hồ sơ này."]
    assert 'data-my-vote="yes"' in _text(second)


def test_vote_through_htmx_redraws_the_card(member_client, programme, nomination):
    response = member_client.post(_vote_url(nomination), _vote(nomination, "abstain"), **HTMX)

    html = _text(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert f'data-ballot-card="{nomination.pk}"' in html
    assert 'data-my-vote="abstain"' in html
    assert "Đã ghi phiếu của bạn." in html


def test_vote_without_a_choice_keeps_the_form_with_its_error(member_client, programme, nomination):
    response = member_client.post(_vote_url(nomination), {}, **HTMX)

    assert response.context["card"]["form"].errors["choice"] == ["Trường này là bắt buộc."]
    assert not CouncilVote.objects.exists()


def test_top_score_programme_asks_for_a_score(council_member, member_client, commune):
    programme = reviewing_programme(
        council=[council_member], approval_rule=AwardProgramme.ApprovalRule.TOP_SCORE, approval_top_n=1
    )
    nomination = sent(programme, AwardCategoryFactory(programme=programme), commune)

    page = member_client.get(_ballot_url(programme))
    missing = member_client.post(_vote_url(nomination), _vote(nomination, "yes"), **HTMX)
    scored = member_client.post(_vote_url(nomination), _vote(nomination, "yes", score="87.5"), **HTMX)

    assert f'name="n{nomination.pk}-score"' in _text(page)
    assert missing.context["card"]["form"].errors["score"] == [
        "Chương trình xét theo điểm: cần cho điểm hồ sơ (0–100)."
    ]
    assert scored.status_code == 200
    assert CouncilVote.objects.get().score == Decimal("87.5")


def test_member_does_not_see_other_votes_before_the_close(
    member_client, second_member, staff_user, programme, nomination
):
    CouncilVoteFactory(nomination=nomination, member=second_member, choice="no", comment="Lý do riêng của Hai")

    before = member_client.get(_ballot_url(programme))

    html = _text(before)
    assert "Lý do riêng của Hai" not in html
    assert "data-tally" not in html
    (card,) = before.context["cards"]
    assert card["vote"] is None
    assert card["tally"] is None
    assert card["form"] is not None

    # Staff close the council; the member now sees the whole council's tally.
    staff = Client()
    staff.force_login(staff_user)
    staff.post(reverse("awards:council-close", args=[programme.pk]))
    after = member_client.get(_ballot_url(programme))

    (card,) = after.context["cards"]
    assert (card["tally"].yes, card["tally"].no) == (0, 1)
    assert card["form"] is None
    assert "data-tally" in _text(after)


def test_vote_after_the_close_is_refused(member_client, programme, nomination):
    programme.council_closed_at = timezone.now()
    programme.save()

    response = member_client.post(_vote_url(nomination), _vote(nomination, "yes"), follow=True)

    assert not CouncilVote.objects.exists()
    assert _messages(response) == ["Hội đồng đã kết thúc xét chọn; không nhận thêm phiếu."]


# --- other programmes, other roles ------------------------------------------------------


@pytest.fixture
def other_council_member(province):
    member = user_with_role(Membership.Role.COUNCIL, province, username="council-khac")
    reviewing_programme(council=[member], name="Giải thưởng Lương Định Của 2026")
    return member


def test_council_member_of_another_programme_gets_404(client, other_council_member, programme, nomination):
    evidence = NominationEvidenceFactory(nomination=nomination)
    client.force_login(other_council_member)

    assert client.get(_ballot_url(programme)).status_code == 404
    assert client.post(_vote_url(nomination), _vote(nomination, "yes")).status_code == 404
    assert client.get(nomination.get_absolute_url()).status_code == 404
    assert client.get(reverse("awards:nomination-evidence-download", args=[evidence.pk])).status_code == 404
    assert client.get(programme.get_absolute_url()).status_code == 404
    assert not CouncilVote.objects.exists()


def test_council_member_reads_the_evidence_of_their_programme(member_client, nomination):
    evidence = NominationEvidenceFactory(nomination=nomination)

    response = member_client.get(reverse("awards:nomination-evidence-download", args=[evidence.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_staff_who_do_not_sit_on_the_council_cannot_vote(staff_client, programme, nomination):
    assert staff_client.get(_ballot_url(programme)).status_code == 404
    assert staff_client.post(_vote_url(nomination), _vote(nomination, "yes")).status_code == 403


@pytest.mark.parametrize("role", ["officer", "judge", "council_member"])
@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("awards:council-open", "post"),
        ("awards:council-close", "post"),
        ("awards:council-tally", "get"),
        ("awards:programme-decision", "get"),
        ("awards:programme-decision", "post"),
    ],
)
def test_officers_judges_and_members_get_403_on_staff_pages(client, request, role, name, method, programme):
    client.force_login(request.getfixturevalue(role))

    response = getattr(client, method)(reverse(name, args=[programme.pk]))

    assert response.status_code == 403
    programme.refresh_from_db()
    assert programme.council_closed_at is None


# --- staff: open, close, tally, decision -----------------------------------------------


def test_staff_open_the_council_after_the_deadline(staff_client, council_member, commune):
    programme = reviewing_programme(council=[council_member], status=AwardProgramme.Status.NOMINATING)

    response = staff_client.post(reverse("awards:council-open", args=[programme.pk]), follow=True)

    programme.refresh_from_db()
    assert programme.status == AwardProgramme.Status.REVIEWING
    assert _messages(response) == ["Hội đồng xét chọn đã bắt đầu; các thành viên đã được thông báo."]


def test_staff_close_the_council_and_read_the_tally(
    staff_client, council_member, second_member, programme, category, commune, nomination
):
    weak = sent(programme, category, commune, entrepreneur=EntrepreneurFactory(full_name="Vì Văn Yếu", unit=commune))
    for member in (council_member, second_member):
        CouncilVoteFactory(nomination=nomination, member=member, choice="yes")
        CouncilVoteFactory(nomination=weak, member=member, choice="no")
    tally_url = reverse("awards:council-tally", args=[programme.pk])
    before = staff_client.get(tally_url)
    assert "data-approved" not in _text(before)
    assert [m["votes"] for m in before.context["members"]] == [2, 2]

    response = staff_client.post(reverse("awards:council-close", args=[programme.pk]), follow=True)

    programme.refresh_from_db()
    nomination.refresh_from_db()
    weak.refresh_from_db()
    assert programme.council_closed_at is not None
    assert (nomination.status, weak.status) == (Nomination.Status.APPROVED, Nomination.Status.NOT_APPROVED)
    assert response.redirect_chain[-1][0] == tally_url
    assert _messages(response) == ["Hội đồng đã kết thúc xét chọn: 1/2 hồ sơ được chọn tuyên dương."]
    rows = {r.nomination_id: r for r in response.context["rows"]}
    assert (rows[nomination.pk].yes, rows[nomination.pk].approved) == (2, True)
    assert (rows[weak.pk].no, rows[weak.pk].approved) == (2, False)
    assert f'data-nomination="{nomination.pk}" class="table-success"' in _text(response)


def test_staff_record_the_decision(staff_client, programme):
    programme.council_closed_at = timezone.now() - datetime.timedelta(days=1)
    programme.save()
    url = reverse("awards:programme-decision", args=[programme.pk])
    day = timezone.localdate()

    response = staff_client.post(
        url,
        {
            "decision_number": "125-QĐ/TĐTN",
            "decision_date": day.isoformat(),
            "signer_name": " Lò  Văn Hưng ",
            "signer_title": "Bí thư",
        },
        follow=True,
    )

    programme.refresh_from_db()
    assert (programme.decision_number, programme.decision_date) == ("125-QĐ/TĐTN", day)
    assert (programme.signer_name, programme.signer_title) == ("Lò Văn Hưng", "Bí thư")
    assert programme.status == AwardProgramme.Status.DECIDED
    assert "125-QĐ/TĐTN" in _text(response)


def test_decision_before_the_close_is_refused(staff_client, programme):
    response = staff_client.post(
        reverse("awards:programme-decision", args=[programme.pk]),
        {
            "decision_number": "125-QĐ/TĐTN",
            "decision_date": timezone.localdate().isoformat(),
            "signer_name": "Lò Văn Hưng",
            "signer_title": "Bí thư",
        },
    )

    programme.refresh_from_db()
    assert response.context["form"].non_field_errors() == [
        "Hội đồng chưa kết thúc xét chọn; chưa ghi quyết định được."
    ]
    assert programme.decision_number == ""


# --- home and query counts --------------------------------------------------------------


def test_home_panel_shows_the_members_progress(
    member_client, council_member, programme, category, commune, nomination
):
    sent(programme, category, commune)
    CouncilVoteFactory(nomination=nomination, member=council_member)

    html = _text(member_client.get(reverse("home")))

    assert 'data-panel="award-council"' in html
    assert "đã bỏ phiếu 1/2 hồ sơ" in html
    assert reverse("awards:programme-list") in html  # the navbar item


def _fill(programme, category, unit, count, member, other):
    for n in range(count):
        nomination = sent(programme, category, unit, venture=VentureFactory(unit=unit))
        NominationEvidenceFactory(nomination=nomination)
        verification = FieldVerificationFactory(
            nomination=nomination, visited_on=datetime.date(2026, 9, 1), findings="Đúng", confirmed=True
        )
        verification.photos.create(file=SimpleUploadedFile("anh.png", PNG_BYTES))
        CouncilVoteFactory(nomination=nomination, member=other, choice="no")
        if n % 2:
            CouncilVoteFactory(nomination=nomination, member=member, choice="yes")


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("closed", [False, True])
def test_ballot_costs_fixed_queries(
    member_client, council_member, second_member, programme, category, commune, closed, django_assert_max_num_queries
):
    if closed:
        programme.council_closed_at = timezone.now()
        programme.save()
    url = _ballot_url(programme)
    _fill(programme, category, commune, 1, council_member, second_member)
    _queries_for(member_client, url)  # warm-up
    one = _queries_for(member_client, url)
    _fill(programme, category, commune, 14, council_member, second_member)

    with django_assert_max_num_queries(one):
        response = member_client.get(url)

    assert len(response.context["cards"]) == 15


def test_tally_costs_fixed_queries(
    staff_client, council_member, second_member, programme, category, commune, django_assert_max_num_queries
):
    url = reverse("awards:council-tally", args=[programme.pk])
    _fill(programme, category, commune, 1, council_member, second_member)
    _queries_for(staff_client, url)
    one = _queries_for(staff_client, url)
    _fill(programme, category, commune, 14, council_member, second_member)

    with django_assert_max_num_queries(one):
        response = staff_client.get(url)

    assert len(response.context["rows"]) == 15


def test_member_pages_render(member_client, programme, nomination):
    urls = [reverse("awards:programme-list"), programme.get_absolute_url(), nomination.get_absolute_url()]

    responses = [member_client.get(url) for url in urls]

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert _ballot_url(programme) in _text(responses[0])
    assert _ballot_url(programme) in _text(responses[1])
    # A member reads the nomination but none of the unit's actions or its history.
    detail = responses[2].context
    assert (detail["can_edit"], detail["can_submit"], detail["can_withdraw"], detail["history"]) == (
        False,
        False,
        False,
        [],
    )


def test_ballot_before_the_council_opens_is_read_only(member_client, council_member, commune):
    programme = reviewing_programme(council=[council_member], status=AwardProgramme.Status.NOMINATING)
    sent(programme, AwardCategoryFactory(programme=programme), commune)

    response = member_client.get(_ballot_url(programme))

    (card,) = response.context["cards"]
    assert card["form"] is None
    assert 'data-council="pending"' in _text(response)


def test_staff_decision_page_renders(staff_client, programme):
    programme.council_closed_at = timezone.now()
    programme.save()

    response = staff_client.get(reverse("awards:programme-decision", args=[programme.pk]))

    assert response.status_code == 200
    assert response.context["form"].initial["decision_date"] == timezone.localdate()


@pytest.mark.parametrize(("share", "shown"), [(50, "từ 50% số phiếu"), (51, "từ 51% số phiếu")])
def test_tally_states_the_approval_share_as_a_percentage(staff_client, programme, share, shown):
    programme.approval_share = share
    programme.save()

    response = staff_client.get(reverse("awards:council-tally", args=[programme.pk]))

    assert response.status_code == 200
    assert shown in _text(response)
