"""The models of the registry and of the model programmes.

The package is split by topic, and every name is re-exported here, so callers keep
writing `from ventures.models import Venture` and the migrations' dotted paths
(`ventures.models.venture_document_path`, `ventures.models.default_eligible_kinds`)
keep resolving:

- `registry`: entrepreneurs, ventures, their progress reports and documents;
- `programmes`: model programmes, their participants, training sessions and attendance,
  and the support given to participants.
"""

from .programmes import (
    ModelProgramme,
    ModelProgrammeQuerySet,
    ProgrammeChildQuerySet,
    ProgrammeParticipant,
    SupportRecord,
    ThroughParticipantQuerySet,
    TrainingAttendance,
    TrainingSession,
    default_eligible_kinds,
)
from .registry import (
    Entrepreneur,
    ErasureRequest,
    ThroughVentureQuerySet,
    Venture,
    VentureDocument,
    VentureUpdate,
    validate_tax_code,
    venture_document_path,
)

__all__ = [
    # programmes
    "ModelProgramme",
    "ModelProgrammeQuerySet",
    "ProgrammeChildQuerySet",
    "ProgrammeParticipant",
    "SupportRecord",
    "ThroughParticipantQuerySet",
    "TrainingAttendance",
    "TrainingSession",
    "default_eligible_kinds",
    # registry
    "Entrepreneur",
    "ErasureRequest",
    "ThroughVentureQuerySet",
    "Venture",
    "VentureDocument",
    "VentureUpdate",
    "validate_tax_code",
    "venture_document_path",
]
