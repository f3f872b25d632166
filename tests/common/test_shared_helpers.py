"""The helpers every app shares instead of keeping its own copy: a service's refusal on
a form, the POST-only permission decorator, a unit's effective deadline and the unit-reach guard."""

import datetime

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import RequestFactory

from accounts.rules import OFFICER, STAFF
from accounts.scoping import require_reach
from common.deadlines import effective_deadline
from common.forms import add_service_error
from common.views import post_with_permission
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


class TitleForm(forms.Form):
    title = forms.CharField()


def _valid_form() -> TitleForm:
    form = TitleForm({"title": "Trà shan tuyết"})
    assert form.is_valid()
    return form


def test_add_service_error_puts_a_field_error_on_its_field_and_an_unknown_one_on_top():
    form = _valid_form()

    add_service_error(form, ValidationError({"title": "Tên đã có.", "unit": "Đơn vị đã đủ chỉ tiêu."}))

    assert form.errors == {"title": ["Tên đã có."], "__all__": ["Đơn vị đã đủ chỉ tiêu."]}
    assert "title" not in form.cleaned_data


def test_add_service_error_puts_a_plain_refusal_on_top_with_its_parameters():
    form = _valid_form()

    add_service_error(form, ValidationError("Đã hết hạn nộp bài (%(day)s).", params={"day": "30/08/2026"}))

    assert form.errors == {"__all__": ["Đã hết hạn nộp bài (30/08/2026)."]}


def _view(request):
    return HttpResponse("done")


def _call(user, method: str = "post"):
    request = getattr(RequestFactory(), method)("/x/")
    request.user = user
    return post_with_permission("competitions.manage_contest")(_view)(request)


def test_post_with_permission_runs_the_view_for_a_holders_post(province):
    assert _call(user_with_role(STAFF, province)).status_code == 200


def test_post_with_permission_refuses_a_get_even_to_a_holder(province):
    assert _call(user_with_role(STAFF, province), "get").status_code == 405


@pytest.mark.parametrize("role", [OFFICER, None])
def test_post_with_permission_refuses_a_signed_in_user_without_the_permission(province, role):
    user = user_with_role(role, province) if role else UserFactory()

    with pytest.raises(PermissionDenied):
        _call(user)


def test_post_with_permission_sends_a_visitor_to_sign_in():
    response = _call(AnonymousUser())

    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


CLOSES = datetime.date(2026, 3, 30)


@pytest.mark.parametrize(
    ("extension", "expected"),
    [
        (None, CLOSES),
        (datetime.date(2026, 4, 5), datetime.date(2026, 4, 5)),
        (datetime.date(2026, 3, 20), CLOSES),
    ],
)
def test_effective_deadline_is_the_later_of_the_deadline_and_the_extension(extension, expected):
    assert effective_deadline(CLOSES, extension) == expected


def test_require_reach_lets_an_officer_act_for_their_unit_only(officer, commune, other_commune):
    require_reach(actor=officer, unit=commune)

    with pytest.raises(PermissionDenied) as refused:
        require_reach(actor=officer, unit=other_commune)

    assert str(refused.value) == "Bạn không quản lý đơn vị Đoàn xã Mường La."
