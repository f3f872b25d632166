"""The guided set-up of a contest in the staff pages: one write per step, and copying last
year's contest.

Every step saves all it is given or nothing: it checks the whole step first (with the checks
the checklist uses, `selectors.setup`) and raises one `ValidationError` naming each problem in
Vietnamese. A step is written only while the contest is a draft, by the staff of its owner, and
is recorded as saved (`Contest.setup_steps`) so the checklist knows staff went through it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Unit, User
from accounts.scoping import require_runs
from common.formatting import format_decimal
from common.history import records_actor

from ..models import Category, Contest, Criterion, PrizeTier, Round
from ..selectors.setup import criteria_total_problems, last_contest_of, round_plan_problems
from .contests import contest_copy

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class Stage(models.TextChoices):
    """What a round is in the contest's plan (plan-son-la §II.1.1): a scoring round
    (the preliminary), a coaching period, or the final."""

    SCORING = "scoring", gettext_lazy("Vòng chấm điểm (sơ tuyển)")
    COACHING = "coaching", gettext_lazy("Tư vấn, hoàn thiện")
    FINAL = "final", gettext_lazy("Chung kết")

    @classmethod
    def of(cls, round: Round) -> str:
        if round.is_final:
            return cls.FINAL
        return cls.COACHING if round.kind == Round.Kind.COACHING else cls.SCORING


@dataclass(frozen=True)
class RoundInput:
    """One row of the rounds step; `pk` names a round already saved (its criteria are kept)."""

    name: str
    stage: str
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    judges_per_entry: int = 3
    is_blind: bool = True
    is_live: bool = False
    advance_count: int | None = None
    pk: int | None = None

    @property
    def kind(self) -> str:
        return Round.Kind.COACHING if self.stage == Stage.COACHING else Round.Kind.SCORING

    @property
    def is_final(self) -> bool:
        return self.stage == Stage.FINAL


@dataclass(frozen=True)
class CriterionInput:
    """One criterion: `weight` is its multiplier (hệ số) when the round adds points, its share
    in percent when the round uses percentage weights."""

    name: str
    max_points: Decimal
    weight: Decimal = Decimal(1)
    description: str = ""


@dataclass(frozen=True)
class PrizeTierInput:
    """One prize tier, highest first (the rank is the row's place)."""

    name: str
    count: int
    amount: int = 0


def _draft(contest: Contest, *, actor: User) -> Contest:
    """The contest locked for the step's write: run by the actor, still a draft."""
    require_runs(actor=actor, owner=contest.owner)
    contest = Contest.objects.select_for_update().select_related("owner").get(pk=contest.pk)
    if contest.status != Contest.Status.DRAFT:
        raise ValidationError(_("Cuộc thi đã mở; không thay đổi thiết lập ở đây được nữa."))
    return contest


def _save(contest: Contest, *, step: str, actor: User, fields: Sequence[str] = ()) -> Contest:
    """Record the step as saved and write the contest (its history names the actor)."""
    if step not in contest.setup_steps:
        contest.setup_steps = [*contest.setup_steps, step]
    contest._history_user = actor
    contest.save(update_fields=[*fields, "setup_steps", "updated_at"])
    return contest


def _check_contest(contest: Contest, *, fields: Sequence[str]) -> None:
    """The model's own validation (field validators, constraints, the slug), on the step's fields."""
    exclude = [f.name for f in Contest._meta.fields if f.name not in fields]
    contest.full_clean(exclude=exclude)


def _unique_names(names: Sequence[str], *, what: str) -> list[str]:
    cleaned = [name.strip() for name in names if name and name.strip()]
    folded = [name.casefold() for name in cleaned]
    if len(set(folded)) < len(folded):
        raise ValidationError(_("Hai %(what)s trùng tên; mỗi dòng cần một tên riêng.") % {"what": what})
    return cleaned


# --- basics ---------------------------------------------------------------------------


@records_actor
@transaction.atomic
def contest_create(
    *,
    owner: Unit,
    name: str,
    year: int,
    slug: str,
    actor: User,
    description: str = "",
    rules_document=None,
) -> Contest:
    """Start a draft contest from its first step (name, year, public address, rules document).

    The window and the age reference date get placeholders in the contest's year; the
    checklist asks staff to save those steps before the contest opens.
    """
    require_runs(actor=actor, owner=owner)
    tz = timezone.get_current_timezone()
    contest = Contest(
        owner=owner,
        name=name.strip(),
        year=year,
        slug=slug.strip(),
        description=description.strip(),
        status=Contest.Status.DRAFT,
        submission_opens_at=datetime.datetime(year, 1, 1, tzinfo=tz),
        submission_closes_at=datetime.datetime(year, 12, 31, 23, 59, tzinfo=tz),
        age_reference_date=datetime.date(year, 12, 31),
        created_by=actor,
        setup_steps=["basics"],
    )
    if rules_document is not None:
        contest.rules_document = rules_document
    contest.full_clean()
    contest._history_user = actor
    contest.save()
    return contest


@records_actor
@transaction.atomic
def contest_save_basics(
    *,
    contest: Contest,
    name: str,
    year: int,
    slug: str,
    actor: User,
    description: str = "",
    rules_document=None,
) -> Contest:
    """Name, year, public address, introduction and (when given) a new rules document."""
    contest = _draft(contest, actor=actor)
    contest.name, contest.year, contest.slug = name.strip(), year, slug.strip()
    contest.description = description.strip()
    fields = ["name", "year", "slug", "description"]
    if rules_document is not None:
        contest.rules_document = rules_document
        fields.append("rules_document")
    _check_contest(contest, fields=fields)
    return _save(contest, step="basics", actor=actor, fields=fields)


# --- categories, window and quota, ages, team, prizes ---------------------------------


@records_actor
@transaction.atomic
def contest_save_categories(*, contest: Contest, names: Sequence[str], actor: User) -> Contest:
    """The contest's fields (lĩnh vực), in the order given: kept by name, the others removed."""
    contest = _draft(contest, actor=actor)
    names = _unique_names(names, what=_("lĩnh vực"))
    if not names:
        raise ValidationError(_("Cần ít nhất một lĩnh vực dự thi."))
    if any(len(name) > 150 for name in names):
        raise ValidationError(_("Tên lĩnh vực dài tối đa 150 ký tự."))
    existing = {c.name.casefold(): c for c in contest.categories.all()}
    keep = {name.casefold() for name in names}
    contest.categories.exclude(pk__in=[c.pk for key, c in existing.items() if key in keep]).delete()
    for order, name in enumerate(names, start=1):
        category = existing.get(name.casefold()) or Category(contest=contest)
        category.name, category.order = name, order
        category.save()
    return _save(contest, step="categories", actor=actor)


@records_actor
@transaction.atomic
def contest_save_submission(
    *,
    contest: Contest,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    min_entries_per_unit: int,
    max_entries_per_unit: int | None,
    actor: User,
    now: datetime.datetime | None = None,
) -> Contest:
    """The submission window and each unit's quota (plan: at least 05 ideas per unit)."""
    now = now or timezone.now()
    contest = _draft(contest, actor=actor)
    errors: dict[str, list[str]] = {}
    if closes_at <= opens_at:
        errors["submission_closes_at"] = [_("Hạn nộp bài phải sau ngày mở nhận bài.")]
    elif closes_at <= now:
        errors["submission_closes_at"] = [_("Hạn nộp bài đã qua; hãy chọn một ngày sắp tới.")]
    if min_entries_per_unit < 1:
        errors["min_entries_per_unit"] = [_("Mỗi đơn vị cần gửi ít nhất 1 ý tưởng.")]
    if max_entries_per_unit is not None and max_entries_per_unit < min_entries_per_unit:
        errors["max_entries_per_unit"] = [_("Số ý tưởng tối đa phải không nhỏ hơn số tối thiểu.")]
    if errors:
        raise ValidationError(errors)
    contest.submission_opens_at, contest.submission_closes_at = opens_at, closes_at
    contest.min_entries_per_unit, contest.max_entries_per_unit = min_entries_per_unit, max_entries_per_unit
    fields = ["submission_opens_at", "submission_closes_at", "min_entries_per_unit", "max_entries_per_unit"]
    _check_contest(contest, fields=fields)
    return _save(contest, step="submission", actor=actor, fields=fields)


@records_actor
@transaction.atomic
def contest_save_eligibility(
    *, contest: Contest, min_age: int, max_age: int, age_reference_date: datetime.date, actor: User
) -> Contest:
    """The age range and the day ages are counted on."""
    contest = _draft(contest, actor=actor)
    errors: dict[str, list[str]] = {}
    if min_age < 1:
        errors["min_age"] = [_("Tuổi tối thiểu phải lớn hơn 0.")]
    if max_age < min_age:
        errors["max_age"] = [_("Tuổi tối đa phải không nhỏ hơn tuổi tối thiểu.")]
    if abs(age_reference_date.year - contest.year) > 1:
        errors["age_reference_date"] = [
            _("Ngày tính tuổi phải trong năm %(year)d của cuộc thi hoặc năm liền kề.") % {"year": contest.year}
        ]
    if errors:
        raise ValidationError(errors)
    contest.min_age, contest.max_age, contest.age_reference_date = min_age, max_age, age_reference_date
    fields = ["min_age", "max_age", "age_reference_date"]
    _check_contest(contest, fields=fields)
    return _save(contest, step="eligibility", actor=actor, fields=fields)


@records_actor
@transaction.atomic
def contest_save_team(*, contest: Contest, max_team_size: int, actor: User) -> Contest:
    """How many people a team may have."""
    contest = _draft(contest, actor=actor)
    if max_team_size < 1:
        raise ValidationError({"max_team_size": [_("Mỗi nhóm có ít nhất 1 thành viên.")]})
    contest.max_team_size = max_team_size
    _check_contest(contest, fields=["max_team_size"])
    return _save(contest, step="team", actor=actor, fields=["max_team_size"])


@records_actor
@transaction.atomic
def contest_save_prizes(*, contest: Contest, tiers: Sequence[PrizeTierInput], actor: User) -> Contest:
    """The prize tiers, highest first: how many of each and the amount (VND)."""
    contest = _draft(contest, actor=actor)
    names = _unique_names([t.name for t in tiers], what=_("giải"))
    if not tiers or len(names) < len(tiers):
        raise ValidationError(_("Cần ít nhất một giải, mỗi giải có tên."))
    problems = []
    for tier in tiers:
        if tier.count < 1:
            problems.append(_("Giải “%(name)s”: số giải phải từ 1 trở lên.") % {"name": tier.name.strip()})
        if tier.amount < 0:
            problems.append(_("Giải “%(name)s”: tiền thưởng không được âm.") % {"name": tier.name.strip()})
    if problems:
        raise ValidationError(problems)
    contest.prize_tiers.all().delete()
    PrizeTier.objects.bulk_create(
        [
            PrizeTier(contest=contest, name=tier.name.strip(), rank=rank, count=tier.count, amount=tier.amount)
            for rank, tier in enumerate(tiers, start=1)
        ]
    )
    return _save(contest, step="prizes", actor=actor)


# --- rounds and their criteria --------------------------------------------------------


@records_actor
@transaction.atomic
def contest_save_rounds(*, contest: Contest, rounds: Sequence[RoundInput], actor: User) -> Contest:
    """The contest's rounds, numbered by their dates; a row without `pk` is a new round, a saved
    round left out is removed with its criteria. Refused whole when the plan does not hold
    (`selectors.setup.round_plan_problems`: overlaps, no coaching between scoring rounds, a final
    before the preliminary, a round before the submission deadline)."""
    contest = _draft(contest, actor=actor)
    existing = {r.pk: r for r in Round.objects.select_for_update().filter(contest=contest)}
    if any(row.pk is not None and row.pk not in existing for row in rounds):
        raise ValidationError(_("Vòng thi không thuộc cuộc thi này."))
    problems = round_plan_problems(list(rounds), submission_closes_at=contest.submission_closes_at)
    for row in rounds:
        if not row.name.strip():
            problems.append(_("Mỗi vòng thi cần có tên."))
        if row.kind == Round.Kind.SCORING and row.judges_per_entry < 1:
            problems.append(_("Vòng “%(round)s”: mỗi bài cần ít nhất một giám khảo.") % {"round": row.name})
    if problems:
        raise ValidationError(problems)
    kept = {row.pk for row in rounds if row.pk is not None}
    Round.objects.filter(contest=contest).exclude(pk__in=kept).delete()
    # Free the numbers first: (contest, order) is unique and the rounds may change places.
    Round.objects.filter(contest=contest).update(order=F("order") + 1000)
    ordered = sorted(rounds, key=lambda r: (r.opens_at, r.closes_at))
    for order, row in enumerate(ordered, start=1):
        round = existing[row.pk] if row.pk is not None else Round(contest=contest)
        round.order, round.name, round.kind, round.is_final = order, row.name.strip(), row.kind, row.is_final
        round.opens_at, round.closes_at = row.opens_at, row.closes_at
        round.judges_per_entry = max(row.judges_per_entry, 1)
        round.is_blind, round.is_live = row.is_blind, row.is_live
        round.advance_count = None if row.is_final or row.kind == Round.Kind.COACHING else row.advance_count
        if round.advance_count is not None:
            round.advance_threshold = None  # one way into the next round, not both
        round.full_clean(exclude=["contest", "on_stage"], validate_constraints=False)
        round._history_user = actor
        round.save()
        if round.kind == Round.Kind.COACHING:
            round.criteria.all().delete()
    return _save(contest, step="rounds", actor=actor)


def _percent_multipliers(*, round_name: str, max_total: Decimal, criteria: Sequence[CriterionInput]) -> list[Decimal]:
    """Percentage weights turned into the multipliers (hệ số) the scorecards use, so that a
    criterion's full points count for its share of the total."""
    shares = sum((c.weight for c in criteria), Decimal(0))
    if shares != HUNDRED:
        raise ValidationError(
            _("Vòng “%(round)s”: tổng trọng số các tiêu chí là %(sum)s%%, phải bằng 100%%.")
            % {"round": round_name, "sum": format_decimal(shares)}
        )
    multipliers = []
    for c in criteria:
        exact = c.weight * max_total / (HUNDRED * c.max_points)
        rounded = exact.quantize(CENT)
        if rounded != exact or rounded >= HUNDRED:
            raise ValidationError(
                _(
                    "Tiêu chí “%(name)s”: trọng số %(share)s%% trên thang %(points)s điểm không quy đổi được "
                    "thành hệ số chính xác; hãy chấm tiêu chí theo thang 10 hoặc 100 điểm."
                )
                % {"name": c.name, "share": format_decimal(c.weight), "points": format_decimal(c.max_points)}
            )
        multipliers.append(rounded)
    return multipliers


@records_actor
@transaction.atomic
def round_save_criteria(
    *,
    round: Round,
    max_total: Decimal | None,
    weighting: str,
    criteria: Sequence[CriterionInput],
    actor: User,
) -> Round:
    """A scoring round's scorecard: its stated total, how points are weighted, and its criteria
    (replacing the ones it had). The criteria's maximum points, times their multipliers, add up
    to the total; with percentage weights the shares add up to 100%."""
    contest = _draft(round.contest, actor=actor)
    round = Round.objects.select_for_update().get(pk=round.pk, contest=contest)
    if round.kind != Round.Kind.SCORING:
        raise ValidationError(_("Vòng tư vấn, hoàn thiện không có phiếu chấm."))
    if max_total is None or max_total <= 0:
        raise ValidationError({"max_total": [_("Cần ghi tổng điểm tối đa của phiếu chấm, ví dụ 100.")]})
    if weighting not in Round.Weighting.values:
        raise ValidationError({"weighting": [_("Hãy chọn cách tính điểm.")]})
    _unique_names([c.name for c in criteria], what=_("tiêu chí"))
    problems = []
    for c in criteria:
        if not c.name.strip():
            problems.append(_("Mỗi tiêu chí cần có tên."))
        if c.max_points < Decimal("0.5"):
            problems.append(_("Tiêu chí “%(name)s”: điểm tối đa phải từ 0,5 trở lên.") % {"name": c.name})
        if c.weight <= 0:
            problems.append(_("Tiêu chí “%(name)s”: hệ số, trọng số phải lớn hơn 0.") % {"name": c.name})
    if problems:
        raise ValidationError(problems)
    if weighting == Round.Weighting.PERCENT:
        multipliers = _percent_multipliers(round_name=round.name, max_total=max_total, criteria=criteria)
    else:
        multipliers = [c.weight for c in criteria]
        if any(m >= HUNDRED or m != m.quantize(CENT) for m in multipliers):
            raise ValidationError(_("Hệ số nhỏ hơn 100, tối đa hai chữ số thập phân."))
    problems = criteria_total_problems(
        round_name=round.name,
        max_total=max_total,
        criteria=[(c.name, c.max_points, m) for c, m in zip(criteria, multipliers, strict=True)],
    )
    if problems:
        raise ValidationError(problems)
    round.criteria.all().delete()
    Criterion.objects.bulk_create(
        [
            Criterion(
                round=round,
                name=c.name.strip(),
                description=c.description.strip(),
                max_points=c.max_points,
                weight=m,
                order=order,
            )
            for order, (c, m) in enumerate(zip(criteria, multipliers, strict=True), start=1)
        ]
    )
    round.max_total, round.weighting = max_total, weighting
    round._history_user = actor
    round.save(update_fields=["max_total", "weighting", "updated_at"])
    return round


# --- copying last year's contest ------------------------------------------------------


@records_actor
@transaction.atomic
def contest_copy_last_year(*, owner: Unit, actor: User, today: datetime.date | None = None) -> Contest:
    """A new draft from the last contest `owner` ran (`services.contest_copy`): its categories,
    prize tiers, rounds and criteria with every date moved to this year (or the year after the
    source's, whichever is later); never its entries, judges or rules document. Each step is
    then reviewed and saved before the copy can open."""
    require_runs(actor=actor, owner=owner)
    today = today or timezone.localdate()
    source = last_contest_of(owner=owner)
    if source is None:
        raise ValidationError(_("%(unit)s chưa có cuộc thi nào để sao chép.") % {"unit": owner.name})
    return contest_copy(source=source, year=max(today.year, source.year + 1), actor=actor, owner=owner)
