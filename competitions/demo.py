# ruff: noqa: E501 -- a few long Vietnamese strings (a mentor's feedback, the load log)
"""Demo data: the startup idea contest of Tỉnh đoàn Sơn La, the 2021 edition and this year's.

The 2021 contest ("lần thứ IV", plan-son-la-2021 §II.1) is loaded as it ended: launched
15/3, entries until 30/8/2021 23:59, preliminary scoring 5–10/9, coaching 11–15/9 and
the live provincial final on 17/9, with the district unions of the time sending
entries, a panel of six judges, every scorecard, the round results and the prizes.
Its judging history is written straight to the tables with the times it happened (the
services would stamp today and notify judges of work finished years ago); the
assignment still follows the portal's rule that no judge scores an entry of their
own unit, a unit above it or below it.

This year's edition is a copy of 2021 (`services.contest_copy`) open for entries
from a month ago to a month ahead; a few commune and school unions have drafts and
submissions made through the services, and the judges have nothing to score yet.

Rows are keyed on natural keys (contest slug, category and criterion names, prize
rank, round order, judge user, entry title and unit, citizen id) and each stage of
the 2021 judging runs only if its rows are missing, so a second run adds nothing.
The tables themselves are in `demo_data.py`; this module loads them.
"""

from __future__ import annotations

import datetime
import zlib
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.demo import PROVINCE_CODE as PROVINCE
from accounts.demo import ensure_user
from accounts.models import Membership
from accounts.services import membership_grant
from common.demo import DemoContext, ensure_object
from ventures.demo import PEOPLE, Person, citizen_id, mobile
from ventures.models import Entrepreneur, Venture
from ventures.services import entrepreneur_save

from . import demo_national, selectors, services
from .demo_data import (
    ACTOR,
    CATEGORIES,
    CURRENT_ENTRIES,
    CURRENT_PANEL,
    DESCRIPTION,
    EDITION_2021,
    ENTRIES_2021,
    EXTENSION_2021,
    JUDGES,
    MENTORS,
    NAME,
    NEW_PEOPLE,
    PRIZES,
    REJECTED_2021,
    REJECTION_REASON,
    ROUNDS_2021,
    SLUG_2021,
    SLUG_BASE,
    D,
    at,
)
from .models import (
    Assignment,
    Award,
    Category,
    Contest,
    Criterion,
    Entry,
    Judge,
    MentorFeedback,
    PrizeTier,
    Round,
    RoundResult,
    Score,
    TeamMember,
    UnitExtension,
)
from .selectors.invitations import pledge_text
from .services import TeamMemberInput, conflicted

# --- helpers ---------------------------------------------------------------------------


def roman(number: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while number >= value:
            out += letters
            number -= value
    return out


def _people_by_key() -> dict[str, Person]:
    return {p.key: p for p in [*PEOPLE, *NEW_PEOPLE]}


def _check_data() -> None:
    people = _people_by_key()
    if len(people) != len(PEOPLE) + len(NEW_PEOPLE):
        raise ValueError("contest demo people need keys unused by the registry demo")
    if len({citizen_id(p) for p in people.values()}) != len(people):
        raise ValueError("contest demo people need unique citizen ids")
    plans = [*ENTRIES_2021, REJECTED_2021]
    if len({(e.title, e.unit) for e in plans}) != len(plans):
        raise ValueError("2021 entries need unique titles within a unit")
    for plan in [*plans, *CURRENT_ENTRIES]:
        missing = [key for key in plan.team if key not in people]
        if missing:
            raise ValueError(f"{plan.title}: unknown people {missing}")


def _ensure_people(ctx: DemoContext, keys: set[str]) -> dict[str, Entrepreneur]:
    """The registry records of these people, registering the contest's new ones."""
    people = _people_by_key()
    ids = {key: citizen_id(people[key]) for key in keys}
    found = {e.citizen_id: e for e in Entrepreneur.objects.filter(citizen_id__in=ids.values())}
    result = {}
    for key in sorted(keys):
        entrepreneur = found.get(ids[key])
        if entrepreneur is None:
            person = people[key]
            entrepreneur = entrepreneur_save(
                entrepreneur=Entrepreneur(
                    full_name=person.full_name,
                    date_of_birth=person.born,
                    gender=person.gender,
                    ethnicity=person.ethnicity,
                    phone=mobile(person),
                    citizen_id=ids[key],
                    unit=ctx.unit(person.unit),
                    address=person.address,
                    occupation=person.occupation,
                ),
                actor=ctx.user(ACTOR),
            )
        result[key] = entrepreneur
    return result


def _spread(*keys: str) -> float:
    """A stable number in [-1, 1) from the keys: each judge's view of each criterion differs a little."""
    return (zlib.crc32(":".join(keys).encode()) % 2000) / 1000 - 1


def _points(max_points: Decimal, share: float) -> Decimal:
    """Points on a half-point scale, within 0 and the criterion's maximum."""
    halves = int(float(max_points) * min(max(share, 0.0), 1.0) * 2 + 0.5)
    return Decimal(halves) / 2


def _balanced_pairs(*, stage: Round, entries: list[Entry], judges: list[Judge]) -> list[tuple[Entry, Judge]]:
    """Each entry its number of judges, chosen as the automatic assignment chooses them."""
    paths = selectors.judge_paths_for_contest(contest_id=stage.contest_id)
    candidates = {e.pk: [j.pk for j in judges if not conflicted(paths[j.pk], e.unit.path)] for e in entries}
    pairs, _unfilled = services.balanced_pairs(
        candidates=candidates,
        missing=dict.fromkeys(candidates, stage.judges_per_entry),
        loads={judge.pk: 0 for judge in judges},
    )
    entry_of, judge_of = {e.pk: e for e in entries}, {j.pk: j for j in judges}
    return [(entry_of[entry_id], judge_of[judge_id]) for entry_id, judge_id in pairs]


def _score_round(
    *, stage: Round, entries: list[Entry], judges: list[Judge], quality: dict[int, float], leniency: dict[int, float]
) -> int:
    """Assign the round's judges and write every submitted scorecard, with history at the time it happened."""
    criteria = list(stage.criteria.order_by("order"))
    window = (stage.closes_at - stage.opens_at).total_seconds()
    cards, points_by_card = [], []
    for n, (entry, judge) in enumerate(_balanced_pairs(stage=stage, entries=entries, judges=judges)):
        submitted_at = stage.opens_at + datetime.timedelta(seconds=window * (0.2 + 0.7 * ((n * 37) % 100) / 100))
        points = [
            _points(
                c.max_points,
                quality[entry.pk] + leniency[judge.pk] + 0.06 * _spread(entry.title, judge.user.username, c.name),
            )
            for c in criteria
        ]
        card = Assignment(
            round=stage,
            judge=judge,
            entry=entry,
            status=Assignment.Status.SUBMITTED,
            total=sum((p * c.weight for p, c in zip(points, criteria, strict=True)), Decimal(0)),
            submitted_at=submitted_at,
            version=1,
        )
        card._history_user, card._history_date = judge.user, submitted_at
        cards.append(card)
        points_by_card.append(points)
    cards = bulk_create_with_history(cards, Assignment)
    scores = []
    for card, points in zip(cards, points_by_card, strict=True):
        for criterion, value in zip(criteria, points, strict=True):
            score = Score(assignment=card, criterion=criterion, points=value, criterion_max=criterion.max_points)
            score._history_user, score._history_date = card.judge.user, card.submitted_at
            scores.append(score)
    bulk_create_with_history(scores, Score)
    return len(cards)


def _decide(*, stage: Round, next_stage: Round | None, actor) -> list[RoundResult]:
    """Record how the round ended, as `services.round_advance` would have on the day."""
    results = RoundResult.objects.bulk_create(services.round_results_from_ranking(round=stage, next_round=next_stage))
    services.entries_follow_results(results=results, next_round=next_stage, actor=actor, now=stage.decided_at)
    return results


# --- the 2021 contest ------------------------------------------------------------------


def _contest_2021(ctx: DemoContext) -> Contest:
    actor = ctx.user(ACTOR)
    contest, _created = ensure_object(
        Contest,
        lookup={"slug": SLUG_2021},
        values={
            "owner": ctx.unit(PROVINCE),
            "name": NAME.format(roman(EDITION_2021)),
            "year": 2021,
            "description": DESCRIPTION,
            "status": Contest.Status.FINISHED,
            "submission_opens_at": at(D(2021, 3, 15)),
            "submission_closes_at": at(D(2021, 8, 30), 23, 59),
            "min_entries_per_unit": 5,
            "max_entries_per_unit": 10,
            "max_team_size": 3,
            "min_age": 18,
            "max_age": 35,
            "age_reference_date": D(2021, 8, 30),
            "results_published_at": at(D(2021, 9, 17), 17, 30),
            "results_published_by": actor,
            "created_by": actor,
            # Who signs the prize certificates, and their symbol ("01/GCN-KN").
            "signer_name": "Cầm Thị Phương",
            "signer_title": "Phó Bí thư",
            "certificate_symbol": "GCN-KN",
        },
    )
    for order, name in enumerate(CATEGORIES, start=1):
        ensure_object(Category, lookup={"contest": contest, "name": name}, values={"order": order})
    for rank, name, count, amount in PRIZES:
        ensure_object(
            PrizeTier,
            lookup={"contest": contest, "rank": rank},
            values={"name": name, "count": count, "amount": amount},
        )
    for plan in ROUNDS_2021:
        stage, _created = ensure_object(
            Round,
            lookup={"contest": contest, "order": plan.order},
            values={
                "name": plan.name,
                "kind": plan.kind,
                "status": Round.Status.CLOSED,
                "opens_at": plan.opens,
                "closes_at": plan.closes,
                "judges_per_entry": plan.judges_per_entry,
                "is_blind": plan.is_blind,
                "is_live": plan.is_live,
                "advance_count": plan.advance_count,
                "decided_at": plan.closes + datetime.timedelta(minutes=30),
                "decided_by": actor,
                "ranking_revealed_at": plan.closes if plan.is_live else None,
            },
        )
        for position, (name, max_points, description) in enumerate(plan.criteria or [], start=1):
            ensure_object(
                Criterion,
                lookup={"round": stage, "name": name},
                values={"max_points": Decimal(max_points), "description": description, "order": position},
            )
    return contest


def _pledged(contest: Contest, *, when: datetime.datetime) -> dict:
    """The demo's judges accepted the pledge and declared no conflict on `when`."""
    return {"pledged_at": when, "pledge_text": pledge_text(contest=contest), "conflicts_declared_at": when}


def _judges(ctx: DemoContext, contest: Contest) -> list[Judge]:
    province = ctx.unit(PROVINCE)
    judges = []
    for plan in JUDGES:
        user = ensure_user(ctx, plan.username, full_name=plan.full_name, phone=plan.phone)
        membership_grant(user=user, unit=province, role=Membership.Role.JUDGE, title=plan.title)
        judge, _created = ensure_object(
            Judge,
            lookup={"contest": contest, "user": user},
            values={
                "affiliation": ctx.unit(plan.affiliation) if plan.affiliation else None,
                "title": plan.title,
                **_pledged(contest, when=contest.submission_closes_at),
            },
        )
        judge.user = user  # keep the loaded user: the scorecards below name it for every card
        judges.append(judge)
    return judges


def _entries_2021(ctx: DemoContext, contest: Contest) -> tuple[list[Entry], Entry]:
    """The entries as they stood after screening (1 September 2021), created if missing."""
    actor = ctx.user(ACTOR)
    plans = [*ENTRIES_2021, REJECTED_2021]
    people = _ensure_people(ctx, {key for plan in plans for key in plan.team})
    categories = {c.name: c for c in contest.categories.all()}
    preliminary = contest.rounds.get(order=1)
    ventures = {v.name: v for v in Venture.objects.filter(name__in=[p.venture for p in plans if p.venture])}
    existing = {(e.title, e.unit_id): e for e in Entry.objects.filter(contest=contest).select_related("unit")}
    sop_cop, extended_until, extension_reason = EXTENSION_2021
    if not UnitExtension.objects.filter(contest=contest, unit=ctx.unit(sop_cop)).exists():
        extension = UnitExtension(
            contest=contest, unit=ctx.unit(sop_cop), until=extended_until, reason=extension_reason, granted_by=actor
        )
        extension._history_user, extension._history_date = actor, at(D(2021, 8, 30), 16)
        extension.save()
    entries = []
    for number, plan in enumerate(plans, start=1):
        unit = ctx.unit(plan.unit)
        entry = existing.get((plan.title, unit.pk))
        if entry is None:
            rejected = plan is REJECTED_2021
            submitted_at = (
                at(D(2021, 9, 1), 15)
                if plan.unit == sop_cop
                else at(D(2021, 7, 1), 9) + datetime.timedelta(days=2 * number, hours=number % 7)
            )
            entry = Entry(
                contest=contest,
                unit=unit,
                category=categories[plan.category],
                code=f"2021-{number:03d}",
                title=plan.title,
                summary=plan.summary,
                capital_needed=plan.capital,
                status=Entry.Status.REJECTED if rejected else Entry.Status.IN_COMPETITION,
                round=None if rejected else preliminary,
                submitted_at=submitted_at,
                rejection_reason=REJECTION_REASON if rejected else "",
                screened_by=actor,
                screened_at=at(D(2021, 9, 3), 10),
                venture=ventures.get(plan.venture),
                created_by=actor,
            )
            entry.full_clean()
            entry._history_user, entry._history_date = actor, entry.screened_at
            entry.save()
            TeamMember.objects.bulk_create(
                [
                    TeamMember(
                        entry=entry,
                        entrepreneur=people[key],
                        role=TeamMember.Role.LEAD if position == 0 else TeamMember.Role.MEMBER,
                    )
                    for position, key in enumerate(plan.team)
                ]
            )
        entries.append(entry)
    return entries[:-1], entries[-1]


def _judging_2021(ctx: DemoContext, contest: Contest, judges: list[Judge], entries: list[Entry]) -> tuple[str, int]:
    actor = ctx.user(ACTOR)
    preliminary, coaching, final = (contest.rounds.get(order=n) for n in (1, 2, 3))
    quality = {e.pk: plan.quality for e, plan in zip(entries, ENTRIES_2021, strict=True)}
    leniency = {j.pk: plan.leniency for j, plan in zip(judges, JUDGES, strict=True)}
    done = []

    if not preliminary.assignments.exists():
        in_round = list(Entry.objects.filter(round=preliminary).select_related("unit"))
        cards = _score_round(stage=preliminary, entries=in_round, judges=judges, quality=quality, leniency=leniency)
        done.append(f"sơ tuyển {cards} phiếu")
    if not preliminary.results.exists():
        _decide(stage=preliminary, next_stage=coaching, actor=actor)

    mentors = [j.user for j in judges if j.user.username in MENTORS]
    coaching.mentors.set(mentors)
    coached = list(
        Entry.objects.filter(round_results__round=preliminary, round_results__outcome=RoundResult.Outcome.ADVANCED)
    )
    for n, entry in enumerate(coached):
        mentor = mentors[n % len(mentors)]
        if not MentorFeedback.objects.filter(round=coaching, entry=entry, mentor=mentor).exists():
            MentorFeedback.objects.create(
                round=coaching,
                entry=entry,
                mentor=mentor,
                text="Bổ sung phân tích giá thành và kênh phân phối; chuẩn bị bản thuyết trình 7 phút với số liệu thực tế.",
            )
    services.entries_move_on(from_round=coaching, to_round=final, actor=actor, now=coaching.decided_at)

    if not final.assignments.exists():
        finalists = list(Entry.objects.filter(round=final).select_related("unit"))
        # Coaching helped: teams pitch a better version than they sent.
        improved = {pk: q + 0.03 for pk, q in quality.items()}
        cards = _score_round(stage=final, entries=finalists, judges=judges, quality=improved, leniency=leniency)
        done.append(f"chung kết {cards} phiếu")
    if not final.results.exists():
        _decide(stage=final, next_stage=None, actor=actor)

    tiers = list(contest.prize_tiers.order_by("rank"))
    slots = [tier for tier in tiers for _ in range(tier.count)]
    awarded = 0
    for result, tier in zip(final.results.order_by("rank"), slots, strict=False):
        _award, created = Award.objects.get_or_create(
            entry_id=result.entry_id,
            defaults={"tier": tier, "awarded_by": actor, "awarded_on": timezone.localdate(final.decided_at)},
        )
        awarded += created
    services.prize_certificates_issue(contest=contest, actor=actor)
    # The first three prizes were proposed for capital support (plan-son-la §II.5).
    Entry.objects.filter(contest=contest, award__tier__rank__lte=3, capital_support=False).update(capital_support=True)
    return ", ".join(done) or "đã có", awarded


# --- this year's edition ---------------------------------------------------------------


def _current_contest(ctx: DemoContext, source: Contest) -> Contest:
    """A copy of 2021 open from a month ago to a month ahead, its rounds after that."""
    actor = ctx.user(ACTOR)
    year = max(ctx.today.year, source.year + 1)
    contest = Contest.objects.filter(slug=f"{SLUG_BASE}-{year}").first()
    if contest is None:
        contest = services.contest_copy(source=source, year=year, actor=actor)
    closes_on = ctx.today + datetime.timedelta(days=30)
    ensure_object(
        Contest,
        lookup={"pk": contest.pk},
        values={
            "name": NAME.format(roman(EDITION_2021 + year - source.year)),
            "status": Contest.Status.OPEN,
            "submission_opens_at": at(ctx.today - datetime.timedelta(days=30)),
            "submission_closes_at": at(closes_on, 23, 59),
            "age_reference_date": closes_on,
            "results_published_at": None,
        },
    )
    schedule = {1: (6, 8, 11, 17), 2: (12, 8, 16, 17), 3: (18, 8, 18, 17)}  # days after the deadline, hours
    for order, (start, start_hour, end, end_hour) in schedule.items():
        ensure_object(
            Round,
            lookup={"contest": contest, "order": order},
            values={
                "opens_at": at(closes_on + datetime.timedelta(days=start), start_hour),
                "closes_at": at(closes_on + datetime.timedelta(days=end), end_hour),
            },
        )
    contest.refresh_from_db()  # its window as set above: the judges pledged when it opened
    for plan in JUDGES:
        if plan.username in CURRENT_PANEL:
            ensure_object(
                Judge,
                lookup={"contest": contest, "user": ctx.user(plan.username)},
                values={
                    "affiliation": ctx.unit(plan.affiliation) if plan.affiliation else None,
                    "title": plan.title,
                    **_pledged(contest, when=contest.submission_opens_at),
                },
            )
    contest.refresh_from_db()
    return contest


def _current_entries(ctx: DemoContext, contest: Contest) -> int:
    people = _ensure_people(ctx, {key for plan in CURRENT_ENTRIES for key in plan.team})
    categories = {c.name: c for c in contest.categories.all()}
    existing = set(Entry.objects.filter(contest=contest).values_list("title", "unit_id"))
    created = 0
    for plan in CURRENT_ENTRIES:
        unit = ctx.unit(plan.unit)
        if (plan.title, unit.pk) in existing:
            continue
        officer = ctx.user(plan.officer)
        saved_at = at(ctx.today - datetime.timedelta(days=plan.days_ago), 9, 30)
        entry = services.entry_save_draft(
            entry=Entry(
                contest=contest,
                unit=unit,
                category=categories[plan.category],
                title=plan.title,
                summary=plan.summary,
                capital_needed=plan.capital,
            ),
            team=[
                TeamMemberInput(people[key], TeamMember.Role.LEAD if n == 0 else TeamMember.Role.MEMBER)
                for n, key in enumerate(plan.team)
            ],
            actor=officer,
            now=saved_at,
        )
        if plan.submit:
            services.entry_submit(entry=entry, actor=officer, now=saved_at + datetime.timedelta(hours=2))
        created += 1
    return created


def load(ctx: DemoContext) -> None:
    """The 2021 contest from call to prizes, and this year's edition open for entries."""
    _check_data()
    contest = _contest_2021(ctx)
    judges = _judges(ctx, contest)
    entries, _rejected = _entries_2021(ctx, contest)
    judged, awarded = _judging_2021(ctx, contest, judges, entries)
    ctx.log(
        f"  cuộc thi {contest.year}: {len(entries) + 1} bài, {len(judges)} giám khảo, chấm: {judged}, giải mới: {awarded}"
    )
    current = _current_contest(ctx, contest)
    created = _current_entries(ctx, current)
    closes = timezone.localtime(current.submission_closes_at)
    ctx.log(f"  cuộc thi {current.year}: đang nhận bài đến {closes:%d/%m/%Y}, {created} bài mới")
    demo_national.load(ctx)  # Lai Châu's contest and the national round, when their units exist
