"""Writes of the model programmes: registration, selection, training, support, evaluation.

The unit that owns a programme runs it (its staff select, train and evaluate); the
units below it register their ventures. Views check permissions with the
`programmes.*` rules; the services check again that the actor runs the programme or
reaches the units they write for, because the Excel import and the demo call them too.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accounts.models import Membership, Unit, User
from accounts.scoping import access_of, require_reach, require_runs
from common.formatting import format_date
from common.history import records_actor
from common.validators import validate_birth_date
from ventures.models import Entrepreneur, Venture
from ventures.services import entrepreneur_save, venture_save

from .models import ModelProgramme, ProgrammeParticipant, SupportRecord, TrainingAttendance, TrainingSession

Status = ProgrammeParticipant.Status


def _require_runs(*, actor, programme: ModelProgramme) -> None:
    """Selection, training and evaluation belong to the staff of the programme's owner."""
    require_runs(actor=actor, owner=programme.owner)


def _require_acts_for(*, actor, participant: ProgrammeParticipant) -> None:
    """Support and withdrawal: the programme's runners, or an officer of the registering
    unit or above it (staff above a programme they do not run see it, and stop there)."""
    access = access_of(actor)
    if access.runs(participant.programme.owner):
        return
    if not access.has_role(Membership.Role.OFFICER):
        raise PermissionDenied(
            _("Chương trình này do %(unit)s điều hành.") % {"unit": participant.programme.owner.name}
        )
    require_reach(actor=actor, unit=participant.unit)


def _audit(participant: ProgrammeParticipant, actor) -> None:
    """Name the actor in the history row also when no request is around (imports, tasks, demo)."""
    participant._history_user = actor


def _require_active(programme: ModelProgramme) -> None:
    if programme.status != ModelProgramme.Status.ACTIVE:
        raise ValidationError(
            _("Chương trình %(name)s không ở trạng thái đang triển khai.") % {"name": programme.name}
        )


# --- Programmes --------------------------------------------------------------------


@records_actor
def programme_save(*, programme: ModelProgramme, owner: Unit, actor: User) -> ModelProgramme:
    """Create or update a programme owned by `owner`, a unit where the actor is staff.

    An edit is refused unless the actor runs the programme as it stands, so a programme
    is never taken over by moving it to a unit of one's own."""
    if programme.pk is not None:
        stored = ModelProgramme.objects.select_related("owner").get(pk=programme.pk)
        require_runs(actor=actor, owner=stored.owner)
    require_runs(actor=actor, owner=owner)
    programme.owner = owner
    if programme.pk is None:
        programme.created_by = actor
    programme.full_clean()
    programme.save()
    return programme


# --- Registration ------------------------------------------------------------------


def registration_refusal(*, programme: ModelProgramme, today: datetime.date | None = None) -> str:
    """Why the programme takes no registrations today, or "" when it does."""
    today = today or timezone.localdate()
    if programme.status != ModelProgramme.Status.ACTIVE:
        return _("Chương trình chưa mở hoặc đã tổng kết; không nhận đăng ký.")
    if today > programme.registration_deadline:
        return _("Đã hết hạn đăng ký (hạn chót %(date)s).") % {"date": format_date(programme.registration_deadline)}
    return ""


def _check_registration(*, participant: ProgrammeParticipant, today: datetime.date | None) -> None:
    programme, venture, unit = participant.programme, participant.venture, participant.unit
    refusal = registration_refusal(programme=programme, today=today)
    if refusal:
        raise ValidationError(refusal)
    if not unit.is_within(programme.owner):
        raise ValidationError({"unit": _("Đơn vị %(unit)s không thuộc phạm vi chương trình.") % {"unit": unit}})
    if not venture.unit.is_within(unit):
        raise ValidationError(
            {"venture": _("Mô hình thuộc %(owner)s, không thuộc đơn vị đăng ký.") % {"owner": venture.unit}}
        )
    if ProgrammeParticipant.objects.filter(programme=programme, venture=venture).exists():
        raise ValidationError({"venture": _("Mô hình này đã đăng ký tham gia chương trình.")})
    if not programme.accepts_kind(venture.kind):
        raise ValidationError(
            {
                "venture": _("Chương trình chỉ nhận loại hình: %(kinds)s.")
                % {"kinds": "; ".join(programme.eligible_kind_labels)}
            }
        )


@records_actor
def participant_register(
    *, participant: ProgrammeParticipant, actor: User, today: datetime.date | None = None
) -> ProgrammeParticipant:
    """Register an existing venture in a programme for a unit the actor manages.

    Refused after the registration deadline, outside the programme's subtree, for a
    venture kind the programme does not take and for a venture already registered
    (also when two requests race: the unique constraint decides).
    """
    require_reach(actor=actor, unit=participant.unit)
    _check_registration(participant=participant, today=today)
    participant.status = Status.REGISTERED
    participant.registered_by = actor
    if not participant.sector:
        participant.sector = participant.venture.sector
    participant.full_clean()
    _audit(participant, actor)
    try:
        with transaction.atomic():
            participant.save()
    except IntegrityError as exc:
        raise ValidationError({"venture": _("Mô hình này đã đăng ký tham gia chương trình.")}) from exc
    return participant


@records_actor
@transaction.atomic
def participant_register_new(
    *,
    participant: ProgrammeParticipant,
    venture: Venture,
    owner: Entrepreneur,
    actor: User,
    today: datetime.date | None = None,
) -> ProgrammeParticipant:
    """Register a venture declared on the spot, with its owner if they are new too.

    The owner and venture are written through the registry's services, so they are
    the same records every other programme sees. Nothing is kept if the
    registration is refused.
    """
    refusal = registration_refusal(programme=participant.programme, today=today)
    if refusal:
        raise ValidationError(refusal)
    if owner.pk is None:
        entrepreneur_save(entrepreneur=owner, actor=actor)
    venture_save(venture=venture, owners=[owner], actor=actor)
    participant.venture = venture
    return participant_register(participant=participant, actor=actor, today=today)


@dataclass
class ImportedRow:
    """One validated row of an import: the person and venture may already exist."""

    person: Entrepreneur
    venture: Venture
    participant: ProgrammeParticipant


@records_actor
@transaction.atomic
def participants_register_many(*, programme: ModelProgramme, rows: list[ImportedRow], actor: User) -> int:
    """Save already validated rows of an import in bulk: new people, new ventures and
    their ownership, then the participants. History rows are written as for a
    single save. A new person's date of birth must give an age of 14-45 today.
    Returns how many participants were registered."""
    refusal = registration_refusal(programme=programme)
    if refusal:
        raise ValidationError(refusal)
    for row in rows:
        require_reach(actor=actor, unit=row.participant.unit)
    new_people = [row.person for row in rows if row.person.pk is None]
    for person in new_people:
        try:
            validate_birth_date(person.date_of_birth)
        except ValidationError as error:
            raise ValidationError(f"{person.full_name}: {' '.join(error.messages)}") from error
        person.created_by = actor
    bulk_create_with_history(new_people, Entrepreneur, batch_size=500, default_user=actor)
    new_ventures = [row for row in rows if row.venture.pk is None]
    for row in new_ventures:
        row.venture.created_by = actor
    bulk_create_with_history([row.venture for row in new_ventures], Venture, batch_size=500, default_user=actor)
    Venture.owners.through.objects.bulk_create(
        [Venture.owners.through(venture_id=row.venture.pk, entrepreneur_id=row.person.pk) for row in new_ventures],
        batch_size=500,
    )
    participants = []
    for row in rows:
        participant = row.participant
        participant.venture = row.venture
        participant.status = Status.REGISTERED
        participant.registered_by = actor
        participants.append(participant)
    try:
        with transaction.atomic():
            bulk_create_with_history(participants, ProgrammeParticipant, batch_size=500, default_user=actor)
    except IntegrityError as exc:
        raise ValidationError(_("Có mô hình vừa được đăng ký cùng lúc; hãy tải tệp lên lại.")) from exc
    return len(participants)


@records_actor
def participant_withdraw(*, participant: ProgrammeParticipant, actor: User, note: str = "") -> ProgrammeParticipant:
    """The registering unit (or the programme's runners) take a venture out of the programme."""
    _require_acts_for(actor=actor, participant=participant)
    if participant.status == Status.WITHDRAWN:
        return participant
    if participant.is_successful:
        raise ValidationError(_("Mô hình đã được đánh giá thành công; không rút được."))
    participant.status = Status.WITHDRAWN
    if note:
        participant.selection_note = note
    participant.full_clean()
    _audit(participant, actor)
    participant.save(update_fields=["status", "selection_note", "updated_at"])
    return participant


# --- Selection ---------------------------------------------------------------------


@records_actor
def participant_select(
    *, participant: ProgrammeParticipant, selected: bool, actor: User, sector: str = "", note: str = ""
) -> ProgrammeParticipant:
    """The owner's decision on a registration, with its sector group.

    Only the staff of the programme's owner decide; a unit never selects its own
    registrations unless it runs the programme. A withdrawn registration and an
    already evaluated model keep their status.
    """
    programme = participant.programme
    _require_runs(actor=actor, programme=programme)
    _require_active(programme)
    if participant.status == Status.WITHDRAWN:
        raise ValidationError(_("Mô hình đã rút khỏi chương trình."))
    if not selected and participant.is_successful:
        raise ValidationError(_("Mô hình đã được đánh giá thành công; không thể bỏ chọn."))
    participant.status = Status.SELECTED if selected else Status.NOT_SELECTED
    if sector:
        participant.sector = sector
    participant.selection_note = note
    participant.selected_by = actor
    participant.selected_at = timezone.now()
    participant.full_clean()
    _audit(participant, actor)
    participant.save()
    return participant


# --- Training and support ----------------------------------------------------------


@records_actor
def training_session_save(*, session: TrainingSession, actor: User) -> TrainingSession:
    _require_runs(actor=actor, programme=session.programme)
    if session.pk is None:
        session.created_by = actor
    session.full_clean()
    session.save()
    return session


@records_actor
@transaction.atomic
def training_record_attendance(*, session: TrainingSession, attended_ids: Iterable[int], actor: User) -> int:
    """Mark who attended: every participant still taking part gets a row, present or not.

    Ids of participants outside the programme, withdrawn or not selected are ignored.
    Returns how many attended. A fixed number of queries whatever the class size.
    """
    _require_runs(actor=actor, programme=session.programme)
    wanted = set(attended_ids)
    eligible = list(
        session.programme.participants.filter(status__in=ProgrammeParticipant.TAKING_PART).values_list("pk", flat=True)
    )
    existing = {a.participant_id: a for a in session.attendances.all()}
    to_create, to_update = [], []
    for pk in eligible:
        flag = pk in wanted
        row = existing.get(pk)
        if row is None:
            to_create.append(TrainingAttendance(session=session, participant_id=pk, attended=flag))
        elif row.attended != flag:
            row.attended = flag
            to_update.append(row)
    TrainingAttendance.objects.bulk_create(to_create)
    TrainingAttendance.objects.bulk_update(to_update, ["attended", "updated_at"])
    return sum(1 for pk in eligible if pk in wanted)


@records_actor
def support_record_add(*, record: SupportRecord, actor: User) -> SupportRecord:
    """Record support given to a model still taking part in the programme."""
    participant = record.participant
    _require_acts_for(actor=actor, participant=participant)
    if not participant.is_taking_part:
        raise ValidationError(_("Mô hình không còn tham gia chương trình."))
    record.recorded_by = actor
    record.full_clean()
    record.save()
    return record


# --- Evaluation --------------------------------------------------------------------


@records_actor
def participant_evaluate(
    *,
    participant: ProgrammeParticipant,
    is_successful: bool,
    to_commend: bool,
    to_replicate: bool,
    note: str,
    actor: User,
    today: datetime.date | None = None,
) -> ProgrammeParticipant:
    """The end-of-programme evaluation: successful, to commend, to replicate.

    Only selected models are evaluated, by the programme's runners, from the programme's
    evaluation date. Models marked successful feed the award nominations
    (`programme_selectors.successful_participants`).
    """
    programme = participant.programme
    _require_runs(actor=actor, programme=programme)
    _require_active(programme)
    today = today or timezone.localdate()
    if programme.evaluation_from and today < programme.evaluation_from:
        raise ValidationError(
            _("Chưa đến thời gian đánh giá (từ %(date)s).") % {"date": format_date(programme.evaluation_from)}
        )
    if participant.status != Status.SELECTED:
        raise ValidationError(_("Chỉ đánh giá mô hình đã được lựa chọn."))
    if (to_commend or to_replicate) and not is_successful:
        raise ValidationError(_("Chỉ đề nghị tuyên dương, nhân rộng mô hình đã xây dựng thành công."))
    participant.is_successful = is_successful
    participant.to_commend = to_commend
    participant.to_replicate = to_replicate
    participant.evaluation_note = note
    participant.evaluated_by = actor
    participant.evaluated_at = timezone.now()
    participant.full_clean()
    _audit(participant, actor)
    participant.save()
    return participant
