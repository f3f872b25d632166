"""Reads of the jobs app: statistics per fair and per year, matching, schools without counselling."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts.models import Unit

from .models import Application, CounsellingSession, Education, Employer, JobFair, JobSeeker, Vacancy


@dataclass
class FairStats:
    """The figures of one fair (or the sum of several)."""

    employers: int = 0
    employers_pending: int = 0
    vacancies: int = 0
    openings: int = 0
    seekers: int = 0
    checked_in: int = 0
    applications: int = 0
    interviews: int = 0
    hires: int = 0
    hired_seekers: int = 0

    @property
    def hire_rate(self) -> Decimal | None:
        """Seekers hired per seeker checked in, as a percentage with one decimal."""
        if not self.checked_in:
            return None
        return (Decimal(self.hired_seekers) * 100 / self.checked_in).quantize(Decimal("0.1"))

    def add(self, other: FairStats) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def fair_statistics(fair_ids: Iterable[int]) -> dict[int, FairStats]:
    """Figures for each fair, in four queries whatever the number of fairs.

    Employers, vacancies and openings count approved employers only (what the public
    saw); seekers count every registration; interviews count applications that got
    at least to an interview; the hire rate is hired seekers over seekers checked in.
    """
    fair_ids = list(fair_ids)
    stats = {pk: FairStats() for pk in fair_ids}
    approved = Q(status=Employer.Status.APPROVED)
    for row in (
        Employer.objects.filter(fair_id__in=fair_ids)
        .order_by()
        .values("fair_id")
        .annotate(n=Count("pk", filter=approved), pending=Count("pk", filter=Q(status=Employer.Status.PENDING)))
    ):
        stats[row["fair_id"]].employers = row["n"]
        stats[row["fair_id"]].employers_pending = row["pending"]
    for row in (
        Vacancy.objects.filter(employer__fair_id__in=fair_ids, employer__status=Employer.Status.APPROVED)
        .order_by()
        .values("employer__fair_id")
        .annotate(n=Count("pk"), openings=Sum("openings"))
    ):
        stats[row["employer__fair_id"]].vacancies = row["n"]
        stats[row["employer__fair_id"]].openings = row["openings"] or 0
    for row in (
        JobSeeker.objects.filter(fair_id__in=fair_ids)
        .order_by()
        .values("fair_id")
        .annotate(n=Count("pk"), checked=Count("pk", filter=Q(checked_in_at__isnull=False)))
    ):
        stats[row["fair_id"]].seekers = row["n"]
        stats[row["fair_id"]].checked_in = row["checked"]
    hired = Q(status=Application.Status.HIRED)
    for row in (
        Application.objects.filter(seeker__fair_id__in=fair_ids)
        .order_by()
        .values("seeker__fair_id")
        .annotate(
            n=Count("pk"),
            interviews=Count("pk", filter=Q(status__in=Application.INTERVIEWED_OR_LATER)),
            hires=Count("pk", filter=hired),
            hired_seekers=Count("seeker_id", filter=hired, distinct=True),
        )
    ):
        target = stats[row["seeker__fair_id"]]
        target.applications = row["n"]
        target.interviews = row["interviews"]
        target.hires = row["hires"]
        target.hired_seekers = row["hired_seekers"]
    return stats


@dataclass
class YearStatistics:
    year: int
    rows: list[tuple[JobFair, FairStats]] = field(default_factory=list)
    total: FairStats = field(default_factory=FairStats)


def year_statistics(*, user, year: int, unit_id: int | None = None) -> YearStatistics:
    """The fairs of `year` the user may see (of `unit_id` if given), each with its figures, and their total."""
    fairs = JobFair.objects.visible_to(user)
    if unit_id:
        fairs = fairs.filter(unit_id=unit_id)
    fairs = list(
        fairs.filter(starts_at__year=year)
        .exclude(status=JobFair.Status.CANCELLED)
        .not_voided()
        .select_related("unit")
        .order_by("starts_at", "pk")
    )
    stats = fair_statistics(f.pk for f in fairs)
    result = YearStatistics(year=year)
    for fair in fairs:
        result.rows.append((fair, stats[fair.pk]))
        result.total.add(stats[fair.pk])
    return result


def fair_years(*, user) -> list[int]:
    years = {d.year for d in JobFair.objects.visible_to(user).dates("starts_at", "year")}
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


@dataclass(frozen=True)
class Match:
    vacancy: Vacancy
    fits_education: bool
    fits_age: bool
    position_match: bool

    @property
    def fits(self) -> bool:
        return self.fits_education and self.fits_age


def matching_vacancies(*, seeker: JobSeeker, vacancies: Iterable[Vacancy]) -> list[Match]:
    """Vacancies ranked for a seeker: position and requirements met first.

    Education fits when the seeker's level is at least the vacancy's minimum; age when
    the seeker's age on the fair's day is within its range; the position matches when
    a desired position shares a word-group with the vacancy's title ("may" in
    "công nhân may", "kế toán" in "kế toán kho").
    """
    age = seeker.age_on(seeker.fair.day)
    keywords = seeker.desired_keywords
    level = Education.rank(seeker.education)
    matches = []
    for vacancy in vacancies:
        title = vacancy.position.lower()
        matches.append(
            Match(
                vacancy=vacancy,
                fits_education=level >= Education.rank(vacancy.education),
                fits_age=vacancy.accepts_age(age),
                position_match=any(k in title or title in k for k in keywords),
            )
        )

    def rank(m: Match) -> tuple:
        return (not (m.fits and m.position_match), not m.fits, not m.position_match, m.vacancy.position)

    return sorted(matches, key=rank)


def public_vacancies(*, fair: JobFair):
    return (
        Vacancy.objects.public()
        .filter(employer__fair=fair)
        .select_related("employer")
        .order_by("employer__name", "position", "pk")
    )


def schools_of(*, user, on: datetime.date | None = None):
    """Active school units the user reaches (staff: the whole province)."""
    return Unit.objects.visible_to(user).active(on).filter(kind=Unit.Kind.SCHOOL).select_related("parent")


def schools_without_counselling(*, user, year: int) -> list[Unit]:
    """The user's schools with no counselling session recorded in the calendar year `year`."""
    held = CounsellingSession.objects.in_year(year).values("school_id")
    return list(schools_of(user=user).exclude(pk__in=held).order_by("path"))


def counselling_sessions(*, user, year: int | None = None, school_id: int | None = None):
    sessions = CounsellingSession.objects.visible_to(user).select_related("school", "created_by")
    if year:
        sessions = sessions.in_year(year)
    if school_id:
        sessions = sessions.filter(school_id=school_id)
    return sessions.order_by("-held_on", "pk")


def hired_counts(vacancy_ids: Iterable[int]) -> dict[int, int]:
    rows = (
        Application.objects.filter(vacancy_id__in=list(vacancy_ids), status=Application.Status.HIRED)
        .order_by()
        .values("vacancy_id")
        .annotate(n=Count("pk"))
    )
    return {row["vacancy_id"]: row["n"] for row in rows}
