"""Which union a page, an email or a document names: the unit's, not one setting.

The product's name stays one setting (`PORTAL_NAME`: one deployment, one portal); the union
shown beside it comes from the union tree:

- a signed-in user sees their home union (`Unit.home_union`: the province, or the national
  unit) of their first unit, staff roles first, then officer, judge, council, bank liaison;
- a visitor (and a user with no role) sees the deployment's default: the national unit when
  it is a root, else the one provincial root; with several provinces side by side and no
  national unit, no union is named (only the product's name); `PORTAL_PROVINCE` is named
  only while the tree is empty (a fresh install);
- a document names its issuing union, the programme's owner (`document_issuer`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from common.layout import Brand

from .models import Membership, Unit
from .scoping import access_of

# The kinds of unit a page may name beside the product (`Unit.home_union`).
UNION_KINDS = (Unit.Kind.NATIONAL, Unit.Kind.PROVINCE)

# The order in which a user's roles pick their home union.
ROLE_ORDER = (
    Membership.Role.STAFF,
    Membership.Role.OFFICER,
    Membership.Role.JUDGE,
    Membership.Role.COUNCIL,
    Membership.Role.BANK_LIAISON,
)


def home_union_of(user) -> Unit | None:
    """The union of the user's first unit (see ROLE_ORDER); None for a user without roles.
    Reads the memberships `access_of` already holds, plus one query for a unit below a province."""
    if user is None or not user.is_authenticated:
        return None
    units_by_role = access_of(user).units_by_role
    for role in ROLE_ORDER:
        units = units_by_role.get(role)
        if units:
            return units[0].home_union
    return None


def default_union() -> Unit | None:
    """The union a visitor sees: the national root, else the only provincial root; one query."""
    roots = list(Unit.objects.active().filter(parent__isnull=True, kind__in=UNION_KINDS).order_by("path"))
    national = next((unit for unit in roots if unit.kind == Unit.Kind.NATIONAL), None)
    if national is not None:
        return national
    return roots[0] if len(roots) == 1 else None


def brand_for(user) -> Brand:
    """What the page frame names for this user (a visitor when `user` is None)."""
    union = home_union_of(user) or default_union()
    if union is not None:
        return Brand(union_id=union.pk, name=union.name)
    if Unit.objects.exists():  # several provinces, none above them: name none of them
        return Brand(union_id=None, name="")
    return Brand(union_id=None, name=_("Tỉnh đoàn %(province)s") % {"province": settings.PORTAL_PROVINCE})


def email_prefix(*, unit: Unit | None = None, user=None) -> str:
    """The bracketed name an email's subject starts with: the programme's union (`unit`),
    else the recipient's home union, else the product's name."""
    union = unit or home_union_of(user)
    return f"[{union.name if union is not None else settings.PORTAL_NAME}]"


@dataclass(frozen=True)
class Issuer:
    """The union a document is issued by, as its header, signature and date line print it."""

    name: str  # "Tỉnh đoàn Lai Châu"
    place: str  # "Lai Châu"
    heading: str  # "BCH ĐOÀN TỈNH LAI CHÂU"


# The issuing body's line of a document header, after the Union's guideline on documents
# (the Central Committee's documents read "BAN CHẤP HÀNH TRUNG ƯƠNG"; a province's and every
# union below, "BCH" and the union, "TP." for a centrally-run city). Issue 19 takes the whole
# guideline; this keeps the header a province signed before units owned programmes.
_HEADING_PREFIXES = (
    ("Tỉnh đoàn ", "BCH ĐOÀN TỈNH "),
    ("Thành đoàn ", "BCH ĐOÀN TP. "),
)


def issuing_heading(unit: Unit) -> str:
    if unit.kind == Unit.Kind.NATIONAL:
        return _("BAN CHẤP HÀNH TRUNG ƯƠNG")
    for prefix, heading in _HEADING_PREFIXES:
        if unit.name.startswith(prefix):
            return heading + unit.name.removeprefix(prefix).upper()
    return "BCH " + unit.name.upper()


def document_issuer(unit: Unit | None) -> Issuer:
    """The issuer of a programme's documents: its owner; without one, the deployment's default."""
    unit = unit or default_union()
    if unit is None:
        name = _("Tỉnh đoàn %(province)s") % {"province": settings.PORTAL_PROVINCE}
        return Issuer(
            name=name, place=settings.PORTAL_PROVINCE, heading="BCH ĐOÀN TỈNH " + settings.PORTAL_PROVINCE.upper()
        )
    return Issuer(name=unit.name, place=unit.place_name, heading=issuing_heading(unit))
