"""Progress of a plan's targets by unit: measures rolled up the union tree, traffic lights.

Every number comes from one call per indicator (`Indicator.compute(period)`, keyed
by the unit owning the records) or one query per reported field, plus one query of
units; the roll-up walks each measured unit's materialised path in Python, so the
cost does not grow with the number of units or records.

Traffic lights (`light_for`):

- green: the target is reached;
- amber: at least 70% of the target, or the period is still running and the figure
  keeps pace with it (at least the share of the target equal to the share of the
  period already gone: a unit with 3 of 5 ideas half-way through is on track);
- red: otherwise, including a finished period below 70%;
- grey ("none"): no figure (a ratio with nothing to divide by, or no report yet).
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

from accounts.models import Unit
from accounts.scoping import access_of
from common.indicators import COUNT, RATIO, Measure, Period

from ..models import Plan, Target
from . import catalogue
from .reported import reported_measures

GREEN, AMBER, RED, NONE = "green", "amber", "red", "none"
LIGHTS = (GREEN, AMBER, RED, NONE)
AMBER_SHARE = Decimal("0.7")


def units_under(root: Unit) -> list[Unit]:
    """The root and every unit below it, in tree order: the one unit query of a page."""
    return list(Unit.objects.filter(path__startswith=root.path).order_by("path"))


def dashboard_units(plans, *, user=None) -> list[Unit]:
    """The units a dashboard of `plans` shows, in tree order: each issuer, the units right
    below it (a national plan's rows are its provinces), the units of the kinds its targets
    name, and the user's own units (where an officer's drill-down starts). The rest of the
    tree (a nation's 34,000 branches) is not loaded: the figures of its records still count
    for the units above them through their paths (`roll_up`)."""
    plans = list(plans)
    if not plans:
        return []
    issuers = {plan.issuer_id for plan in plans}
    kinds = {kind for plan in plans for target in plan.targets.all() for kind in target.kinds}
    wanted = Q(pk__in=issuers) | Q(parent_id__in=issuers) | Q(kind__in=kinds)
    if user is not None and not access_of(user).is_superuser:
        wanted |= Q(path__in=access_of(user).scoped_paths)
    # Without the timestamps and contact fields: thousands of rows, read for names and paths.
    light = Unit.objects.defer("created_at", "updated_at", "address", "phone", "email", "official_code")
    return list(light.filter(wanted).order_by("path"))


def chain_of(path: str) -> list[int]:
    """The ids of a unit's ancestors and its own, read from its materialised path."""
    return [int(part) for part in path.strip("/").split("/") if part]


class Total(NamedTuple):
    """A unit's figure summed over it and everything below it."""

    value: Decimal
    base: Decimal | None  # shares: the whole population the target names
    unknown: Decimal | None  # shares: members of the base with no figure yet (ungraded groups)


def measured_paths(measures, units: list[Unit]) -> dict[int, str]:
    """Paths of the measured units that `units` does not hold (one query, only when some
    measure sits at a unit not loaded, such as a branch under a loaded commune)."""
    known = {u.pk for u in units}
    missing = [unit_id for unit_id in measures if unit_id not in known]
    return dict(Unit.objects.filter(pk__in=missing).values_list("pk", "path")) if missing else {}


def roll_up(
    measures: dict[int, Measure], units: list[Unit], *, paths: dict[int, str] | None = None
) -> dict[int, Total]:
    """Unit id -> (value, base, unknown) summed over the unit and everything below it.

    A measure counts for the unit owning the records and for each unit of `units` above it
    (read from the unit's path: from `paths`, or looked up, for a unit not in `units`);
    measures of units outside the subtrees of `units` are left out.
    """
    known = {u.pk: u for u in units}
    paths = paths if paths is not None else measured_paths(measures, units)
    values: dict[int, Decimal] = defaultdict(Decimal)
    bases: dict[int, Decimal] = {}
    unknowns: dict[int, Decimal] = {}
    for unit_id, measure in measures.items():
        unit = known.get(unit_id)
        if unit is not None:
            chain = [*unit.ancestor_ids, unit.pk]
        elif unit_id in paths:
            chain = chain_of(paths[unit_id])
        else:
            continue
        for ancestor_id in chain:
            if ancestor_id not in known:
                continue
            values[ancestor_id] += Decimal(measure.value or 0)
            if measure.base is not None:
                bases[ancestor_id] = bases.get(ancestor_id, Decimal(0)) + Decimal(measure.base)
            if measure.unknown is not None:
                unknowns[ancestor_id] = unknowns.get(ancestor_id, Decimal(0)) + Decimal(measure.unknown)
    return {uid: Total(values.get(uid, Decimal(0)), bases.get(uid), unknowns.get(uid)) for uid in known}


def _number(value: Decimal) -> str:
    """A count as people read it here: 1.234 (grouped), 2,5 (a decimal comma)."""
    value = Decimal(value)
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return number_format(value, force_grouping=True)


def share_texts(
    *,
    value: Decimal,
    base: Decimal | None,
    unknown: Decimal | None,
    base_label: str,
    unknown_label: str,
    reported: bool,
) -> tuple[str, str]:
    """("1/61 tổ", "60 tổ chưa xếp loại"): the base a percentage is taken of, and the
    part of the base with no figure yet. A reported percentage is the mean of the units
    that reported, so its base says how many did."""
    if base is None:
        return "", ""
    if reported:
        count = int(base / 100)
        return ngettext("bình quân %(count)s đơn vị đã báo cáo", "bình quân %(count)s đơn vị đã báo cáo", count) % {
            "count": _number(Decimal(count))
        }, ""
    base_text = f"{_number(value)}/{_number(base)}"
    if base_label:
        base_text = f"{base_text} {base_label}"
    unknown_text = ""
    if unknown:
        unknown_text = f"{_number(unknown)} {unknown_label or gettext('chưa có số liệu')}"
    return base_text, unknown_text


def light_for(*, actual: Decimal | None, goal: Decimal, period: Period, today: datetime.date) -> str:
    """The traffic light of a figure against its target (see the module docstring)."""
    if actual is None:
        return NONE
    if actual >= goal:
        return GREEN
    if goal > 0 and actual >= goal * AMBER_SHARE:
        return AMBER
    if today <= period.end:
        if today < period.start:
            return AMBER
        total_days = (period.end - period.start).days + 1
        gone = Decimal((today - period.start).days + 1) / Decimal(total_days)
        if actual >= goal * gone:
            return AMBER
    return RED


@dataclass
class Cell:
    unit: Unit
    value: Decimal  # count, amount, or the numerator of a ratio
    base: Decimal | None
    actual: Decimal | None  # what is compared: the value, or the percentage
    light: str
    # The records behind the figure: `records()` gives their URL. Built when a page shows
    # the cell, not for each of a national plan's tens of thousands of cells.
    records: Callable[[], str] | None = None
    share: int = 0  # how far along the target, in whole percent capped at 100 (bars)
    unknown: Decimal | None = None  # shares: members of the base with no figure yet
    base_text: str = ""  # shares: what the percentage is taken of, "1/61 tổ"
    unknown_text: str = ""  # shares: "60 tổ chưa xếp loại"
    reached_text: str = ""  # the issuer's total of a per-unit target: "3/12 đơn vị đạt"

    @cached_property
    def url(self) -> str:
        return self.records() if self.records is not None else ""


@dataclass
class TargetProgress:
    target: Target
    period: Period
    label: str  # the indicator's or report field's name
    kind: str  # COUNT, AMOUNT or RATIO
    unit_label: str
    total: Cell | None  # the issuer's total, when the user reaches it
    cells: list[Cell] = field(default_factory=list)  # the units in scope the user sees
    missing: bool = False  # the indicator no longer exists

    @property
    def counts(self) -> dict[str, int]:
        found = dict.fromkeys(LIGHTS, 0)
        if self.target.scope == Target.Scope.PROVINCE:
            if self.total:
                found[self.total.light] += 1
        else:
            for cell in self.cells:
                found[cell.light] += 1
        return found

    @property
    def overall_light(self) -> str:
        """The target's light as a whole. A per-unit target ("mỗi đơn vị ít nhất 05") is met
        when every unit in scope meets it: its light is the worst of the units' lights, never
        the province's sum held against one unit's goal."""
        if self.target.scope != Target.Scope.UNIT:
            return self.total.light if self.total else NONE
        counts = self.counts
        if self.cells and counts[GREEN] == len(self.cells):
            return GREEN
        for light in (RED, AMBER):
            if counts[light]:
                return light
        return NONE

    def cell_for(self, unit_id: int) -> Cell | None:
        return self._by_unit.get(unit_id)

    def __post_init__(self) -> None:
        self._by_unit: dict[int, Cell] = {}


class PlanProgress:
    """A plan's targets evaluated for a user: everything a dashboard page shows."""

    def __init__(
        self,
        *,
        plan: Plan,
        user=None,
        today: datetime.date | None = None,
        memo: dict | None = None,
        units: list[Unit] | None = None,
    ):
        """`user=None` sees every unit (scheduled reports); `today` is the day the lights
        are judged on, and figures count records up to it (a report of a past month)."""
        self.plan = plan
        self.today = today or timezone.localdate()
        self.access = access_of(user) if user is not None else None
        self.units = [u for u in units if u.path.startswith(plan.issuer.path)] if units else units_under(plan.issuer)
        self.unit_by_id = {u.pk: u for u in self.units}
        self._memo = memo if memo is not None else {}
        self._makers: dict[int, object] = {}  # target id -> its cell maker, for drill-down pages
        self._paths: dict[int, str] = {}  # measured units not in `units` -> their paths
        self.targets = [self._evaluate(t) for t in plan.targets.all()]

    def _paths_of(self, measures) -> dict[int, str]:
        """Paths of measured units this progress did not load, looked up once per plan."""
        missing = [unit_id for unit_id in measures if unit_id not in self.unit_by_id and unit_id not in self._paths]
        if missing:
            self._paths.update(Unit.objects.filter(pk__in=missing).values_list("pk", "path"))
        return self._paths

    def sees(self, unit: Unit) -> bool:
        return self.access is None or self.access.reaches_path(unit.path)

    @property
    def drill_root(self) -> Unit | None:
        """Where the drill-down starts for this user: the issuer, else the highest unit they see."""
        if self.sees(self.plan.issuer):
            return self.plan.issuer
        return next(iter(self.visible_units), None)

    @property
    def visible_units(self) -> list[Unit]:
        return [u for u in self.units if self.sees(u)]

    def scope_units(self, target: Target) -> list[Unit]:
        """Units of the target's kinds, active at some time in its period, that the user sees."""
        start, end = target.start, target.end
        return [
            u
            for u in self.units
            if u.kind in target.kinds
            and (u.active_from is None or u.active_from <= end)
            and (u.active_to is None or u.active_to >= start)
            and self.sees(u)
        ]

    @property
    def matrix_units(self) -> list[Unit]:
        """Units that appear in at least one per-unit target: the rows of the table."""
        seen: dict[int, Unit] = {}
        for tp in self.targets:
            for cell in tp.cells:
                seen.setdefault(cell.unit.pk, cell.unit)
        return sorted(seen.values(), key=lambda u: u.path)

    def _measures(self, target: Target, period: Period) -> tuple[dict[int, Measure], object]:
        if target.source == Target.Source.REPORTED:
            key = ("reported", target.report_field_code, target.is_percent, period)
            if key not in self._memo:
                self._memo[key] = reported_measures(
                    code=target.report_field_code, period=period, percent=target.is_percent
                )
            return self._memo[key], None
        indicator = catalogue.indicators().get(target.indicator_code)
        if indicator is None:
            return {}, None
        key = ("computed", indicator.code, period)
        if key not in self._memo:
            self._memo[key] = indicator.compute(period)
        return self._memo[key], indicator

    def _evaluate(self, target: Target) -> TargetProgress:
        period = Period(target.start, target.end)
        # Records up to the day judged on: a report of June counts nothing from July.
        counted = Period(target.start, max(target.start, min(target.end, self.today)))
        measures, indicator = self._measures(target, counted)
        missing = target.source == Target.Source.COMPUTED and indicator is None
        base_label = unknown_label = ""
        if indicator is not None:
            label, kind, unit_label = str(indicator.label), indicator.kind, str(indicator.unit_label)
            base_label, unknown_label = str(indicator.base_label), str(indicator.unknown_label)
        else:
            label = target.label
            kind = RATIO if target.is_percent else COUNT
            unit_label = "%" if target.is_percent else ""
        totals = roll_up(measures, self.units, paths=self._paths_of(measures))
        ratio = target.is_percent

        reported = target.source == Target.Source.REPORTED

        def cell(unit: Unit) -> Cell:
            value, base, unknown = totals.get(unit.pk, Total(Decimal(0), None, None))
            base_text = unknown_text = ""
            if ratio:
                base_text, unknown_text = share_texts(
                    value=value,
                    base=base,
                    unknown=unknown,
                    base_label=base_label,
                    unknown_label=unknown_label,
                    reported=reported,
                )
            if ratio:
                actual = (value * 100 / base).quantize(Decimal("0.1")) if base else None
            elif target.source == Target.Source.REPORTED and unit.pk not in _reporters:
                actual = None
            else:
                actual = value
            records = None
            if indicator is not None and indicator.records_url is not None:
                records = functools.partial(indicator.records_url, unit.pk, counted)
            light = light_for(actual=actual, goal=target.value, period=period, today=self.today)
            share = 0
            if actual is not None:
                share = 100 if target.value <= 0 else int(min(Decimal(100), actual * 100 / target.value))
            return Cell(
                unit=unit,
                value=value,
                base=base,
                actual=actual,
                light=light,
                records=records,
                share=share,
                unknown=unknown,
                base_text=base_text,
                unknown_text=unknown_text,
            )

        # Units with a figure of their own or below them (a reported target with no report is grey).
        _reporters = set()
        if target.source == Target.Source.REPORTED:
            paths = self._paths_of(measures)
            for unit_id in measures:
                unit = self.unit_by_id.get(unit_id)
                if unit is not None:
                    _reporters.update([*unit.ancestor_ids, unit.pk])
                elif unit_id in paths:
                    _reporters.update(chain_of(paths[unit_id]))
        root = self.plan.issuer
        total = cell(root) if self.sees(root) else None
        progress = TargetProgress(
            target=target,
            period=period,
            label=label,
            kind=kind,
            unit_label=unit_label,
            total=total,
            missing=missing,
        )
        if target.scope == Target.Scope.UNIT:
            progress.cells = [cell(u) for u in self.scope_units(target)]
            if total is not None:
                reached = progress.counts[GREEN]
                progress.total = total = replace(
                    total,
                    light=progress.overall_light,
                    reached_text=ngettext(
                        "%(reached)s/%(count)s đơn vị đạt", "%(reached)s/%(count)s đơn vị đạt", len(progress.cells)
                    )
                    % {"reached": reached, "count": len(progress.cells)},
                )
        progress._by_unit = {c.unit.pk: c for c in progress.cells}
        if total is not None:
            progress._by_unit.setdefault(root.pk, total)
        self._makers[target.pk] = cell
        return progress

    def cell_at(self, progress: TargetProgress, unit: Unit) -> Cell:
        """The target's figure at any unit of the tree (drill-down pages)."""
        return self._makers[progress.target.pk](unit)

    def children_of(self, unit: Unit) -> list[Unit]:
        return [u for u in self.units if u.parent_id == unit.pk]

    @property
    def provinces(self) -> list[Unit]:
        """The provinces right below the issuer that the user sees: the rows of a national
        plan (national staff see every province, a province's staff only their own)."""
        return [u for u in self.children_of(self.plan.issuer) if u.kind == Unit.Kind.PROVINCE and self.sees(u)]

    def rolled_up_cell(self, progress: TargetProgress, unit: Unit) -> Cell:
        """The target at a unit with everything below it: its own figure for a plan-wide
        target; for a per-unit target, how many units under it reach the goal, with the
        worst light among them (as the issuer's total), never its sum against one unit's goal."""
        here = self.cell_at(progress, unit)
        if progress.target.scope != Target.Scope.UNIT:
            return here
        below = [c for c in progress.cells if c.unit.path.startswith(unit.path)]
        lights = {c.light for c in below}
        light = GREEN if below and lights == {GREEN} else next((x for x in (RED, AMBER) if x in lights), NONE)
        reached = sum(c.light == GREEN for c in below)
        text = ngettext("%(reached)s/%(count)s đơn vị đạt", "%(reached)s/%(count)s đơn vị đạt", len(below)) % {
            "reached": reached,
            "count": len(below),
        }
        return replace(here, light=light, reached_text=text)
