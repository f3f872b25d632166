"""The startup idea contest: contests, rounds, criteria, entries, judging and prizes.

A contest has categories, prize tiers and an ordered list of rounds. A *scoring*
round has criteria and judges; a *coaching* round has mentors and lets teams upload
a revised version. An entry belongs to the unit that sent it, moves from draft to
submitted, is screened, then travels round by round: `Entry.round` is the round it
is in now, and `RoundResult` records how each round ended for it.

The package is split by topic, and every name is re-exported here, so callers keep
writing `from competitions.models import Entry`:

- `contests`: a contest edition, its categories and prize tiers;
- `rounds`: rounds, their state at a moment, decision exceptions, criteria;
- `entries`: entries, their team and files, units' extensions;
- `judging`: judges, conflicts, scorecards (assignments) and scores, mentors' feedback;
- `invitations`: staff's invitations of judges and mentors by email;
- `results`: round results and awards.
"""

from .applicants import Applicant
from .contests import Category, Contest, ContestQuerySet, PrizeTier, contest_rules_path
from .entries import Entry, EntryAttachment, EntryQuerySet, TeamMember, UnitExtension, entry_attachment_path
from .invitations import JudgeInvitation
from .judging import Assignment, Conflict, Judge, MentorFeedback, Score
from .results import Award, RoundResult
from .rounds import Criterion, Round, RoundDecisionException, RoundState, round_state

__all__ = [
    "Applicant",
    "contest_rules_path",
    "ContestQuerySet",
    "Contest",
    "Category",
    "PrizeTier",
    "Round",
    "RoundState",
    "round_state",
    "RoundDecisionException",
    "Criterion",
    "EntryQuerySet",
    "Entry",
    "TeamMember",
    "entry_attachment_path",
    "EntryAttachment",
    "UnitExtension",
    "Judge",
    "JudgeInvitation",
    "Conflict",
    "Assignment",
    "Score",
    "MentorFeedback",
    "RoundResult",
    "Award",
]
