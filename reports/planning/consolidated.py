"""What a consolidated report of a period holds, computed once for Excel and PDF.

A report is its owner's: it counts only the owner and the units under it. The units listed
one by one are the provinces below the owner when it has any (the national report), else
the levels under the province.

- every computed indicator of the portal: the owner's figure and each listed unit's;
- every numeric field of the units' periodic reports: the sum of the units' latest
  sent figures in the period;
- the targets of the plans running in the period, judged on the period's last day.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from accounts.models import Unit
from common.indicators import RATIO, Period

from ..models import Plan
from . import catalogue
from .progress import GREEN, PlanProgress, TargetProgress, Total, roll_up, share_texts
from .reported import reported_measures

# Units listed one by one in the report: the levels under the province, not branches.
LISTED_KINDS = ("commune", "district", "affiliated", "bloc", "school", "enterprise")


@dataclass
class IndicatorRow:
    code: str
    label: str
    unit_label: str
    kind: str
    total: Decimal | None
    by_unit: dict[int, Decimal | None]
    total_base: str = ""  # shares: "1/61 tổ · 60 tổ chưa xếp loại"
    base_by_unit: dict[int, str] = field(default_factory=dict)
    # A reported figure: the computed indicator of the same concept, when the report form names
    # one (`ReportField.indicator_code`: the portal prefills the unit's report with it).
    indicator_code: str = ""


@dataclass
class ConsolidatedData:
    period: Period
    generated_at: datetime.datetime
    roots: list[Unit]
    listed_units: list[Unit]
    indicators: list[IndicatorRow] = field(default_factory=list)
    reported: list[IndicatorRow] = field(default_factory=list)
    plans: list[PlanProgress] = field(default_factory=list)

    @property
    def targets(self) -> list[tuple[Plan, TargetProgress]]:
        return [(p.plan, t) for p in self.plans for t in p.targets]

    def chart_rows(self) -> list[dict]:
        """Each target with the share of its units (or the province) that reached it."""
        rows = []
        for plan, tp in self.targets:
            counts = tp.counts
            total = sum(counts.values())
            rows.append(
                {
                    "label": f"{plan.number} · {tp.target.label}",
                    "reached": counts[GREEN],
                    "total": total,
                    "share": round(100 * counts[GREEN] / total) if total else 0,
                }
            )
        return rows


def _value(kind: str, total: Total) -> Decimal | None:
    value, base = total[0], total[1]
    if kind == RATIO:
        return (value * 100 / base).quantize(Decimal("0.1")) if base else None
    return value


def consolidated_data(
    *,
    period: Period,
    progress: Callable[[int], None] | None = None,
    now: datetime.datetime | None = None,
    plans=None,
    owner: Unit | None = None,
) -> ConsolidatedData:
    """Compute the report; `progress(percent)` is called as the work advances. `plans` is the
    queryset of plans it may judge (those the asker sees); every plan when not given. `owner`:
    the unit whose subtree is counted (every unit when not given)."""
    from django.utils import timezone

    from ..models import ReportField

    report = progress or (lambda _p: None)
    units = list((Unit.objects.subtree_of(owner) if owner else Unit.objects.all()).order_by("path"))
    roots = [owner] if owner else [u for u in units if u.parent_id is None]
    provinces = [u for u in units if u.kind == Unit.Kind.PROVINCE and u not in roots]
    kinds = (Unit.Kind.PROVINCE,) if provinces else LISTED_KINDS
    listed = [
        u
        for u in units
        if u.parent_id is not None
        and u not in roots
        and u.kind in kinds
        and (u.active_from is None or u.active_from <= period.end)
        and (u.active_to is None or u.active_to >= period.start)
    ]
    data = ConsolidatedData(period=period, generated_at=now or timezone.now(), roots=roots, listed_units=listed)
    indicators = sorted(catalogue.indicators().values(), key=lambda i: i.code)
    fields = list(
        ReportField.objects.exclude(kind=ReportField.Kind.TEXT)
        .order_by("code")
        .values_list("code", "label", "unit_label", "indicator_code")
    )
    plans = Plan.objects.all() if plans is None else plans
    if owner is not None:  # the owner's plans and those under it: their units are all counted here
        plans = plans.filter(owner__path__startswith=owner.path)
    plans = list(
        plans.filter(start_date__lte=period.end, end_date__gte=period.start)
        .select_related("issuer")
        .prefetch_related("targets")
    )
    steps = max(1, len(indicators) + len(fields) + len(plans))
    done = 0
    for indicator in indicators:
        totals = roll_up(indicator.compute(period), units)
        root_total = _root_total(totals, roots)

        def base_of(total: Total, indicator=indicator) -> str:
            if indicator.kind != RATIO:
                return ""
            texts = share_texts(
                value=total.value,
                base=total.base,
                unknown=total.unknown,
                base_label=str(indicator.base_label),
                unknown_label=str(indicator.unknown_label),
                reported=False,
            )
            return " · ".join(t for t in texts if t)

        data.indicators.append(
            IndicatorRow(
                code=indicator.code,
                label=str(indicator.label),
                unit_label=str(indicator.unit_label),
                kind=indicator.kind,
                total=_value(indicator.kind, root_total),
                by_unit={u.pk: _value(indicator.kind, totals[u.pk]) for u in listed},
                total_base=base_of(root_total),
                base_by_unit={u.pk: base_of(totals[u.pk]) for u in listed} if indicator.kind == RATIO else {},
            )
        )
        done += 1
        report(90 * done // steps)
    seen_codes = set()
    for code, label, unit_label, indicator_code in fields:
        if code in seen_codes:
            continue
        seen_codes.add(code)
        totals = roll_up(reported_measures(code=code, period=period), units)
        data.reported.append(
            IndicatorRow(
                code=code,
                label=label,
                unit_label=unit_label,
                kind="count",
                total=_value("count", _root_total(totals, roots)),
                by_unit={u.pk: totals[u.pk][0] for u in listed},
                indicator_code=indicator_code,
            )
        )
        done += 1
        report(90 * done // steps)
    memo: dict = {}
    for plan in plans:
        data.plans.append(PlanProgress(plan=plan, today=period.end, memo=memo, units=units))
        done += 1
        report(90 * done // steps)
    return data


def _root_total(totals: dict[int, Total], roots: list[Unit]) -> Total:
    """The figure of the whole tree: the sum over its roots."""
    value = sum((totals[r.pk].value for r in roots), Decimal(0))
    bases = [totals[r.pk].base for r in roots if totals[r.pk].base is not None]
    unknowns = [totals[r.pk].unknown for r in roots if totals[r.pk].unknown is not None]
    return Total(
        value,
        sum(bases, Decimal(0)) if bases else None,
        sum(unknowns, Decimal(0)) if unknowns else None,
    )
