"""Cycles, the list deadline and extensions, and a unit's candidate list: its communes
and products, submitting and reopening."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit, User
from accounts.scoping import require_runs
from common.deadlines import effective_deadline
from common.history import records_actor

from ..models import CandidateCommune, CandidateList, Cycle, Product, StageChange, UnitExtension

# The unit kinds that send a candidate list, as the contest's quotas count them.
LIST_UNIT_KINDS = ("commune", "affiliated", "school", "bloc", "district")


def _fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def _require_runs_cycle(*, actor: User | None, cycle: Cycle) -> None:
    """Refuse a change to a cycle (or its lists, ratings, events) by a person who does not
    run it; the demo, a task or a test acting as nobody or as an inactive system account
    is trusted, as the caller checked."""
    require_runs(actor=actor, owner=cycle.owner)


@records_actor
@transaction.atomic
def cycle_save(*, cycle: Cycle, actor: User, owner: Unit | None = None) -> Cycle:
    """Create or update a cycle; one cycle a year per owner.

    `owner` (the unit that runs it) is needed for a new cycle unless already set; the actor
    must run the cycle as it was and as it will be (an owner moves only between their units).
    """
    if cycle.pk is None:
        cycle.created_by = actor
    else:
        _require_runs_cycle(actor=actor, cycle=Cycle.objects.select_related("owner").get(pk=cycle.pk))
    if owner is not None:
        cycle.owner = owner
    if cycle.owner_id is None:
        raise ValidationError({"owner": _("Chọn đơn vị chủ trì đợt OCOP.")})
    _require_runs_cycle(actor=actor, cycle=cycle)
    if Cycle.objects.filter(owner=cycle.owner, year=cycle.year).exclude(pk=cycle.pk).exists():
        raise ValidationError(
            {"year": _("%(unit)s đã có đợt OCOP năm %(year)d.") % {"unit": cycle.owner, "year": cycle.year}}
        )
    cycle.full_clean()
    cycle.save()
    return cycle


def list_deadline(*, cycle: Cycle, unit: Unit) -> datetime.date:
    """The cycle's list deadline, or the later day staff granted this unit."""
    extension = UnitExtension.objects.filter(cycle=cycle, unit=unit).values_list("until", flat=True).first()
    return effective_deadline(cycle.list_deadline, extension)


def list_is_open(*, cycle: Cycle, unit: Unit, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return cycle.is_open and today <= list_deadline(cycle=cycle, unit=unit)


def require_list_open(*, cycle: Cycle, unit: Unit, today: datetime.date | None = None) -> None:
    """Refuse a change to a unit's list outside the cycle's window (extensions count)."""
    today = today or timezone.localdate()
    if not cycle.is_open:
        raise ValidationError(_("Đợt OCOP %(cycle)s chưa mở hoặc đã kết thúc.") % {"cycle": cycle})
    deadline = list_deadline(cycle=cycle, unit=unit)
    if today > deadline:
        raise ValidationError(
            _("Đã hết hạn gửi danh sách (%(deadline)s). Đề nghị Tỉnh đoàn gia hạn nếu cần gửi bổ sung.")
            % {"deadline": _fmt(deadline)}
        )


@records_actor
@transaction.atomic
def extension_grant(*, cycle: Cycle, unit: Unit, until: datetime.date, reason: str, actor: User) -> UnitExtension:
    """Let one unit send its list until `until`; granting again replaces the date and reason.
    Only the staff who run the cycle grant it, to a unit under the cycle's owner."""
    _require_runs_cycle(actor=actor, cycle=cycle)
    _require_under_owner(cycle=cycle, unit=unit)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Cần ghi lý do gia hạn.")})
    if until <= cycle.list_deadline:
        raise ValidationError({"until": _("Ngày gia hạn phải sau hạn gửi danh sách chung của đợt.")})
    extension, _created = UnitExtension.objects.update_or_create(
        cycle=cycle, unit=unit, defaults={"until": until, "reason": reason.strip(), "granted_by": actor}
    )
    return extension


@records_actor
@transaction.atomic
def candidate_list_get_or_create(
    *, cycle: Cycle, unit: Unit, actor: User, today: datetime.date | None = None
) -> CandidateList:
    """The unit's list for the cycle, started as a draft when it has none yet."""
    existing = CandidateList.objects.filter(cycle=cycle, unit=unit).first()
    if existing:
        return existing
    if unit.kind not in LIST_UNIT_KINDS:
        raise ValidationError(_("Đơn vị %(unit)s không lập danh sách đề xuất OCOP.") % {"unit": unit})
    _require_under_owner(cycle=cycle, unit=unit)
    require_list_open(cycle=cycle, unit=unit, today=today)
    try:
        with transaction.atomic():
            return CandidateList.objects.create(cycle=cycle, unit=unit, created_by=actor)
    except IntegrityError:
        # A double click: the other request made it.
        return CandidateList.objects.get(cycle=cycle, unit=unit)


def _require_under_owner(*, cycle: Cycle, unit: Unit) -> None:
    """A cycle gathers the lists of the units under the unit that runs it."""
    if not unit.path.startswith(cycle.owner.path):
        raise ValidationError(
            _("Đơn vị %(unit)s không thuộc %(owner)s, đơn vị chủ trì đợt OCOP này.")
            % {"unit": unit, "owner": cycle.owner}
        )


def _require_draft(candidate_list: CandidateList) -> None:
    if candidate_list.is_submitted:
        raise ValidationError(_("Danh sách đã gửi Tỉnh đoàn; không thêm, bớt được nữa."))


def _require_editable(*, candidate_list: CandidateList, today: datetime.date | None) -> None:
    """Refuse a change to a sent list or outside the window; locks the list row so a
    change and the sending of the list never interleave."""
    locked = CandidateList.objects.select_for_update(of=("self",)).filter(pk=candidate_list.pk)
    status = locked.values_list("status", flat=True)
    candidate_list.status = status.first() or candidate_list.status
    _require_draft(candidate_list)
    require_list_open(cycle=candidate_list.cycle, unit=candidate_list.unit, today=today)


def communes_for(unit: Unit):
    """Commune unions a unit may put on its list: itself or those under it."""
    return Unit.objects.subtree_of(unit).filter(kind=Unit.Kind.COMMUNE)


@records_actor
@transaction.atomic
def commune_add(
    *, candidate_list: CandidateList, commune: Unit, note: str = "", actor: User, today: datetime.date | None = None
) -> CandidateCommune:
    """Put a commune on the list; it must be a commune union in the unit's subtree."""
    _require_editable(candidate_list=candidate_list, today=today)
    if commune.kind != Unit.Kind.COMMUNE or not commune.path.startswith(candidate_list.unit.path):
        raise ValidationError({"commune": _("%(commune)s không phải xã, phường thuộc đơn vị.") % {"commune": commune}})
    if CandidateCommune.objects.filter(candidate_list=candidate_list, commune=commune).exists():
        raise ValidationError({"commune": _("Xã %(commune)s đã có trong danh sách.") % {"commune": commune}})
    entry = CandidateCommune(candidate_list=candidate_list, commune=commune, note=(note or "").strip())
    entry.full_clean()
    entry.save()
    return entry


@records_actor
@transaction.atomic
def commune_remove(*, entry: CandidateCommune, actor: User, today: datetime.date | None = None) -> None:
    _require_editable(candidate_list=entry.candidate_list, today=today)
    if entry.products.exists():
        raise ValidationError(_("Xã còn sản phẩm trong danh sách; hãy xoá sản phẩm trước."))
    entry.delete()


@records_actor
@transaction.atomic
def product_save(*, product: Product, actor: User, today: datetime.date | None = None) -> Product:
    """Create a product on a commune entry, or update its details.

    New products need a draft list inside the window; details (dossier checklist,
    contact, description) of a listed product can be updated while it is prepared.
    The venture must be in the unit's registry and the owner one of its owners.
    """
    entry = product.entry
    candidate_list = entry.candidate_list
    is_new = product.pk is None
    if is_new:
        _require_editable(candidate_list=candidate_list, today=today)
        product.created_by = actor
        product.stage = Product.Stage.IDENTIFIED
        product.stage_changed_on = today or timezone.localdate()
    product.cycle_id = candidate_list.cycle_id
    product.unit_id = candidate_list.unit_id
    product.commune_id = entry.commune_id
    product.name = " ".join((product.name or "").split())
    product.name_key = Product.fold_name(product.name)
    errors: dict[str, list[str]] = {}
    venture = product.venture if product.venture_id else None
    if venture is not None:
        if not venture.unit.path.startswith(candidate_list.unit.path):
            errors.setdefault("venture", []).append(
                _("Chủ thể %(venture)s không thuộc đơn vị %(unit)s.")
                % {"venture": venture, "unit": candidate_list.unit}
            )
        elif product.owner_id and not venture.owners.filter(pk=product.owner_id).exists():
            errors.setdefault("owner", []).append(
                _("%(person)s không phải chủ của %(venture)s.") % {"person": product.owner, "venture": venture}
            )
        duplicate = (
            Product.objects.filter(cycle_id=product.cycle_id, venture=venture, name_key=product.name_key)
            .exclude(pk=product.pk)
            .exists()
        )
        if duplicate:
            errors.setdefault("name", []).append(
                _("Sản phẩm “%(name)s” của %(venture)s đã có trong danh sách đợt này.")
                % {"name": product.name, "venture": venture}
            )
    if errors:
        raise ValidationError(errors)
    product.full_clean()
    product.save()
    if is_new:
        StageChange.objects.create(
            product=product,
            from_stage="",
            to_stage=Product.Stage.IDENTIFIED,
            changed_on=product.stage_changed_on,
            changed_by=actor,
            responsible=product.responsible,
            note=_("Đưa vào danh sách đề xuất"),
        )
    return product


@records_actor
@transaction.atomic
def product_delete(*, product: Product, actor: User, today: datetime.date | None = None) -> None:
    _require_editable(candidate_list=product.entry.candidate_list, today=today)
    if product.stage != Product.Stage.IDENTIFIED:
        raise ValidationError(_("Sản phẩm đã chuyển giai đoạn; không xoá được."))
    product.delete()


@records_actor
@transaction.atomic
def candidate_list_submit(
    *, candidate_list: CandidateList, actor: User, now: datetime.datetime | None = None
) -> CandidateList:
    """Send the list to the province: once, inside the window, with at least one product.

    The row is locked so a double click leaves one submission.
    """
    now = now or timezone.now()
    candidate_list = (
        CandidateList.objects.select_for_update(of=("self",)).select_related("cycle", "unit").get(pk=candidate_list.pk)
    )
    if candidate_list.is_submitted:
        raise ValidationError(_("Danh sách này đã được gửi."))
    require_list_open(cycle=candidate_list.cycle, unit=candidate_list.unit, today=timezone.localdate(now))
    if not Product.objects.filter(entry__candidate_list=candidate_list).exists():
        raise ValidationError(_("Danh sách chưa có sản phẩm nào; hãy thêm ít nhất một sản phẩm trước khi gửi."))
    candidate_list.status = CandidateList.Status.SUBMITTED
    candidate_list.submitted_at = now
    candidate_list.submitted_by = actor
    candidate_list.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    return candidate_list


@records_actor
@transaction.atomic
def candidate_list_reopen(*, candidate_list: CandidateList, actor: User) -> CandidateList:
    """Staff who run the cycle return a submitted list to the unit for corrections."""
    candidate_list = CandidateList.objects.select_for_update(of=("self",)).get(pk=candidate_list.pk)
    _require_runs_cycle(actor=actor, cycle=candidate_list.cycle)
    if not candidate_list.is_submitted:
        raise ValidationError(_("Danh sách chưa được gửi."))
    candidate_list.status = CandidateList.Status.DRAFT
    candidate_list.submitted_at = None
    candidate_list.submitted_by = None
    candidate_list.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    return candidate_list
