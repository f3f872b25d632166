"""The guided set-up of a contest in the staff pages: its steps, what each still lacks, and the
checklist that must be complete before the contest opens.

The checks are plain functions over plain values, so the set-up services refuse exactly what
the checklist names (`services.setup` raises with these sentences; the contest's staff page and
the last step list them, each linked to the step that fixes it; `services.contest_open` refuses
while one is left).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.formatting import format_decimal, format_moment

from ..models import Contest, Criterion, Round

MOMENT = "%H:%M %d/%m/%Y"


@dataclass(frozen=True)
class SetupStep:
    key: str
    label: Promise
    url_name: str
    # Saved by staff in the set-up before the contest may open (the preview and the last
    # step are not; judges are advised, not required).
    required: bool = True


STEPS: tuple[SetupStep, ...] = (
    SetupStep("basics", gettext_lazy("Thông tin chung và thể lệ"), "competitions:contest-setup-basics"),
    SetupStep("categories", gettext_lazy("Lĩnh vực dự thi"), "competitions:contest-setup-categories"),
    SetupStep("submission", gettext_lazy("Thời gian nhận bài, chỉ tiêu"), "competitions:contest-setup-submission"),
    SetupStep("eligibility", gettext_lazy("Độ tuổi dự thi"), "competitions:contest-setup-eligibility"),
    SetupStep("team", gettext_lazy("Số thành viên nhóm"), "competitions:contest-setup-team"),
    SetupStep("prizes", gettext_lazy("Cơ cấu giải"), "competitions:contest-setup-prizes"),
    SetupStep("rounds", gettext_lazy("Vòng thi, tiêu chí chấm"), "competitions:contest-setup-rounds"),
    SetupStep("judges", gettext_lazy("Giám khảo, chuyên gia"), "competitions:contest-setup-judges", required=False),
    SetupStep("preview", gettext_lazy("Xem trước trang công khai"), "competitions:contest-setup-preview", False),
    SetupStep("open", gettext_lazy("Mở cuộc thi"), "competitions:contest-setup-open", required=False),
)
STEP_KEYS = tuple(step.key for step in STEPS)
# The steps a contest records as saved (`Contest.setup_steps`).
SAVED_STEPS = ("basics", "categories", "submission", "eligibility", "team", "prizes", "rounds")


def step(key: str) -> SetupStep:
    return next(s for s in STEPS if s.key == key)


# --- checks over plain values, shared with the services -------------------------------


class RoundPlan(Protocol):
    """What the checks read of a round: a saved `Round`, or a row the set-up form sends."""

    name: str
    kind: str
    is_final: bool
    opens_at: datetime.datetime
    closes_at: datetime.datetime


def round_plan_problems(
    rounds: Sequence[RoundPlan], *, submission_closes_at: datetime.datetime | None = None
) -> list[str]:
    """What is wrong with a contest's rounds as a whole, in Vietnamese; empty when nothing is.

    Rounds are read in the order of their dates. Each ends after it starts; none overlaps the
    next; the first starts after the submission deadline and scores (a preliminary); a coaching
    period stands between two scoring rounds and follows a scoring round; exactly one round is
    the final and nothing comes after it.
    """
    if not rounds:
        return [_("Cuộc thi chưa có vòng thi nào.")]
    problems = []
    for r in rounds:
        if r.closes_at <= r.opens_at:
            problems.append(_("Vòng “%(round)s”: thời gian kết thúc phải sau thời gian bắt đầu.") % {"round": r.name})
    if problems:
        return problems
    finals = [r for r in rounds if r.is_final]
    if not finals:
        problems.append(_("Chưa có vòng chung kết: hãy chọn loại “Chung kết” cho vòng cuối cùng."))
    elif len(finals) > 1:
        problems.append(
            _("Chỉ có một vòng chung kết; đang có %(count)d vòng: %(names)s.")
            % {"count": len(finals), "names": ", ".join(f"“{r.name}”" for r in finals)}
        )
    for r in finals:
        if r.kind != Round.Kind.SCORING:
            problems.append(_("Vòng chung kết “%(round)s” phải là vòng chấm điểm.") % {"round": r.name})
    ordered = sorted(rounds, key=lambda r: (r.opens_at, r.closes_at))
    if len(finals) == 1:
        later = [r for r in ordered if r is not finals[0] and r.closes_at > finals[0].opens_at]
        for r in later:
            problems.append(
                _("Vòng chung kết “%(final)s” (%(when)s) diễn ra trước vòng “%(round)s”; chung kết phải là vòng cuối.")
                % {"final": finals[0].name, "when": format_moment(finals[0].opens_at, MOMENT), "round": r.name}
            )
    if submission_closes_at is not None and ordered[0].opens_at < submission_closes_at:
        problems.append(
            _("Vòng “%(round)s” bắt đầu (%(start)s) trước hạn nộp bài (%(deadline)s).")
            % {
                "round": ordered[0].name,
                "start": format_moment(ordered[0].opens_at, MOMENT),
                "deadline": format_moment(submission_closes_at, MOMENT),
            }
        )
    if ordered[0].kind == Round.Kind.COACHING:
        problems.append(
            _("Đợt tư vấn “%(round)s” phải đứng sau một vòng chấm điểm (vòng sơ tuyển).") % {"round": ordered[0].name}
        )
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.opens_at < before.closes_at:
            problems.append(
                _(
                    "Vòng “%(first)s” (%(first_start)s – %(first_end)s) và vòng “%(second)s” "
                    "(%(second_start)s – %(second_end)s) trùng thời gian."
                )
                % {
                    "first": before.name,
                    "first_start": format_moment(before.opens_at, MOMENT),
                    "first_end": format_moment(before.closes_at, MOMENT),
                    "second": after.name,
                    "second_start": format_moment(after.opens_at, MOMENT),
                    "second_end": format_moment(after.closes_at, MOMENT),
                }
            )
        elif before.kind == Round.Kind.SCORING and after.kind == Round.Kind.SCORING:
            problems.append(
                _("Giữa vòng “%(first)s” và vòng “%(second)s” chưa có đợt tư vấn, hoàn thiện.")
                % {"first": before.name, "second": after.name}
            )
        elif before.kind == Round.Kind.COACHING and after.kind == Round.Kind.COACHING:
            problems.append(
                _("Hai đợt tư vấn “%(first)s” và “%(second)s” liền nhau; hãy gộp lại hoặc thêm vòng chấm điểm ở giữa.")
                % {"first": before.name, "second": after.name}
            )
    names = [r.name.strip().casefold() for r in rounds]
    if len(set(names)) < len(names):
        problems.append(_("Hai vòng thi trùng tên; mỗi vòng cần một tên riêng."))
    return problems


def criteria_total_problems(
    *, round_name: str, max_total: Decimal | None, criteria: Iterable[tuple[str, Decimal, Decimal]]
) -> list[str]:
    """A scoring round's criteria against its stated total: (name, maximum points, weight) each.

    The maximum points times their weights (1 unless the round uses weights) add up to the total.
    """
    criteria = list(criteria)
    if not criteria:
        return [_("Vòng “%(round)s” chưa có tiêu chí chấm.") % {"round": round_name}]
    if max_total is None:
        return [_("Vòng “%(round)s” chưa ghi tổng điểm tối đa của phiếu chấm.") % {"round": round_name}]
    reached = sum((points * weight for _name, points, weight in criteria), Decimal(0))
    if reached != max_total:
        return [
            _(
                "Vòng “%(round)s”: điểm tối đa của các tiêu chí cộng lại được %(reached)s, "
                "chưa bằng tổng điểm %(total)s của vòng."
            )
            % {"round": round_name, "reached": format_decimal(reached), "total": format_decimal(max_total)}
        ]
    return []


def submission_problems(*, contest: Contest, now: datetime.datetime) -> list[str]:
    problems = []
    if contest.submission_closes_at <= contest.submission_opens_at:
        problems.append(_("Hạn nộp bài phải sau ngày mở nhận bài."))
    elif contest.submission_closes_at <= now:
        problems.append(
            _("Hạn nộp bài (%(deadline)s) đã qua; hãy đặt lại thời gian nhận bài.")
            % {"deadline": format_moment(contest.submission_closes_at, MOMENT)}
        )
    return problems


# --- the checklist --------------------------------------------------------------------


@dataclass
class ChecklistItem:
    """One line of the checklist: a step, whether it is done, and what is missing if not."""

    key: str
    label: str
    url: str
    required: bool = True
    problems: list[str] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return not self.problems


@dataclass
class Checklist:
    contest: Contest
    items: list[ChecklistItem]

    @property
    def missing(self) -> list[ChecklistItem]:
        return [item for item in self.items if item.required and not item.done]

    @property
    def is_complete(self) -> bool:
        return not self.missing

    def by_step(self) -> dict[str, bool]:
        """Each step of the stepper: done when every line of that step is."""
        state: dict[str, bool] = {}
        for item in self.items:
            key = item.key.split(":")[0]
            state[key] = state.get(key, True) and item.done
        return state

    def problems(self) -> list[str]:
        return [problem for item in self.missing for problem in item.problems]


def contest_setup_checklist(*, contest: Contest, now: datetime.datetime | None = None) -> Checklist:
    """What the contest still lacks before it can open, step by step; five queries.

    A step counts once staff saved it in the set-up (`Contest.setup_steps`) and what it holds
    is right today: a copy of last year's contest is reviewed step by step before it opens.
    """
    now = now or timezone.now()
    saved = set(contest.setup_steps or ())
    categories = list(contest.categories.values_list("name", flat=True))
    tiers = contest.prize_tiers.count()
    rounds = list(contest.rounds.order_by("order"))
    criteria: dict[int, list[tuple[str, Decimal, Decimal]]] = {r.pk: [] for r in rounds}
    for row in Criterion.objects.filter(round__contest=contest).order_by("order", "pk"):
        criteria[row.round_id].append((row.name, row.max_points, row.weight))
    judges = contest.judges.count()

    def url(key: str, **kwargs) -> str:
        return reverse(step(key).url_name, kwargs=kwargs or {"contest_pk": contest.pk})

    def item(key: str, problems: list[str], *, required: bool = True) -> ChecklistItem:
        if required and key in SAVED_STEPS and key not in saved and not problems:
            problems = [_("Chưa xem lại và lưu bước này.")]
        return ChecklistItem(key=key, label=str(step(key).label), url=url(key), required=required, problems=problems)

    items = [
        item("basics", [] if contest.rules_document else [_("Chưa tải lên thể lệ cuộc thi.")]),
        item("categories", [] if categories else [_("Chưa có lĩnh vực dự thi nào.")]),
        item("submission", submission_problems(contest=contest, now=now)),
        item("eligibility", []),
        item("team", []),
        item("prizes", [] if tiers else [_("Chưa có cơ cấu giải.")]),
        item("rounds", round_plan_problems(rounds, submission_closes_at=contest.submission_closes_at)),
    ]
    for r in rounds:
        if r.kind != Round.Kind.SCORING:
            continue
        items.append(
            ChecklistItem(
                key=f"rounds:{r.pk}",
                label=_("Tiêu chí chấm: %(round)s") % {"round": r.name},
                url=reverse("competitions:round-setup-criteria", kwargs={"pk": r.pk}),
                problems=criteria_total_problems(round_name=r.name, max_total=r.max_total, criteria=criteria[r.pk]),
            )
        )
    items.append(
        ChecklistItem(
            key="judges",
            label=str(step("judges").label),
            url=url("judges"),
            required=False,
            problems=[] if judges else [_("Chưa có giám khảo (có thể mời sau khi mở cuộc thi).")],
        )
    )
    return Checklist(contest=contest, items=items)


def last_contest_of(*, owner) -> Contest | None:
    """The contest a unit ran last, out of draft (the newest year, then the latest window): what
    "copy last year's contest" starts from."""
    return (
        Contest.objects.filter(owner=owner)
        .published()
        .order_by("-year", "-submission_opens_at", "-pk")
        .select_related("owner")
        .first()
    )
