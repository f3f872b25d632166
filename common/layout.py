"""The page frame's stamps: what keys a user's cached navigation bar in the shared cache.

The frame (asset links, navigation bar, footer) is plain templates, included by
`base.html` and compiled once per process by Django's cached template loader. The
asset links (seven `{% static %}` URLs cost more to draw than one cache read), the
navigation bar (for a signed-in user: roles, menus, the unread-notification badge) and
the footer are `{% cache %}` fragments in the shared cache (`CACHES["default"]`: Redis,
or the file cache of a machine without one), keyed on the user, their *stamp*, the
language, the frame's version (`frame_version`) and the union the frame names (`Brand`,
kept with the stamp: a Lai Châu user's frame is never a Sơn La one's); the CSRF token
and the language form's `next` path are rendered per request outside the fragments.

A stamp is a random token kept in the shared cache beside the fragments; `forget_frame`
replaces it whenever something the bar shows changes, so any process, web or Celery
worker, that changes those rows makes every process draw the bar again, whether the
change went through `save()` or a bulk `update()`. The callers are the services that
change notifications (`common.services`) and memberships (`accounts.services`), and
the signals `accounts` connects for single rows saved elsewhere (the admin, a shell).

`common` knows nothing of roles: the bar's content comes from `accounts.layout`.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import astuple, dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import transaction
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation

from .registry import all_nav_items

logger = logging.getLogger(__name__)

# How long a stamp, and so a drawn bar, is kept: a day of a user's pages from one drawing.
FRAME_TIMEOUT = 24 * 60 * 60
FRAME_TEMPLATES = (
    "_assets.html",
    "_navbar.html",
    "_navbar_menus.html",
    "_navbar_brand.html",
    "_footer.html",
    "_footer_frame.html",
)
PUBLIC = None  # the "user" of a visitor's bar: one stamp for every visitor


@functools.cache
def frame_version() -> str:
    """What a deploy may change in a drawn frame, as a short hash in every fragment's key.

    The shared cache outlives a deploy (a restart emptied the old per-process memory):
    the frame's templates, the menus' links (their URLs reversed) and the translation
    catalogues make the key, so new code draws new fragments. Read once per process.
    """
    parts = [get_template(name).template.source for name in FRAME_TEMPLATES]
    with translation.override(settings.LANGUAGE_CODE):  # a lazy label's repr names its address
        parts += ["|".join(map(str, (*astuple(item), reverse(item.url_name)))) for item in all_nav_items()]
    parts += [
        f"{path}:{path.stat().st_size}:{path.stat().st_mtime_ns}"
        for folder in settings.LOCALE_PATHS
        for path in sorted(Path(folder).glob("*/LC_MESSAGES/*.mo"))
    ]
    # Hashed static file names (ManifestStaticFilesStorage in production) change with the files.
    parts.append(getattr(staticfiles_storage, "manifest_hash", ""))
    parts.append(settings.PORTAL_NAME)  # the union named comes from the stamp (`Brand`)
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=6).hexdigest()


@dataclass(frozen=True)
class Brand:
    """The union a page frame names beside the product's name (`accounts.branding`), kept
    with the stamp so a cached page reads no row for it; its id is in every fragment's key."""

    union_id: int | None
    name: str

    @property
    def key(self) -> str:
        """The part of a fragment's key that names the union (the name too: a renamed unit)."""
        return f"u{self.union_id or 0}:{self.name}"


def frame_stamp(user_id: int | None, *, brand: Callable[[], Brand]) -> tuple[str, Brand] | None:
    """The user's current stamp (PUBLIC: the visitors') and the union their frame names,
    made (calling `brand`) when there is none; None when the cache is out (the page then
    draws its frame afresh and keeps nothing)."""
    try:
        stamped = cache.get(_stamp_key(user_id))
        if not isinstance(stamped, tuple):  # none yet, or one kept by the code before brands
            stamped = (secrets.token_hex(8), brand())
            cache.set(_stamp_key(user_id), stamped, FRAME_TIMEOUT)
    except Exception:  # the cache is an optimisation: an unreachable one must not fail a page
        logger.warning("page frame: cache unreachable, drawing the bar afresh", exc_info=True)
        return None
    return stamped


def forget_frame(*user_ids: int | None, public: bool = False) -> None:
    """Make every process draw these users' bars again on their next page (and the
    visitors' bar with `public`, when the union it names may have changed).

    The stamps change now, for this request and the tests, and again after the
    transaction commits: a page drawn meanwhile by another request may have read the
    old rows and kept its bar under the first new stamp.
    """
    keys = [_stamp_key(user_id) for user_id in user_ids if user_id is not None]
    if public:
        keys.append(_stamp_key(PUBLIC))
    if not keys:
        return
    _restamp(keys)
    transaction.on_commit(lambda: _restamp(keys))


def _restamp(keys: list[str]) -> None:
    try:
        cache.delete_many(keys)  # the next page makes a new stamp
    except Exception:  # nor fail the change that asked for a new bar
        logger.warning("page frame: cache unreachable, stamps %s not renewed", keys, exc_info=True)


def _stamp_key(user_id: int | None) -> str:
    return f"layout:navbar-stamp:{'public' if user_id is PUBLIC else user_id}"
