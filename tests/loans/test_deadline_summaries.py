"""The staff pages' view of waiting referrals: one deadline per unit and side counting them.

A national page would otherwise build a deadline per referral (a quarter of a million) to
show fifty rows; the reminder run and home pages still get one per referral."""

import datetime
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Membership, User
from accounts.scoping import visible_deadlines
from loans import deadlines as loan_deadlines
from loans.models import Referral
from reports.periodic import reminders

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
ONE_DAY = datetime.timedelta(days=1)


def _window():
    day = Referral.objects.order_by("status_on").values_list("status_on", flat=True)
    first, last = day.first(), day.last()
    return first - datetime.timedelta(days=40), last + datetime.timedelta(days=40)


def test_summaries_count_every_waiting_referral_of_each_unit_and_side(demo):
    start, end = _window()
    staff = User.objects.filter(memberships__role=Membership.Role.STAFF).distinct().order_by("username")
    assert staff.exists()
    bank_turn = set(Referral.BANK_TURN)
    seen = {}
    for user in [None, *staff]:
        each = loan_deadlines.referral_deadlines(start=start, end=end, viewer=user)
        summaries = loan_deadlines.referral_summaries(start=start, end=end, viewer=user)
        seen[user.username if user else ""] = len(each)
        statuses = dict(
            Referral.objects.filter(pk__in=[int(d.key.split(":")[1]) for d in each]).values_list("pk", "status")
        )
        expected_count: Counter = Counter()
        expected_due: dict = {}
        expected_debtors: dict = defaultdict(set)
        for deadline in each:
            side = "bank" if statuses[int(deadline.key.split(":")[1])] in bank_turn else "union"
            key = f"loans.referrals:{deadline.unit_id}:{side}"
            expected_count[key] += 1
            expected_due[key] = min(expected_due.get(key, deadline.due), deadline.due)
            expected_debtors[key] |= {debtor.user_id for debtor in deadline.owed_by}
        got = {d.key: d for d in summaries}
        assert set(got) == set(expected_count)
        for key, deadline in got.items():
            assert deadline.title.startswith(f"{expected_count[key]} hồ sơ vay vốn"), key
            assert deadline.due == expected_due[key]
            assert {debtor.user_id for debtor in deadline.owed_by} == expected_debtors[key]
    assert seen[""] > len([n for n in seen.values() if n]) > 1  # several referrals, several staff see some


def test_the_reminder_run_still_gets_one_deadline_per_referral(demo):
    start, end = _window()
    keys = [d.key for d in reminders.gather(start=start, end=end) if d.programme == "Vay vốn"]
    assert any(key.startswith("loans.referral:") for key in keys)
    assert not any(key.startswith("loans.referrals:") for key in keys)


def test_the_deadline_pages_show_a_unit_once_per_side_with_its_count(demo, client):
    start, end = _window()
    staff = Membership.objects.filter(role=Membership.Role.STAFF, unit__kind="province").first().user
    summaries = visible_deadlines(loan_deadlines.referral_summaries(start=start, end=end, viewer=staff), staff)
    assert summaries
    client.force_login(staff)
    # The day before the first of them falls due, whatever day the demo was built on.
    first_due = min(d.due for d in summaries)
    with time_machine.travel(
        datetime.datetime.combine(first_due, datetime.time(10), tzinfo=HCM) - ONE_DAY, tick=False
    ):
        page = client.get(reverse("reports:periodic-deadlines"), {"days": 180, "programme": "Vay vốn"})
    both = page.content.decode()
    assert "hồ sơ vay vốn chờ" in both
    assert "Hồ sơ vay vốn của" not in both  # no row per referral
    assert f"{reverse('loans:referral-list')}?unit=" in both
