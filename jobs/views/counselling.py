"""Career counselling at schools: the sessions held and the schools still without one this year."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from common.forms import add_service_error

from .. import selectors, services
from ..forms import CounsellingSessionForm
from ..models import CounsellingSession
from .base import unit_side


@unit_side
def counselling_list(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = today.year
    school_id = request.GET.get("school", "")
    sessions = list(
        selectors.counselling_sessions(
            user=request.user, year=year, school_id=int(school_id) if school_id.isdigit() else None
        )
    )
    schools = list(selectors.schools_of(user=request.user).order_by("path"))
    missing = selectors.schools_without_counselling(user=request.user, year=year)
    context = {
        "year": year,
        "years": list(range(today.year, today.year - 5, -1)),
        "sessions": sessions,
        "schools_total": len(schools),
        "missing": missing,
        "done": len(schools) - len(missing),
    }
    return render(request, "jobs/counselling_list.html", context)


@unit_side
def counselling_edit(request, pk: int | None = None):
    session = (
        get_object_or_404(CounsellingSession.objects.visible_to(request.user).select_related("school"), pk=pk)
        if pk
        else None
    )
    allowed = (
        request.user.has_perm("jobs.view_counselling", session)
        if session
        else request.user.has_perm("jobs.record_counselling")
    )
    if not allowed:  # the same people as `visible_to` and `unit_side`; the rules say it once
        raise PermissionDenied
    initial = {}
    if session is None and request.GET.get("school"):
        initial["school"] = request.GET["school"]
    form = CounsellingSessionForm(request.POST or None, instance=session, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.counselling_session_save(session=form.instance, actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Đã ghi nhận buổi tư vấn hướng nghiệp tại %(school)s.") % {"school": form.instance.school}
            )
            return redirect("jobs:counselling-list")
    return render(request, "jobs/counselling_form.html", {"form": form, "session": session})
