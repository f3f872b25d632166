"""What the jobs pages share: access decorators, fetching rows through `visible_to`, errors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from rules.contrib.views import permission_required

from ..models import Application, Employer, JobFair, JobSeeker

BROWSE = "jobs.browse"
MANAGE = "jobs.manage_fair"


def unit_side(view):
    """Signed in, staff or unit officer (403 for judges, bank liaisons…)."""
    return login_required(permission_required(BROWSE, raise_exception=True)(view))


def running(user, obj):
    """The object, if the user runs its fair (`jobs.manage_fair`); a fair they only see is a 403."""
    if not user.has_perm(MANAGE, obj):
        raise PermissionDenied
    return obj


def fair_for(user, pk: int) -> JobFair:
    """A fair the user sees; another unit's fair is a 404."""
    return get_object_or_404(JobFair.objects.visible_to(user).select_related("unit", "owner"), pk=pk)


def fair_to_run(user, pk: int) -> JobFair:
    """A fair the user runs: 404 when they do not see it, 403 when they only see it."""
    return running(user, fair_for(user, pk))


def employer_for(user, pk: int) -> Employer:
    """An employer of a fair the user runs (404 beyond their units, 403 for a fair they only see)."""
    employer = get_object_or_404(
        Employer.objects.visible_to(user).select_related("fair__unit", "fair__owner", "venture"), pk=pk
    )
    return running(user, employer)


def seeker_for(user, pk: int) -> JobSeeker:
    seeker = get_object_or_404(JobSeeker.objects.visible_to(user).select_related("fair__unit", "fair__owner"), pk=pk)
    return running(user, seeker)


def application_for(user, pk: int) -> Application:
    application = get_object_or_404(
        Application.objects.visible_to(user).select_related(
            "seeker__fair__unit", "seeker__fair__owner", "vacancy__employer"
        ),
        pk=pk,
    )
    return running(user, application)


def message_of(error: ValidationError) -> str:
    return " ".join(error.messages)
