"""The model programmes: the province's programme of the demo, its participants,
trainings and support."""

from ..matrix import DENY, OFFICERS, STAFF, UNIT, Row, expect, post_only

TO_HIEU = {"unit__code": "to-hieu"}


def _programme(w):
    return {"programme_pk": w.pk("programmes.ModelProgramme")}


def _participant(w):
    return {"pk": w.pk("programmes.ProgrammeParticipant", **TO_HIEU)}


# The province's model programme: every unit officer takes part in it.
PROGRAMME_STAFF = expect(OFFICERS, officer="deny", other="deny")

# A participant's own pages: their unit's officers and the staff running the programme.
PARTICIPANT = expect(UNIT, national=DENY)

ROWS = {
    "programmes:programme-list": Row(OFFICERS),
    # A unit (a school union, say) may run a programme of its own: its staff create it
    # (the owner is a unit where they hold the staff role); officers take part.
    "programmes:programme-create": Row(STAFF),
    "programmes:programme-detail": Row(OFFICERS, kwargs=lambda w: {"pk": w.pk("programmes.ModelProgramme")}),
    "programmes:programme-update": Row(PROGRAMME_STAFF, kwargs=lambda w: {"pk": w.pk("programmes.ModelProgramme")}),
    "programmes:participant-list": Row(OFFICERS, kwargs=_programme),
    "programmes:participant-create": Row(OFFICERS, kwargs=_programme),
    "programmes:participant-export": Row(OFFICERS, kwargs=_programme),
    "programmes:participant-import": Row(OFFICERS, kwargs=_programme),
    "programmes:participant-import-template": Row(OFFICERS, kwargs=_programme),
    "programmes:support-list": Row(OFFICERS, kwargs=_programme),
    "programmes:training-create": Row(PROGRAMME_STAFF, kwargs=_programme),
    "programmes:training-detail": Row(OFFICERS, kwargs=lambda w: {"pk": w.pk("programmes.TrainingSession")}),
    "programmes:participant-detail": Row(UNIT, kwargs=_participant),
    "programmes:participant-select": Row(post_only(PROGRAMME_STAFF), kwargs=_participant),
    "programmes:participant-withdraw": Row(post_only(PARTICIPANT), kwargs=_participant),
    "programmes:participant-evaluate": Row(PROGRAMME_STAFF, kwargs=_participant),
    "programmes:support-create": Row(PARTICIPANT, kwargs=_participant),
}
