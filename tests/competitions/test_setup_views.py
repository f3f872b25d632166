"""The guided set-up in the staff pages: a contest created and set up step by step, the
stepper and checklist staff see, refusals shown on the step, other units and officers kept out,
copying last year's, the preview, opening, closing the submission window early."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from competitions import services
from competitions.models import Contest, Round
from tests.competitions.factories import ContestFactory, JudgeFactory, days, ready_contest
from tests.ventures.factories import PDF_BYTES

pytestmark = pytest.mark.django_db

LOCAL = "%Y-%m-%dT%H:%M"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def draft(province):
    return ready_contest(owner=province, name="Cuộc thi ý tưởng khởi nghiệp lần thứ X")


def local(moment) -> str:
    return timezone.localtime(moment).strftime(LOCAL)


def url(name: str, contest: Contest) -> str:
    return reverse(name, kwargs={"contest_pk": contest.pk})


def rows(prefix: str, items: list[dict], extra: int = 0) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": len(items) + extra, f"{prefix}-INITIAL_FORMS": 0}
    for n, item in enumerate(items):
        data.update({f"{prefix}-{n}-{key}": value for key, value in item.items()})
    return data


def test_staff_create_and_set_up_a_contest_step_by_step_then_open_it(staff_client, staff_user, province):
    year = timezone.localdate().year
    now = timezone.now()

    response = staff_client.post(
        reverse("competitions:contest-setup-start"),
        {
            "owner": province.pk,
            "name": "Cuộc thi Ý tưởng khởi nghiệp Sơn La",
            "year": year,
            "description": "Dành cho thanh niên 18–35 tuổi.",
            "rules_document": SimpleUploadedFile("the-le.pdf", PDF_BYTES, content_type="application/pdf"),
        },
    )
    contest = Contest.objects.get()
    assert response.url == url("competitions:contest-setup-categories", contest)
    assert (contest.slug, contest.status, contest.created_by) == (
        f"cuoc-thi-y-tuong-khoi-nghiep-son-la-{year}",
        Contest.Status.DRAFT,
        staff_user,
    )

    steps = [
        ("competitions:contest-setup-categories", {"names": "Nông nghiệp công nghệ cao\nDu lịch cộng đồng"}),
        (
            "competitions:contest-setup-submission",
            {
                "submission_opens_at": local(now + days(1)),
                "submission_closes_at": local(now + days(30)),
                "min_entries_per_unit": 5,
                "max_entries_per_unit": "",
            },
        ),
        (
            "competitions:contest-setup-eligibility",
            {"min_age": 18, "max_age": 35, "age_reference_date": timezone.localdate().isoformat()},
        ),
        ("competitions:contest-setup-team", {"max_team_size": 3}),
        (
            "competitions:contest-setup-prizes",
            rows(
                "rows",
                [
                    {"name": "Giải Nhất", "count": 1, "amount": "10.000.000"},
                    {"name": "Giải Nhì", "count": 2, "amount": "5.000.000"},
                ],
            ),
        ),
        (
            "competitions:contest-setup-rounds",
            rows(
                "rows",
                [
                    {
                        "name": "Vòng sơ tuyển",
                        "stage": "scoring",
                        "opens_at": local(now + days(32)),
                        "closes_at": local(now + days(40)),
                        "judges_per_entry": 3,
                        "is_blind": "on",
                    },
                    {
                        "name": "Tư vấn, hoàn thiện",
                        "stage": "coaching",
                        "opens_at": local(now + days(41)),
                        "closes_at": local(now + days(50)),
                        "judges_per_entry": 1,
                    },
                    {
                        "name": "Chung kết",
                        "stage": "final",
                        "opens_at": local(now + days(52)),
                        "closes_at": local(now + days(53)),
                        "judges_per_entry": 5,
                    },
                ],
            ),
        ),
    ]
    for name, data in steps:
        response = staff_client.post(url(name, contest), data)
        assert response.status_code == 302, (name, response.content.decode()[:3000])

    for round in contest.rounds.filter(kind=Round.Kind.SCORING):
        response = staff_client.post(
            reverse("competitions:round-setup-criteria", kwargs={"pk": round.pk}),
            {
                "max_total": "100",
                "weighting": "points",
                **rows(
                    "criteria",
                    [{"name": "Tính sáng tạo", "max_points": "60"}, {"name": "Tính khả thi", "max_points": "40"}],
                ),
            },
        )
        assert response.status_code == 302

    page = staff_client.get(url("competitions:contest-setup-open", contest)).content.decode()
    assert 'data-complete="true"' in page
    assert page.count('data-done="true"') >= 9  # the stepper's steps and the checklist's lines

    response = staff_client.post(url("competitions:contest-setup-open", contest))

    contest.refresh_from_db()
    assert response.url == contest.get_absolute_url()
    assert contest.status == Contest.Status.OPEN
    assert list(contest.prize_tiers.values_list("name", "amount")) == [
        ("Giải Nhất", 10_000_000),
        ("Giải Nhì", 5_000_000),
    ]
    assert (
        "Cuộc thi Ý tưởng khởi nghiệp Sơn La"
        in staff_client.get(reverse("competitions:public-contest-list")).content.decode()
    )


def test_the_contest_page_shows_the_checklist_with_a_link_to_each_missing_step(staff_client, draft):
    draft.prize_tiers.all().delete()

    page = staff_client.get(draft.get_absolute_url()).content.decode()

    assert 'id="setup-checklist"' in page
    assert 'data-complete="false"' in page
    assert "Chưa có cơ cấu giải." in page
    assert f'href="{url("competitions:contest-setup-prizes", draft)}"' in page


def test_open_is_refused_on_the_page_while_something_is_missing(staff_client, draft):
    draft.categories.all().delete()

    page = staff_client.get(url("competitions:contest-setup-open", draft)).content.decode()
    response = staff_client.post(url("competitions:contest-setup-open", draft))

    assert "Chưa mở được: hãy hoàn thành các việc còn thiếu ở trên." in page
    assert response.status_code == 400
    assert "Chưa có lĩnh vực dự thi nào." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Contest.Status.DRAFT


def test_overlapping_rounds_are_shown_on_the_step_and_nothing_is_saved(staff_client, draft):
    deadline = draft.submission_closes_at
    before = list(draft.rounds.values_list("pk", "name", "opens_at"))

    response = staff_client.post(
        url("competitions:contest-setup-rounds", draft),
        rows(
            "rows",
            [
                {
                    "name": "Sơ tuyển",
                    "stage": "scoring",
                    "opens_at": local(deadline + days(2)),
                    "closes_at": local(deadline + days(10)),
                    "judges_per_entry": 3,
                },
                {
                    "name": "Chung kết",
                    "stage": "final",
                    "opens_at": local(deadline + days(5)),
                    "closes_at": local(deadline + days(12)),
                    "judges_per_entry": 3,
                },
            ],
        ),
    )

    assert response.status_code == 400
    assert "trùng thời gian" in response.content.decode()
    assert list(draft.rounds.values_list("pk", "name", "opens_at")) == before


def test_criteria_not_adding_up_are_shown_on_the_step(staff_client, draft):
    prelim = draft.rounds.get(order=1)

    response = staff_client.post(
        reverse("competitions:round-setup-criteria", kwargs={"pk": prelim.pk}),
        {
            "max_total": "100",
            "weighting": "percent",
            **rows(
                "criteria",
                [{"name": "A", "max_points": "10", "weight": "40"}, {"name": "B", "max_points": "10", "weight": "40"}],
            ),
        },
    )

    assert response.status_code == 400
    assert "tổng trọng số các tiêu chí là 80%, phải bằng 100%" in response.content.decode()
    assert prelim.criteria.count() == 2


def test_a_window_closing_before_it_opens_is_shown_beside_the_field(staff_client, draft):
    now = timezone.now()

    response = staff_client.post(
        url("competitions:contest-setup-submission", draft),
        {
            "submission_opens_at": local(now + days(9)),
            "submission_closes_at": local(now + days(3)),
            "min_entries_per_unit": 5,
        },
    )

    assert response.status_code == 200
    assert "Hạn nộp bài phải sau ngày mở nhận bài." in response.content.decode()


def test_preview_shows_the_public_call_as_a_visitor_will_see_it(staff_client, draft):
    page = staff_client.get(url("competitions:contest-setup-preview", draft)).content.decode()

    assert "data-preview" in page
    assert draft.name in page
    assert "Vòng sơ tuyển" in page
    assert "Tải thể lệ cuộc thi" in page


def test_judges_step_lists_the_contests_judges(staff_client, draft):
    JudgeFactory(contest=draft, user__full_name="Lò Văn Giám", title="Giám đốc Sở KH&CN")

    page = staff_client.get(url("competitions:contest-setup-judges", draft)).content.decode()

    assert "Lò Văn Giám" in page
    assert "Giám đốc Sở KH&amp;CN" in page


def test_copy_last_year_from_the_start_page(staff_client, province):
    year = timezone.localdate().year
    ContestFactory(owner=province, year=year - 1, slug=f"y-tuong-{year - 1}", name="Cuộc thi lần thứ IV")

    page = staff_client.get(reverse("competitions:contest-setup-start")).content.decode()
    response = staff_client.post(reverse("competitions:contest-setup-copy"), {"owner": province.pk})

    copy = Contest.objects.get(year=year)
    assert "Cuộc thi lần thứ IV" in page
    assert response.url == url("competitions:contest-setup-basics", copy)
    assert copy.status == Contest.Status.DRAFT


def test_copy_of_a_unit_the_user_does_not_run_is_a_404(staff_client, lai_chau):
    ContestFactory(owner=lai_chau)
    assert staff_client.post(reverse("competitions:contest-setup-copy"), {"owner": lai_chau.pk}).status_code == 404


SETUP_PAGES = [
    "competitions:contest-setup-basics",
    "competitions:contest-setup-categories",
    "competitions:contest-setup-submission",
    "competitions:contest-setup-rounds",
    "competitions:contest-setup-preview",
    "competitions:contest-setup-open",
]


@pytest.mark.parametrize("name", SETUP_PAGES)
@pytest.mark.parametrize(("who", "status"), [("officer", 403), ("lai_chau_staff", 404), ("school_staff", 404)])
def test_officers_and_other_units_staff_are_kept_out(client, request, draft, name, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(name, draft)).status_code == status


@pytest.mark.parametrize(("who", "status"), [("officer", 403), ("lai_chau_staff", 404), ("school_staff", 403)])
def test_others_cannot_post_a_step_nor_open_nor_close_early(client, request, draft, province, who, status):
    client.force_login(request.getfixturevalue(who))
    draft.status = Contest.Status.OPEN  # published: the school's staff see it, read-only
    draft.save()

    posts = [
        client.post(url("competitions:contest-setup-team", draft), {"max_team_size": 9}),
        client.post(url("competitions:contest-setup-open", draft)),
        client.post(url("competitions:contest-close-submission", draft), {"reason": "Lý do"}),
    ]

    assert [r.status_code for r in posts] == [status] * 3
    draft.refresh_from_db()
    assert (draft.max_team_size, draft.submission_closed_early_at) == (3, None)


def test_criteria_page_of_another_provinces_round_is_a_404(client, lai_chau_staff, draft):
    client.force_login(lai_chau_staff)
    round = draft.rounds.get(order=1)
    assert client.get(reverse("competitions:round-setup-criteria", kwargs={"pk": round.pk})).status_code == 404


def test_staff_close_the_submission_window_early_from_the_contest_page(staff_client, staff_user):
    contest = ContestFactory()

    page = staff_client.get(contest.get_absolute_url()).content.decode()
    confirm = staff_client.get(url("competitions:contest-close-submission", contest)).content.decode()
    refused = staff_client.post(url("competitions:contest-close-submission", contest), {"reason": ""})
    response = staff_client.post(
        url("competitions:contest-close-submission", contest), {"reason": "Đã đủ bài dự thi."}
    )

    assert "data-close-early" in page
    assert "Đóng sớm: từ bây giờ mọi đơn vị" in confirm
    assert refused.status_code == 200
    assert response.url == contest.get_absolute_url()
    contest.refresh_from_db()
    assert (contest.submission_closed_early_by, contest.submission_closed_early_reason) == (
        staff_user,
        "Đã đủ bài dự thi.",
    )
    after = staff_client.get(contest.get_absolute_url()).content.decode()
    assert "Ban Tổ chức đã đóng nhận bài sớm lúc" in after
    assert "data-close-early>" not in after


def test_officers_see_the_contest_closed_early_and_cannot_add_an_idea(client, officer, staff_user):
    contest = ContestFactory(min_entries_per_unit=5)
    services.contest_close_submission_early(contest=contest, reason="Đã đủ bài dự thi.", actor=staff_user)
    client.force_login(officer)

    page = client.get(contest.get_absolute_url()).content.decode()

    assert "Đã đủ bài dự thi." in page
    assert reverse("competitions:entry-create", kwargs={"contest_pk": contest.pk}) not in page


def test_the_contest_list_offers_staff_to_create_a_contest(staff_client, client, officer):
    assert "data-setup-start" in staff_client.get(reverse("competitions:contest-list")).content.decode()
    client.force_login(officer)
    assert "data-setup-start" not in client.get(reverse("competitions:contest-list")).content.decode()


def test_a_second_scoring_round_gets_its_criteria_page_after_the_rounds_step(staff_client, draft):
    deadline = draft.submission_closes_at
    prelim, coaching, final = draft.rounds.order_by("order")
    data = rows(
        "rows",
        [
            {
                "round_id": prelim.pk,
                "name": prelim.name,
                "stage": "scoring",
                "opens_at": local(deadline + days(2)),
                "closes_at": local(deadline + days(10)),
                "judges_per_entry": 3,
            },
            {
                "round_id": coaching.pk,
                "name": coaching.name,
                "stage": "coaching",
                "opens_at": local(deadline + days(11)),
                "closes_at": local(deadline + days(20)),
                "judges_per_entry": 1,
            },
            {
                "name": "Bán kết",
                "stage": "scoring",
                "opens_at": local(deadline + days(21)),
                "closes_at": local(deadline + days(22)),
                "judges_per_entry": 3,
            },
            {
                "name": "Tư vấn lần 2",
                "stage": "coaching",
                "opens_at": local(deadline + days(23)),
                "closes_at": local(deadline + days(25)),
                "judges_per_entry": 1,
            },
            {
                "round_id": final.pk,
                "name": final.name,
                "stage": "final",
                "opens_at": local(deadline + days(26)),
                "closes_at": local(deadline + days(27)),
                "judges_per_entry": 3,
            },
        ],
    )

    response = staff_client.post(url("competitions:contest-setup-rounds", draft), data)

    semi = draft.rounds.get(name="Bán kết")
    assert response.url == reverse("competitions:round-setup-criteria", kwargs={"pk": semi.pk})
    assert semi.max_total is None
    assert list(draft.rounds.order_by("order").values_list("name", flat=True)) == [
        "Vòng sơ tuyển",
        "Tư vấn, hoàn thiện",
        "Bán kết",
        "Tư vấn lần 2",
        "Chung kết",
    ]
    assert final.criteria.count() == 2
    assert Decimal(100) == draft.rounds.get(pk=final.pk).max_total
