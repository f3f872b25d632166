"""Contest-wide writes: the submission window and deadline extensions, copying an
edition, publishing its results."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit, User
from accounts.scoping import require_runs
from common.certificates import take_certificate_serials, unique_codes
from common.deadlines import effective_deadline
from common.history import records_actor

from .. import selectors
from ..models import Award, Category, Contest, Criterion, PrizeTier, Round, UnitExtension


def submission_deadline(*, contest: Contest, unit: Unit) -> datetime.datetime:
    """The contest's deadline, or the later one staff granted this unit."""
    extension = UnitExtension.objects.filter(contest=contest, unit=unit).values_list("until", flat=True).first()
    return effective_deadline(contest.submission_closes_at, extension)


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
    require_runs(actor=actor, owner=contest.owner)
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
def contest_close_submission_early(
    *, contest: Contest, reason: str, actor: User, now: datetime.datetime | None = None
) -> Contest:
    """Close an open contest's submission window now, before its deadline, for every unit.

    The deadline moves to now (the planned one stays in the contest's history), extensions
    reaching beyond now end now too, and the moment, the person and the reason are kept and
    shown on the contest's page. Entries already sent are untouched; drafts can no longer be sent.
    """
    now = now or timezone.now()
    require_runs(actor=actor, owner=contest.owner)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Cần ghi lý do đóng nhận bài sớm.")]})
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if contest.status != Contest.Status.OPEN:
        raise ValidationError(_("Cuộc thi không ở giai đoạn nhận bài."))
    if now < contest.submission_opens_at:
        raise ValidationError(_("Cuộc thi chưa mở nhận bài; hãy đổi thời gian nhận bài thay vì đóng sớm."))
    if now >= contest.submission_closes_at:
        raise ValidationError(_("Đã hết hạn nộp bài; không cần đóng sớm."))
    contest.submission_closes_at = now
    contest.submission_closed_early_at = now
    contest.submission_closed_early_by = actor
    contest.submission_closed_early_reason = reason
    contest._history_user = actor
    contest.save(
        update_fields=[
            "submission_closes_at",
            "submission_closed_early_at",
            "submission_closed_early_by",
            "submission_closed_early_reason",
            "updated_at",
        ]
    )
    for extension in UnitExtension.objects.select_for_update().filter(contest=contest, until__gt=now):
        extension.until = now
        extension._history_user = actor
        extension.save(update_fields=["until", "updated_at"])
    return contest


@records_actor
@transaction.atomic
def contest_copy(*, source: Contest, year: int, actor: User, owner: Unit | None = None) -> Contest:
    """Start a new edition from an earlier one: settings, categories, prize tiers,
    rounds and criteria, with every date moved by the difference in years.

    The copy is run by `owner` (by default the source's owner); a person acting must run
    both the source and the new owner's programmes (a system actor, e.g. the demo, may copy)."""
    owner = owner or source.owner
    require_runs(actor=actor, owner=source.owner)
    require_runs(actor=actor, owner=owner)
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
        owner=owner,
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
        certificate_symbol=source.certificate_symbol,
        signer_name=source.signer_name,
        signer_title=source.signer_title,
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
    rounds = list(source.rounds.prefetch_related("criteria").order_by("order"))
    # A contest set up before rounds were marked: its last scoring round is the final.
    marked_final = any(r.is_final for r in rounds)
    last = rounds[-1] if rounds else None
    for old in rounds:
        criteria = list(old.criteria.all())
        max_total = old.max_total
        if max_total is None and criteria:
            max_total = sum((c.max_points * c.weight for c in criteria), Decimal(0))
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
            is_final=old.is_final if marked_final else (old is last and old.kind == Round.Kind.SCORING),
            max_total=max_total,
            weighting=old.weighting,
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
                for c in criteria
            ]
        )
    return contest


def _issue_prize_certificates(*, contest: Contest, awards: list[Award] | None = None) -> None:
    """Give each prize without one its certificate (every prize of the contest when `awards` is
    None): the next numbers of the contest's register (highest prize first, then by entry
    code) and a new verification code.

    Called inside the services that make a prize official: publishing the results, and a
    prize given or moved after them.
    """
    if awards is None:
        awards = list(Award.objects.filter(tier__contest=contest).select_related("tier", "entry"))
    awards = sorted(
        (award for award in awards if award.certificate_serial is None),
        key=lambda award: (award.tier.rank, award.entry.code, award.pk),
    )
    if not awards:
        return
    serials = take_certificate_serials(contest, len(awards))
    codes = unique_codes(
        len(awards),
        taken=lambda codes: Award.objects.filter(verification_code__in=codes).values_list(
            "verification_code", flat=True
        ),
    )
    for award, serial, code in zip(awards, serials, codes, strict=True):
        award.certificate_serial = serial
        award.verification_code = code
    Award.objects.bulk_update(awards, ["certificate_serial", "verification_code"])


@records_actor
@transaction.atomic
def prize_certificates_issue(*, contest: Contest, actor: User) -> int:
    """Give every prize of a published contest still without one its certificate (number and
    verification code); returns how many were given. Idempotent: what was given stays.

    Publishing does this itself; this is for prizes recorded another way (the demo's past
    editions, an import). Refused before the results are published.
    """
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if contest.results_published_at is None:
        raise ValidationError(_("Kết quả chưa công bố; chưa cấp giấy chứng nhận được."))
    before = contest.certificates_issued
    _issue_prize_certificates(contest=contest)
    return contest.certificates_issued - before


@records_actor
@transaction.atomic
def contest_publish_results(*, contest: Contest, actor: User, now: datetime.datetime | None = None) -> Contest:
    """Publish the contest's results on its public page, and mark the contest finished. Idempotent.

    Needs the last round decided and its prizes given, or staff's recorded decision
    that the contest gives none (`selectors.contest_publish_blockers` names what is
    missing). Every prize gets its certificate (`_issue_prize_certificates`): a number of
    the contest's register and a verification code. Publishing again keeps the first
    moment and person, so a double click or a retried request changes nothing.
    """
    now = now or timezone.now()
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if contest.results_published_at is not None:
        return contest
    require_runs(actor=actor, owner=contest.owner)
    blockers = selectors.contest_publish_blockers(contest=contest)
    if blockers:
        raise ValidationError([_("Chưa công bố kết quả được.")] + blockers)
    contest.results_published_at = now
    contest.results_published_by = actor
    contest.status = Contest.Status.FINISHED
    contest._history_user = actor
    contest.save(update_fields=["results_published_at", "results_published_by", "status", "updated_at"])
    _issue_prize_certificates(contest=contest)
    return contest


@records_actor
@transaction.atomic
def contest_record_no_prizes(
    *, contest: Contest, reason: str, actor: User, now: datetime.datetime | None = None
) -> Contest:
    """Record that this edition gives no prize (who, when, why), so its results can be published.

    Refused once a prize is given or the results are published.
    """
    require_runs(actor=actor, owner=contest.owner)
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do cuộc thi không trao giải.")})
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if contest.results_published_at is not None:
        raise ValidationError(_("Kết quả đã công bố; không thay đổi được."))
    if Award.objects.filter(tier__contest=contest).exists():
        raise ValidationError(_("Cuộc thi đã trao giải; không ghi nhận không trao giải được."))
    contest.no_prizes_reason = reason
    contest.no_prizes_at = now
    contest.no_prizes_by = actor
    contest._history_user = actor
    contest.save(update_fields=["no_prizes_reason", "no_prizes_at", "no_prizes_by", "updated_at"])
    return contest


@records_actor
@transaction.atomic
def contest_open(*, contest: Contest, actor: User) -> Contest:
    """Launch a draft contest: it becomes public and units may send entries in its window.

    Needs its set-up checklist complete (`selectors.setup.contest_setup_checklist`: every step
    saved and right, e.g. the rules document, categories, a window still ahead, prize tiers,
    rounds in a sound order, criteria adding up to each round's total); the refusal names what
    is missing. Opening an open contest changes nothing.
    """
    require_runs(actor=actor, owner=contest.owner)
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if contest.status == Contest.Status.OPEN:
        return contest
    if contest.status != Contest.Status.DRAFT:
        raise ValidationError(_("Cuộc thi đã kết thúc; không mở lại được."))
    checklist = selectors.contest_setup_checklist(contest=contest)
    if not checklist.is_complete:
        raise ValidationError([_("Cuộc thi chưa đủ điều kiện để mở:")] + checklist.problems())
    contest.status = Contest.Status.OPEN
    contest._history_user = actor
    contest.save(update_fields=["status", "updated_at"])
    return contest
