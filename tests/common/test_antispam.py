"""Public forms refuse a filled honeypot and count submissions per visitor address.

Behind the load balancer every request comes from the balancer's own address; the
visitor is found in X-Forwarded-For through `TRUSTED_PROXY_COUNT`, and a header the
visitor wrote themselves neither changes nor resets their count.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django import forms
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.views import View

from common.antispam import (
    HoneypotFormMixin,
    PublicFormThrottleMixin,
    client_address,
    rate_limit_hit,
    rate_limit_key,
)
from events.models import Registration
from jobs.models import Employer, JobSeeker
from tests.events.factories import EventFactory
from tests.jobs.factories import JobFairFactory

# A fixed moment: django-ratelimit counts in fixed windows of the clock, and a test
# must not straddle the end of one.
NOW = datetime.datetime(2026, 9, 14, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
BALANCER = "10.0.0.2"
VISITOR_A = "203.0.113.7"
VISITOR_B = "198.51.100.23"


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


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


def _request(address, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().post("/", REMOTE_ADDR=address, **extra)


# --- who the visitor is ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # No proxy trusted (the default): the header is the visitor's own words.
        (0, VISITOR_A, None, VISITOR_A),
        (0, VISITOR_A, VISITOR_B, VISITOR_A),
        # One load balancer: it appends the address it was reached from.
        (1, BALANCER, VISITOR_A, VISITOR_A),
        (1, BALANCER, f"{VISITOR_B}, {VISITOR_A}", VISITOR_A),
        (1, BALANCER, f"1.1.1.1, junk, {VISITOR_B},{VISITOR_A}", VISITOR_A),
        # An unclosed quote in a forged part does not swallow the balancer's entry.
        (1, BALANCER, f'{VISITOR_B}, "x, {VISITOR_A}', VISITOR_A),
        # Balancers that write a port, and IPv6.
        (1, BALANCER, f"{VISITOR_A}:51234", VISITOR_A),
        (1, BALANCER, "[2001:db8::7]:443", "2001:db8::7"),
        (1, BALANCER, "2001:DB8:0::7", "2001:db8::7"),
        (1, BALANCER, f"::ffff:{VISITOR_A}", VISITOR_A),
        # No header (a health check from the balancer) or a broken entry: the socket's address.
        (1, BALANCER, None, BALANCER),
        (1, BALANCER, "unknown", BALANCER),
        # Two proxies (a CDN, then the balancer): the entry the outer proxy wrote.
        (2, BALANCER, f"{VISITOR_A}, 10.0.0.1", VISITOR_A),
        (2, BALANCER, f"{VISITOR_B}, {VISITOR_A}, 10.0.0.1", VISITOR_A),
        # Fewer entries than proxies: the request did not pass through them all.
        (2, BALANCER, VISITOR_B, BALANCER),
    ],
)
def test_client_address_trusts_only_the_entries_the_proxies_wrote(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies

    assert client_address(_request(remote, forwarded)) == expected


def test_client_address_is_none_without_a_valid_socket_address(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    request = _request("")

    assert client_address(request) is None
    assert rate_limit_key("antispam:x", request) == "unknown"


def test_an_ipv6_visitor_is_counted_by_its_64_network(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    hits = [rate_limit_hit(_request(f"2001:db8:1:2::{n}"), "v6", limit=3, window=60) for n in range(1, 6)]

    assert hits == [False, False, False, True, True]
    assert rate_limit_hit(_request("2001:db8:1:3::1"), "v6", limit=3, window=60) is False


def test_axes_and_the_rate_limit_read_the_same_address(settings):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXY_COUNT = 1
    request = _request(BALANCER, f"{VISITOR_B}, {VISITOR_A}")

    assert get_client_ip_address(request) == VISITOR_A == rate_limit_key("g", request)


# --- counting ---------------------------------------------------------------------------


def test_rate_limit_counts_per_address_and_scope():
    hits = [rate_limit_hit(_request("10.0.0.1"), "test-scope", limit=3, window=60) for _ in range(5)]

    assert hits == [False, False, False, True, True]
    assert rate_limit_hit(_request("10.0.0.2"), "test-scope", limit=3, window=60) is False
    assert rate_limit_hit(_request("10.0.0.1"), "other-scope", limit=3, window=60) is False


def test_rate_limit_opens_again_in_the_next_window():
    for _ in range(4):
        rate_limit_hit(_request("10.0.0.1"), "test-scope", limit=3, window=60)

    with time_machine.travel(NOW + datetime.timedelta(seconds=61), tick=False):
        assert rate_limit_hit(_request("10.0.0.1"), "test-scope", limit=3, window=60) is False


class ThrottledView(PublicFormThrottleMixin, View):
    throttle_scope = "test-view"

    def post(self, request, *args, **kwargs):
        return HttpResponse("saved")


@pytest.mark.django_db
def test_throttled_view_answers_429_in_vietnamese_beyond_the_limit(settings):
    settings.PUBLIC_FORM_RATE_LIMIT = 2
    view = ThrottledView.as_view()
    statuses = [view(_request("10.0.0.9")).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = view(_request("10.0.0.9"))
    assert "quá nhiều lần" in response.content.decode()


# --- the public forms behind the load balancer (the repro) ----------------------


def _seeker(n: int) -> dict:
    return {
        "full_name": "Lò Văn Thanh",
        "date_of_birth": "2003-06-15",
        "gender": "male",
        "phone": f"0987 111 {n:03d}",
        "education": "upper_secondary",
        "desired_positions": "công nhân may",
        "consent": "on",
    }


def _employer(n: int) -> dict:
    return {
        "name": f"Công ty TNHH Chè Shan Tuyết {n}",
        "tax_code": "0100109106",
        "sector": "agriculture",
        "address": "Bắc Yên, Sơn La",
        "contact_name": "Hà Thị Thu",
        "contact_phone": "0912 345 678",
    }


def _attendee(n: int) -> dict:
    return {
        "full_name": "Vũ Thị Hồng Nhung",
        "date_of_birth": "2003-04-30",
        "gender": "female",
        "ethnicity": "01",
        "phone": f"0912 345 {n:03d}",
        "email": "",
        "organisation": "Lớp K62 CNTT",
        "agree": "on",
        "website": "",
    }


PUBLIC_FORMS = {
    "job seeker": ("jobs:seeker-register", _seeker, JobSeeker),
    "employer": ("jobs:employer-register", _employer, Employer),
    "event registration": ("events:public-event", _attendee, Registration),
}


@pytest.fixture
def public_form(request, commune):
    """(url, valid data for the n-th person, model) of one public form, open for registration."""
    name, data, model = PUBLIC_FORMS[request.param]
    if name.startswith("jobs:"):
        url = reverse(name, args=[JobFairFactory(unit=commune, slug="ngay-hoi-to-hieu").slug])
    else:
        url = reverse(name, args=[EventFactory(unit=commune, capacity=100).pk])
    return url, data, model


def _post(client, url, data, *, remote=BALANCER, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client.post(url, data, REMOTE_ADDR=remote, **extra)


@pytest.mark.django_db
@pytest.mark.parametrize("public_form", list(PUBLIC_FORMS), indirect=True)
def test_junk_from_one_visitor_behind_the_balancer_does_not_close_the_form_for_another(client, settings, public_form):
    settings.TRUSTED_PROXY_COUNT = 1
    url, data, model = public_form
    junk = [_post(client, url, {"full_name": "x"}, forwarded=VISITOR_A).status_code for _ in range(30)]

    blocked = _post(client, url, data(1), forwarded=VISITOR_A)
    other = _post(client, url, data(2), forwarded=VISITOR_B)

    assert junk == [200] * 30  # refused as invalid, and counted
    assert blocked.status_code == 429
    assert "quá nhiều lần" in blocked.content.decode()
    assert other.status_code == 302
    assert model.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("public_form", ["job seeker"], indirect=True)
def test_a_forged_forwarded_header_does_not_reset_the_count(client, settings, public_form):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.PUBLIC_FORM_RATE_LIMIT = 3
    url, data, model = public_form
    for _ in range(3):
        _post(client, url, {"full_name": "x"}, forwarded=VISITOR_A)

    # The visitor writes a fresh address each time; the balancer appends the real one.
    forged = [_post(client, url, data(n), forwarded=f"192.0.2.{n}, {VISITOR_A}").status_code for n in range(1, 4)]

    assert forged == [429, 429, 429]
    assert not model.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("public_form", ["event registration"], indirect=True)
def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, settings, public_form):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.PUBLIC_FORM_RATE_LIMIT = 3
    url, data, model = public_form
    statuses = [
        _post(client, url, {"full_name": "x"}, remote=VISITOR_A, forwarded=f"192.0.2.{n}").status_code
        for n in range(4)
    ]

    other = _post(client, url, data(1), remote=VISITOR_B, forwarded=VISITOR_A)

    assert statuses == [200, 200, 200, 429]
    assert other.status_code == 302
    assert model.objects.count() == 1


@pytest.mark.parametrize(("proxies", "ids"), [(-1, ["common.E001"]), (0, ["common.W001"]), (1, []), (2, [])])
def test_the_deploy_check_asks_for_the_proxies(settings, proxies, ids):
    from common.antispam import check_trusted_proxies

    settings.TRUSTED_PROXY_COUNT = proxies

    assert [message.id for message in check_trusted_proxies()] == ids
