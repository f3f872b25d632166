from django.test import RequestFactory

from common.http import is_safe_redirect, redirect_next


def _post(next_url):
    return RequestFactory().post("/", {"next": next_url}, HTTP_HOST="testserver")


def test_redirect_next_follows_a_path_on_this_site():
    assert redirect_next(_post("/jobs/fairs/3/"), "/fallback/").url == "/jobs/fairs/3/"


def test_redirect_next_refuses_another_site_and_schemes():
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)", ""):
        assert redirect_next(_post(target), "/fallback/").url == "/fallback/"
    assert not is_safe_redirect(_post("x"), "https://evil.example/")
