"""The contest's figures count by the date of their fact, never by when a row was written.

The issue's repro: a 2021 contest loaded in 2026 made the 2026 report show its ten
ideas advancing, its prizes and its prize money. Here every record is written "today"
(7/12/2026) while the facts are of 2021.
"""

import datetime
import importlib
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps as django_apps
from django.urls import reverse

from common.indicators import Measure, Period
from competitions import services
from competitions.indicators import INDICATORS, entries_advancing, ideas_submitted, prize_money, prizes
from competitions.models import Award, Entry, RoundResult
from tests.competitions.factories import ContestFactory, EntryFactory, PrizeTierFactory, RoundFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=HCM)
PAST, THIS_YEAR = Period.year(2021), Period.year(2026)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=HCM)


@pytest.fixture
def contest_2021(commune, other_commune):
    """Sơn La's 2021 contest as the demo writes it today: sent in August, decided in September 2021."""
    contest = ContestFactory(
        year=2021,
        status="finished",
        submission_opens_at=at(2021, 3, 15),
        submission_closes_at=at(2021, 8, 30, 23, 59),
    )
    preliminary = RoundFactory(
        contest=contest, order=1, status="closed", opens_at=at(2021, 9, 5), closes_at=at(2021, 9, 10)
    )
    final = RoundFactory(
        contest=contest,
        order=2,
        status="closed",
        is_live=True,
        opens_at=at(2021, 9, 17, 8),
        closes_at=at(2021, 9, 17, 17),
    )
    entries = []
    for n, unit in enumerate([commune, commune, other_commune]):
        entry = EntryFactory(
            contest=contest, unit=unit, code=f"2021-{n:03d}", status=Entry.Status.FINISHED, round=final
        )
        Entry.objects.filter(pk=entry.pk).update(submitted_at=at(2021, 8, 20 + n, 9))
        entries.append(entry)
    # The results rows are written now; the rounds were decided in 2021.
    preliminary.decided_at = at(2021, 9, 10, 18)
    preliminary.save()
    final.decided_at = at(2021, 9, 17, 17, 30)
    final.save()
    for rank, entry in enumerate(entries, start=1):
        RoundResult.objects.create(round=preliminary, entry=entry, rank=rank, outcome=RoundResult.Outcome.ADVANCED)
        RoundResult.objects.create(round=final, entry=entry, rank=rank, outcome=RoundResult.Outcome.FINALIST)
    first = PrizeTierFactory(contest=contest, name="Giải Nhất", rank=1, count=1, amount=10_000_000)
    second = PrizeTierFactory(contest=contest, name="Giải Nhì", rank=2, count=2, amount=7_000_000)
    Award.objects.create(tier=first, entry=entries[0], awarded_on=datetime.date(2021, 9, 17))
    Award.objects.create(tier=second, entry=entries[2], awarded_on=datetime.date(2021, 9, 17))
    return {"contest": contest, "final": final, "entries": entries, "tiers": (first, second)}


def test_a_2021_contest_written_today_counts_in_2021_and_not_in_this_year(contest_2021, commune, other_commune):
    assert ideas_submitted(PAST) == {commune.pk: Measure(2), other_commune.pk: Measure(1)}
    assert entries_advancing(PAST) == {commune.pk: Measure(2), other_commune.pk: Measure(1)}
    assert prizes(PAST) == {commune.pk: Measure(1), other_commune.pk: Measure(1)}
    assert prize_money(PAST) == {commune.pk: Measure(10_000_000), other_commune.pk: Measure(7_000_000)}

    for compute in (ideas_submitted, entries_advancing, prizes, prize_money):
        assert compute(THIS_YEAR) == {}, compute.__name__


def test_round_results_count_on_the_day_their_round_was_decided(contest_2021, commune):
    decided_late = Period(datetime.date(2021, 9, 11), datetime.date(2021, 9, 30))
    # Only the final (17/9) falls in the window, not the preliminary (10/9): each entry once.
    assert entries_advancing(decided_late)[commune.pk] == Measure(2)
    assert entries_advancing(Period(datetime.date(2021, 9, 1), datetime.date(2021, 9, 9))) == {}


def test_award_set_dates_a_new_prize_today_and_a_moved_prize_keeps_its_day(contest_2021, staff_user, commune):
    first, second = contest_2021["tiers"]
    middle = contest_2021["entries"][1]

    services.award_set(contest=contest_2021["contest"], assignments={middle.pk: second.pk}, actor=staff_user)
    assert Award.objects.get(entry=middle).awarded_on == NOW.date()
    assert prizes(THIS_YEAR) == {commune.pk: Measure(1)}
    assert prize_money(THIS_YEAR) == {commune.pk: Measure(7_000_000)}

    # Moving the 2021 first prize to another entry's tier does not re-date it.
    winner = contest_2021["entries"][0]
    services.award_set(
        contest=contest_2021["contest"],
        assignments={winner.pk: second.pk, middle.pk: first.pk},
        actor=staff_user,
        today=datetime.date(2026, 12, 8),
    )
    assert Award.objects.get(entry=winner).awarded_on == datetime.date(2021, 9, 17)
    assert Award.objects.get(entry=middle).awarded_on == NOW.date()


def test_a_prize_with_no_award_day_falls_back_to_the_day_it_was_written(contest_2021, other_commune):
    Award.objects.filter(entry__unit=other_commune).update(awarded_on=None)
    assert prizes(THIS_YEAR) == {other_commune.pk: Measure(1)}
    assert prize_money(THIS_YEAR) == {other_commune.pk: Measure(Decimal(7_000_000))}


def test_the_data_migration_dates_old_prizes_by_the_contest_decision(contest_2021, commune):
    """Prizes given before `awarded_on` existed get the day of the contest's last decided round,
    else the publication of its results, else the day their row was written."""
    fill = importlib.import_module("competitions.migrations.0003_award_awarded_on").fill_awarded_on
    Award.objects.update(awarded_on=None)
    published_only = ContestFactory(year=2022, results_published_at=at(2022, 10, 1, 9))
    undated = ContestFactory(year=2023)
    for contest in (published_only, undated):
        entry = EntryFactory(contest=contest, unit=commune, status=Entry.Status.FINISHED, lead=False)
        Award.objects.create(tier=PrizeTierFactory(contest=contest), entry=entry)
    Award.objects.update(awarded_on=None)

    fill(django_apps, None)

    assert sorted(Award.objects.values_list("tier__contest__year", "awarded_on")) == [
        (2021, datetime.date(2021, 9, 17)),
        (2021, datetime.date(2021, 9, 17)),
        (2022, datetime.date(2022, 10, 1)),
        (2023, NOW.date()),
    ]
    assert prizes(PAST) == {commune.pk: Measure(1), contest_2021["entries"][2].unit_id: Measure(1)}


def _withdraw_on(entry: Entry, moment: datetime.datetime) -> None:
    """The entry taken back on that day (its history row carries the day)."""
    with time_machine.travel(moment, tick=False):
        entry.status = Entry.Status.WITHDRAWN
        entry.save()


def test_an_idea_withdrawn_after_its_year_still_counts_in_that_year(commune):
    """A report for 2021 made today says what it said on 31/12/2021: an idea sent in August
    2021 and withdrawn in January 2022 was one of the unit's ideas in 2021."""
    contest = ContestFactory(year=2021, submission_opens_at=at(2021, 3, 15), submission_closes_at=at(2021, 8, 30))
    later, within = (
        EntryFactory(contest=contest, unit=commune, status=Entry.Status.SUBMITTED, code=f"2021-10{n}") for n in (1, 2)
    )
    Entry.objects.filter(pk__in=[later.pk, within.pk]).update(submitted_at=at(2021, 8, 20, 9))
    later.refresh_from_db()
    within.refresh_from_db()
    reopened = EntryFactory(contest=contest, unit=commune, status=Entry.Status.SUBMITTED, code="2021-103")
    Entry.objects.filter(pk=reopened.pk).update(submitted_at=at(2021, 8, 21, 9))
    reopened.refresh_from_db()
    _withdraw_on(later, at(2022, 1, 10, 9))
    _withdraw_on(within, at(2021, 10, 1, 9))
    _withdraw_on(reopened, at(2022, 2, 1, 9))
    with time_machine.travel(at(2022, 2, 2, 9), tick=False):
        reopened.status = Entry.Status.DRAFT  # taken back to be reworked, after 2021
        reopened.save()

    assert ideas_submitted(PAST) == {commune.pk: Measure(value=2)}
    assert ideas_submitted(Period.year(2022)) == {}


def test_a_contest_figure_on_the_dashboard_links_to_the_contest_pages(commune):
    """The contest pages show every unit's entries against its quota: each figure's link goes there."""
    assert {indicator.records_url(commune.pk, THIS_YEAR) for indicator in INDICATORS} == {
        reverse("competitions:contest-list")
    }
