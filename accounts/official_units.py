"""The official provinces, communes, wards and special zones as Youth Union units.

The list of the 34 provinces and their 3,321 commune-level divisions after the 1 July 2025
rearrangement, with the statistics office's codes, comes from the `vietnam-provinces`
package (its nested JSON, which also carries each ward's short code name). A province
joins the portal with `official_units_load`: its provincial union and one union per
commune, ward and special zone, each with its official code. Directly affiliated unions
and branches are not in the official list; staff add them (or import them from Excel).

Loading is idempotent. An existing unit is found by its official code, else (a unit made
before the codes were known, as the demo's) by its name among the active commune-level
unions of the province; it keeps its own unit code and only gains the official code.
"""

from __future__ import annotations

import datetime
import functools
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH, VietNamDivisionType

from common.history import records_actor
from common.text import fold

from .models import Unit, User
from .services import unit_create, unit_update

REFORM_DAY = datetime.date(2025, 7, 1)  # the commune-level unions of the two-level government
CITY_PREFIX = "Thành phố "

ADD, UPDATE, KEEP = "add", "update", "keep"


def _slug(codename: str) -> str:
    return codename.replace("_", "-")


@dataclass(frozen=True)
class OfficialWard:
    """A commune (xã), ward (phường) or special zone (đặc khu) of the official list."""

    code: str  # five digits, as the statistics office writes it: "03646"
    name: str  # "Phường Tô Hiệu"
    division_type: str  # "phường", "xã", "đặc khu"
    short_codename: str  # "to_hieu"

    @property
    def union_name(self) -> str:
        """ "Phường Tô Hiệu" -> "Đoàn phường Tô Hiệu"."""
        return f"Đoàn {self.division_type} {self.name[len(self.division_type) :].strip()}"


@dataclass(frozen=True)
class OfficialProvince:
    """A province or a centrally-run city of the official list, with its wards."""

    code: str  # two digits: "14"
    name: str  # "Sơn La", "Thành phố Hà Nội"
    division_type: str
    codename: str  # "son_la"
    wards: tuple[OfficialWard, ...]

    @property
    def is_city(self) -> bool:
        return self.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG.value

    @property
    def short_name(self) -> str:
        """ "Thành phố Hà Nội" -> "Hà Nội"; a province's name is already short."""
        return self.name.removeprefix(CITY_PREFIX)

    @property
    def union_name(self) -> str:
        """ "Tỉnh đoàn Sơn La", or "Thành đoàn Hà Nội" for the six centrally-run cities."""
        return f"{'Thành đoàn' if self.is_city else 'Tỉnh đoàn'} {self.short_name}"

    @property
    def union_code(self) -> str:
        return f"{'thanh-doan' if self.is_city else 'tinh-doan'}-{_slug(self.codename)}"

    @property
    def address_name(self) -> str:
        """How an address names it: "tỉnh Sơn La", "thành phố Hà Nội"."""
        return f"thành phố {self.short_name}" if self.is_city else f"tỉnh {self.name}"

    def ward_code(self, ward: OfficialWard) -> str:
        """The unit code a new ward union gets: "son-la-to-hieu"."""
        return f"{_slug(self.codename)}-{_slug(ward.short_codename)}"

    def __str__(self) -> str:
        return self.name


@functools.cache
def official_provinces() -> tuple[OfficialProvince, ...]:
    """The 34 provinces and centrally-run cities, in the official order, read once."""
    data = json.loads(NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    return tuple(
        OfficialProvince(
            code=f"{row['code']:02d}",
            name=row["name"],
            division_type=row["division_type"],
            codename=row["codename"],
            wards=tuple(
                OfficialWard(
                    code=f"{ward['code']:05d}",
                    name=ward["name"],
                    division_type=ward["division_type"],
                    short_codename=ward["short_codename"],
                )
                for ward in row["wards"]
            ),
        )
        for row in data
    )


def _name_key(text: str) -> str:
    key = " ".join(fold(text).replace("_", " ").replace("-", " ").split())
    for prefix in ("tinh doan ", "thanh doan ", "tinh ", "thanh pho ", "tp. ", "tp "):
        key = key.removeprefix(prefix)
    return key


def official_province_find(query: str) -> OfficialProvince | None:
    """The province named by `query`: its official code ("14", "014"), its name with or
    without diacritics ("Sơn La", "son la", "Thành phố Hà Nội", "Hà Nội") or code name."""
    query = query.strip()
    if query.isdigit():
        return next((p for p in official_provinces() if int(p.code) == int(query)), None)
    key = _name_key(query)
    return next((p for p in official_provinces() if key in (_name_key(p.name), _name_key(p.codename))), None)


@dataclass
class ProvinceReport:
    """What loading a province adds, updates (gives an official code) and keeps.

    In a dry run (`official_units_preview`) `unit` is None when the province would be added.
    The lists hold the names of the commune-level unions."""

    province: OfficialProvince
    unit: Unit | None
    province_action: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.added) + len(self.updated) + len(self.kept)


def _action(unit: Unit | None, official_code: str) -> str:
    """Add a missing unit, give an existing one its official code, or keep it."""
    if unit is None:
        return ADD
    return KEEP if unit.official_code == official_code else UPDATE


@dataclass
class _WardStep:
    ward: OfficialWard
    unit: Unit | None  # the existing union, None when it is to be added
    code: str = ""  # the unit code of a union to add

    @property
    def action(self) -> str:
        return _action(self.unit, self.ward.code)


def _province_unit(province: OfficialProvince) -> Unit | None:
    """The province's union: by official code, else by name (one without a code yet)."""
    candidates = Unit.objects.filter(kind=Unit.Kind.PROVINCE).filter(
        Q(official_code=province.code) | Q(official_code="", name=province.union_name)
    )
    candidates = list(candidates)
    return next((u for u in candidates if u.official_code == province.code), None) or next(iter(candidates), None)


def _free_codes(wanted: list[str], fallbacks: list[str]) -> set[str]:
    """The unit codes among `wanted` and `fallbacks` that no unit uses yet (one query)."""
    if not wanted:
        return set()
    taken = set(Unit.objects.filter(code__in=[*wanted, *fallbacks]).values_list("code", flat=True))
    return {*wanted, *fallbacks} - taken


def _ward_steps(province: OfficialProvince, unit: Unit | None) -> list[_WardStep]:
    """Each official ward with its existing union or the code of the one to add: one query
    for the existing unions, one for the codes already taken."""
    wanted = Q(official_code__in=[w.code for w in province.wards])
    if unit is not None:
        wanted |= Q(
            path__startswith=unit.path,
            kind=Unit.Kind.COMMUNE,
            active_to__isnull=True,
            official_code="",
            name__in=[w.union_name for w in province.wards],
        )
    by_code: dict[str, Unit] = {}
    by_name: dict[str, Unit] = {}
    for existing in Unit.objects.filter(wanted).order_by("path"):
        if existing.official_code:
            by_code.setdefault(existing.official_code, existing)
        else:
            by_name.setdefault(existing.name, existing)
    steps = [_WardStep(ward, by_code.get(ward.code) or by_name.pop(ward.union_name, None)) for ward in province.wards]

    new = [step for step in steps if step.unit is None]
    wanted_codes = [province.ward_code(step.ward) for step in new]
    fallback_codes = [f"{code}-{step.ward.code}" for code, step in zip(wanted_codes, new, strict=True)]
    free = _free_codes(wanted_codes, fallback_codes)
    for code, fallback, step in zip(wanted_codes, fallback_codes, new, strict=True):
        # Two wards of a province may share a short code name (Vân Lăng, Văn Lãng): the
        # second, or one whose code another unit holds, gets the official code appended.
        step.code = code if code in free else fallback
        free.discard(step.code)
    return steps


def official_units_preview(*, province: OfficialProvince) -> ProvinceReport:
    """What `official_units_load` would do for `province`, without writing anything."""
    unit = _province_unit(province)
    report = ProvinceReport(province=province, unit=unit, province_action=_action(unit, province.code))
    for step in _ward_steps(province, unit):
        getattr(report, {ADD: "added", UPDATE: "updated", KEEP: "kept"}[step.action]).append(step.ward.union_name)
    return report


@records_actor
@transaction.atomic
def official_units_load(*, actor: User, province_code: str, under: Unit | None = None) -> ProvinceReport:
    """Create or complete the unit tree of the official province `province_code` ("14").

    Side effects: creates the province's union (under `under`, the national unit, or as a
    root) unless it exists, and one commune-level union per official ward missing,
    active from 1 July 2025, through `unit_create` (which sets their paths); gives the
    official code to existing unions matched by name. A second run writes nothing.
    Raises LookupError for a code not in the official list.
    """
    province = official_province_find(province_code)
    if province is None:
        raise LookupError(province_code)
    unit = _province_unit(province)
    action = _action(unit, province.code)
    if action == ADD:
        code = province.union_code
        if Unit.objects.filter(code=code).exists():
            code = f"{code}-{province.code}"
        unit = unit_create(
            actor=actor,
            name=province.union_name,
            code=code,
            kind=Unit.Kind.PROVINCE,
            parent=under,
            official_code=province.code,
        )
    elif action == UPDATE:
        unit = unit_update(unit=unit, actor=actor, official_code=province.code)

    report = ProvinceReport(province=province, unit=unit, province_action=action)
    for step in _ward_steps(province, unit):
        ward = step.ward
        if step.action == ADD:
            unit_create(
                actor=actor,
                name=ward.union_name,
                code=step.code,
                kind=Unit.Kind.COMMUNE,
                parent=unit,
                active_from=REFORM_DAY,
                official_code=ward.code,
                address=f"{ward.name}, {province.address_name}",
            )
            report.added.append(ward.union_name)
        elif step.action == UPDATE:
            unit_update(unit=step.unit, actor=actor, official_code=ward.code)
            report.updated.append(ward.union_name)
        else:
            report.kept.append(ward.union_name)
    return report
