"""Every write of the contest: entries, screening, judging, advancing, prizes.

Functions take keyword arguments and an `actor`, validate, write in a transaction,
and queue notifications on commit. Views, admin actions, tasks and tests all call
them; permission is checked by the caller (view or command).

The package is split by topic, and every name is re-exported here, so callers keep
writing `services.entry_submit(...)`:

- `contests`: the submission deadline, extensions and closing early, copying a contest,
  opening it, publishing results;
- `entries`: team rules, drafts, submitting, withdrawing, reopening, screening,
  attachments and capital support;
- `judging`: assigning judges (automatically or by hand) and scorecards;
- `results`: deciding rounds, the live final's stage and ranking, prizes;
- `promotion`: a higher-level contest taking the winners of its units' contests;
- `setup`: the guided set-up in the staff pages (one write per step), copying last year's
  contest.
- `invitations`: inviting judges and mentors by email, the pledge and declared conflicts.

Deadline reminders are sent by `reports` from `competitions/deadlines.py`.
"""

from .apply import (
    applicant_resend_code,
    applicant_sign_up,
    applicant_verify,
    application_endorse,
    application_return,
    application_save_draft,
    application_send,
)
from .contests import (
    contest_close_submission_early,
    contest_copy,
    contest_open,
    contest_publish_results,
    contest_record_no_prizes,
    extension_grant,
    prize_certificates_issue,
    submission_deadline,
)
from .entries import (
    TeamMemberInput,
    TeamRow,
    _validate_team,
    attachment_add_closes_at,
    entry_attachment_add,
    entry_attachment_remove,
    entry_mark_capital_support,
    entry_reopen_draft,
    entry_save_draft,
    entry_save_draft_with_new_people,
    entry_screen,
    entry_submit,
    entry_withdraw,
)
from .invitations import (
    judge_conflict_declare,
    judge_conflicts_declare_none,
    judge_invitation_accept,
    judge_invitation_resend,
    judge_invitation_revoke,
    judge_invite,
    judge_pledge_accept,
)
from .judging import (
    AssignmentReport,
    ScoreInput,
    assignment_create,
    balanced_pairs,
    conflicted,
    judges_assign_automatically,
    mentor_feedback_add,
    scorecard_abstain,
    scorecard_reopen,
    scorecard_save,
)
from .promotion import entries_take_winners
from .results import (
    award_set,
    coaching_round_complete,
    entries_follow_results,
    entries_move_on,
    missing_scorecards_error,
    prizes_save,
    round_advance,
    round_advance_with_exception,
    round_move_window,
    round_open,
    round_results_from_ranking,
    round_reveal_ranking,
    round_set_on_stage,
)
from .setup import (
    CriterionInput,
    PrizeTierInput,
    RoundInput,
    Stage,
    contest_copy_last_year,
    contest_create,
    contest_save_basics,
    contest_save_categories,
    contest_save_eligibility,
    contest_save_prizes,
    contest_save_rounds,
    contest_save_submission,
    contest_save_team,
    round_save_criteria,
)

__all__ = [
    # contests
    "contest_close_submission_early",
    "contest_copy",
    "contest_open",
    "contest_publish_results",
    "contest_record_no_prizes",
    "extension_grant",
    "prize_certificates_issue",
    "submission_deadline",
    # entries
    "TeamMemberInput",
    "TeamRow",
    "entry_attachment_add",
    "entry_attachment_remove",
    "entry_mark_capital_support",
    "entry_reopen_draft",
    "entry_save_draft",
    "entry_save_draft_with_new_people",
    "entry_screen",
    "entry_submit",
    "entry_withdraw",
    # judging
    "AssignmentReport",
    "ScoreInput",
    "assignment_create",
    "balanced_pairs",
    "conflicted",
    "judges_assign_automatically",
    "mentor_feedback_add",
    "scorecard_abstain",
    "scorecard_reopen",
    "scorecard_save",
    # promotion
    "entries_take_winners",
    # invitations
    "judge_conflict_declare",
    "judge_conflicts_declare_none",
    "judge_invitation_accept",
    "judge_invitation_resend",
    "judge_invitation_revoke",
    "judge_invite",
    "judge_pledge_accept",
    # apply
    "applicant_resend_code",
    "applicant_sign_up",
    "applicant_verify",
    "application_endorse",
    "application_return",
    "application_save_draft",
    "application_send",
    # results
    "award_set",
    "coaching_round_complete",
    "entries_follow_results",
    "entries_move_on",
    "missing_scorecards_error",
    "prizes_save",
    "round_advance",
    "round_advance_with_exception",
    "round_move_window",
    "round_open",
    "round_results_from_ranking",
    "round_reveal_ranking",
    "round_set_on_stage",
    # setup
    "CriterionInput",
    "PrizeTierInput",
    "RoundInput",
    "Stage",
    "contest_copy_last_year",
    "contest_create",
    "contest_save_basics",
    "contest_save_categories",
    "contest_save_eligibility",
    "contest_save_prizes",
    "contest_save_rounds",
    "contest_save_submission",
    "contest_save_team",
    "round_save_criteria",
    # private, but named outside the package (forms/entries.py points to it)
    "_validate_team",
    "attachment_add_closes_at",
]
