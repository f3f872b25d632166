"""Reads of the planning topic."""

from __future__ import annotations

from django.utils import timezone

from accounts.rules import STAFF
from accounts.scoping import access_of

from ..models import ExportJob, Plan

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
    """The plans a consolidated report judges: those its asker sees; `None` (every plan) for
    the monthly report the system account makes."""
    asker = report.created_by
    return Plan.objects.visible_to(asker) if asker is not None and asker.is_active else None


def export_jobs_visible_to(user):
    """Users see the exports they asked for; provincial staff see every export."""
    if access_of(user).has_role(STAFF):
        return ExportJob.objects.all()
    return ExportJob.objects.filter(requested_by=user)


def chart_for_unit(lines: list[dict]) -> dict:
    """One bar per target: the unit's share of its goal (capped at 100%)."""
    return {
        "labels": [line["progress"].target.label for line in lines],
        "values": [line["here"].share for line in lines],
    }
