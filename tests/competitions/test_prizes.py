"""Prizes after the final, capital support marks, certificates and publication of results."""

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from competitions import selectors, services
from competitions.forms.prizes import PrizeAssignmentForm
from competitions.models import Award, Contest, Entry, RoundResult, TeamMember
from tests.competitions.factories import ContestFactory, EntryFactory, PrizeTierFactory, RoundFactory
from tests.pdfs import flat, page_images, pdf_pages, qr_codes
from tests.ventures.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db

PDFTOTEXT = "/usr/bin/pdftotext"


def add_finalist(contest, final, *, code: str, rank: int | None, unit=None, **kwargs) -> Entry:
    extra = {"unit": unit} if unit is not None else {}
    entry = EntryFactory(
        contest=contest, code=code, status=Entry.Status.FINISHED, round=final, capital_needed=0, **extra, **kwargs
    )
    if rank is not None:
        RoundResult.objects.create(
            round=final, entry=entry, rank=rank, mean=Decimal(90 - rank), outcome=RoundResult.Outcome.FINALIST
        )
    return entry


@pytest.fixture
def final(commune, other_commune):
    """A contest whose final is decided: three finalists ranked 003, 001, 002, and one eliminated entry."""
    contest = ContestFactory(name="Cuộc thi Dự án, ý tưởng khởi nghiệp lần thứ IV", slug="y-tuong-2026")
    now = timezone.now()
    preliminary = RoundFactory(contest=contest, order=1, decided_at=now, status="closed")
    final_round = RoundFactory(contest=contest, order=2, name="Chung kết", is_live=True, decided_at=now)
    lead = EntrepreneurFactory(full_name="Lò Thị Mai", unit=commune)
    second = add_finalist(contest, final_round, code="2026-001", rank=2, unit=commune)
    third = add_finalist(contest, final_round, code="2026-002", rank=3, unit=other_commune)
    first = add_finalist(
        contest, final_round, code="2026-003", rank=1, unit=commune, lead=lead, title="Trà shan tuyết Tà Xùa"
    )
    TeamMember.objects.create(entry=first, entrepreneur=EntrepreneurFactory(full_name="Quàng Văn Nam"))
    out = EntryFactory(contest=contest, code="2026-004", status=Entry.Status.ELIMINATED, round=preliminary)
    RoundResult.objects.create(round=preliminary, entry=out, rank=4, outcome=RoundResult.Outcome.ELIMINATED)
    tiers = {
        "nhat": PrizeTierFactory(contest=contest, name="Giải Nhất", rank=1, count=1, amount=10_000_000),
        "nhi": PrizeTierFactory(contest=contest, name="Giải Nhì", rank=2, count=1, amount=5_000_000),
        "kk": PrizeTierFactory(contest=contest, name="Giải Khuyến khích", rank=4, count=2, amount=1_000_000),
    }
    return {"contest": contest, "round": final_round, "entries": (first, second, third), "out": out, "tiers": tiers}


def awards_of(contest) -> dict[str, str]:
    return dict(Award.objects.filter(tier__contest=contest).values_list("entry__code", "tier__name"))


# --- services ---------------------------------------------------------------------------


def test_finalists_come_in_final_ranking_order(final):
    rows = selectors.contest_finalists(contest=final["contest"])

    assert [(r["code"], r["final_rank"]) for r in rows] == [("2026-003", 1), ("2026-001", 2), ("2026-002", 3)]
    assert rows[0]["lead_name"] == "Lò Thị Mai"


def test_award_set_gives_replaces_and_removes_prizes(final, staff_user):
    first, second, third = final["entries"]
    tiers = final["tiers"]

    services.award_set(
        contest=final["contest"],
        assignments={first.pk: tiers["nhat"].pk, second.pk: tiers["nhi"].pk, third.pk: tiers["kk"].pk},
        actor=staff_user,
    )
    services.award_set(
        contest=final["contest"], assignments={second.pk: tiers["kk"].pk, third.pk: None}, actor=staff_user
    )

    assert awards_of(final["contest"]) == {"2026-003": "Giải Nhất", "2026-001": "Giải Khuyến khích"}
    assert Award.objects.get(entry=second).awarded_by == staff_user


def test_award_set_refuses_more_awards_than_the_count_and_writes_nothing(final, staff_user):
    first, second, third = final["entries"]
    nhat = final["tiers"]["nhat"]

    with pytest.raises(ValidationError) as error:
        services.award_set(
            contest=final["contest"], assignments={first.pk: nhat.pk, second.pk: nhat.pk}, actor=staff_user
        )

    assert error.value.messages == ["Giải Nhất có 1 giải nhưng đang trao cho 2 bài."]
    assert awards_of(final["contest"]) == {}


def test_award_set_counts_prizes_already_given(final, staff_user):
    first, second, _third = final["entries"]
    nhat = final["tiers"]["nhat"]
    services.award_set(contest=final["contest"], assignments={first.pk: nhat.pk}, actor=staff_user)

    with pytest.raises(ValidationError):
        services.award_set(contest=final["contest"], assignments={second.pk: nhat.pk}, actor=staff_user)

    assert awards_of(final["contest"]) == {"2026-003": "Giải Nhất"}


def test_award_set_refuses_an_entry_that_is_not_a_finalist_or_a_foreign_tier(final, staff_user):
    foreign_tier = PrizeTierFactory(contest=ContestFactory())

    with pytest.raises(ValidationError) as error:
        services.award_set(
            contest=final["contest"],
            assignments={final["out"].pk: final["tiers"]["kk"].pk, final["entries"][0].pk: foreign_tier.pk},
            actor=staff_user,
        )

    assert len(error.value.messages) == 2
    assert awards_of(final["contest"]) == {}


def test_capital_support_is_marked_once_and_audited(final, staff_user):
    entry = final["entries"][0]

    services.entry_mark_capital_support(entry=entry, value=True, actor=staff_user)
    services.entry_mark_capital_support(entry=entry, value=True, actor=staff_user)

    entry.refresh_from_db()
    assert entry.capital_support is True
    assert [h.capital_support for h in entry.history.order_by("history_id")][-2:] == [False, True]
    assert entry.history.filter(capital_support=True).count() == 1


def test_capital_support_is_refused_for_a_draft(staff_user):
    with pytest.raises(ValidationError):
        services.entry_mark_capital_support(entry=EntryFactory(), value=True, actor=staff_user)


def test_prizes_save_gives_prizes_and_marks_capital_support_together(final, staff_user):
    first, second, _third = final["entries"]

    services.prizes_save(
        contest=final["contest"],
        assignments={first.pk: final["tiers"]["nhat"].pk},
        capital_support={first.pk: True, second.pk: True},
        actor=staff_user,
    )

    assert awards_of(final["contest"]) == {"2026-003": "Giải Nhất"}
    assert sorted(Entry.objects.filter(capital_support=True).values_list("code", flat=True)) == [
        "2026-001",
        "2026-003",
    ]


def test_prizes_save_refused_capital_support_keeps_the_prizes_unsaved(final, staff_user):
    first = final["entries"][0]
    draft = EntryFactory(contest=final["contest"])

    with pytest.raises(ValidationError) as error:
        services.prizes_save(
            contest=final["contest"],
            assignments={first.pk: final["tiers"]["nhat"].pk},
            capital_support={first.pk: True, draft.pk: True},
            actor=staff_user,
        )

    assert error.value.messages == ["Chỉ đề xuất hỗ trợ vốn cho bài đã tham gia cuộc thi."]
    assert awards_of(final["contest"]) == {}
    assert not Entry.objects.filter(capital_support=True).exists()


def test_prizes_save_ignores_capital_support_for_another_contests_entry(final, staff_user):
    foreign = add_finalist(ContestFactory(), final["round"], code="2026-009", rank=None)

    services.prizes_save(
        contest=final["contest"], assignments={}, capital_support={foreign.pk: True}, actor=staff_user
    )

    foreign.refresh_from_db()
    assert foreign.capital_support is False


def give_first_prize(final, staff_user):
    first = final["entries"][0]
    services.award_set(contest=final["contest"], assignments={first.pk: final["tiers"]["nhat"].pk}, actor=staff_user)


def test_publish_is_idempotent(final, staff_user, officer):
    contest = final["contest"]
    moment = timezone.make_aware(datetime.datetime(2026, 9, 18, 8, 0))
    give_first_prize(final, staff_user)

    services.contest_publish_results(contest=contest, actor=staff_user, now=moment)
    again = services.contest_publish_results(contest=contest, actor=officer, now=moment + datetime.timedelta(1))

    assert again.results_published_at == moment
    stored = Contest.objects.get(pk=contest.pk)
    assert (stored.results_published_at, stored.results_published_by, stored.status) == (
        moment,
        staff_user,
        Contest.Status.FINISHED,
    )
    assert stored.history.latest().history_user == staff_user


def test_publish_is_refused_before_prizes_are_given_or_waived(final, staff_user):
    contest = final["contest"]

    with pytest.raises(ValidationError) as raised:
        services.contest_publish_results(contest=contest, actor=staff_user)

    assert raised.value.messages == [
        "Chưa công bố kết quả được.",
        "Chưa trao giải nào; hãy trao giải hoặc ghi nhận cuộc thi không trao giải.",
    ]
    assert Contest.objects.get(pk=contest.pk).results_published_at is None


def test_publish_after_staff_record_that_the_contest_gives_no_prize(final, staff_user):
    contest = final["contest"]
    moment = timezone.make_aware(datetime.datetime(2026, 9, 18, 8, 0))

    with pytest.raises(ValidationError):
        services.contest_record_no_prizes(contest=contest, reason=" ", actor=staff_user)
    services.contest_record_no_prizes(
        contest=contest, reason="Không có bài đạt điểm sàn trao giải", actor=staff_user, now=moment
    )
    published = services.contest_publish_results(contest=contest, actor=staff_user, now=moment)

    assert published.results_published_at == moment
    stored = Contest.objects.get(pk=contest.pk)
    assert (stored.no_prizes_reason, stored.no_prizes_by, stored.no_prizes_at) == (
        "Không có bài đạt điểm sàn trao giải",
        staff_user,
        moment,
    )


def test_no_prizes_refused_once_a_prize_is_given(final, staff_user):
    give_first_prize(final, staff_user)

    with pytest.raises(ValidationError) as raised:
        services.contest_record_no_prizes(contest=final["contest"], reason="Không trao", actor=staff_user)

    assert raised.value.messages == ["Cuộc thi đã trao giải; không ghi nhận không trao giải được."]


@pytest.mark.parametrize("state", ["draft", "final undecided"])
def test_publish_is_refused_before_the_final_is_decided(final, staff_user, state):
    contest = final["contest"]
    if state == "draft":
        contest.status = Contest.Status.DRAFT
        contest.save()
    else:
        final["round"].decided_at = None
        final["round"].save()

    with pytest.raises(ValidationError):
        services.contest_publish_results(contest=contest, actor=staff_user)

    assert Contest.objects.get(pk=contest.pk).results_published_at is None


# --- the form ---------------------------------------------------------------------------


def prize_form(final, data) -> PrizeAssignmentForm:
    contest = final["contest"]
    return PrizeAssignmentForm(
        data,
        finalists=selectors.contest_finalists(contest=contest),
        tiers=selectors.prize_tiers_with_usage(contest=contest),
    )


def test_prize_form_refuses_more_awards_of_a_tier_than_its_count(final):
    first, second, third = final["entries"]
    nhi = final["tiers"]["nhi"].pk

    form = prize_form(final, {f"tier_{first.pk}": nhi, f"tier_{second.pk}": nhi, f"tier_{third.pk}": ""})

    assert not form.is_valid()
    assert form.non_field_errors() == ["Giải Nhì chỉ có 1 giải; đang chọn 2 bài."]


def test_prize_form_refuses_two_prizes_for_one_entry(final):
    first = final["entries"][0]
    data = QueryDict(mutable=True)
    data.setlist(f"tier_{first.pk}", [str(final["tiers"]["nhat"].pk), str(final["tiers"]["nhi"].pk)])

    form = prize_form(final, data)

    assert not form.is_valid()
    assert form.errors[f"tier_{first.pk}"] == ["Mỗi bài chỉ nhận một giải."]


# --- the page ---------------------------------------------------------------------------


def test_prize_page_lists_finalists_in_final_ranking_order(client, staff_user, final):
    client.force_login(staff_user)

    response = client.get(reverse("competitions:prize-assign", kwargs={"contest_pk": final["contest"].pk}))

    assert response.status_code == 200
    assert [row.finalist["code"] for row in response.context["form"].rows()] == ["2026-003", "2026-001", "2026-002"]
    assert "2026-004" not in response.content.decode()
    assert "10.000.000\u00a0₫" in response.content.decode()


def test_prize_page_saves_prizes_and_capital_support(client, staff_user, final):
    first, second, third = final["entries"]
    tiers = final["tiers"]
    client.force_login(staff_user)
    url = reverse("competitions:prize-assign", kwargs={"contest_pk": final["contest"].pk})

    response = client.post(
        url,
        {
            f"tier_{first.pk}": tiers["nhat"].pk,
            f"tier_{second.pk}": tiers["kk"].pk,
            f"tier_{third.pk}": tiers["kk"].pk,
            f"capital_{first.pk}": "on",
        },
    )

    assert response.status_code == 302
    assert awards_of(final["contest"]) == {
        "2026-003": "Giải Nhất",
        "2026-001": "Giải Khuyến khích",
        "2026-002": "Giải Khuyến khích",
    }
    assert list(Entry.objects.filter(capital_support=True).values_list("code", flat=True)) == ["2026-003"]


def test_prize_page_refuses_over_count_and_saves_nothing(client, staff_user, final):
    first, second, _third = final["entries"]
    nhat = final["tiers"]["nhat"].pk
    client.force_login(staff_user)
    url = reverse("competitions:prize-assign", kwargs={"contest_pk": final["contest"].pk})

    response = client.post(url, {f"tier_{first.pk}": nhat, f"tier_{second.pk}": nhat, f"capital_{first.pk}": "on"})

    assert response.status_code == 400
    assert "Giải Nhất chỉ có 1 giải; đang chọn 2 bài." in response.content.decode()
    assert awards_of(final["contest"]) == {}
    assert not Entry.objects.filter(capital_support=True).exists()


def test_prize_page_costs_the_same_queries_for_2_and_20_finalists(client, staff_user, django_assert_max_num_queries):
    contest = ContestFactory()
    final_round = RoundFactory(contest=contest, decided_at=timezone.now())
    PrizeTierFactory(contest=contest)
    url = reverse("competitions:prize-assign", kwargs={"contest_pk": contest.pk})
    client.force_login(staff_user)
    for n in range(2):
        add_finalist(contest, final_round, code=f"2026-{n:03d}", rank=n + 1)
    client.get(url)  # renders and caches the page frame
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    for n in range(2, 20):
        add_finalist(contest, final_round, code=f"2026-{n:03d}", rank=n + 1)
    with django_assert_max_num_queries(8) as many:
        response = client.get(url)

    assert len(few.captured_queries) == len(many.captured_queries)
    assert len(response.context["form"].rows()) == 20


def test_officer_is_refused_prizes_and_publication(client, officer, final):
    client.force_login(officer)
    contest_pk = final["contest"].pk

    assert client.get(reverse("competitions:prize-assign", kwargs={"contest_pk": contest_pk})).status_code == 403
    assert client.post(reverse("competitions:contest-publish", kwargs={"contest_pk": contest_pk})).status_code == 403
    assert Contest.objects.get(pk=contest_pk).results_published_at is None


def test_publish_button_publishes_once(client, staff_user, final):
    give_first_prize(final, staff_user)
    client.force_login(staff_user)
    url = reverse("competitions:contest-publish", kwargs={"contest_pk": final["contest"].pk})

    assert client.get(url).status_code == 405
    response = client.post(url)
    first_moment = Contest.objects.get(pk=final["contest"].pk).results_published_at
    client.post(url)

    assert response.status_code == 302
    assert first_moment is not None
    assert Contest.objects.get(pk=final["contest"].pk).results_published_at == first_moment


# --- certificates -----------------------------------------------------------------------


def publish_two_prizes(final, staff_user, *, now=None):
    first, second, _third = final["entries"]
    services.award_set(
        contest=final["contest"],
        assignments={first.pk: final["tiers"]["nhat"].pk, second.pk: final["tiers"]["nhi"].pk},
        actor=staff_user,
    )
    services.contest_publish_results(contest=final["contest"], actor=staff_user, now=now)
    return first, second


def test_certificates_pdf_prints_one_page_per_award_with_diacritics(client, staff_user, final):
    moment = timezone.make_aware(datetime.datetime(2026, 9, 18, 8, 0))
    publish_two_prizes(final, staff_user, now=moment)
    client.force_login(staff_user)

    response = client.get(reverse("competitions:prize-certificates-pdf", kwargs={"contest_pk": final["contest"].pk}))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    if not shutil.which(PDFTOTEXT):
        pytest.skip("poppler-utils (pdftotext) is not installed; the certificate's text cannot be checked")
    text = subprocess.run(  # noqa: S603
        [PDFTOTEXT, "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) == 2
    assert "GIẤY CHỨNG NHẬN" in pages[0]
    assert "Ban Thường vụ Tỉnh đoàn Sơn La" in pages[0]
    assert "Lò Thị Mai" in pages[0]
    assert "Quàng Văn Nam" in pages[0]
    assert "Giải Nhất" in pages[0]
    assert "Trà shan tuyết Tà Xùa" in pages[0]
    assert "Giải Nhì" in pages[1]
    assert "Sơn La, ngày 18 tháng 9 năm 2026" in pages[0]


def test_publishing_gives_each_prize_a_numbered_certificate_highest_prize_first(final, staff_user):
    first, second = publish_two_prizes(final, staff_user)

    awards = {a.entry_id: a for a in Award.objects.filter(tier__contest=final["contest"])}
    assert (awards[first.pk].certificate_serial, awards[second.pk].certificate_serial) == (1, 2)
    assert len({a.verification_code for a in awards.values()}) == 2
    assert all(len(a.verification_code) == 12 for a in awards.values())
    assert Contest.objects.get(pk=final["contest"].pk).certificates_issued == 2


def test_a_prize_moved_after_publication_gets_a_new_number_and_code_never_an_old_one(final, staff_user):
    first, second = publish_two_prizes(final, staff_user)
    third = final["entries"][2]
    old = Award.objects.get(entry=second)

    services.award_set(
        contest=final["contest"],
        assignments={second.pk: None, third.pk: final["tiers"]["nhi"].pk},
        actor=staff_user,
    )
    services.award_set(contest=final["contest"], assignments={first.pk: final["tiers"]["kk"].pk}, actor=staff_user)

    awards = {a.entry_id: a for a in Award.objects.filter(tier__contest=final["contest"])}
    assert awards[third.pk].certificate_serial == 3
    assert awards[first.pk].certificate_serial == 4
    assert old.verification_code not in {a.verification_code for a in awards.values()}
    assert Contest.objects.get(pk=final["contest"].pk).certificates_issued == 4


def test_each_prize_certificate_carries_its_number_signer_and_a_qr_code_of_its_page(
    client, staff_user, final, settings
):
    settings.PORTAL_BASE_URL = "https://thanhnien.sonla.example"
    first, second = publish_two_prizes(final, staff_user)
    codes = dict(Award.objects.values_list("entry_id", "verification_code"))
    client.force_login(staff_user)

    content = client.get(
        reverse("competitions:prize-certificates-pdf", kwargs={"contest_pk": final["contest"].pk})
    ).content

    pages = pdf_pages(content)
    for page, number in zip(pages, ["01/GCN-KN", "02/GCN-KN"], strict=True):
        assert f"Số: {number}" in page
        assert "TM. BAN THƯỜNG VỤ" in page
        assert "PHÓ BÍ THƯ" in page
        assert "Cầm Thị Phương" in page
    urls = [f"https://thanhnien.sonla.example/contests/verify/{codes[entry.pk]}/" for entry in (first, second)]
    assert urls[0] in flat(pages[0])
    assert [len(images) for images in page_images(content)] == [1, 1]
    assert qr_codes(content) == [[urls[0]], [urls[1]]]


def test_certificates_wait_for_the_published_results_and_the_signer(client, staff_user, final):
    give_first_prize(final, staff_user)
    client.force_login(staff_user)
    url = reverse("competitions:prize-certificates-pdf", kwargs={"contest_pk": final["contest"].pk})
    prize_page = reverse("competitions:prize-assign", kwargs={"contest_pk": final["contest"].pk})

    before = client.get(url)
    services.contest_publish_results(contest=final["contest"], actor=staff_user)
    Contest.objects.filter(pk=final["contest"].pk).update(signer_title="")
    unsigned = client.get(url)

    assert (before.status_code, before["Location"]) == (302, prize_page)
    assert (unsigned.status_code, unsigned["Location"]) == (302, prize_page)


# --- the public verification page -------------------------------------------------------


def test_verify_shows_a_prize_certificate_to_a_visitor_and_nothing_private(client, staff_user, final):
    moment = timezone.make_aware(datetime.datetime(2026, 9, 18, 8, 0))
    first, _second = publish_two_prizes(final, staff_user, now=moment)
    lead = first.team.get(role=TeamMember.Role.LEAD).entrepreneur
    code = Award.objects.get(entry=first).verification_code

    response = client.get(reverse("competitions:certificate-verify", kwargs={"code": code.lower()}))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Giấy chứng nhận hợp lệ" in page
    assert '<dd class="col-sm-8" id="certificate-number">01/GCN-KN</dd>' in page
    for fact in (
        "Lò Thị Mai",
        "Quàng Văn Nam",
        "Giải Nhất",
        "Trà shan tuyết Tà Xùa",
        "Cuộc thi Dự án, ý tưởng khởi nghiệp lần thứ IV",
        "18/09/2026",
        "Tỉnh đoàn Sơn La",
        "Cầm Thị Phương, Phó Bí thư",
    ):
        assert fact in page
    for private in (lead.phone, lead.citizen_id, lead.date_of_birth.strftime("%d/%m/%Y"), lead.address):
        if private:
            assert private not in page


@pytest.mark.parametrize("case", ["forged", "unpublished", "empty"])
def test_verify_refuses_a_forged_or_unpublished_code(client, staff_user, final, case):
    give_first_prize(final, staff_user)
    award = Award.objects.get()
    code = {"forged": "ABCDEFGHJKMN", "unpublished": "QRSTUVWXYZ23", "empty": "-"}[case]
    if case == "unpublished":  # a code that is stored but whose contest is not published
        Award.objects.filter(pk=award.pk).update(verification_code=code, certificate_serial=1)

    response = client.get(reverse("competitions:certificate-verify", kwargs={"code": code}))

    assert response.status_code == 404
    assert "Không tìm thấy giấy chứng nhận với mã này" in response.content.decode()
    assert "Lò Thị Mai" not in response.content.decode()


def test_certificates_without_awards_send_staff_back_to_the_prize_page(client, staff_user, final):
    client.force_login(staff_user)
    contest_pk = final["contest"].pk

    response = client.get(reverse("competitions:prize-certificates-pdf", kwargs={"contest_pk": contest_pk}))

    assert response.status_code == 302
    assert response["Location"] == reverse("competitions:prize-assign", kwargs={"contest_pk": contest_pk})
