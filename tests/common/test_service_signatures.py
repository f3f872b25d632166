"""Every service that changes data says who acts: a keyword-only `actor` typed as User.

The test reads every services module of the project (each app's `services.py` or
`services/` package, and the report services of `reports`) and checks each public
function, and the Excel imports' entry points. The exceptions are listed by name,
each with its reason, and the list may not name a function that no longer exists.
"""

import importlib
import inspect
import pkgutil
import typing

import pytest
from django.apps import apps
from django.conf import settings

from accounts.models import User

EXTRA_MODULES = ["reports.periodic.services", "reports.planning.services"]

# Public entry points a visitor with no account reaches (a public form, a ticket or an
# employer's private link): `actor: User | None`, and `None` acts as the public account.
PUBLIC_ENTRY_POINTS = {
    "events.services.registrations.registration_create": "public event registration form",
    "events.services.registrations.registration_cancel": "cancellation from the ticket link",
    "events.services.registrations.waiting_list_fill": "runs inside a cancellation from the ticket link",
    "events.services.registrations.feedback_submit": "feedback from the ticket link",
    "events.services.registrations.certificates_issue": "a participant prints their certificate from the ticket link",
    "jobs.services.seekers.seeker_register": "public job-seeker form",
    "jobs.services.seekers.application_create": "a seeker applies from the ticket page",
    "jobs.services.seekers.application_record_outcome": "the employer records outcomes from a private link",
    "jobs.services.employers.employer_register": "public employer form",
    "jobs.services.employers.vacancy_save": "the employer posts vacancies from a private link",
    "competitions.services.apply.applicant_sign_up": "a young person signs up from the public contest page",
    "competitions.services.apply.applicant_verify": "they enter the code emailed to them, not yet signed in",
    "competitions.services.apply.applicant_resend_code": "they ask for a new code, not yet signed in",
}

# Functions of services modules that take no actor, and why.
EXCEPTIONS = {
    # Notifications are the recipient's own outbox (no history); the service that
    # notifies has already recorded its actor.
    "common.services.notification_create": "outbox row of the acting service",
    "common.services.notifications_create": "outbox rows of the acting service (the reminder run)",
    "common.services.notification_ids_awaiting_email": "read",
    "common.services.notification_mark_read": "the recipient marks their own panel",
    "common.services.notification_mark_all_read": "the recipient marks their own panel",
    "common.services.notification_send_email": "sends an email and stamps the outbox row",
    # Roles are granted in the admin, which acts as the staff member (PortalAdminSite)
    # and keeps Django's admin log; these two are also the demo's and tests' set-up.
    "accounts.services.membership_grant": "roles are granted in the admin (admin log names who)",
    "accounts.services.user_sync_admin_access": "derives is_staff from the memberships",
    # Pure helpers: they read or compute, and write nothing.
    "awards.services.council.approved_nomination_ids": "computes the approval rule",
    "competitions.services.contests.submission_deadline": "read",
    "competitions.services.entries.attachment_add_closes_at": "read",
    "competitions.services.judging.conflicted": "pure predicate",
    "competitions.services.judging.balanced_pairs": "computes the pairs, writes nothing",
    "competitions.services.results.round_results_from_ranking": "computes unsaved results",
    "competitions.services.results.missing_scorecards_error": "builds the refusal, writes nothing",
    "events.services.mail.ticket_link": "builds a URL",
    "events.services.mail.email_registrant": "sends an email, writes nothing",
    "events.services.registrations.attendance_template": "builds the sign-in sheet",
    "events.services.registrations.find_entrepreneur": "read",
    "jobs.services.employers.employer_send_link": "sends an email, writes nothing",
    "loans.services.referrals.branch_for_unit": "read",
    "loans.services.referrals.branches_serving": "read",
    "loans.services.referrals.check_branch_serves": "validation",
    "loans.services.referrals.may_record": "permission predicate over (actor, referral, side)",
    "ocop.services.lists.communes_for": "read",
    "ocop.services.lists.list_deadline": "read",
    "ocop.services.lists.list_is_open": "read",
    "ocop.services.lists.require_list_open": "validation",
    "ocop.services.pipeline.allowed_moves": "read",
    "ocop.services.pipeline.rating_preview": "computes the star band",
    "reports.periodic.services.clean_values": "parses typed answers",
    "reports.planning.services.previous_month": "date arithmetic",
    "reports.planning.services.store_atomically": "file helper of the report and export services",
    "programmes.services.registration_refusal": "read",
}


def services_modules() -> list[str]:
    names = []
    for config in apps.get_app_configs():
        if not config.path.startswith(str(settings.BASE_DIR)):
            continue  # Django's and third-party apps
        try:
            package = importlib.import_module(f"{config.name}.services")
        except ModuleNotFoundError:
            continue
        names.append(package.__name__)
        for info in pkgutil.iter_modules(getattr(package, "__path__", [])):
            names.append(f"{package.__name__}.{info.name}")
    return sorted(set(names) | set(EXTRA_MODULES))


def service_functions() -> list[tuple[str, typing.Callable]]:
    found = []
    for module_name in services_modules():
        module = importlib.import_module(module_name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module_name and not name.startswith("_"):
                found.append((f"{module_name}.{name}", function))
    return found


def test_every_app_has_its_services_read():
    modules = services_modules()

    for app in [
        "accounts",
        "awards",
        "common",
        "competitions",
        "events",
        "jobs",
        "loans",
        "ocop",
        "programmes",
        "ventures",
    ]:
        assert any(m == f"{app}.services" or m.startswith(f"{app}.services.") for m in modules), app
    assert {"reports.periodic.services", "reports.planning.services"} <= set(modules)
    assert len(service_functions()) > 100


@pytest.mark.parametrize(
    ("name", "function"),
    [(name, function) for name, function in service_functions() if name not in EXCEPTIONS],
    ids=lambda value: str(value).split(" ")[0],
)
def test_service_takes_a_keyword_only_actor_typed_as_user(name, function):
    parameter = inspect.signature(function).parameters.get("actor")
    assert parameter is not None, f"{name} has no actor"
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, f"{name}: actor must be keyword-only"
    annotation = typing.get_type_hints(function)["actor"]
    if name in PUBLIC_ENTRY_POINTS:
        assert annotation == User | None, f"{name}: actor must be typed User | None"
        assert getattr(function, "public_entry_point", False), f"{name}: use @records_public_actor"
    else:
        assert annotation is User, f"{name}: actor must be typed User"
        assert parameter.default is inspect.Parameter.empty, f"{name}: actor must be required"
    assert getattr(function, "records_actor", False), f"{name}: decorate with @records_actor"


# The Excel imports write through the services, as the importing user.
IMPORT_MODULES = ["ventures.imports", "programmes.imports", "ocop.imports", "loans.imports"]


def import_entry_points() -> list[tuple[str, typing.Callable]]:
    found = []
    for module_name in IMPORT_MODULES:
        module = importlib.import_module(module_name)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module_name and name.startswith("import_"):
                found.append((f"{module_name}.{name}", function))
    return found


@pytest.mark.parametrize(("name", "function"), import_entry_points(), ids=lambda value: str(value).split(" ")[0])
def test_import_takes_a_keyword_only_actor_typed_as_user(name, function):
    parameter = inspect.signature(function).parameters["actor"]

    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
    assert typing.get_type_hints(function)["actor"] is User
    assert getattr(function, "records_actor", False), f"{name}: decorate with @records_actor"


def test_every_import_module_has_its_entry_point():
    assert len(import_entry_points()) == len(IMPORT_MODULES)


def test_the_exception_lists_name_existing_functions():
    names = {name for name, _function in service_functions()}

    assert set(EXCEPTIONS) <= names, set(EXCEPTIONS) - names
    assert set(PUBLIC_ENTRY_POINTS) <= names, set(PUBLIC_ENTRY_POINTS) - names
