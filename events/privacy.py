"""Erasing a person's data from their event registrations (see `ventures.privacy`)."""

from __future__ import annotations

from .models import Registration


def erase_person(*, person) -> int:
    """Registrations linked to the registry person keep the link (the trained-people count
    goes by it) and lose the name, phone, email and birth date typed with them, in their
    history too. Returns how many registrations were touched."""
    registrations = Registration.objects.filter(entrepreneur=person)
    ids = list(registrations.values_list("pk", flat=True))
    if not ids:
        return 0
    erased = {"full_name": person.full_name, "phone": "", "email": "", "date_of_birth": None}
    registrations.update(**erased)
    Registration.history.filter(id__in=ids).update(**erased)
    return len(ids)
