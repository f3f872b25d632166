"""Reads of the contest that are reused or must stay cheap at scale.

Rankings and judge lists aggregate in SQL and fetch plain values, so a round of
3,000 entries and 15,000 scorecards costs a handful of queries.

The package is split by topic, and every name is re-exported here, so callers keep
writing `selectors.round_ranking(...)`:

- `ranking`: a scoring round's ranking and its tie-break order;
- `judging`: judges' conflicts, judges' and staff's round pages, scorecard counts;
- `invitations`: invitations of judges, their links, the pledge, a judge's conflicts and load
  (imported as `selectors.invitations`);
- `entries`: contest visibility, quota progress and deadlines, entry lists, screening;
- `promotion`: winners of lower-level contests a higher one may take, and an entry's promotions;
- `public`: finalists, prize tiers and what the public page shows;
- `setup`: the guided set-up's steps and the checklist a contest completes before it opens;
- `capital`: entries proposed for capital support, as plain data for loans (registered
  in `apps.py`, read through `common.registry`).
"""

from .capital import capital_proposal_link, capital_proposals
from .entries import (
    DEADLINE_SOON,
    QUOTA_UNIT_KINDS,
    TeamAge,
    UnitQuotaProgress,
    contests_visible_to,
    quota_by_unit,
    quota_summary,
    quota_units_for,
    screening_rows,
    team_ages,
    unit_entry_rows,
    unit_quota_progress,
)
from .judging import (
    CONFLICT_ROW,
    SCORECARD_DONE,
    JudgeProgress,
    JudgeRoundRow,
    coaching_rows,
    conflict_entry_pairs,
    declared_conflicts,
    entries_in_round,
    judge_assignment_rows,
    judge_declared_conflict,
    judge_loads,
    judge_paths_for_contest,
    judge_round_progress,
    judge_rounds_for_user,
    round_outcomes,
    scorecards_by_entry,
    scorecards_for_entry,
    scorecards_outstanding,
)
from .promotion import CandidateGroup, PromotionLink, entry_promotions, promotion_candidates, winners_q
from .public import (
    contest_finalists,
    contest_publish_blockers,
    contest_timeline,
    contest_winners,
    prize_tiers_with_usage,
    public_contests,
    verified_certificate,
)
from .ranking import (
    TIE_BREAK,
    TWO_PLACES,
    MissingScorecards,
    RankingRow,
    high_disagreement_threshold,
    round_missing_scorecards,
    round_ranking,
)
from .setup import Checklist, ChecklistItem, contest_setup_checklist, last_contest_of

__all__ = [
    # capital
    "capital_proposal_link",
    "capital_proposals",
    # entries
    "DEADLINE_SOON",
    "QUOTA_UNIT_KINDS",
    "TeamAge",
    "UnitQuotaProgress",
    "contests_visible_to",
    "quota_by_unit",
    "quota_units_for",
    "screening_rows",
    "team_ages",
    "unit_entry_rows",
    "quota_summary",
    "unit_quota_progress",
    # judging
    "CONFLICT_ROW",
    "SCORECARD_DONE",
    "JudgeProgress",
    "JudgeRoundRow",
    "coaching_rows",
    "conflict_entry_pairs",
    "declared_conflicts",
    "entries_in_round",
    "judge_assignment_rows",
    "judge_declared_conflict",
    "judge_loads",
    "judge_paths_for_contest",
    "judge_round_progress",
    "judge_rounds_for_user",
    "round_outcomes",
    "scorecards_by_entry",
    "scorecards_for_entry",
    "scorecards_outstanding",
    # promotion
    "CandidateGroup",
    "PromotionLink",
    "entry_promotions",
    "promotion_candidates",
    "winners_q",
    # public
    "contest_finalists",
    "contest_publish_blockers",
    "contest_timeline",
    "contest_winners",
    "prize_tiers_with_usage",
    "public_contests",
    "verified_certificate",
    # ranking
    "TIE_BREAK",
    "TWO_PLACES",
    "MissingScorecards",
    "RankingRow",
    "high_disagreement_threshold",
    "round_missing_scorecards",
    "round_ranking",
    # setup
    "Checklist",
    "ChecklistItem",
    "contest_setup_checklist",
    "last_contest_of",
]
