"""A higher-level contest takes the winners of its units' contests as entries."""

from __future__ import annotations

import datetime
from collections import Counter
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit, User
from accounts.scoping import require_runs
from common.history import records_actor

from ..models import Contest, Entry, EntryAttachment, TeamMember
from ..selectors.promotion import sending_unit_path
from .entries import _next_code


def _refusal(source: Entry, contest: Contest) -> str | None:
    """Why `source` may not be taken into `contest`, or None."""
    lower = source.contest
    if not (lower.owner.path.startswith(contest.owner.path) and lower.owner_id != contest.owner_id):
        return _("“%(entry)s” thuộc cuộc thi của %(unit)s, không phải đơn vị cấp dưới của %(owner)s.") % {
            "entry": source,
            "unit": lower.owner.name,
            "owner": contest.owner.name,
        }
    if lower.results_published_at is None:
        return _("“%(entry)s”: cuộc thi “%(contest)s” chưa công bố kết quả.") % {"entry": source, "contest": lower}
    if getattr(source, "award", None) is None:
        return _("“%(entry)s” không đạt giải ở cuộc thi “%(contest)s”.") % {"entry": source, "contest": lower}
    return None


def _copy_attachment(*, source: EntryAttachment, entry: Entry) -> EntryAttachment:
    """A copy of the stored file under the new entry's folder: the two contests' entries then
    never share a file, so removing or replacing one (its storage is deleted on commit) leaves
    the lower contest's record as it was. The content passed the upload checks already."""
    copy = EntryAttachment(entry=entry, kind=source.kind, uploaded_by=source.uploaded_by)
    with source.file.open("rb") as stored:
        copy.file.save(PurePath(source.file.name).name, File(stored), save=False)
    copy.save()
    return copy


@records_actor
@transaction.atomic
def entries_take_winners(
    *, contest: Contest, entries: list[Entry], actor: User, now: datetime.datetime | None = None
) -> list[Entry]:
    """Take winners of lower-level contests into `contest`; returns the entries created now.

    A source must be a winner: it holds a prize (`Award`) in a contest owned by a unit strictly
    below `contest.owner` whose results are published (a prize may still move before that).
    For each source a new entry is made in `contest`: same unit, title, texts, capital and
    venture, its team (the same registry people) and a copy of every file (revised versions
    too, as originals: the lower contest's rounds mean nothing here); numbered like a
    submission and SUBMITTED, so the higher contest's staff screen it against its own rules
    (age range, team size) and screening puts it into the first round. `promoted_from` names
    the source; the new entry's history records the actor. The lower contest is not touched:
    its entries, rankings, round results and prizes stay as they were.

    Quota: when `contest.max_entries_per_unit` is set, each unit directly below the owner (a
    province, for a national round) sends at most that many entries, counting those taken
    before, whichever of its own or its units' contests they won in.

    Idempotent: a source already taken into `contest` is skipped (the database also holds one
    promotion of an entry per contest). Nothing is written if one source is refused. A person
    acting must run `contest` (the demo's service account may act for it). The submission
    window does not apply: staff, not units, send winners up.
    """
    now = now or timezone.now()
    require_runs(actor=actor, owner=contest.owner)
    contest = Contest.objects.select_for_update().select_related("owner").get(pk=contest.pk)
    if contest.status == Contest.Status.FINISHED:
        raise ValidationError(_("Cuộc thi đã kết thúc; không nhận thêm bài."))
    categories = list(contest.categories.all())
    if not categories:
        raise ValidationError(_("Cuộc thi chưa có lĩnh vực dự thi nào."))
    sources = list(
        Entry.objects.filter(pk__in=[e.pk for e in entries])
        .select_related("contest__owner", "category", "award__tier")
        .order_by("contest_id", "code", "pk")
    )
    errors = [reason for source in sources if (reason := _refusal(source, contest))]
    if errors:
        raise ValidationError(errors)
    taken = set(
        Entry.objects.filter(contest=contest, promoted_from__in=sources).values_list("promoted_from", flat=True)
    )
    sources = [s for s in sources if s.pk not in taken]
    _check_quota(contest=contest, sources=sources)

    by_name = {c.name: c for c in categories}
    created = []
    for source in sources:
        entry = Entry(
            contest=contest,
            unit_id=source.unit_id,
            category=by_name.get(source.category.name, categories[0]),
            code=_next_code(contest),
            title=source.title,
            summary=source.summary,
            problem=source.problem,
            solution=source.solution,
            market=source.market,
            business_model=source.business_model,
            capital_needed=source.capital_needed,
            video_url=source.video_url,
            status=Entry.Status.SUBMITTED,
            submitted_at=now,
            venture_id=source.venture_id,
            created_by=actor,
            promoted_from=source,
        )
        entry.full_clean()
        # Read on the history page; simple-history keeps 100 characters.
        entry._change_reason = (_("Chuyển lên từ %(contest)s") % {"contest": source.contest.name})[:100]
        entry.save()
        TeamMember.objects.bulk_create(
            [
                TeamMember(
                    entry=entry, entrepreneur_id=m.entrepreneur_id, role=m.role, responsibility=m.responsibility
                )
                for m in source.team.all()
            ]
        )
        for attachment in source.attachments.all():
            _copy_attachment(source=attachment, entry=entry)
        created.append(entry)
    return created


def _check_quota(*, contest: Contest, sources: list[Entry]) -> None:
    limit = contest.max_entries_per_unit
    if limit is None or not sources:
        return
    owner = contest.owner
    before = Counter(
        sending_unit_path(owner=owner, source_owner=e.promoted_from.contest.owner)
        for e in Entry.objects.filter(contest=contest, promoted_from__isnull=False).select_related(
            "promoted_from__contest__owner"
        )
    )
    adding = Counter(sending_unit_path(owner=owner, source_owner=s.contest.owner) for s in sources)
    over = [path for path, n in adding.items() if before[path] + n > limit]
    if over:
        names = ", ".join(Unit.objects.filter(path__in=over).order_by("path").values_list("name", flat=True))
        raise ValidationError(
            _("Mỗi đơn vị gửi lên tối đa %(max)d bài; vượt mức: %(units)s.") % {"max": limit, "units": names}
        )
