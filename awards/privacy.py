"""Erasing a person's portrait from their nominations (see `ventures.privacy`)."""

from __future__ import annotations

from django.db import transaction

from .models import Nomination


def erase_person(*, person) -> int:
    """Delete the portrait files of the person's nominations (after commit, so a rollback
    keeps them) and clear them in the nominations and their history. The nominations, their
    votes and the decision stay. Returns how many nominations had a portrait."""
    nominations = list(Nomination.objects.filter(entrepreneur=person).exclude(photo=""))
    for nomination in nominations:
        storage, name = nomination.photo.storage, nomination.photo.name
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    ids = [n.pk for n in Nomination.objects.filter(entrepreneur=person)]
    Nomination.objects.filter(pk__in=ids).update(photo="")
    Nomination.history.filter(id__in=ids).update(photo="")
    return len(nominations)
