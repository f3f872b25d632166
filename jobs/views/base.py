"""What the jobs pages share: access decorators, fetching rows through `visible_to`, errors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from rules.contrib.views import permission_required

from ..models import Application, Employer, JobFair, JobSeeker

BROWSE = "jobs.browse"


def unit_side(view):
    """Signed in, staff or unit officer (403 for judges, bank liaisons…)."""
    return login_required(permission_required(BROWSE, raise_exception=True)(view))


def fair_for(user, pk: int) -> JobFair:
    """A fair the user runs; another unit's fair is a 404."""
    return get_object_or_404(JobFair.objects.visible_to(user).select_related("unit"), pk=pk)


def employer_for(user, pk: int) -> Employer:
    return get_object_or_404(Employer.objects.visible_to(user).select_related("fair__unit", "venture"), pk=pk)


def seeker_for(user, pk: int) -> JobSeeker:
    return get_object_or_404(JobSeeker.objects.visible_to(user).select_related("fair__unit"), pk=pk)


def application_for(user, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.visible_to(user).select_related("seeker__fair", "vacancy__employer"), pk=pk
    )


def message_of(error: ValidationError) -> str:
    return " ".join(error.messages)
