"""The registry's block on the home page of provincial staff and unit officers."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Entrepreneur, Venture, VentureUpdate


def registry_panel(request) -> str:
    user = request.user
    today = timezone.localdate()
    ventures = Venture.objects.visible_to(user)
    reported_this_month = VentureUpdate.objects.filter(
        venture=OuterRef("pk"), period_kind=VentureUpdate.PeriodKind.MONTH, year=today.year, period_number=today.month
    )
    awaiting = (
        ventures.filter(status=Venture.Status.ACTIVE)
        .exclude(Exists(reported_this_month))
        .select_related("unit")
        .order_by("unit__path", "name")
    )
    context = {
        "entrepreneur_count": Entrepreneur.objects.visible_to(user).count(),
        "venture_count": ventures.count(),
        "awaiting_update": awaiting[:8],
        "awaiting_count": awaiting.count(),
        "month": today,
    }
    return render_to_string("ventures/_home_panel.html", context, request=request)
