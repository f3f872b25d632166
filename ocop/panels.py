"""The OCOP block on the home page of staff and unit officers."""

from __future__ import annotations

from django.template.loader import render_to_string

from . import selectors
from .models import Cycle


def home_panel(request) -> str | None:
    """Open cycles on the home page: an officer's list status and deadline; for staff,
    lists received out of the units that owe one."""
    user = request.user
    cycles = list(selectors.cycles_visible_to(user=user).filter(status=Cycle.Status.OPEN).order_by("-year"))
    if not cycles:
        return None
    is_staff = selectors.is_staff(user)
    units = list(selectors.list_units_for(user=user)) if is_staff else selectors.officer_units(user=user)
    if not units:
        return None
    rows = []
    for cycle in cycles:
        # The units under the cycle's owner: a commune's cycle is not the province's business.
        owed = [u for u in units if u.path.startswith(cycle.owner.path)]
        progress = selectors.unit_progress(cycle=cycle, units=owed)
        rows.append(
            {
                "cycle": cycle,
                "progress": [] if is_staff else progress,
                "units": len(progress),
                "received": sum(1 for p in progress if p.submitted),
                "met": sum(1 for p in progress if p.met_target),
            }
        )
    return render_to_string("ocop/_home_panel.html", {"rows": rows, "is_staff": is_staff}, request=request)
