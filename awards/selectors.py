"""Reads of the award programmes that are reused or must stay cheap.

The council's tally aggregates in SQL (one query whatever the number of votes); a
member's ballot carries only that member's own votes, so nobody sees another
member's vote while the council sits.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.branding import document_issuer
from accounts.scoping import access_of, unit_scope_q
from common.certificates import Signer, VerifiedCertificate, normalise_code
from common.formatting import format_date

from .models import AwardProgramme, CouncilVote, Nomination

TWO_PLACES = Decimal("0.01")

# Nominations the council looks at: sent, and (after the council closed) decided.
IN_REVIEW = (Nomination.Status.SUBMITTED, Nomination.Status.APPROVED, Nomination.Status.NOT_APPROVED)


@dataclass(frozen=True)
class TallyRow:
    nomination_id: int
    entrepreneur_name: str
    unit_name: str
    category_name: str
    yes: int
    no: int
    abstain: int
    votes: int
    mean_score: Decimal | None
    approved: bool | None  # None while the council has not decided
    submitted_at: object = None
    verification_code: str = ""

    @property
    def yes_share(self) -> Decimal | None:
        """yes / (yes + no), abstentions left out; None when nobody voted yes or no."""
        decided = self.yes + self.no
        return (Decimal(self.yes) / decided).quantize(TWO_PLACES, rounding=ROUND_HALF_UP) if decided else None


def _approved(status: str) -> bool | None:
    if status == Nomination.Status.APPROVED:
        return True
    if status == Nomination.Status.NOT_APPROVED:
        return False
    return None


def council_tally(*, programme: AwardProgramme) -> list[TallyRow]:
    """Votes per nomination of the programme: counts per choice and the mean score.

    Staff and (after the close) the council read it; it is also what `council_close`
    decides from. One query. Ordered by category, then nominee's name.
    """
    yes, no, abstain = CouncilVote.Choice.YES, CouncilVote.Choice.NO, CouncilVote.Choice.ABSTAIN
    rows = (
        Nomination.objects.filter(programme=programme, status__in=IN_REVIEW)
        .order_by("category__order", "category_id", "entrepreneur__full_name", "pk")
        .values(
            "pk",
            "entrepreneur__full_name",
            "unit__name",
            "category__name",
            "status",
            "submitted_at",
            "verification_code",
        )
        .annotate(
            n_yes=Count("votes", filter=Q(votes__choice=yes)),
            n_no=Count("votes", filter=Q(votes__choice=no)),
            n_abstain=Count("votes", filter=Q(votes__choice=abstain)),
            n_votes=Count("votes"),
            mean=Avg("votes__score"),
        )
    )
    return [
        TallyRow(
            nomination_id=row["pk"],
            entrepreneur_name=row["entrepreneur__full_name"],
            unit_name=row["unit__name"],
            category_name=row["category__name"],
            yes=row["n_yes"],
            no=row["n_no"],
            abstain=row["n_abstain"],
            votes=row["n_votes"],
            mean_score=(
                Decimal(row["mean"]).quantize(TWO_PLACES, rounding=ROUND_HALF_UP) if row["mean"] is not None else None
            ),
            approved=_approved(row["status"]),
            submitted_at=row["submitted_at"],
            verification_code=row["verification_code"],
        )
        for row in rows
    ]


def member_ballot(*, programme: AwardProgramme, member) -> list[Nomination]:
    """The nominations a council member reviews side by side, each with `my_vote`.

    `my_vote` is the member's own CouncilVote or None; other members' votes are not
    loaded at all. Each nomination comes with its nominee, venture, unit, category,
    field verification and evidence. Three queries.
    """
    nominations = (
        Nomination.objects.filter(programme=programme, status__in=IN_REVIEW)
        .select_related("entrepreneur", "venture", "unit", "category", "verification")
        .prefetch_related(
            Prefetch("votes", queryset=CouncilVote.objects.filter(member=member), to_attr="member_votes"),
            "evidence",
        )
        .order_by("category__order", "category_id", "entrepreneur__full_name", "pk")
    )
    result = list(nominations)
    for nomination in result:
        nomination.my_vote = nomination.member_votes[0] if nomination.member_votes else None
    return result


def unit_quota(*, programme: AwardProgramme, unit) -> tuple[int, int | None]:
    """(nominations of the unit that count against the quota, the quota or None)."""
    counted = Nomination.objects.filter(programme=programme, unit=unit).counting_for_quota().count()
    return counted, programme.quota_per_unit


def honour_roll(*, programme: AwardProgramme) -> QuerySet[Nomination]:
    """The approved nominations, by category and then name, with what the page and certificates show."""
    return (
        Nomination.objects.filter(programme=programme, status=Nomination.Status.APPROVED)
        .select_related("entrepreneur", "venture", "unit", "category", "programme")
        .order_by("category__order", "category_id", "entrepreneur__full_name", "pk")
    )


def verification_by_code(*, code: str) -> Nomination | None:
    """The honouree a certificate's code belongs to, once the honour roll is public; else None."""
    code = normalise_code(code)
    if not code:
        return None
    return (
        Nomination.objects.filter(
            verification_code=code,
            status=Nomination.Status.APPROVED,
            programme__honour_roll_published_at__isnull=False,
        )
        .select_related("entrepreneur", "venture", "unit", "category", "programme__owner")
        .first()
    )


def verified_certificate(*, code: str) -> VerifiedCertificate | None:
    """What the public verification page shows of the certificate with this code; None when no
    published certificate has it. Only what the certificate prints (no birth date, phone or id)."""
    nomination = verification_by_code(code=code)
    if nomination is None:
        return None
    programme = nomination.programme
    details = [(_("Đơn vị"), nomination.unit.name), (_("Lĩnh vực"), nomination.category.name)]
    if programme.decision_number:
        decision = _("Số %(number)s") % {"number": programme.decision_number}
        if programme.decision_date:
            decision += ", " + _("ngày %(day)s") % {"day": format_date(programme.decision_date)}
        details.append((_("Quyết định"), decision))
    return VerifiedCertificate(
        number=nomination.certificate_number,
        code=nomination.verification_code,
        holder=nomination.entrepreneur.full_name,
        title=_("Được tuyên dương Thanh niên làm kinh tế giỏi"),
        programme=programme.name,
        programme_url=reverse("awards:honour-roll", kwargs={"slug": programme.slug}),
        issued_on=programme.decision_date or timezone.localdate(programme.honour_roll_published_at),
        issuer=document_issuer(programme.owner).name,
        signer=Signer.of(programme),
        details=details,
    )


def nominations_visible_to(*, user) -> QuerySet[Nomination]:
    """Every nomination the user may open (the queryset form of `awards.view_nomination`).

    Staff and officers: nominations of units in their reach; staff also those of the
    programmes their unit runs; council members: every
    nomination the council of their programmes reviews (drafts stay with the unit);
    verification officers: the nominations they were asked to verify.
    """
    if not getattr(user, "is_authenticated", False):
        return Nomination.objects.none()
    access = access_of(user)
    if access.is_superuser:
        return Nomination.objects.all()
    q = Q(programme__council=user, status__in=IN_REVIEW)
    if access.scoped_paths:
        q |= unit_scope_q(user)
    if access.staff_paths:
        q |= Q(programme__in=AwardProgramme.objects.run_by(user).values("pk"))
    q |= Q(verification__officer=user)
    return Nomination.objects.filter(q).distinct()


def commended_models(*, user, programme: AwardProgramme, limit: int = 20) -> list:
    """Models that a model programme's evaluation proposed to commend (đề nghị tuyên
    dương), in the units the user reaches, not yet nominated in `programme`: the plan's
    "evaluate, then commend" step, offered to the unit as ready-made nominations."""
    from programmes.selectors import successful_participants

    nominated = (
        Nomination.objects.filter(programme=programme, venture__isnull=False)
        .exclude(status=Nomination.Status.WITHDRAWN)
        .values("venture_id")
    )
    participants = successful_participants(programme=None, user=user, commended_only=True)
    return list(participants.exclude(venture_id__in=nominated)[:limit])


def nomination_initial_from_model(participant) -> dict:
    """What a nomination can take from a commended model: its owner, venture and unit,
    and the figures of the venture's latest yearly progress report."""
    from ventures.models import VentureUpdate

    venture = participant.venture
    owners = list(venture.owners.all())
    initial = {
        "venture": venture.pk,
        "unit": participant.unit_id,
        "story": participant.evaluation_note,
    }
    if len(owners) >= 1:
        initial["entrepreneur"] = owners[0].pk
    latest = venture.updates.filter(period_kind=VentureUpdate.PeriodKind.YEAR).order_by("-year").first()
    if latest is not None:
        initial.update(
            annual_revenue=latest.revenue,
            annual_profit=latest.profit,
            jobs_created=latest.jobs,
            average_wage=latest.average_income,
        )
    return initial
