"""What the loans pages share: the mixins and turning a service's refusal into form errors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.views.decorators.http import require_POST
from rules.contrib.views import PermissionRequiredMixin, permission_required

from accounts.rules import STAFF
from accounts.scoping import access_of


def is_staff(user) -> bool:
    return access_of(user).has_role(STAFF)


def add_service_error(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on its field when the form has one, else on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class BrowseMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Staff, unit officers and bank liaisons; others (a judge, a council member) get a 403."""

    permission_required = "loans.browse"


class ReferMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "loans.refer"


class StaffMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = "loans.manage"


def staff_post(view):
    """Function views: signed in, staff (403 otherwise), POST only."""
    return login_required(permission_required("loans.manage", raise_exception=True)(require_POST(view)))
