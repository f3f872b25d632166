"""The national benchmark's seed at a tiny scale: the counts it promises, so the bench cannot rot."""

import datetime

import pytest

from accounts.models import Membership, Unit, User
from competitions.models import Assignment, Contest, Entry, Score
from loans.models import Referral
from reports.models import Plan, ReportingSchedule, UnitReport
from tests.bench.national import contests, seed
from ventures.models import Entrepreneur, Venture

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 4)
SCALE = 0.002


def test_sizes_scale_with_the_knob():
    full, tenth = seed.sizes(1), seed.sizes(0.1)

    assert full["provinces"] == 34
    assert full["communes"] == 3_321
    assert full["branches"] == 34_000
    assert full["people"] == 500_000
    assert full["entries_per_contest"] == 1_000
    assert full["scorecards"] == (34 * 1_000 + 340) * 5
    assert full["referrals"] == 300_000
    assert full["reports"] == 12 * (3_321 + 1_700)
    assert tenth["people"] == 50_000
    assert tenth["provinces"] == 3


def test_seed_builds_the_counts_it_promises():
    size = seed.seed(SCALE, today=TODAY)

    national = Unit.objects.get(code=seed.NATIONAL_CODE)
    provinces = Unit.objects.filter(kind=Unit.Kind.PROVINCE)
    assert size == seed.sizes(SCALE)
    assert national.kind == Unit.Kind.NATIONAL
    assert provinces.count() == size["provinces"]
    assert set(provinces.values_list("parent_id", flat=True)) == {national.pk}
    assert Unit.objects.filter(kind=Unit.Kind.COMMUNE).exclude(official_code="").count() == size["communes"]
    assert Unit.objects.filter(kind=Unit.Kind.AFFILIATED).count() == size["affiliated"]
    assert Unit.objects.filter(kind=Unit.Kind.BRANCH).count() == size["branches"]
    assert Entrepreneur.objects.count() == Venture.objects.count() == size["people"]
    assert Contest.objects.count() == size["provinces"] + 1
    assert Entry.objects.count() == size["entries"]
    assert Assignment.objects.count() == size["scorecards"]
    assert Score.objects.count() == size["scorecards"] * contests.CRITERIA
    assert Referral.objects.count() == size["referrals"]
    assert UnitReport.objects.count() == size["reports"]


def test_seed_paths_owners_and_roles_hold():
    seed.seed(SCALE, today=TODAY)

    national = Unit.objects.get(code=seed.NATIONAL_CODE)
    branch = Unit.objects.filter(kind=Unit.Kind.BRANCH).select_related("parent__parent").first()
    assert branch.path == f"{branch.parent.path}{branch.pk:08d}/"
    assert branch.parent.parent.path.startswith(national.path)
    assert Unit.objects.subtree_of(national).count() == Unit.objects.count()
    assert Contest.objects.get(slug="nb-toan-quoc").owner == national
    assert all(c.owner.kind == Unit.Kind.PROVINCE for c in Contest.objects.exclude(slug="nb-toan-quoc"))
    assert all(s.owner.kind == Unit.Kind.PROVINCE for s in ReportingSchedule.objects.all())
    assert Plan.objects.get().owner == national
    assert Unit.objects.get(code="thanh-doan-ha-noi").official_code == "01"
    # A new unit gets an id past the seeded ones (the sequences moved).
    assert Unit.objects.create(name="Mới", code="nb-moi", kind=Unit.Kind.OTHER).pk > branch.pk
    staff = User.objects.get(username=seed.NATIONAL_STAFF)
    assert staff.memberships.get().role == Membership.Role.STAFF
