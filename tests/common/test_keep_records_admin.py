"""Recorded work is never deleted by one click: provincial staff (not superusers) cannot
delete a record of work in the admin, from any ModelAdmin or inline, nor in bulk; the
list of such models is complete (every other model the admin shows is named below as
configuration, with why deleting it loses nothing)."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import Membership
from events.models import Event, Registration
from jobs.models import Application, Employer, JobFair, JobSeeker, Vacancy
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import user_with_role
from tests.jobs.factories import ApplicationFactory, EmployerFactory, JobFairFactory, JobSeekerFactory, VacancyFactory
from tests.utils import project_app_labels
from tests.ventures.factories import VentureFactory, VentureUpdateFactory
from ventures.models import Venture, VentureUpdate

pytestmark = pytest.mark.django_db


# Records of work: what people did, on a date, that figures and history rest on.
RECORDED_WORK = {
    "ventures.Entrepreneur",  # erased on request by anonymising, never deleted
    "ventures.ErasureRequest",  # the log of those erasures
    "ventures.Venture",
    "ventures.VentureUpdate",
    "ventures.VentureDocument",
    "programmes.ModelProgramme",
    "programmes.ProgrammeParticipant",
    "programmes.TrainingSession",
    "programmes.TrainingAttendance",
    "programmes.SupportRecord",
    "competitions.Contest",
    "competitions.RoundDecisionException",
    "competitions.Entry",
    "competitions.TeamMember",
    "competitions.EntryAttachment",
    "competitions.Score",
    "competitions.UnitExtension",
    "awards.AwardProgramme",
    "awards.Nomination",
    "awards.NominationEvidence",
    "awards.FieldVerification",
    "awards.VerificationPhoto",
    "awards.CouncilVote",
    "ocop.Cycle",
    "ocop.UnitExtension",
    "ocop.CandidateList",
    "ocop.CandidateCommune",
    "ocop.Product",
    "ocop.StageChange",
    "ocop.Rating",
    "ocop.ProductPhoto",
    "ocop.PromotionEvent",
    "ocop.Participation",
    "jobs.JobFair",
    "jobs.Employer",
    "jobs.Vacancy",
    "jobs.JobSeeker",
    "jobs.Application",
    "jobs.CounsellingSession",
    "loans.SavingsGroup",
    "loans.GroupGrade",
    "loans.Referral",
    "loans.ReferralStep",
    "loans.MobilisationEvent",
    "loans.PartnerAgreement",
    "events.Event",
    "events.Registration",
    "events.Booth",
    "events.StartupClub",
    "events.StartupSpace",
    "reports.ReportingSchedule",  # its periods and every unit report would go with it
    "reports.ReportingPeriod",
    "reports.UnitReport",
    "reports.ReportValue",
    "reports.ReminderLog",
    "reports.Plan",
    "reports.ConsolidatedReport",
}

# Deletable only while they carry no work: a round or judge without scorecards (the contest
# page's formset refuses the others; their own admin pages refuse deleting at all), a
# scorecard still pending (its admin refuses a submitted one). tests/competitions/test_admin.py
GUARDED = {"competitions.Round", "competitions.Judge", "competitions.Assignment"}

# Configuration: deleting one loses no record of work (a record that uses it protects it,
# or it only says how work is to be done).
CONFIGURATION = {
    "accounts.User": "accounts are deactivated; the accounts admin keeps its own rules",
    "accounts.Unit": "the union tree; every record protects its unit",
    "accounts.Membership": "who holds which role, granted and withdrawn by staff",
    "competitions.Category": "a contest's categories, set up before entries",
    "competitions.PrizeTier": "a contest's prize tiers, set up before prizes",
    "competitions.Criterion": "a round's criteria; scored criteria are kept by the round's formset",
    "competitions.Conflict": "a declared conflict of interest, corrected when wrong",
    "awards.AwardCategory": "a programme's categories",
    "loans.LoanProgramme": "a lender's programme; referrals protect it",
    "loans.BankBranch": "a bank branch; referrals protect it",
    "events.EventMaterial": "a handout or photo uploaded for an event, replaced when wrong",
    "reports.ReportField": "a schedule's lines; a figure protects its line",
    "reports.PlanActivity": "what a plan asks, corrected while it is entered",
    "reports.Target": "a plan's target, corrected while it is entered; figures are computed",
    "reports.ReminderOffset": "when reminders go out",
    "reports.ExportJob": "a background export, made again on demand",
}


def _admins():
    """Every ModelAdmin and inline of the project's apps, with its model's label."""
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in project_app_labels():
            continue
        yield model._meta.label, model_admin
        for inline_class in model_admin.inlines:
            yield inline_class.model._meta.label, inline_class(model, admin.site)


@pytest.fixture
def staff_request(staff_user):
    request = RequestFactory().get("/admin/")
    request.user = staff_user
    return request


def test_every_admin_model_is_either_recorded_work_or_configuration():
    shown = {label for label, _ in _admins()}
    assert shown - RECORDED_WORK - GUARDED - set(CONFIGURATION) == set()
    assert RECORDED_WORK & set(CONFIGURATION) == RECORDED_WORK & GUARDED == GUARDED & set(CONFIGURATION) == set()
    # The lists name only models the admin shows (no stale names).
    assert (RECORDED_WORK | GUARDED | set(CONFIGURATION)) - shown == set()
    assert all(apps.get_model(label) for label in RECORDED_WORK)


def test_staff_cannot_delete_recorded_work_anywhere_in_the_admin(staff_request):
    allowed = sorted(
        f"{label} ({type(model_admin).__name__})"
        for label, model_admin in _admins()
        if label in RECORDED_WORK and model_admin.has_delete_permission(staff_request)
    )
    assert allowed == []


def test_rounds_and_judges_are_not_deleted_from_their_own_pages(staff_request):
    """Their own pages have no scorecard check (the contest page's formset has): no delete there."""
    from competitions.models import Judge, Round

    assert not admin.site._registry[Round].has_delete_permission(staff_request)
    assert not admin.site._registry[Judge].has_delete_permission(staff_request)


def test_no_bulk_delete_action_on_recorded_work_for_staff(staff_request):
    offered = sorted(
        label
        for label, model_admin in _admins()
        if isinstance(model_admin, admin.ModelAdmin)
        and label in RECORDED_WORK
        and "delete_selected" in model_admin.get_actions(staff_request)
    )
    assert offered == []


def test_staff_may_still_delete_configuration(staff_request):
    """The mixin is not applied blindly: a wrong reminder offset or export is removed."""
    deletable = {label for label, model_admin in _admins() if model_admin.has_delete_permission(staff_request)}
    assert {"reports.ReminderOffset", "reports.ExportJob", "loans.LoanProgramme"} <= deletable


def test_a_superuser_still_may_delete_for_repairs(province):
    root = user_with_role(Membership.Role.STAFF, province, username="root", is_superuser=True)
    request = RequestFactory().get("/admin/")
    request.user = root
    assert admin.site._registry[JobFair].has_delete_permission(request)


# --- The repros of the issue, from the admin pages --------------------------------


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _assert_delete_refused(staff_client, obj, *survivors):
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])
    assert staff_client.get(url).status_code == 403
    assert staff_client.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    response = staff_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    )
    assert response.status_code in (200, 302)
    assert type(obj).objects.filter(pk=obj.pk).exists()
    for survivor in survivors:
        assert type(survivor).objects.filter(pk=survivor.pk).exists()


def test_event_with_check_ins_cannot_be_deleted(staff_client, commune):
    event = EventFactory(unit=commune)
    registration = RegistrationFactory(event=event)

    _assert_delete_refused(staff_client, event, registration)
    _assert_delete_refused(staff_client, registration)
    assert Event.objects.filter(pk=event.pk).exists()
    assert Registration.objects.filter(event=event).count() == 1


def test_job_fair_with_its_employers_and_seekers_cannot_be_deleted(staff_client, commune):
    fair = JobFairFactory(unit=commune)
    employer = EmployerFactory(fair=fair)
    vacancy = VacancyFactory(employer=employer)
    seeker = JobSeekerFactory(fair=fair)
    application = ApplicationFactory(seeker=seeker, vacancy=vacancy)

    _assert_delete_refused(staff_client, fair, employer, vacancy, seeker, application)
    for obj in (employer, seeker, application):
        _assert_delete_refused(staff_client, obj)
    assert JobFair.objects.count() == Employer.objects.count() == Vacancy.objects.count() == 1
    assert JobSeeker.objects.count() == Application.objects.count() == 1


def test_venture_with_its_progress_reports_cannot_be_deleted(staff_client, commune):
    venture = VentureFactory(unit=commune)
    update = VentureUpdateFactory(venture=venture)

    _assert_delete_refused(staff_client, venture, update)
    assert Venture.objects.filter(pk=venture.pk).exists()
    assert VentureUpdate.objects.filter(pk=update.pk).exists()
