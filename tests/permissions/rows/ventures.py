"""The registry of young people and ventures."""

from ..matrix import OFFICERS, STAFF, UNIT, Row, expect

TO_HIEU = {"unit__code": "to-hieu"}


def _entrepreneur(w):
    return {"pk": w.pk("ventures.Entrepreneur", **TO_HIEU)}


def _venture(w):
    return {"pk": w.pk("ventures.Venture", **TO_HIEU)}


# A unit's own registry: the staff above it act on it, the national staff too.
ABOVE = expect(STAFF, national="ok")

ROWS = {
    "ventures:entrepreneur-list": Row(OFFICERS),
    "ventures:entrepreneur-create": Row(OFFICERS),
    "ventures:entrepreneur-export": Row(OFFICERS),
    "ventures:entrepreneur-import": Row(OFFICERS),
    "ventures:entrepreneur-import-template": Row(OFFICERS),
    "ventures:entrepreneur-detail": Row(UNIT, kwargs=_entrepreneur),
    "ventures:entrepreneur-update": Row(UNIT, kwargs=_entrepreneur),
    "ventures:entrepreneur-anonymise": Row(ABOVE, kwargs=_entrepreneur),
    "ventures:entrepreneur-merge": Row(ABOVE, kwargs=_entrepreneur),
    "ventures:venture-list": Row(OFFICERS),
    "ventures:venture-create": Row(OFFICERS),
    "ventures:venture-export": Row(OFFICERS),
    "ventures:venture-detail": Row(UNIT, kwargs=_venture),
    "ventures:venture-update": Row(UNIT, kwargs=_venture),
    "ventures:venture-archive": Row(ABOVE, kwargs=_venture),
    "ventures:venture-update-create": Row(UNIT, kwargs=_venture),
    "ventures:venture-document-create": Row(UNIT, kwargs=_venture),
    "ventures:venture-document-download": Row(UNIT, kwargs=lambda w: {"pk": w.made["venture_document"]}),
}


def prepare(world) -> None:
    from tests.ventures.factories import VentureDocumentFactory
    from ventures.models import Venture

    venture = Venture.objects.get(pk=world.pk("ventures.Venture", **TO_HIEU))
    world.made["venture_document"] = VentureDocumentFactory(venture=venture).pk
