"""The language a person reads the portal in, wherever the portal speaks to them.

A person chooses their language on their account (`accounts.models.User.language`); the
request middleware (`accounts.middleware.UserLanguageMiddleware`) applies it to their pages
and the admin. Outside their own request — an email another person's action or a Celery
task sends them, a document a worker makes for them — the code names the person and renders
inside `in_language_of(person)`.

A text addressed to someone other than the person acting is built with `translated()`:
it is translated (and its `%(name)s` parameters filled) only when it is read, so
`common.services.notification_create` reads it in the recipient's language.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise, lazy


def supported_language(code: str | None) -> str | None:
    """`code` if the portal speaks it (a variant such as "en-us" gives "en"), else None."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def language_of(person: Any) -> str:
    """The language `person` chose, or the portal's (Vietnamese) for anyone without a choice:
    a visitor, a system account, an address that is not a user."""
    return supported_language(getattr(person, "language", None)) or settings.LANGUAGE_CODE


@contextlib.contextmanager
def in_language_of(person: Any) -> Iterator[str]:
    """Render what the block renders in `person`'s language (restored afterwards)."""
    language = language_of(person)
    if translation.get_language() == language:
        # Already in it: activating a language costs a catalogue lookup, and the daily
        # reminder run writes a quarter of a million notifications at national scale.
        yield language
        return
    with translation.override(language):
        yield language


def _fill(message: Any, params: dict[str, Any]) -> str:
    text = str(message)
    return text % params if params else text


_lazy_fill = lazy(_fill, str)


def translated(message: str | Promise, /, **params: Any) -> Promise:
    """`message` (a `gettext_lazy`/`ngettext_lazy` text) with its parameters, translated when read.

    `translated(gettext_lazy("%(round)s đã bắt đầu"), round=round.name)` is a lazy string:
    `str()` of it inside `in_language_of(person)` gives the person's language. Parameters that
    are lazy themselves (a status label) are read in the same language.
    """
    return _lazy_fill(message, params)
