"""Winners of lower-level contests that a higher-level contest may take as entries.

A winner is an entry holding a prize (`Award`) in a contest whose results are published:
an unpublished prize may still move, and the public does not know it yet. The contests
looked at are those owned by units strictly below the higher contest's owner (a national
round reads every province's contests, a province's round its schools' and communes').
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from accounts.models import Unit

from ..models import Contest, Entry


def winners_q(*, below: Unit, prefix: str = "") -> Q:
    """Entries holding a published prize in a contest owned strictly below `below`.

    `prefix` reaches the entry from another model ("promoted_from__")."""
    return Q(
        **{
            f"{prefix}contest__owner__path__startswith": below.path,
            f"{prefix}contest__results_published_at__isnull": False,
            f"{prefix}award__isnull": False,
        }
    ) & ~Q(**{f"{prefix}contest__owner": below})


def sending_unit_path(*, owner: Unit, source_owner: Unit) -> str:
    """The path of the unit directly below `owner` on the way to `source_owner`: the province
    that sends to a national round, whichever of its schools or communes ran the contest."""
    rest = source_owner.path[len(owner.path) :]
    return owner.path + rest[: Unit.PATH_STEP]


@dataclass(frozen=True)
class CandidateGroup:
    """One lower contest and its winners not yet taken, best prize first."""

    contest: Contest
    entries: list[Entry]


def promotion_candidates(*, contest: Contest) -> list[CandidateGroup]:
    """The winners `contest` may take, grouped by their lower contest (newest first), each with
    its prize tier, unit and team lead; those already taken into `contest` are left out.

    Who may open the page (the staff of `contest.owner`) is the view's business: the winners of
    every unit below the owner are theirs to see. Three queries whatever the number of winners.
    """
    taken = Entry.objects.filter(contest=contest, promoted_from__isnull=False).values("promoted_from")
    winners = (
        Entry.objects.filter(winners_q(below=contest.owner))
        .exclude(pk__in=taken)
        .select_related("contest__owner", "unit", "award__tier", "category")
        .prefetch_related("team__entrepreneur")
        .order_by("-contest__results_published_at", "contest_id", "award__tier__rank", "code")
    )
    groups: dict[int, CandidateGroup] = {}
    for entry in winners:
        group = groups.setdefault(entry.contest_id, CandidateGroup(contest=entry.contest, entries=[]))
        group.entries.append(entry)
    return list(groups.values())


@dataclass(frozen=True)
class PromotionLink:
    """An entry at the other end of a promotion, as one entry's page shows it."""

    entry: Entry
    prize: str
    can_open: bool


def entry_promotions(*, entry: Entry, user) -> dict[str, object]:
    """Where `entry` came from (`source`: the lower entry and its prize) and where it went
    (`taken_into`: the higher contests' entries made from it), each with whether `user` may open
    it (the `view_entry` rule on an entry they see). Three queries."""
    visible = set(
        Entry.objects.visible_to(user)
        .filter(Q(pk=entry.promoted_from_id) | Q(promoted_from=entry))
        .values_list("pk", flat=True)
    )

    def link(other: Entry, prize: str = "") -> PromotionLink:
        can_open = other.pk in visible and user.has_perm("competitions.view_entry", other)
        return PromotionLink(entry=other, prize=prize, can_open=can_open)

    source = None
    if entry.promoted_from_id:
        lower = Entry.objects.select_related("contest", "unit", "award__tier").get(pk=entry.promoted_from_id)
        award = getattr(lower, "award", None)
        source = link(lower, award.tier.name if award and lower.contest.results_published_at else "")
    taken_into = [link(e) for e in entry.promotions.select_related("contest", "unit").order_by("pk")]
    return {"source": source, "taken_into": taken_into}
