"""The navigation bar's content: the menus a user's roles open, and the unread badge.

`common` draws the page frame (templates `_navbar.html`, `_footer.html`, `_assets.html`,
see `common.layout`) without knowing roles; this module gives it, through the context
processor `accounts.context_processors.frame`, a `Frame` whose every part is computed
only when the cached bar has to be drawn again. A page whose bar is in the shared cache
reads nothing here but the user's stamp.
"""

from __future__ import annotations

from functools import cached_property

from django.utils.translation import gettext_lazy as _

from common.layout import FRAME_TIMEOUT, PUBLIC, Brand, frame_stamp, frame_version
from common.registry import MENU_GROUPS, YOUTH, NavItem, nav_items_for, register_nav_item

from .scoping import access_of

UNIT_ROLES = ("staff", "officer")

# The bar's menus that belong to no single programme: the registry and the unit tree,
# kept here as data (one place to edit when a URL moves to another
# app). Programme apps register their own links in their `AppConfig.ready()`.
MENU_ITEMS: tuple[NavItem, ...] = (
    NavItem(
        "youth.entrepreneurs",
        _("Thanh niên khởi nghiệp"),
        "ventures:entrepreneur-list",
        "bi-people",
        UNIT_ROLES,
        10,
        YOUTH,
    ),
    NavItem("youth.ventures", _("Mô hình kinh tế"), "ventures:venture-list", "bi-shop", UNIT_ROLES, 20, YOUTH),
    NavItem(
        "youth.units", _("Đơn vị"), "accounts:unit-list", "bi-diagram-3", UNIT_ROLES, 40, YOUTH, divider_before=True
    ),
)


def register_menu_items() -> None:
    for item in MENU_ITEMS:
        register_nav_item(item)


def portal_roles(user) -> set[str]:
    """The roles the menus are drawn for; a superuser sees the staff menus."""
    if user is None or not user.is_authenticated:
        return set()
    access = access_of(user)
    return set(access.roles | ({"staff"} if access.is_superuser else set()))


class Frame:
    """What the navigation bar shows to one request's user, each part computed on first use."""

    timeout = FRAME_TIMEOUT  # seconds the shared cache keeps a drawn bar

    def __init__(self, user):
        self.user = user
        self.signed_in = user is not None and user.is_authenticated

    @cached_property
    def _stamped(self) -> tuple[str, Brand] | None:
        return frame_stamp(self.user.pk if self.signed_in else PUBLIC, brand=self._draw_brand)

    def _draw_brand(self) -> Brand:
        from .branding import brand_for

        return brand_for(self.user if self.signed_in else None)

    @property
    def stamp(self) -> str | None:
        """The user's stamp, or the visitors'; None when the shared cache is out."""
        return self._stamped[0] if self._stamped else None

    @cached_property
    def brand(self) -> Brand:
        """The union the frame names (kept with the stamp; drawn afresh when the cache is out)."""
        return self._stamped[1] if self._stamped else self._draw_brand()

    @property
    def footer_key(self) -> str:
        """The footer's key: the same for every page naming the same union."""
        return f"{self.version}:{self.brand.key}"

    @property
    def version(self) -> str:
        return frame_version()

    @cached_property
    def key(self) -> str:
        """What the cached bar varies on besides the language: the frame's version, the
        user, their stamp, the union named and the columns of the user row the bar shows
        (a renamed user, even by a bulk update, gets a new bar without any stamp renewed)."""
        brand = self.brand.key
        if not self.signed_in:
            return f"{self.version}:public:{self.stamp}:{brand}"
        user = self.user
        flags = f"{user.is_staff:d}{user.is_superuser:d}"
        return f"{self.version}:{user.pk}:{self.stamp}:{brand}:{flags}:{user.get_full_name()}"

    @cached_property
    def roles(self) -> set[str]:
        return portal_roles(self.user)

    @cached_property
    def _items(self) -> list[NavItem]:
        return nav_items_for(self.roles, signed_in=self.signed_in)

    @property
    def nav(self) -> list[NavItem]:
        """The top-level links."""
        return [item for item in self._items if not item.group]

    @property
    def nav_groups(self) -> list[tuple]:
        """The drop-down menus that have links for this user: (label, icon, links)."""
        return [
            (label, icon, grouped)
            for key, (label, icon) in MENU_GROUPS.items()
            if (grouped := [item for item in self._items if item.group == key])
        ]

    @cached_property
    def unread_notifications(self) -> int:
        return self.user.notifications.filter(read_at__isnull=True).count() if self.signed_in else 0
