"""common.history: who a history row names, outside and inside a request."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation
from simple_history.models import HistoricalRecords

from accounts.models import User
from common.history import (
    PUBLIC_USERNAME,
    SYSTEM_USERNAME,
    acting_as,
    current_actor,
    history_user,
    public_actor,
    record_update,
    records_actor,
    records_public_actor,
    system_actor,
)
from tests.factories import UserFactory
from tests.utils import project_app_labels
from tests.ventures.factories import EntrepreneurFactory
from ventures.models import Entrepreneur

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_of():
    """Stand in for HistoryRequestMiddleware: the request simple-history reads the user from."""

    def install(user):
        request = RequestFactory().get("/")
        request.user = user
        HistoricalRecords.context.request = request
        return request

    yield install
    if hasattr(HistoricalRecords.context, "request"):
        del HistoricalRecords.context.request


def _last_user(entrepreneur: Entrepreneur):
    return entrepreneur.history.order_by("-history_id").first().history_user


def test_history_row_without_request_or_actor_names_nobody():
    person = EntrepreneurFactory()

    assert _last_user(person) is None


def test_history_row_names_the_actor_outside_any_request():
    actor = UserFactory()

    with acting_as(actor):
        person = EntrepreneurFactory()

    assert _last_user(person) == actor


def test_history_row_names_the_request_user_when_no_service_acts(request_of):
    visitor = UserFactory()
    request_of(visitor)

    person = EntrepreneurFactory()

    assert _last_user(person) == visitor


def test_service_actor_wins_over_the_request_user(request_of):
    request_of(UserFactory())
    actor = UserFactory()

    with acting_as(actor):
        person = EntrepreneurFactory()

    assert _last_user(person) == actor


def test_instance_history_user_wins_over_the_service_actor():
    actor, named = UserFactory(), UserFactory()
    person = EntrepreneurFactory.build(unit=EntrepreneurFactory().unit)
    person._history_user = named

    with acting_as(actor):
        person.save()

    assert _last_user(person) == named


def test_anonymous_request_user_is_not_named(request_of):
    request = request_of(AnonymousUser())

    assert history_user(instance=None, request=request) is None


def test_acting_as_nests_and_restores():
    outer, inner = UserFactory(), UserFactory()

    with acting_as(outer):
        with acting_as(inner):
            assert current_actor() == inner
        with acting_as(None):  # a helper called without an actor keeps the outer one
            assert current_actor() == outer
        assert current_actor() == outer
    assert current_actor() is None


def test_acting_as_restores_after_an_error():
    actor = UserFactory()

    with pytest.raises(RuntimeError), acting_as(actor):
        raise RuntimeError

    assert current_actor() is None


def test_records_actor_reads_the_actor_keyword():
    seen = []

    @records_actor
    def service(*, actor):
        seen.append(current_actor())

    actor = UserFactory()
    service(actor=actor)

    assert seen == [actor]
    assert current_actor() is None


@pytest.mark.parametrize("visitor", [None, AnonymousUser()])
def test_records_public_actor_names_the_public_account_for_a_visitor(visitor):
    seen = []

    @records_public_actor
    def service(*, actor=None):
        seen.append(current_actor())

    service(actor=visitor)
    service()

    assert [user.username for user in seen] == [PUBLIC_USERNAME, PUBLIC_USERNAME]


def test_records_public_actor_keeps_a_signed_in_actor():
    seen = []

    @records_public_actor
    def service(*, actor=None):
        seen.append(current_actor())

    staff = UserFactory()
    service(actor=staff)

    assert seen == [staff]


@pytest.mark.parametrize(("account", "username"), [(system_actor, SYSTEM_USERNAME), (public_actor, PUBLIC_USERNAME)])
def test_service_accounts_cannot_sign_in_and_are_made_once(account, username):
    first, again = account(), account()

    assert first == again
    assert User.objects.filter(username=username).count() == 1
    assert first.is_active is False
    assert first.has_usable_password() is False
    assert first.full_name


def test_record_update_writes_the_changed_row_a_claim_skipped():
    actor = UserFactory()
    person = EntrepreneurFactory()
    Entrepreneur.objects.filter(pk=person.pk).update(full_name="Lò Thị Mới")
    person.refresh_from_db()

    record_update(person, actor=actor)

    latest = person.history.order_by("-history_id").first()
    assert (latest.history_type, latest.full_name, latest.history_user) == ("~", "Lò Thị Mới", actor)


def test_service_account_name_is_stored_in_the_site_language_whatever_the_caller_uses():
    with translation.override("en"):
        account = system_actor()

    assert account.full_name == "Hệ thống (tác vụ tự động)"


def test_every_history_of_the_project_names_its_user_through_the_actor_hook():
    """A model given `HistoricalRecords()` without `get_user=history_user` would write the
    request's user, or nobody from a task, whatever actor its service had."""
    from django.apps import apps

    from accounts.models import User

    project = set(project_app_labels())
    tracked = [
        model
        for model in apps.get_models()
        if model._meta.app_label in project and getattr(model._meta, "simple_history_manager_attribute", None)
    ]
    assert len(tracked) > 10
    actor = User(username="nguoi-lam")
    with acting_as(actor):
        wrong = [
            model.__name__ for model in tracked if model.history.model.get_default_history_user(model()) is not actor
        ]
    assert wrong == []
