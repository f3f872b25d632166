"""Who may do what in an award programme.

The staff of the unit that owns a programme run it (`runs_award_programme`): open and
close its council, decide, publish, accept exceptions, assign field verification; the
staff of other units (another province, or the province above a school's own
programme) may see it but not manage it. Unit officers nominate for their units and the
units below, and edit a nomination while it is a draft. A council member sees the
nominations of the programmes whose council they sit on, and votes on them. The
officer staff assign to a field verification sees that nomination and records the
visit. Lists start from `selectors.nominations_visible_to`.

Object predicates accept either the nomination itself or an object that points at
it (a vote, a verification); called without an object they answer "may this user
open such a page at all".
"""

from __future__ import annotations

import rules

from accounts.rules import is_provincial_staff, is_unit_officer, runs_programme
from accounts.scoping import access_of


def _nomination_of(obj):
    return getattr(obj, "nomination", obj)


def _programme_of(obj):
    return getattr(obj, "programme", obj)


@rules.predicate
def runs_award_programme(user, obj) -> bool:
    """Staff of the unit that owns the programme of `obj` (a programme, a category, a
    nomination, a verification or a vote); without an object, any staff role (list pages)."""
    if obj is None:
        return runs_programme(user, None)
    return runs_programme(user, _programme_of(_nomination_of(obj)))


@rules.predicate
def reaches_nomination_unit(user, nomination) -> bool:
    """The user is staff or officer at the nomination's unit or above it."""
    if nomination is None:
        return bool(access_of(user).scoped_paths) or access_of(user).is_superuser
    return access_of(user).reaches_path(_nomination_of(nomination).unit.path)


@rules.predicate
def nomination_is_draft(user, nomination) -> bool:
    from .models import Nomination

    return nomination is not None and _nomination_of(nomination).status == Nomination.Status.DRAFT


@rules.predicate
def nomination_is_sent(user, nomination) -> bool:
    """Sent to the province (drafts and withdrawn nominations stay with their unit)."""
    from .models import Nomination

    if nomination is None:
        return True
    return _nomination_of(nomination).status in (
        Nomination.Status.SUBMITTED,
        Nomination.Status.APPROVED,
        Nomination.Status.NOT_APPROVED,
    )


@rules.predicate
def sits_on_council(user, obj) -> bool:
    """Member of the council of the programme (or of the nomination's programme); of any, without an object."""
    if not user.is_authenticated:
        return False
    if obj is None:
        return user.award_councils.exists()
    programme = _programme_of(_nomination_of(obj))
    return programme.council.filter(pk=user.pk).exists()


@rules.predicate
def is_assigned_verifier(user, obj) -> bool:
    """The officer staff assigned to verify this nomination in the field."""
    from .models import FieldVerification

    if not user.is_authenticated:
        return False
    if obj is None:
        return FieldVerification.objects.filter(officer=user).exists()
    if isinstance(obj, FieldVerification):
        return obj.officer_id == user.pk
    return FieldVerification.objects.filter(nomination=_nomination_of(obj), officer=user).exists()


has_unit_role = is_provincial_staff | is_unit_officer

rules.add_perm("awards", is_provincial_staff)
rules.add_perm("awards.manage_programme", runs_award_programme)
rules.add_perm("awards.nominate", has_unit_role)
rules.add_perm(
    "awards.view_nomination",
    (has_unit_role & reaches_nomination_unit)
    | runs_award_programme
    | (sits_on_council & nomination_is_sent)
    | is_assigned_verifier,
)
rules.add_perm("awards.change_nomination", has_unit_role & reaches_nomination_unit & nomination_is_draft)
rules.add_perm("awards.vote", sits_on_council & nomination_is_sent)
rules.add_perm("awards.record_verification", is_assigned_verifier | runs_award_programme)
