"""The job fair's audit trail: staff decisions name the staff member; what an employer
(private link) or a young person (public form, ticket page) does names the public
account, since they have no account; none of it relies on a request."""

import pytest

from common.history import PUBLIC_USERNAME, public_actor
from jobs import services
from jobs.models import Application, Employer
from tests.history import HistoryWatch, assert_all_by
from tests.jobs.test_services import _employer, _register

pytestmark = pytest.mark.django_db


def test_employer_registering_names_the_public_account_and_approval_the_staff_member(fair, staff_user):
    watch = HistoryWatch()
    employer = services.employer_register(fair=fair, employer=_employer())
    assert_all_by(watch, public_actor(), models={"jobs.Employer"})
    assert public_actor().username == PUBLIC_USERNAME

    watch = HistoryWatch()
    services.employer_decide(employer=employer, approve=True, actor=staff_user)
    assert_all_by(watch, staff_user, models={"jobs.Employer"})
    assert Employer.objects.get(pk=employer.pk).status == Employer.Status.APPROVED


def test_applications_name_whoever_acted(fair, vacancy, staff_user):
    seeker = _register(fair)

    watch = HistoryWatch()
    application = services.application_create(seeker=seeker, vacancy=vacancy, source=Application.Source.TICKET)
    services.application_record_outcome(application=application, status="interviewed")
    assert_all_by(watch, public_actor(), models={"jobs.Application"})

    watch = HistoryWatch()
    services.application_record_outcome(application=application, status="hired", actor=staff_user)
    assert_all_by(watch, staff_user, models={"jobs.Application"})
    assert application.history.order_by("-history_id").first().status == "hired"
