"""Provincial staff's contest pages: screening, extensions, rounds, assignment, decisions and prizes, the live final.

Every page needs `competitions.manage_contest`; officers and judges get a 403.
Handlers parse a form, call one service, add a message and redirect. The round
page ranks with `selectors.round_ranking`, a fixed number of queries whatever the
size of the round.

One module per topic: `screening` (screening, extensions, closing the window early), `rounds` (a round's page
and set-up), `decisions` (deciding a round, prizes, publishing), `live` (the live
final), `setup` (the guided set-up); what they share is in `base`.
"""

from .base import MANAGE, RANKING_PAGE_SIZE, SCREENING_PAGE_SIZE, StaffMixin, contest_rounds, round_or_404, staff_only
from .decisions import PrizeAssignView, contest_no_prizes, contest_publish, round_advance
from .live import RoundLiveStatusView, RoundLiveView, round_reveal, round_stage
from .rounds import (
    RoundAssignmentCreateView,
    RoundDetailView,
    assignment_reopen,
    round_assign,
    round_complete_coaching,
    round_move_window,
    round_open,
)
from .screening import ContestCloseSubmissionView, ExtensionCreateView, ScreeningListView, entry_screen

__all__ = [
    "MANAGE",
    "RANKING_PAGE_SIZE",
    "SCREENING_PAGE_SIZE",
    "ContestCloseSubmissionView",
    "ExtensionCreateView",
    "PrizeAssignView",
    "RoundAssignmentCreateView",
    "RoundDetailView",
    "RoundLiveStatusView",
    "RoundLiveView",
    "ScreeningListView",
    "StaffMixin",
    "assignment_reopen",
    "contest_no_prizes",
    "contest_publish",
    "contest_rounds",
    "entry_screen",
    "round_advance",
    "round_assign",
    "round_complete_coaching",
    "round_move_window",
    "round_open",
    "round_or_404",
    "round_reveal",
    "round_stage",
    "staff_only",
]
