"""The referral's steps as one transition table: who may record which step after which.

The union records the steps up to sending the file to the bank; the bank's liaison
(or provincial staff on the bank's word) records the bank's decision, the
disbursement and the repayment. `services.referral_record_step` is the only writer.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Referral

S = Referral.Status

UNION = "union"
BANK = "bank"


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    side: str  # UNION or BANK


TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.SUBMITTED, S.GROUP_VETTED, UNION),
    Transition(S.GROUP_VETTED, S.UNION_APPRAISED, UNION),
    Transition(S.UNION_APPRAISED, S.COMMUNE_CONFIRMED, UNION),
    Transition(S.COMMUNE_CONFIRMED, S.SENT_TO_BANK, UNION),
    Transition(S.SENT_TO_BANK, S.APPROVED, BANK),
    Transition(S.SENT_TO_BANK, S.REJECTED, BANK),
    Transition(S.APPROVED, S.DISBURSED, BANK),
    Transition(S.DISBURSED, S.REPAYING, BANK),
    Transition(S.DISBURSED, S.OVERDUE, BANK),
    Transition(S.REPAYING, S.OVERDUE, BANK),
    Transition(S.REPAYING, S.CLOSED, BANK),
    Transition(S.OVERDUE, S.REPAYING, BANK),
    Transition(S.OVERDUE, S.CLOSED, BANK),
)

# The main path, for the progress bar on a referral's page.
MAIN_PATH: tuple[str, ...] = (
    S.SUBMITTED,
    S.GROUP_VETTED,
    S.UNION_APPRAISED,
    S.COMMUNE_CONFIRMED,
    S.SENT_TO_BANK,
    S.APPROVED,
    S.DISBURSED,
    S.REPAYING,
    S.CLOSED,
)


def transition(source: str, target: str) -> Transition | None:
    for t in TRANSITIONS:
        if t.source == source and t.target == target:
            return t
    return None


def next_steps(source: str) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source == source]


def side_of(status: str) -> str | None:
    """Whose turn it is while a referral waits at `status`."""
    steps = next_steps(status)
    return steps[0].side if steps else None
