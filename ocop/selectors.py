"""Reads of the OCOP app: cycles a user sees, each unit's list against the target,
product lists with their filters, dashboard counts and the public catalogue."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import Unit
from accounts.rules import OFFICER, STAFF
from accounts.scoping import access_of
from common.deadlines import effective_deadline
from common.search import search

from .models import CandidateList, Cycle, Product, ProductGroup, UnitExtension
from .services.lists import LIST_UNIT_KINDS

DEADLINE_SOON = datetime.timedelta(days=5)


def is_staff(user) -> bool:
    return access_of(user).has_role(STAFF)


def cycles_visible_to(*, user) -> QuerySet[Cycle]:
    """Cycles run by a unit the user reaches or by a unit above theirs; a draft only to the
    staff of its owner and of the units above it (an officer sees a cycle once it is open)."""
    access = access_of(user)
    if not (access.has_role(STAFF) or access.has_role(OFFICER)):
        return Cycle.objects.none()
    cycles = Cycle.objects.visible_to(user).select_related("owner")
    if access.is_superuser:
        return cycles
    drafts_seen = Q(pk__in=[])
    for path in access.staff_paths:
        drafts_seen |= Q(owner__path__startswith=path)
    return cycles.filter(~Q(status=Cycle.Status.DRAFT) | drafts_seen)


def cycles_run_by(*, user) -> QuerySet[Cycle]:
    """Cycles the user runs (staff of their owner): the choices of a promotion event's cycle."""
    return Cycle.objects.run_by(user).select_related("owner")


def list_units_for(*, user, cycle: Cycle | None = None) -> QuerySet[Unit]:
    """Active units the user reaches that each send a candidate list; for a cycle, only
    those under the unit that runs it."""
    units = Unit.objects.visible_to(user).active().filter(kind__in=LIST_UNIT_KINDS).order_by("path")
    if cycle is not None:
        units = units.filter(path__startswith=cycle.owner.path)
    return units


def officer_units(*, user, cycle: Cycle | None = None) -> list[Unit]:
    """The active units where the user is an officer and which send a list (for a cycle,
    those under the unit that runs it)."""
    today = timezone.localdate()
    return [
        u
        for u in access_of(user).units_by_role.get(OFFICER, ())
        if u.is_active_on(today)
        and u.kind in LIST_UNIT_KINDS
        and (cycle is None or u.path.startswith(cycle.owner.path))
    ]


@dataclass(frozen=True)
class UnitProgress:
    """One unit in one cycle: its list, deadline and products against the target."""

    cycle: Cycle
    unit: Unit
    candidate_list: CandidateList | None
    deadline: datetime.date
    extended: bool
    products: int
    certified: int
    communes: int
    today: datetime.date

    @property
    def target(self) -> int:
        return self.cycle.target_per_unit

    @property
    def met_target(self) -> bool:
        return self.products >= self.target

    @property
    def submitted(self) -> bool:
        return self.candidate_list is not None and self.candidate_list.is_submitted

    @property
    def is_open(self) -> bool:
        return self.cycle.is_open and self.today <= self.deadline

    @property
    def closes_soon(self) -> bool:
        return self.is_open and not self.submitted and self.deadline - self.today <= DEADLINE_SOON

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.products / self.target)) if self.target else 100


def unit_progress(*, cycle: Cycle, units, today: datetime.date | None = None) -> list[UnitProgress]:
    """Each unit's list and product counts for the cycle, in four queries whatever the size."""
    today = today or timezone.localdate()
    units = list(units)
    ids = [u.pk for u in units]
    lists = {cl.unit_id: cl for cl in CandidateList.objects.filter(cycle=cycle, unit_id__in=ids)}
    extensions = dict(UnitExtension.objects.filter(cycle=cycle, unit_id__in=ids).values_list("unit_id", "until"))
    counts = {
        row["unit"]: row
        for row in Product.objects.filter(cycle=cycle, unit_id__in=ids)
        .values("unit")
        .annotate(
            n=Count("pk"),
            certified=Count("pk", filter=Q(stage__in=Product.CERTIFIED_STAGES)),
            communes=Count("commune", distinct=True),
        )
    }
    rows = []
    for unit in units:
        extension = extensions.get(unit.pk)
        deadline = effective_deadline(cycle.list_deadline, extension)
        count = counts.get(unit.pk, {})
        rows.append(
            UnitProgress(
                cycle=cycle,
                unit=unit,
                candidate_list=lists.get(unit.pk),
                deadline=deadline,
                extended=bool(extension and extension > cycle.list_deadline),
                products=count.get("n", 0),
                certified=count.get("certified", 0),
                communes=count.get("communes", 0),
                today=today,
            )
        )
    return rows


def products_for(*, user, cycle: Cycle | None = None) -> QuerySet[Product]:
    qs = Product.objects.visible_to(user).select_related(
        "cycle", "unit", "commune", "venture", "owner", "responsible", "current_rating"
    )
    if cycle is not None:
        qs = qs.filter(cycle=cycle)
    return qs


def filter_products(qs: QuerySet[Product], params) -> tuple[QuerySet[Product], dict]:
    """Apply the list's filters (stage, group, stars, unit, text) from GET parameters."""
    chosen = {}
    stage = params.get("stage", "")
    if stage in Product.Stage.values:
        qs = qs.filter(stage=stage)
        chosen["stage"] = stage
    group = params.get("group", "")
    if group in ProductGroup.values:
        qs = qs.filter(group=group)
        chosen["group"] = group
    stars = params.get("stars", "")
    if stars in {"1", "2", "3", "4", "5"}:
        qs = qs.filter(current_rating__stars=int(stars))
        chosen["stars"] = stars
    unit = params.get("unit", "")
    if unit.isdigit():
        qs = qs.filter(Q(unit_id=int(unit)) | Q(commune_id=int(unit)))
        chosen["unit"] = unit
    text = (params.get("q") or "").strip()
    if text:
        qs = search(qs, text, paths=["search_text", "venture__search_text", "owner__search_text"])
        chosen["q"] = text
    return qs, chosen


@dataclass(frozen=True)
class Dashboard:
    total: int
    by_stage: list[tuple[str, str, int]]
    by_group: list[tuple[str, str, int]]
    by_stars: list[tuple[int, int]]
    certified: int
    youth_communes: list[Unit]


def dashboard(*, products: QuerySet[Product]) -> Dashboard:
    """Counts by stage, group and stars, and the communes with certified youth products."""
    stage_counts = dict(products.order_by().values_list("stage").annotate(n=Count("pk")))
    group_counts = dict(products.order_by().values_list("group").annotate(n=Count("pk")))
    star_counts = Counter(
        dict(
            products.filter(current_rating__isnull=False)
            .order_by()
            .values_list("current_rating__stars")
            .annotate(n=Count("pk"))
        )
    )
    certified = products.certified()
    commune_ids = set(certified.values_list("commune_id", flat=True))
    return Dashboard(
        total=sum(stage_counts.values()),
        by_stage=[(value, label, stage_counts.get(value, 0)) for value, label in Product.Stage.choices],
        by_group=[(value, label, group_counts.get(value, 0)) for value, label in ProductGroup.choices],
        by_stars=[(stars, star_counts.get(stars, 0)) for stars in (5, 4, 3, 2, 1)],
        certified=certified.count(),
        youth_communes=list(Unit.objects.filter(pk__in=commune_ids).order_by("path")),
    )


def public_products() -> QuerySet[Product]:
    """Certified youth products for the catalogue, newest certificates first."""
    return (
        Product.objects.public()
        .select_related("commune", "venture", "current_rating")
        .prefetch_related("photos")
        .order_by("-current_rating__stars", "name", "pk")
    )


def public_communes() -> QuerySet[Unit]:
    ids = Product.objects.public().values_list("commune_id", flat=True)
    return Unit.objects.filter(pk__in=ids).order_by("name")
