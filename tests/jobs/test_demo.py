"""The jobs demo: the 2026 fair as it ended, an upcoming online session, schools; idempotent."""

from io import StringIO

import pytest

from accounts import demo as accounts_demo
from common.demo import DemoContext
from jobs import demo, selectors
from jobs.models import Application, CounsellingSession, Employer, JobFair, JobSeeker, Vacancy
from ventures import demo as ventures_demo

pytestmark = pytest.mark.django_db

COUNTED = (JobFair, Employer, Vacancy, JobSeeker, Application, CounsellingSession)


def _run() -> DemoContext:
    ctx = DemoContext(stdout=StringIO())
    accounts_demo.load(ctx)
    ventures_demo.load(ctx)
    demo.load(ctx)
    return ctx


def test_demo_loads_fair_and_is_idempotent():
    ctx = _run()
    counts = {model: model.objects.count() for model in COUNTED}
    fair = JobFair.objects.get(slug=demo.FAIR_SLUG)
    stats = selectors.fair_statistics([fair.pk])[fair.pk]
    assert (stats.employers, stats.seekers, stats.checked_in, stats.hires) == (4, 12, 9, 2)
    linked = Employer.objects.get(fair=fair, name=demo.LINKED_VENTURE)
    assert linked.venture is not None
    assert selectors.schools_without_counselling(user=ctx.user("tinhdoan"), year=ctx.today.year)

    _run()
    assert {model: model.objects.count() for model in COUNTED} == counts
