"""The award programmes' deadlines for `reports` (see `common.deadlines`).

The nomination close of each programme taking nominations: the officers of every
unit under the programme's owner that still has unsent draft nominations owe sending (or withdrawing) them.
A passed close is left out: nominations are no longer taken.
"""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Unit
from accounts.scoping import owner_scope_q, unit_scope_q
from accounts.selectors import officer_ids_by_unit
from common.deadlines import Deadline, Debtor, owner_subtree_q

from .models import AwardProgramme, Nomination

PROGRAMME = "awards"


def deadlines(*, start: datetime.date, end: datetime.date, viewer=None) -> list[Deadline]:
    now = timezone.now()
    found: list[Deadline] = []
    programmes = AwardProgramme.objects.filter(
        status=AwardProgramme.Status.NOMINATING, nomination_opens_at__lte=now, nomination_closes_at__gt=now
    ).select_related("owner")
    nominations = Nomination.objects.all()
    if viewer is not None:  # only the programmes they see, and their units' drafts
        programmes = programmes.filter(owner_scope_q(viewer))
        nominations = nominations.filter(unit_scope_q(viewer))
    for programme in programmes:
        due = timezone.localtime(programme.nomination_closes_at).date()
        if not start <= due <= end:
            continue
        drafts = dict(
            # Only units under the programme's owner send it nominations.
            nominations.filter(
                owner_subtree_q(programme.owner, lookup="unit"), programme=programme, status=Nomination.Status.DRAFT
            )
            .values("unit")
            .annotate(n=Count("pk"))
            .values_list("unit", "n")
        )
        if not drafts:
            continue
        names = dict(Unit.objects.filter(pk__in=drafts).values_list("pk", "name"))
        officers = officer_ids_by_unit(drafts)
        for unit_id, count in sorted(drafts.items()):
            detail = ngettext("%(unit)s: %(count)d hồ sơ chưa gửi", "%(unit)s: %(count)d hồ sơ chưa gửi", count) % {
                "unit": names.get(unit_id, ""),
                "count": count,
            }
            found.append(
                Deadline(
                    key=f"awards.drafts:{programme.pk}:{unit_id}:{due:%Y%m%d}",
                    programme=PROGRAMME,
                    title=_("Gửi hồ sơ đề nghị %(programme)s") % {"programme": programme.name},
                    due=due,
                    url=programme.get_absolute_url(),
                    unit_id=unit_id,
                    owed_by=tuple(Debtor(user_id=uid, detail=detail) for uid in officers.get(unit_id, [])),
                    owner_path=programme.owner.path,
                )
            )
    return found
