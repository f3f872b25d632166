"""Writes to the entrepreneur and venture registry."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from accounts.scoping import require_reach
from common.history import record_updates, records_actor
from common.validators import REGISTRY_MAX_AGE, REGISTRY_MIN_AGE, validate_birth_date

from .models import Entrepreneur, EntrepreneurMerge, ErasureRequest, Venture, VentureDocument, VentureUpdate
from .selectors import person_links

logger = logging.getLogger(__name__)


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
    """Save already validated people, each with an optional venture they own, in bulk;
    return how many people were created.

    Used by the Excel import after every row passed validation; history rows are
    written as for a single save. A person already saved (a row the officer linked to
    the registry's record) is not created again: only their venture is. A new person's
    date of birth outside 14-45 years on `today` is refused here too, naming the person,
    so no caller saves one unchecked.
    """
    is_new = [person.pk is None for person, _v in rows]
    for (person, venture), new in zip(rows, is_new, strict=True):
        if new:
            require_reach(actor=actor, unit=person.unit)
            try:
                _check_birth_date(person, today=today)
            except ValidationError as error:
                raise ValidationError(f"{person.full_name}: {' '.join(error.messages)}") from error
            person.created_by = actor
        if venture is not None:
            require_reach(actor=actor, unit=venture.unit)
            venture.created_by = actor
    created = bulk_create_with_history(
        [p for (p, _v), new in zip(rows, is_new, strict=True) if new], Entrepreneur, batch_size=500, default_user=actor
    )
    saved = iter(created)
    people = [next(saved) if new else person for (person, _v), new in zip(rows, is_new, strict=True)]
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
    return len(created)


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
    # The records merged into this one (`entrepreneur_merge`) keep their history under their own id.
    merges = list(person.merges.all())
    Entrepreneur.history.filter(id__in=[person.pk, *(m.merged_id for m in merges)]).update(**erased)
    for merge in merges:
        merge.merged_name = person.anonymised_name
    EntrepreneurMerge.objects.bulk_update(merges, ["merged_name"])
    for erase in privacy.personal_data_erasers():
        erase(person=person)
    return ErasureRequest.objects.create(
        person=person, reference=reference, done_at=now or timezone.now(), done_by=actor
    )


# The fields a merge takes from one record or the other (`entrepreneur_merge(take=...)`):
# those a person's form edits.
MERGE_FIELDS = Entrepreneur.PERSON_FIELDS


def _unique_sets(model: type[models.Model], name: str) -> list[tuple[tuple[str, ...], models.Q | None, str]]:
    """The unique rules of `model` that include the field `name`: fields, condition, message."""
    sets = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and name in constraint.fields:
            sets.append((tuple(constraint.fields), constraint.condition, constraint.violation_error_message or ""))
    for fields in model._meta.unique_together:
        if name in fields:
            sets.append((tuple(fields), None, ""))
    if model._meta.get_field(name).unique:
        sets.append(((name,), None, ""))
    return sets


def _clashes(field: models.ForeignKey, *, keep: Entrepreneur, merged: Entrepreneur) -> list[str]:
    """What would break a unique rule of `field`'s model once the merged person's rows point
    at the kept person: both hold a row for the same thing (one open loan referral per
    programme, one nomination per award programme, one contest team place per entry…)."""
    model, name = field.model, field.name
    rows = model._base_manager
    found = []
    for fields, condition, rule in _unique_sets(model, name):
        others = [f for f in fields if f != name]
        kept = rows.filter(**{name: keep})
        moving = rows.filter(**{name: merged})
        if condition is not None:
            kept, moving = kept.filter(condition), moving.filter(condition)
        held = {values for values in kept.values_list(*others) if None not in values} if others else set()
        if not others and not kept.exists():
            continue
        for pk, *values in moving.values_list("pk", *others):
            if (not others or tuple(values) in held) and None not in values:
                record = rows.get(pk=pk)
                found.append(
                    _("%(kind)s “%(record)s”: cả hai hồ sơ đều có, không thể gộp về một người.")
                    % {"kind": capfirst(model._meta.verbose_name), "record": record}
                    + (f" ({rule})" if rule else "")
                )
    return found


def _move(field: models.ForeignKey, *, keep: Entrepreneur, merged: Entrepreneur, actor: User, reason: str) -> int:
    """Point the merged person's rows of `field` at the kept person; return how many moved.

    A row of a many-to-many table the kept person already holds (both owned the same venture)
    is dropped instead. Moved rows get a history row, when their model keeps history."""
    model, name = field.model, field.name
    rows = model._base_manager.filter(**{name: merged})
    owner = model._meta.auto_created  # the model declaring the many-to-many field, for its table
    if owner:
        (other,) = (f.name for f in model._meta.fields if f.is_relation and f.name != name)
        rows.filter(**{f"{other}__in": model._base_manager.filter(**{name: keep}).values(other)}).delete()
        parents = list(rows.values_list(f"{other}_id", flat=True))
        moved = rows.update(**{name: keep})
        if parents and hasattr(owner._meta, "simple_history_manager_attribute"):
            record_updates(list(owner._base_manager.filter(pk__in=parents)), actor=actor, reason=reason)
        return moved
    ids = list(rows.values_list("pk", flat=True))
    model._base_manager.filter(pk__in=ids).update(**{name: keep})
    if ids and hasattr(model._meta, "simple_history_manager_attribute"):
        record_updates(list(model._base_manager.filter(pk__in=ids)), actor=actor, reason=reason)
    return len(ids)


@records_actor
def entrepreneur_merge(
    *,
    keep: Entrepreneur,
    merged: Entrepreneur,
    take: Iterable[str] = (),
    actor: User,
    now: datetime.datetime | None = None,
) -> EntrepreneurMerge:
    """Make two records of one person one: `keep` stays, `merged` goes.

    The fields named in `take` (of `MERGE_FIELDS`) get the merged record's value, the others
    keep theirs. Every record of every app pointing at the merged person moves to the kept one
    (`selectors.person_links`); a move that would break a unique rule (both were nominated in the
    same award programme…) refuses the whole merge, naming each clash. The merged record's
    citizen id is freed, the merge is logged (`EntrepreneurMerge`: who, when, what moved) and
    the merged record deleted; the kept record's history, the moved records' and the merged
    record's deletion row name the actor. All in one transaction.
    """
    try:
        with transaction.atomic():
            return _merge(keep=keep, merged=merged, take=set(take), actor=actor, now=now or timezone.now())
    except IntegrityError as error:
        # A rule `_clashes` could not read (a constraint on expressions): refused all the same.
        logger.warning("merge of entrepreneur %s into %s refused: %s", merged.pk, keep.pk, error)
        raise ValidationError(
            _("Không gộp được hai hồ sơ vì một bản ghi liên quan sẽ bị trùng; chưa thay đổi gì.")
        ) from error


def _merge(
    *, keep: Entrepreneur, merged: Entrepreneur, take: set[str], actor: User, now: datetime.datetime
) -> EntrepreneurMerge:
    if keep.pk == merged.pk:
        raise ValidationError(_("Hãy chọn hai hồ sơ khác nhau."))
    unknown = take - set(MERGE_FIELDS)
    if unknown:
        raise ValidationError(_("Không gộp được trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    rows = Entrepreneur.objects.select_for_update().filter(pk__in=[keep.pk, merged.pk]).order_by("pk")
    locked = {p.pk: p for p in rows}
    if len(locked) != 2:
        raise ValidationError(_("Một trong hai hồ sơ không còn (có thể vừa được gộp); hãy tải lại trang."))
    keep, merged = locked[keep.pk], locked[merged.pk]
    for person in (keep, merged):
        require_reach(actor=actor, unit=person.unit)
        if person.is_anonymised:
            raise ValidationError(_("Không gộp hồ sơ đã ẩn danh theo yêu cầu xoá dữ liệu."))
    links = person_links()
    # A many-to-many table's own rows do not clash: the kept person's row stands for both.
    clashes = [
        message
        for field in links
        if not field.model._meta.auto_created
        for message in _clashes(field, keep=keep, merged=merged)
    ]
    if clashes:
        raise ValidationError(clashes)
    # Stored data, in the site's language and without names: anonymising may erase them later.
    reason = f"Gộp hồ sơ #{merged.pk} vào #{keep.pk}"
    moved = {}
    for field in links:
        count = _move(field, keep=keep, merged=merged, actor=actor, reason=reason)
        if count:
            moved[field.model._meta.label] = moved.get(field.model._meta.label, 0) + count
    # The merged record gives up its citizen id (kept in its history), so the kept one may take it.
    Entrepreneur.objects.filter(pk=merged.pk).update(citizen_id="")
    for name in take:
        setattr(keep, name, getattr(merged, name))
    require_reach(actor=actor, unit=keep.unit)
    keep.full_clean()
    keep._change_reason = reason
    keep.save()
    merge = EntrepreneurMerge.objects.create(
        person=keep,
        merged_id=merged.pk,
        merged_name=merged.full_name,
        moved=moved,
        merged_at=now,
        merged_by=actor,
    )
    merged._change_reason = reason
    merged.delete()
    return merge
