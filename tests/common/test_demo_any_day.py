"""The demo tells the same story on any day: loaded on New Year's Eve or on a leap day, this
year's contest and award call are open (Lai Châu's call too), the OCOP cycles are this year's, Tô Hiệu owes a quarterly
report and units have reports in every state, an online fair and a startup day are ahead, and a
second run adds nothing. (The permission matrix and the journeys load it on the day the suite runs; CI runs
the suite on three days, see .ci/run.)"""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from awards.models import AwardProgramme
from common.management.commands.load_demo import row_counts
from competitions.models import Contest
from events.models import Event
from jobs.models import JobFair
from ocop.models import Cycle
from reports.models import ReportingPeriod, UnitReport

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
QUARTERLY = "Báo cáo quý kết quả Đồng hành với thanh niên khởi nghiệp, lập nghiệp"


@pytest.mark.parametrize(
    "moment",
    [
        # Twenty minutes before the new year: the quarter's report was due on the 5th.
        datetime.datetime(2026, 12, 31, 23, 40, tzinfo=HCM),
        # A leap year's 29 February, in a quarter whose report is still ahead.
        datetime.datetime(2028, 2, 29, 8, 0, tzinfo=HCM),
    ],
    ids=["new-years-eve", "leap-day"],
)
def test_the_demo_tells_its_story_on_any_day(moment):
    with time_machine.travel(moment, tick=True):
        call_command("load_demo", verbosity=0, stdout=StringIO())
        today = timezone.localdate()
        now = timezone.now()

        contest = Contest.objects.get(status=Contest.Status.OPEN, owner__code="tinh-doan-son-la")
        assert contest.year == today.year
        assert contest.submission_opens_at < now < contest.submission_closes_at
        assert Contest.objects.get(year=2021).status == Contest.Status.FINISHED

        for owner in ("tinh-doan-son-la", "tinh-doan-lai-chau"):
            programme = AwardProgramme.objects.get(status=AwardProgramme.Status.NOMINATING, owner__code=owner)
            assert programme.year == today.year
            assert programme.accepts_nominations_at(now)
            cycle = Cycle.objects.filter(owner__code=owner).order_by("-year").first()
            assert cycle.year == today.year

        owed = ReportingPeriod.objects.filter(schedule__name=QUARTERLY, end__gte=today).exclude(
            reports__unit__code="to-hieu"
        )
        assert owed.exists(), "Tô Hiệu owes no quarterly report"
        # A year of quarters behind: reports accepted, waiting, returned and late, Tô Hiệu's among them.
        assert {"accepted", "submitted", "returned"} <= set(UnitReport.objects.values_list("status", flat=True))
        assert UnitReport.objects.filter(submitted_late=True).exists()
        assert UnitReport.objects.filter(unit__code="to-hieu", status=UnitReport.Status.ACCEPTED).exists()

        assert JobFair.objects.filter(kind=JobFair.Kind.ONLINE, starts_at__gt=now).exists()
        assert JobFair.objects.filter(owner__code="tinh-doan-lai-chau", starts_at__gt=now).exists()
        assert Event.objects.filter(kind=Event.Kind.STARTUP_DAY, starts_at__gt=now).exists()
        assert Event.objects.filter(kind=Event.Kind.TRAINING, ends_at__lt=now).exists()

        before = row_counts()
        call_command("load_demo", verbosity=0, stdout=StringIO())
        assert row_counts() == before
