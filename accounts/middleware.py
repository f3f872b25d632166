"""The language of every request: the one the person chose, never the browser's guess."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from common.i18n import language_of, supported_language


def request_language(request: HttpRequest) -> str:
    """A signed-in person's language is the one on their account (`User.language`); a
    visitor's is the one they chose with the language switch (its cookie), else Vietnamese.

    `Accept-Language` is not followed: a Vietnamese staff member whose browser is set to
    English still gets Vietnamese pages and admin unless they chose English.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return language_of(user)
    return supported_language(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)) or settings.LANGUAGE_CODE


class UserLanguageMiddleware:
    """Activates `request_language` for the request; in place of Django's LocaleMiddleware,
    after AuthenticationMiddleware (it reads `request.user`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        # A visitor's page differs by the language cookie (a signed-in user's by the session's).
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
