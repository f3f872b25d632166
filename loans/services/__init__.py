"""Every write of the loans app, re-exported so callers write `services.referral_record_step(...)`.

- `referrals`: referring a young person (from the form or from a project proposed for capital support) and
  recording each step of the entrusted procedure;
- `groups`: savings-and-loan groups and their yearly grade;
- `records`: programmes, branches, mobilisation events and partner agreements.
"""

from .groups import group_grade_record, group_save
from .records import agreement_save, branch_save, event_save, programme_save
from .referrals import (
    branch_for_unit,
    capital_proposal_refer,
    referral_create,
    referral_create_from_proposal,
    referral_record_step,
    referral_update,
)

__all__ = [
    "agreement_save",
    "branch_for_unit",
    "branch_save",
    "capital_proposal_refer",
    "event_save",
    "group_grade_record",
    "group_save",
    "programme_save",
    "referral_create",
    "referral_create_from_proposal",
    "referral_record_step",
    "referral_update",
]
