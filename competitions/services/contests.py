"""Contest-wide writes: the submission window and deadline extensions, copying an
edition, publishing its results."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit, User
from common.history import records_actor

from ..models import Category, Contest, Criterion, PrizeTier, Round, UnitExtension


def submission_deadline(*, contest: Contest, unit: Unit) -> datetime.datetime:
    """The contest's deadline, or the later one staff granted this unit."""
    extension = UnitExtension.objects.filter(contest=contest, unit=unit).values_list("until", flat=True).first()
    return max(contest.submission_closes_at, extension) if extension else contest.submission_closes_at


def _require_window_open(*, contest: Contest, unit: Unit, now: datetime.datetime) -> None:
    if contest.status != Contest.Status.OPEN or now < contest.submission_opens_at:
        raise ValidationError(_("Cuộc thi chưa mở nhận bài."))
    deadline = submission_deadline(contest=contest, unit=unit)
    if now > deadline:
        raise ValidationError(
            _("Đã hết hạn nộp bài (%(deadline)s).")
            % {"deadline": timezone.localtime(deadline).strftime("%H:%M %d/%m/%Y")}
        )


@records_actor
@transaction.atomic
def extension_grant(
    *, contest: Contest, unit: Unit, until: datetime.datetime, reason: str, actor: User
) -> UnitExtension:
    """Let one unit submit until `until`; granting again replaces the date and reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi lý do gia hạn.")})
    if until <= contest.submission_closes_at:
        raise ValidationError({"until": _("Ngày gia hạn phải sau hạn nộp bài chung của cuộc thi.")})
    extension, _created = UnitExtension.objects.update_or_create(
        contest=contest, unit=unit, defaults={"until": until, "reason": reason.strip(), "granted_by": actor}
    )
    return extension


@records_actor
@transaction.atomic
def contest_copy(*, source: Contest, year: int, actor: User) -> Contest:
    """Start a new edition from an earlier one: settings, categories, prize tiers,
    rounds and criteria, with every date moved by the difference in years."""
    shift = year - source.year
    slug = f"{source.slug.rsplit('-', 1)[0] if source.slug[-4:].isdigit() else source.slug}-{year}"
    if Contest.objects.filter(slug=slug).exists():
        raise ValidationError(_("Đã có cuộc thi với đường dẫn “%(slug)s”.") % {"slug": slug})

    def moved(moment):
        try:
            return moment.replace(year=moment.year + shift)
        except ValueError:  # 29 February
            return moment.replace(year=moment.year + shift, day=28)

    contest = Contest.objects.create(
        name=source.name,
        year=year,
        slug=slug,
        description=source.description,
        status=Contest.Status.DRAFT,
        submission_opens_at=moved(source.submission_opens_at),
        submission_closes_at=moved(source.submission_closes_at),
        min_entries_per_unit=source.min_entries_per_unit,
        max_entries_per_unit=source.max_entries_per_unit,
        max_team_size=source.max_team_size,
        min_age=source.min_age,
        max_age=source.max_age,
        age_reference_date=moved(source.age_reference_date),
        created_by=actor,
    )
    Category.objects.bulk_create(
        [Category(contest=contest, name=c.name, order=c.order) for c in source.categories.all()]
    )
    PrizeTier.objects.bulk_create(
        [
            PrizeTier(contest=contest, name=t.name, rank=t.rank, count=t.count, amount=t.amount)
            for t in source.prize_tiers.all()
        ]
    )
    for old in source.rounds.prefetch_related("criteria"):
        new = Round.objects.create(
            contest=contest,
            order=old.order,
            name=old.name,
            kind=old.kind,
            opens_at=moved(old.opens_at),
            closes_at=moved(old.closes_at),
            judges_per_entry=old.judges_per_entry,
            is_blind=old.is_blind,
            is_live=old.is_live,
            advance_count=old.advance_count,
            advance_threshold=old.advance_threshold,
        )
        Criterion.objects.bulk_create(
            [
                Criterion(
                    round=new,
                    name=c.name,
                    description=c.description,
                    max_points=c.max_points,
                    weight=c.weight,
                    order=c.order,
                )
                for c in old.criteria.all()
            ]
        )
    return contest


@records_actor
def contest_publish_results(*, contest: Contest, actor: User, now: datetime.datetime | None = None) -> Contest:
    """Publish the contest's results on its public page. Idempotent.

    Needs the last round decided. Publishing again keeps the first moment, so a
    double click or a retried request changes nothing.
    """
    now = now or timezone.now()
    if contest.status == Contest.Status.DRAFT:
        raise ValidationError(_("Cuộc thi còn ở trạng thái soạn thảo; chưa công bố kết quả được."))
    last_round = contest.rounds.order_by("-order").values("decided_at").first()
    if last_round is None or last_round["decided_at"] is None:
        raise ValidationError(_("Vòng cuối của cuộc thi chưa chốt kết quả; chưa công bố được."))
    Contest.objects.filter(pk=contest.pk, results_published_at__isnull=True).update(
        results_published_at=now, updated_at=now
    )
    contest.refresh_from_db(fields=["results_published_at", "updated_at"])
    return contest
