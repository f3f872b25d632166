"""The jobs permissions say what the lists show: whoever may run a fair (edit it, see its employers,
seekers and applications) is whoever finds the fair in their list, and likewise for the counselling
sessions held at a school. The pages fetch through `visible_to`; the rules must never grant more."""

import pytest

from jobs.models import CounsellingSession, JobFair
from tests.jobs.factories import ApplicationFactory, CounsellingSessionFactory, JobSeekerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "runs_it"),
    [("staff_user", True), ("officer", True), ("other_officer", False), ("judge", False), ("bank_liaison", False)],
)
def test_who_runs_a_fair_is_who_finds_it_in_their_list(request, who, runs_it, fair, employer, vacancy):
    user = request.getfixturevalue(who)
    seeker = JobSeekerFactory(fair=fair)
    application = ApplicationFactory(seeker=seeker, vacancy=vacancy)

    assert JobFair.objects.visible_to(user).filter(pk=fair.pk).exists() == runs_it
    for obj in (fair, employer, vacancy, seeker, application):
        assert user.has_perm("jobs.manage_fair", obj) == runs_it, obj


@pytest.mark.parametrize(
    ("who", "may_add"),
    [("staff_user", True), ("officer", True), ("other_officer", True), ("judge", False), ("bank_liaison", False)],
)
def test_staff_and_unit_officers_add_fairs_and_record_counselling_others_do_not(request, who, may_add):
    user = request.getfixturevalue(who)

    assert user.has_perm("jobs.add_fair") == may_add
    assert user.has_perm("jobs.record_counselling") == may_add
    assert user.has_perm("jobs.manage_fair") == may_add
    assert user.has_perm("jobs.view_counselling") == may_add


@pytest.mark.parametrize(
    ("who", "sees_it"),
    [("staff_user", True), ("officer", True), ("other_officer", False), ("judge", False), ("bank_liaison", False)],
)
def test_a_counselling_session_is_seen_by_the_units_above_its_school_only(request, who, sees_it, school):
    user = request.getfixturevalue(who)
    session = CounsellingSessionFactory(school=school)

    assert CounsellingSession.objects.visible_to(user).filter(pk=session.pk).exists() == sees_it
    assert user.has_perm("jobs.view_counselling", session) == sees_it


def test_only_provincial_staff_link_an_employer_to_a_venture(staff_user, officer):
    assert staff_user.has_perm("jobs.link_venture")
    assert not officer.has_perm("jobs.link_venture")
