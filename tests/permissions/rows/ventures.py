"""The registry of young people and ventures, and the model programmes."""

from ..matrix import OFFICERS, STAFF, UNIT, Row, expect, post_only

TO_HIEU = {"unit__code": "to-hieu"}


def _entrepreneur(w):
    return {"pk": w.pk("ventures.Entrepreneur", **TO_HIEU)}


def _venture(w):
    return {"pk": w.pk("ventures.Venture", **TO_HIEU)}


def _programme(w):
    return {"programme_pk": w.pk("ventures.ModelProgramme")}


def _participant(w):
    return {"pk": w.pk("ventures.ProgrammeParticipant", **TO_HIEU)}


# The province's model programme: every unit officer takes part in it.
PROGRAMME_STAFF = expect(OFFICERS, officer="deny", other="deny")

ROWS = {
    "ventures:entrepreneur-list": Row(OFFICERS),
    "ventures:entrepreneur-create": Row(OFFICERS),
    "ventures:entrepreneur-export": Row(OFFICERS),
    "ventures:entrepreneur-import": Row(OFFICERS),
    "ventures:entrepreneur-import-template": Row(OFFICERS),
    "ventures:entrepreneur-detail": Row(UNIT, kwargs=_entrepreneur),
    "ventures:entrepreneur-update": Row(UNIT, kwargs=_entrepreneur),
    "ventures:entrepreneur-anonymise": Row(STAFF, kwargs=_entrepreneur),
    "ventures:venture-list": Row(OFFICERS),
    "ventures:venture-create": Row(OFFICERS),
    "ventures:venture-export": Row(OFFICERS),
    "ventures:venture-detail": Row(UNIT, kwargs=_venture),
    "ventures:venture-update": Row(UNIT, kwargs=_venture),
    "ventures:venture-archive": Row(STAFF, kwargs=_venture),
    "ventures:venture-update-create": Row(UNIT, kwargs=_venture),
    "ventures:venture-document-create": Row(UNIT, kwargs=_venture),
    "ventures:venture-document-download": Row(UNIT, kwargs=lambda w: {"pk": w.made["venture_document"]}),
    "programmes:programme-list": Row(OFFICERS),
    # A unit (a district union, say) may run a programme of its own.
    "programmes:programme-create": Row(OFFICERS),
    "programmes:programme-detail": Row(OFFICERS, kwargs=lambda w: {"pk": w.pk("ventures.ModelProgramme")}),
    "programmes:programme-update": Row(PROGRAMME_STAFF, kwargs=lambda w: {"pk": w.pk("ventures.ModelProgramme")}),
    "programmes:participant-list": Row(OFFICERS, kwargs=_programme),
    "programmes:participant-create": Row(OFFICERS, kwargs=_programme),
    "programmes:participant-export": Row(OFFICERS, kwargs=_programme),
    "programmes:participant-import": Row(OFFICERS, kwargs=_programme),
    "programmes:participant-import-template": Row(OFFICERS, kwargs=_programme),
    "programmes:support-list": Row(OFFICERS, kwargs=_programme),
    "programmes:training-create": Row(PROGRAMME_STAFF, kwargs=_programme),
    "programmes:training-detail": Row(OFFICERS, kwargs=lambda w: {"pk": w.pk("ventures.TrainingSession")}),
    "programmes:participant-detail": Row(UNIT, kwargs=_participant),
    "programmes:participant-select": Row(post_only(PROGRAMME_STAFF), kwargs=_participant),
    "programmes:participant-withdraw": Row(post_only(UNIT), kwargs=_participant),
    "programmes:participant-evaluate": Row(PROGRAMME_STAFF, kwargs=_participant),
    "programmes:support-create": Row(UNIT, kwargs=_participant),
}


def prepare(world) -> None:
    from tests.ventures.factories import VentureDocumentFactory
    from ventures.models import Venture

    venture = Venture.objects.get(pk=world.pk("ventures.Venture", **TO_HIEU))
    world.made["venture_document"] = VentureDocumentFactory(venture=venture).pk
