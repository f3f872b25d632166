"""What the loans pages share: the mixins and turning a service's refusal into form errors."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from rules.contrib.views import PermissionRequiredMixin

from accounts.rules import STAFF
from accounts.scoping import access_of
from common.views import post_with_permission


def is_staff(user) -> bool:
    return access_of(user).has_role(STAFF)


class BrowseMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Staff, unit officers and bank liaisons; others (a judge, a council member) get a 403."""

    permission_required = "loans.browse"


class ReferMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "loans.refer"


class StaffMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "loans.manage"


staff_post = post_with_permission("loans.manage")
