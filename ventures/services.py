"""Writes to the entrepreneur and venture registry."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from accounts.scoping import require_reach
from common.history import records_actor
from common.validators import REGISTRY_MAX_AGE, REGISTRY_MIN_AGE, validate_birth_date

from .models import Entrepreneur, ErasureRequest, Venture, VentureDocument, VentureUpdate


def _birth_date_is_new(entrepreneur: Entrepreneur) -> bool:
    """Whether the date of birth is being set: a new person, or a date changed since it was saved.

    Only then is its plausible age checked: a person registered at 44 stays in the
    registry when they turn 46.
    """
    if entrepreneur.pk is None:
        return True
    saved = Entrepreneur.objects.filter(pk=entrepreneur.pk).values_list("date_of_birth", flat=True).first()
    return saved != entrepreneur.date_of_birth


def _check_birth_date(
    entrepreneur: Entrepreneur, *, today: datetime.date | None = None, age_range: tuple[int, int] | None = None
) -> None:
    """Refuse a date of birth outside the registry's ages (or a programme's `age_range`) on `today`."""
    min_age, max_age = age_range or (REGISTRY_MIN_AGE, REGISTRY_MAX_AGE)
    try:
        validate_birth_date(entrepreneur.date_of_birth, today=today, min_age=min_age, max_age=max_age)
    except ValidationError as error:
        raise ValidationError({"date_of_birth": error.error_list}) from error


@records_actor
def entrepreneur_save(
    *,
    entrepreneur: Entrepreneur,
    actor: User,
    today: datetime.date | None = None,
    age_range: tuple[int, int] | None = None,
) -> Entrepreneur:
    """Create or update an entrepreneur registered under a unit the actor manages.

    A new or changed date of birth must give an age of 14-45 on `today`, or within
    `age_range` when a programme names its own.
    """
    require_reach(actor=actor, unit=entrepreneur.unit)
    if entrepreneur.pk is None:
        entrepreneur.created_by = actor
    if _birth_date_is_new(entrepreneur):
        try:
            _check_birth_date(entrepreneur, today=today, age_range=age_range)
        except ValidationError as error:
            # Named: a contest's team or a programme's form may add several people at once.
            raise ValidationError(
                {"date_of_birth": [f"{entrepreneur.full_name}: {' '.join(error.messages)}"]}
            ) from error
    entrepreneur.full_clean()
    entrepreneur.save()
    return entrepreneur


@records_actor
@transaction.atomic
def venture_save(*, venture: Venture, owners, actor: User) -> Venture:
    """Create or update a venture and set its owners (all visible to the actor)."""
    require_reach(actor=actor, unit=venture.unit)
    if venture.pk is None:
        venture.created_by = actor
    venture.full_clean()
    venture.save()
    venture.owners.set(owners)
    return venture


@records_actor
@transaction.atomic
def venture_record_update(*, update: VentureUpdate, actor: User) -> VentureUpdate:
    """Record a venture's progress for a period.

    The venture's headline figures follow its latest reports: the job count comes
    from the report whose period ends last, the annual revenue from the latest
    yearly report. An older period entered late changes neither.
    """
    venture = update.venture
    require_reach(actor=actor, unit=venture.unit)
    update.submitted_by = actor
    update.full_clean()
    update.save()
    others = [u for u in venture.updates.all() if u.pk != update.pk]
    fields = []
    if all(update.period_end >= other.period_end for other in others):
        venture.employees = update.jobs
        fields.append("employees")
    if update.period_kind == VentureUpdate.PeriodKind.YEAR and all(
        update.year >= other.year for other in others if other.period_kind == VentureUpdate.PeriodKind.YEAR
    ):
        venture.annual_revenue = update.revenue
        fields.append("annual_revenue")
    if fields:
        venture.save(update_fields=[*fields, "updated_at"])
    return update


@records_actor
def venture_add_document(*, document: VentureDocument, actor: User) -> VentureDocument:
    require_reach(actor=actor, unit=document.venture.unit)
    document.uploaded_by = actor
    document.full_clean()
    document.save()
    return document


@records_actor
@transaction.atomic
def entrepreneurs_register_many(
    *, rows: list[tuple[Entrepreneur, Venture | None]], actor: User, today: datetime.date | None = None
) -> int:
    """Save already validated people, each with an optional venture they own, in bulk.

    Used by the Excel import after every row passed validation; history rows are
    written as for a single save. A date of birth outside 14-45 years on `today` is
    refused here too, naming the person, so no caller saves one unchecked.
    """
    for person, venture in rows:
        require_reach(actor=actor, unit=person.unit)
        try:
            _check_birth_date(person, today=today)
        except ValidationError as error:
            raise ValidationError(f"{person.full_name}: {' '.join(error.messages)}") from error
        person.created_by = actor
        if venture is not None:
            venture.created_by = actor
    people = bulk_create_with_history([p for p, _v in rows], Entrepreneur, batch_size=500, default_user=actor)
    owned = [(person, venture) for person, (_p, venture) in zip(people, rows, strict=True) if venture is not None]
    if owned:
        ventures = bulk_create_with_history([v for _p, v in owned], Venture, batch_size=500, default_user=actor)
        Venture.owners.through.objects.bulk_create(
            [
                Venture.owners.through(venture_id=venture.pk, entrepreneur_id=person.pk)
                for venture, (person, _v) in zip(ventures, owned, strict=True)
            ],
            batch_size=500,
        )
    return len(people)


@records_actor
@transaction.atomic
def venture_archive(*, venture: Venture, reason: str, actor: User, now=None) -> Venture:
    """Archive a venture with a reason (registered twice, never existed, left the province):
    it stays with its progress reports, documents and history, leaves the registry's lists,
    and stops counting from today (periods that ended before still count it)."""
    venture = Venture.objects.select_for_update(of=("self",)).get(pk=venture.pk)
    venture.record_void(reason=reason, actor=actor, now=now)
    return venture


@records_actor
@transaction.atomic
def entrepreneur_anonymise(
    *, person: Entrepreneur, request_reference: str, actor: User, now: datetime.datetime | None = None
) -> ErasureRequest:
    """Erase a young person's personal data on their request (Decree 13/2023/NĐ-CP).

    The name becomes "Đã ẩn danh #<id>"; phone, citizen id, email, address and note are
    emptied; the birth date keeps its year (`privacy.anonymised_birth_date`). The same
    fields are erased in every history row of the person, and the apps that keep a copy
    (event registrations, nomination portraits) erase theirs. Programme records and
    counts stay. The request, who carried it out and when are logged.
    """
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from . import privacy

    reference = request_reference.strip()
    if not reference:
        raise ValidationError({"request_reference": _("Ghi số, ngày của đơn yêu cầu.")})
    person = Entrepreneur.objects.select_for_update().get(pk=person.pk)
    if person.is_anonymised:
        raise ValidationError(_("Người này đã được ẩn danh."))
    erased = dict.fromkeys(privacy.ERASED_FIELDS, "")
    erased["full_name"] = person.anonymised_name
    erased["date_of_birth"] = privacy.anonymised_birth_date(person.date_of_birth)
    for field, value in erased.items():
        setattr(person, field, value)
    person.save()
    Entrepreneur.history.filter(id=person.pk).update(**erased)
    for erase in privacy.personal_data_erasers():
        erase(person=person)
    return ErasureRequest.objects.create(
        person=person, reference=reference, done_at=now or timezone.now(), done_by=actor
    )
