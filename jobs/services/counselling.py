"""Career-counselling sessions held at schools."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scoping import access_of
from common.history import records_actor

from ..models import CounsellingSession


@records_actor
@transaction.atomic
def counselling_session_save(*, session: CounsellingSession, actor: User) -> CounsellingSession:
    """Record (or correct) a session at a school the actor manages."""
    if session.school_id and not access_of(actor).reaches_path(session.school.path):
        raise ValidationError({"school": _("Bạn chỉ ghi nhận được cho các trường thuộc đơn vị mình.")})
    if session.pk is None:
        session.created_by = actor
    session.full_clean()
    session.save()
    return session
