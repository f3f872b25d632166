"""Whose figures a consolidated report holds: the unit that owns it, and its subtree.

A report belongs to a unit (its staff ask for it and are told when it is ready); it counts
only the units under that unit, so a province's report never holds another province's
figures, and the national unit's rolls up every province below it.
"""

from __future__ import annotations

from django.db.models import Q

from accounts.models import Membership, Unit, User
from accounts.selectors import units_run_by

# Units that get the monthly report of their own: the top of each tree, the national
# unit and every province.
MONTHLY_KINDS = (Unit.Kind.NATIONAL, Unit.Kind.PROVINCE)


def default_owner(actor: User | None) -> Unit:
    """The unit a report is made for when none is named: the first unit the actor runs,
    else (the system account, an officer's old export) the first top-level unit."""
    if actor is not None and actor.is_active:
        unit = units_run_by(user=actor).order_by("path").first()
        if unit is not None:
            return unit
    roots = Unit.objects.filter(parent__isnull=True).order_by("path")
    return roots.filter(kind=Unit.Kind.PROVINCE).first() or roots.first()


def monthly_owners() -> list[Unit]:
    """The units that get a monthly report: top-level units, the national unit, provinces."""
    return list(Unit.objects.filter(Q(parent__isnull=True) | Q(kind__in=MONTHLY_KINDS)).order_by("path"))


def notify_report_ready(report) -> None:
    """Tell the staff of the report's owner (never another unit's) that its files are ready."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy

    from common.i18n import translated
    from common.services import notification_create

    # Read in each recipient's language (the report's name too).
    title = translated(gettext_lazy("Đã có báo cáo tổng hợp %(period)s"), period=report)
    for user in staff_of(report.owner):
        notification_create(
            recipient=user,
            key=f"reports.consolidated.{report.pk}",
            title=title,
            body=gettext_lazy("Báo cáo tổng hợp (Excel và PDF) đã sẵn sàng để tải về."),
            url=reverse("reports:consolidated-list"),
            send_email=True,
        )


def staff_of(owner: Unit) -> list[User]:
    """The active staff of the report's owner: the people told it is ready."""
    return [
        m.user
        for m in Membership.objects.filter(unit=owner, role=Membership.Role.STAFF, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ]
