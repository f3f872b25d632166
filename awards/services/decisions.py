"""After the council: recording the commendation decision and publishing the honour roll."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.formatting import format_date
from common.history import records_actor

from ..models import AwardProgramme
from .nominations import _require_runs


@records_actor
@transaction.atomic
def programme_record_decision(
    *,
    programme: AwardProgramme,
    number: str,
    date: datetime.date,
    actor: User,
    signer_name: str | None = None,
    signer_title: str | None = None,
) -> AwardProgramme:
    """Record the decision that commends the approved nominees (số, ngày quyết định), and who
    signs it and the certificates (`signer_name`, `signer_title`; None keeps what is recorded).

    Needs the council closed. Recording again corrects the number, date or signer.
    """
    _require_runs(actor=actor, programme=programme)
    programme = AwardProgramme.objects.select_for_update().get(pk=programme.pk)
    if programme.council_closed_at is None:
        raise ValidationError(_("Hội đồng chưa kết thúc xét chọn; chưa ghi quyết định được."))
    number = (number or "").strip()
    errors: dict[str, list[str]] = {}
    if not number:
        errors["decision_number"] = [_("Cần ghi số quyết định.")]
    if date is None:
        errors["decision_date"] = [_("Cần ghi ngày quyết định.")]
    elif date < timezone.localtime(programme.council_closed_at).date():
        errors["decision_date"] = [
            _("Ngày quyết định không được trước ngày Hội đồng kết thúc (%(day)s).")
            % {"day": format_date(timezone.localtime(programme.council_closed_at))}
        ]
    elif date > timezone.localdate():
        errors["decision_date"] = [_("Ngày quyết định không được sau hôm nay.")]
    signer = {"signer_name": signer_name, "signer_title": signer_title}
    for name, value in signer.items():
        if value is not None and not value.strip():
            errors[name] = [_("Cần ghi người ký và chức vụ in trên giấy chứng nhận.")]
    if errors:
        raise ValidationError(errors)
    programme.decision_number = number
    programme.decision_date = date
    programme.status = AwardProgramme.Status.DECIDED
    for name, value in signer.items():
        if value is not None:
            setattr(programme, name, " ".join(value.split()))
    programme.full_clean()
    programme.save(
        update_fields=["decision_number", "decision_date", "status", "signer_name", "signer_title", "updated_at"]
    )
    return programme


@records_actor
def honour_roll_publish(
    *, programme: AwardProgramme, actor: User, now: datetime.datetime | None = None
) -> AwardProgramme:
    """Publish the honour roll and open the certificates' verification page. Idempotent.

    Needs the council closed. Publishing again keeps the first moment.
    """
    now = now or timezone.now()
    _require_runs(actor=actor, programme=programme)
    programme.refresh_from_db(fields=["council_closed_at"])
    if programme.council_closed_at is None:
        raise ValidationError(_("Hội đồng chưa kết thúc xét chọn; chưa công bố danh sách được."))
    AwardProgramme.objects.filter(pk=programme.pk, honour_roll_published_at__isnull=True).update(
        honour_roll_published_at=now, updated_at=now
    )
    programme.refresh_from_db(fields=["honour_roll_published_at", "updated_at"])
    return programme
