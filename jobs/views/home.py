"""The jobs block on staff's and officers' home pages."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from .. import selectors
from ..models import Employer, JobFair


def counselling_home_panel(request) -> str | None:
    """Coming fairs the user runs (with employers waiting for approval) and the schools
    under them without career counselling this year; nothing when there is neither."""
    user, now = request.user, timezone.now()
    year = timezone.localdate().year
    fairs = list(
        JobFair.objects.visible_to(user)
        .filter(ends_at__gte=now)
        .exclude(status=JobFair.Status.CANCELLED)
        .not_voided()
        .order_by("starts_at")[:5]
    )
    pending = selectors.fair_statistics(f.pk for f in fairs)
    missing = selectors.schools_without_counselling(user=user, year=year)
    if not fairs and not missing:
        return None
    context = {
        "fairs": [(f, pending[f.pk].employers_pending) for f in fairs],
        "missing": missing[:8],
        "missing_count": len(missing),
        "year": year,
        "pending_status": Employer.Status.PENDING,
    }
    return render_to_string("jobs/_home_panel.html", context, request=request)
