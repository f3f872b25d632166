"""The portal's admin site: every admin page acts as the signed-in staff member.

An admin form, inline, list edit, action, delete or history revert saves models
directly (or through a service). Wrapping every admin view in `acting_as(request.user)`
names the staff member in every history row those pages write, without relying on
the request middleware and without each `ModelAdmin` setting `_history_user` itself.
"""

from __future__ import annotations

import functools

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig

from .history import acting_as


class PortalAdminSite(admin.AdminSite):
    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @functools.wraps(inner)
        def acting_view(request, *args, **kwargs):
            user = request.user if request.user.is_authenticated else None
            with acting_as(user):
                return inner(request, *args, **kwargs)

        return acting_view


class PortalAdminConfig(AdminConfig):
    """Replaces "django.contrib.admin" in INSTALLED_APPS so `admin.site` is the portal's site."""

    default_site = "common.admin_site.PortalAdminSite"
