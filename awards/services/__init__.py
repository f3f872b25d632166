"""Every write of an award programme: nominations, field verification, the council, the outputs.

Functions take keyword arguments and an `actor` (a vote takes its `member`),
validate, write in a transaction and queue notifications on commit. Views, admin
actions, tasks and tests all call them. Permission is checked by the caller; the
services still refuse an actor outside the unit or role the step needs
(PermissionDenied), and refuse bad input or a wrong state with a Vietnamese
ValidationError, saving nothing.

The package is split by topic, and every name is re-exported here, so callers keep
writing `services.nomination_submit(...)`:

- `nominations`: drafts and their evidence, submitting, withdrawing, eligibility exceptions;
- `verification`: assigning and recording the field verification;
- `council`: closing nominations early, opening the council, votes, closing it by the
  approval rules (written out exactly in that module's docstring);
- `decisions`: the commendation decision and publishing the honour roll.

Deadline reminders are sent by `reports` from `awards/deadlines.py`.
"""

from .council import (
    approved_nomination_ids,
    council_close,
    council_vote,
    programme_close_nominations_early,
    programme_open_council,
)
from .decisions import honour_roll_publish, programme_record_decision
from .nominations import (
    nomination_add_evidence,
    nomination_override_eligibility,
    nomination_save_draft,
    nomination_submit,
    nomination_withdraw,
)
from .verification import verification_assign, verification_record

__all__ = [
    # council
    "approved_nomination_ids",
    "council_close",
    "council_vote",
    "programme_close_nominations_early",
    "programme_open_council",
    # decisions
    "honour_roll_publish",
    "programme_record_decision",
    # nominations
    "nomination_add_evidence",
    "nomination_override_eligibility",
    "nomination_save_draft",
    "nomination_submit",
    "nomination_withdraw",
    # verification
    "verification_assign",
    "verification_record",
]
