"""Prizes and publication: finalists, prize tiers in use, and what the public page shows."""

from __future__ import annotations

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.branding import document_issuer
from common.certificates import Signer, VerifiedCertificate, certificate_number, normalise_code

from ..models import Award, Contest, Entry, PrizeTier, RoundResult, TeamMember


def _lead_name(entry_ref: str = "pk") -> Subquery:
    """The team lead's name of the entry referenced by `entry_ref`, as a subquery."""
    lead = TeamMember.objects.filter(entry=OuterRef(entry_ref), role=TeamMember.Role.LEAD)
    return Subquery(lead.values("entrepreneur__full_name")[:1])


def contest_finalists(*, contest: Contest) -> list[dict]:
    """Entries that finished the final, in final ranking order, as plain rows; one query.

    A finalist is an entry marked finished, or one whose last round result says
    finalist. Each row has `pk`, `code`, `title`, `unit__name`, `lead_name`,
    `capital_support`, `final_rank`, `final_mean` and `tier_id` (its prize, if any).
    """
    results = RoundResult.objects.filter(entry=OuterRef("pk")).order_by("-round__order")
    return list(
        Entry.objects.filter(contest=contest)
        .annotate(
            last_outcome=Subquery(results.values("outcome")[:1]),
            final_rank=Subquery(results.values("rank")[:1]),
            final_mean=Subquery(results.values("mean")[:1]),
            lead_name=_lead_name(),
        )
        .filter(Q(status=Entry.Status.FINISHED) | Q(last_outcome=RoundResult.Outcome.FINALIST))
        .order_by(F("final_rank").asc(nulls_last=True), "code", "pk")
        .values(
            "pk",
            "code",
            "title",
            "unit__name",
            "lead_name",
            "capital_support",
            "final_rank",
            "final_mean",
            tier_id=F("award__tier_id"),
        )
    )


def prize_tiers_with_usage(*, contest: Contest) -> list[dict]:
    """The contest's prize tiers, highest first, with how many are given (`used`); one query."""
    return list(
        PrizeTier.objects.filter(contest=contest)
        .annotate(used=Count("awards"))
        .order_by("rank")
        .values("pk", "name", "rank", "count", "amount", "used")
    )


def contest_winners(*, contest: Contest) -> list[dict]:
    """Prize winners by tier for the public page, only what may be published; one query.

    Rows hold the tier, the entry's title, the sending unit and the team lead's
    name; never a phone number, a date of birth or an ethnicity.
    """
    return list(
        Award.objects.filter(tier__contest=contest)
        .order_by("tier__rank", "entry__code", "pk")
        .values(
            "tier_id",
            "tier__name",
            "tier__rank",
            "entry__code",
            "entry__title",
            "entry__unit__name",
            lead_name=_lead_name("entry_id"),
        )
    )


def public_contests() -> list[dict]:
    """Contests the public may read about (every one not in draft), newest first; one query."""
    return list(
        Contest.objects.published()
        .order_by("-year", "-submission_opens_at")
        .values("pk", "name", "year", "slug", "submission_opens_at", "submission_closes_at", "results_published_at")
    )


def contest_timeline(*, contest: Contest) -> list[dict]:
    """The contest's rounds in order with their windows, as plain rows; one query."""
    return list(contest.rounds.order_by("order").values("pk", "order", "name", "kind", "opens_at", "closes_at"))


def contest_publish_blockers(*, contest: Contest) -> list[str]:
    """Why the contest's results cannot be published yet; empty when they can. Two queries.

    Results are published only once the last round is decided and its prizes are
    given, or staff recorded that this edition gives none. The publish service refuses
    with these reasons and the prize page shows them beside the disabled button.
    """
    reasons = []
    if contest.status == Contest.Status.DRAFT:
        reasons.append(_("Cuộc thi còn ở trạng thái soạn thảo."))
    last_round = contest.rounds.order_by("-order").values("name", "decided_at").first()
    if last_round is None:
        reasons.append(_("Cuộc thi chưa có vòng thi nào."))
    elif last_round["decided_at"] is None:
        reasons.append(_("Vòng cuối (%(round)s) chưa chốt kết quả.") % {"round": last_round["name"]})
    if contest.no_prizes_at is None and not Award.objects.filter(tier__contest=contest).exists():
        reasons.append(_("Chưa trao giải nào; hãy trao giải hoặc ghi nhận cuộc thi không trao giải."))
    return reasons


def verified_certificate(*, code: str) -> VerifiedCertificate | None:
    """What the public verification page shows of the prize certificate with this code; None
    when no prize of a published contest has it. Only what the certificate prints: the team's
    names, unit, entry and prize (no phone, date of birth or address); two queries."""
    code = normalise_code(code)
    if not code:
        return None
    award = (
        Award.objects.filter(verification_code=code, tier__contest__results_published_at__isnull=False)
        .select_related("tier__contest__owner", "entry__unit")
        .first()
    )
    if award is None:
        return None
    contest = award.tier.contest
    names = list(
        TeamMember.objects.filter(entry=award.entry_id)
        .order_by("role", "pk")
        .values_list("role", "entrepreneur__full_name")
    )
    lead = next((name for role, name in names if role == TeamMember.Role.LEAD), "")
    members = [name for role, name in names if role != TeamMember.Role.LEAD]
    details = [(_("Đơn vị"), award.entry.unit.name), (_("Ý tưởng, dự án"), award.entry.title)]
    if members:
        details.insert(0, (_("Thành viên"), ", ".join(members)))
    return VerifiedCertificate(
        number=certificate_number(award.certificate_serial, contest.certificate_symbol),
        code=award.verification_code,
        holder=lead or award.entry.title,
        title=award.tier.name,
        programme=contest.name,
        programme_url=reverse("competitions:public-results", kwargs={"slug": contest.slug}),
        issued_on=timezone.localdate(contest.results_published_at),
        issuer=document_issuer(contest.owner).name,
        signer=Signer.of(contest),
        details=details,
    )
