"""Policy-bank loans the union refers young people to, and the savings-and-loan groups it manages.

The bank (NHCSXH) is the system of record for loans. The portal keeps the union's side:
the loan programmes it refers to, the bank branches and transaction offices that serve
each unit, each referral and the dated steps it went through (`ReferralStep`, written
only by `services.referral_record_step`), the savings-and-loan groups (tổ TK&VV) with
their yearly grade, savings mobilisation events and partner funding agreements.

Who sees a referral: the referring unit and the units above it, provincial staff, and
the liaisons of the branch it was sent to, from the "sent to the bank" step on
(`ReferralQuerySet.visible_to`).

The package is split by topic and every name is re-exported here, so callers keep
writing `from loans.models import Referral`:

- `branches`: NHCSXH branches and transaction offices, each of a province;
- `groups`: savings-and-loan groups and their yearly grades;
- `referrals`: loan programmes (owned by the unit that runs them), referrals and their steps;
- `records`: mobilisation events and partner agreements.
"""

from .branches import BankBranch, BankBranchQuerySet
from .groups import (
    GOOD_GRADE_TARGET,
    MAX_GROUP_MEMBERS,
    MIN_GROUP_MEMBERS,
    GroupGrade,
    GroupGradeQuerySet,
    SavingsGroup,
    SavingsGroupQuerySet,
)
from .records import MobilisationEvent, PartnerAgreement
from .referrals import LoanProgramme, LoanProgrammeQuerySet, Referral, ReferralQuerySet, ReferralStep

__all__ = [
    "GOOD_GRADE_TARGET",
    "MAX_GROUP_MEMBERS",
    "MIN_GROUP_MEMBERS",
    "BankBranch",
    "BankBranchQuerySet",
    "GroupGrade",
    "GroupGradeQuerySet",
    "LoanProgramme",
    "LoanProgrammeQuerySet",
    "MobilisationEvent",
    "PartnerAgreement",
    "Referral",
    "ReferralQuerySet",
    "ReferralStep",
    "SavingsGroup",
    "SavingsGroupQuerySet",
]
