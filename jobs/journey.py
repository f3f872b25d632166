"""Hires at job fairs by a youth venture, on the journey pages of the venture and its owners."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.registry import JourneyStep

from .models import Application, Employer


def hire_steps(*, entrepreneur=None, venture=None) -> list[JourneyStep]:
    """One line per (employer, fair) with hires, for employers staff linked to the venture."""
    employers = Employer.objects.filter(status=Employer.Status.APPROVED, venture__isnull=False)
    if venture is not None:
        employers = employers.filter(venture=venture)
    elif entrepreneur is not None:
        employers = employers.filter(venture__owners=entrepreneur)
    else:
        return []
    hires: dict[int, list] = {}
    for application in (
        Application.objects.hired()
        .filter(vacancy__employer__in=employers)
        .select_related("vacancy__employer__fair")
        .order_by("hired_at")
    ):
        hires.setdefault(application.vacancy.employer_id, []).append(application)
    steps = []
    for rows in hires.values():
        employer = rows[0].vacancy.employer
        count = len(rows)
        steps.append(
            JourneyStep(
                programme=_("Việc làm"),
                title=ngettext(
                    "%(employer)s tuyển %(n)s lao động tại %(fair)s",
                    "%(employer)s tuyển %(n)s lao động tại %(fair)s",
                    count,
                )
                % {"employer": employer.name, "n": count, "fair": employer.fair.name},
                date=timezone.localtime(rows[-1].hired_at).date(),
                status=_("Đã tuyển dụng"),
                url=employer.fair.get_public_url(),
            )
        )
    return steps
