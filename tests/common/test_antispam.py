"""Public forms refuse a filled honeypot and count submissions per address."""

import pytest
from django import forms
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from django.views import View

from common.antispam import HoneypotFormMixin, PublicFormThrottleMixin, rate_limit_hit


class SeekerForm(HoneypotFormMixin, forms.Form):
    full_name = forms.CharField()


def test_form_with_an_empty_honeypot_is_valid():
    assert SeekerForm(data={"full_name": "Lò Văn Minh", "website": ""}).is_valid()


def test_form_with_a_filled_honeypot_is_refused_in_vietnamese():
    form = SeekerForm(data={"full_name": "Lò Văn Minh", "website": "http://spam.example"})
    assert not form.is_valid()
    assert "Biểu mẫu không hợp lệ" in form.errors["website"][0]


def test_the_honeypot_is_hidden_from_people_and_keyboards():
    html = str(SeekerForm()["website"])
    assert 'tabindex="-1"' in html
    assert "portal-honeypot" in html


def _request(address):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_rate_limit_counts_per_address_and_scope():
    cache.delete_many(["antispam:test-scope:10.0.0.1", "antispam:test-scope:10.0.0.2"])
    hits = [rate_limit_hit(_request("10.0.0.1"), "test-scope", limit=3, window=60) for _ in range(5)]
    assert hits == [False, False, False, True, True]
    assert rate_limit_hit(_request("10.0.0.2"), "test-scope", limit=3, window=60) is False


class ThrottledView(PublicFormThrottleMixin, View):
    throttle_scope = "test-view"

    def post(self, request, *args, **kwargs):
        return HttpResponse("saved")


@pytest.mark.django_db
def test_throttled_view_answers_429_in_vietnamese_beyond_the_limit(settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 2
    cache.delete("antispam:test-view:10.0.0.9")
    view = ThrottledView.as_view()
    statuses = [view(_request("10.0.0.9")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = view(_request("10.0.0.9"))
    assert "quá nhiều lần" in response.content.decode()
