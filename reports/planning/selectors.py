"""Reads of the planning topic."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from accounts.rules import STAFF
from accounts.scoping import access_of

from ..models import ConsolidatedReport, ExportJob, Plan

FEATURED = 3  # plans whose progress the dashboard computes


def plans_for_dashboard(*, user) -> tuple[list[Plan], list[Plan]]:
    """(plans running today, or else the latest ones, with targets; every plan, for the list),
    among the plans the user sees (`Plan.objects.visible_to`)."""
    today = timezone.localdate()
    plans = list(Plan.objects.visible_to(user).select_related("issuer").order_by("-start_date", "-pk"))
    running = [p for p in plans if p.start_date <= today <= p.end_date]
    featured = (running or plans)[:FEATURED]
    ids = [p.pk for p in featured]
    with_targets = {
        p.pk: p for p in Plan.objects.filter(pk__in=ids).select_related("issuer").prefetch_related("targets")
    }
    return [with_targets[i] for i in ids], plans


def plans_judged_by(report):
    """The plans a consolidated report judges: those its asker sees; `None` (every plan, then
    narrowed to the report's owner by `consolidated_data`) for the system's monthly report."""
    asker = report.created_by
    return Plan.objects.visible_to(asker) if asker is not None and asker.is_active else None


def export_jobs_visible_to(user):
    """Users see the exports they asked for; staff also those asked by people of the units
    they reach and those of the consolidated reports they may see, never another province's."""
    from accounts.models import Membership
    from accounts.scoping import unit_scope_q

    access = access_of(user)
    if access.is_superuser:
        return ExportJob.objects.all()
    mine = Q(requested_by=user)
    if access.has_role(STAFF):
        reached = Membership.objects.filter(unit_scope_q(user)).values("user_id")
        mine |= Q(requested_by__in=reached) | Q(report__in=ConsolidatedReport.objects.visible_to(user))
    return ExportJob.objects.filter(mine)


def consolidated_reports_visible_to(user):
    """The consolidated reports list and downloads: those of units whose plans the user sees,
    and those they asked for."""
    return ConsolidatedReport.objects.visible_to(user).select_related("created_by", "owner")


def chart_for_unit(lines: list[dict]) -> dict:
    """One bar per target: the unit's share of its goal (capped at 100%)."""
    return {
        "labels": [line["progress"].target.label for line in lines],
        "values": [line["here"].share for line in lines],
    }
