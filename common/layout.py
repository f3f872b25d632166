"""The page frame (asset links, navigation bar, footer), rendered once and then reused.

Every page shows the frame, and a 50-row list must cost little more than its rows
(issue 3), so the frame's parts are rendered once and kept in this process's memory:
the asset links once, the footer once per language, the navigation bar once per user,
language and *stamp*.

Building the bar costs the user's roles, the unread-notification count and some
twenty URL reverses. Its stamp is a random token kept in the shared cache, which
`forget_navbar` replaces whenever something the bar shows changes: a membership
(roles and menus), the user's name or staff flag, a notification (the unread badge).
So a page asks the shared cache one key, and any process, web or Celery worker, that
changes those rows makes every process draw the bar again. A restart (a deploy)
empties the memory, so no bar outlives the code that drew it.

The forms in the frame (logout, language) need the request's CSRF token and the
language form the page's path, which must not be reused: the parts are rendered with
placeholders that each request replaces with its own values.
"""

from __future__ import annotations

import logging
import secrets
from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape

from accounts.scoping import access_of

from .registry import MENU_GROUPS, nav_items_for

logger = logging.getLogger(__name__)

NAVBAR_TEMPLATE = "_navbar.html"
FOOTER_TEMPLATE = "_footer.html"
ASSETS_TEMPLATE = "_assets.html"
STAMP_TIMEOUT = 24 * 60 * 60
# Bars kept per process, about 5 KB each; past this the memory starts again empty.
MAX_BARS = 1000
_CSRF_PLACEHOLDER = "portalcsrfplaceholder"
_NEXT_PLACEHOLDER = "portalnextplaceholder"
_bars: dict[tuple, str] = {}


def portal_roles(user) -> set[str]:
    """The roles the menus are drawn for; a superuser sees the staff menus."""
    if user is None or not user.is_authenticated:
        return set()
    access = access_of(user)
    return set(access.roles | ({"staff"} if access.is_superuser else set()))


def navbar_html(request, csrf_token: str) -> str:
    """The bar for this request's user and language."""
    user = getattr(request, "user", None)
    language = _language()
    if user is not None and user.is_authenticated:
        stamp = _stamp(user.pk)
        if stamp is None:  # the shared cache is out: draw the bar afresh, keep nothing
            return _render_navbar(user).replace(_CSRF_PLACEHOLDER, csrf_token)
        key = (user.pk, stamp, language)
    else:
        key = (None, "", language)
    html = _bars.get(key)
    if html is None:
        html = _render_navbar(user)
        if len(_bars) >= MAX_BARS:
            _bars.clear()
        _bars[key] = html
    return html.replace(_CSRF_PLACEHOLDER, csrf_token)


def footer_html(request, csrf_token: str) -> str:
    """The footer with its language form."""
    html = _footer(_language())
    return html.replace(_CSRF_PLACEHOLDER, csrf_token).replace(_NEXT_PLACEHOLDER, escape(request.get_full_path()))


@memoize
def assets_html() -> str:
    """The stylesheet and script links."""
    return render_to_string(ASSETS_TEMPLATE)


def forget_navbar(user_id: int | None) -> None:
    """Make every process draw this user's bar again on their next page.

    The stamp changes now, for this request and the tests, and again after the
    transaction commits: a page drawn meanwhile by another request may have read the
    old rows and kept its bar under the first new stamp.
    """
    if user_id is None:
        return
    _restamp(user_id)
    transaction.on_commit(lambda: _restamp(user_id))


def _render_navbar(user) -> str:
    signed_in = user is not None and user.is_authenticated
    roles = portal_roles(user)
    items = nav_items_for(roles, signed_in=signed_in)
    context = {
        "user": user,
        "PORTAL_NAME": settings.PORTAL_NAME,
        "PORTAL_PROVINCE": settings.PORTAL_PROVINCE,
        "csrf_token": _CSRF_PLACEHOLDER,
        "portal_roles": roles,
        "portal_nav": [item for item in items if not item.group],
        "portal_nav_groups": [
            (label, icon, grouped)
            for key, (label, icon) in MENU_GROUPS.items()
            if (grouped := [item for item in items if item.group == key])
        ],
    }
    if signed_in:
        context["unread_notifications"] = user.notifications.filter(read_at__isnull=True).count()
    return render_to_string(NAVBAR_TEMPLATE, context)


@memoize
def _footer(language: str) -> str:
    with translation.override(language):
        return render_to_string(
            FOOTER_TEMPLATE,
            {
                "PORTAL_NAME": settings.PORTAL_NAME,
                "PORTAL_PROVINCE": settings.PORTAL_PROVINCE,
                "LANGUAGE_CODE": language,
                "csrf_token": _CSRF_PLACEHOLDER,
                "next_path": _NEXT_PLACEHOLDER,
            },
        )


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _stamp(user_id: int) -> str | None:
    """The user's current stamp, made when there is none; None when the cache is out."""
    try:
        stamp = cache.get(_stamp_key(user_id))
        if stamp is None:
            stamp = _new_stamp()
            cache.set(_stamp_key(user_id), stamp, STAMP_TIMEOUT)
    except Exception:  # the bar is an optimisation: an unreachable cache must not fail a page
        logger.warning("navigation bar: cache unreachable, drawing the bar afresh", exc_info=True)
        return None
    return stamp


def _restamp(user_id: int) -> None:
    try:
        cache.set(_stamp_key(user_id), _new_stamp(), STAMP_TIMEOUT)
    except Exception:  # nor fail the change that asked for a new bar
        logger.warning("navigation bar: cache unreachable, stamp of user %s not renewed", user_id, exc_info=True)


def _stamp_key(user_id: int) -> str:
    return f"layout:navbar-stamp:{user_id}"


def _new_stamp() -> str:
    return secrets.token_hex(8)


def connect_signals() -> None:
    """Forget a user's bar when a row it is drawn from is saved or deleted."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete, post_save

    from accounts.models import Membership

    from .models import Notification

    for model, user_id in (
        (get_user_model(), lambda row: row.pk),
        (Membership, lambda row: row.user_id),
        (Notification, lambda row: row.recipient_id),
    ):

        def receiver(sender, instance, user_id=user_id, **kwargs):
            forget_navbar(user_id(instance))

        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"navbar-{model._meta.label}-save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"navbar-{model._meta.label}-delete")
