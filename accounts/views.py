from math import ceil

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from common import services as common_services
from common.http import is_safe_redirect
from common.models import Notification
from common.registry import home_panels_for

from . import selectors, services
from .forms import LanguageForm
from .models import Unit
from .scoping import access_of


class HomeView(LoginRequiredMixin, TemplateView):
    """The landing page: one "Việc cần làm" list (what the user owes and their unread
    notifications, by due date), then a block per role the user holds."""

    template_name = "accounts/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        access = access_of(self.request.user)
        roles = set(access.roles) | ({"staff"} if access.is_superuser else set())
        panels = [panel.render(self.request) for panel in home_panels_for(roles)]
        context.update(
            access=access,
            memberships=self.request.user.memberships.select_related("unit").order_by("role", "unit__path"),
            todo=selectors.todo_for(user=self.request.user, roles=roles, today=timezone.localdate()),
            panels=[p for p in panels if p],
        )
        return context


class LanguageView(FormView):
    """The page "Ngôn ngữ", and where every page's language switch posts.

    A signed-in person's choice is saved on their account: their pages, the admin, their
    emails and documents follow it from any browser. A visitor's is kept in the language
    cookie (so is a signed-in person's, for the sign-in page after they sign out). The POST
    goes back to the page it came from (`next`, on this site only)."""

    form_class = LanguageForm
    template_name = "accounts/language_form.html"

    def get_initial(self):
        return {"language": translation.get_language()}

    def form_valid(self, form):
        language = form.cleaned_data["language"]
        user = self.request.user
        if user.is_authenticated:
            services.user_language_set(user=user, language=language, actor=user)
            with translation.override(language):
                messages.success(self.request, _("Đã lưu ngôn ngữ vào tài khoản của bạn."))
        target = self.request.POST.get("next", "")
        response = redirect(target if is_safe_redirect(self.request, target) else "accounts:language")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response


class UnitListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    permission_required = "accounts.view_unit_tree"
    template_name = "accounts/unit_list.html"
    context_object_name = "units"

    def get_queryset(self):
        return selectors.unit_tree_for(user=self.request.user, q=self.request.GET.get("q", "").strip()[:100])


PICK_RESULTS = 20


@login_required
def unit_pick(request):
    """Units the user may see whose name or code matches `q` (diacritics and case aside):
    the choices of a large unit select (`accounts.widgets.UnitPicker`), JSON."""
    units = selectors.units_matching(user=request.user, text=request.GET.get("q", ""))
    if request.GET.get("active"):
        units = units.active()
    rows = units.select_related("parent").order_by("path")[:PICK_RESULTS]
    return JsonResponse(
        {"results": [{"id": unit.pk, "text": str(unit), "parent": str(unit.parent or "")} for unit in rows]}
    )


class UnitDetailView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    permission_required = "accounts.view_unit_tree"
    template_name = "accounts/unit_detail.html"
    context_object_name = "unit"

    def get_queryset(self):
        return Unit.objects.visible_to(self.request.user).select_related("parent", "successor")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = self.object
        context.update(
            ancestors=Unit.objects.filter(pk__in=unit.ancestor_ids),
            children=unit.children.all(),
            predecessors=unit.predecessors.all(),
        )
        return context


class NotificationListView(LoginRequiredMixin, ListView):
    template_name = "accounts/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 30

    def get_queryset(self):
        return Notification.objects.visible_to(self.request.user)


@login_required
@require_POST
def notification_open(request, pk: int):
    """Mark a notification read and follow its link."""
    notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    common_services.notification_mark_read(notification=notification)
    target = notification.url
    if is_safe_redirect(request, target):
        return redirect(target)
    return redirect("accounts:notification-list")


@login_required
@require_POST
def notification_mark_all_read(request):
    count = common_services.notification_mark_all_read(recipient=request.user)
    messages.success(request, _("Đã đánh dấu %(count)d thông báo là đã đọc.") % {"count": count})
    return redirect("accounts:notification-list")


def locked_out(request, original_response=None, credentials=None) -> HttpResponse:
    """The page axes answers with once a (username, address) pair is locked (`AXES_LOCKOUT_CALLABLE`).

    It tells the real user the ways back in: wait out the cool-off, set a new password
    from an emailed link (which lifts the lock at once), sign in from another network,
    or ask the provincial office, whose staff can lift it in the admin.
    """
    cool_off = get_cool_off(request)
    context = {
        "username": get_client_username(request, credentials) or "",
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": ceil(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's view; a new password set from the emailed link also lifts the sign-in lock-outs."""

    def form_valid(self, form):
        response = super().form_valid(form)
        services.user_sign_in_unlock(user=form.user, actor=form.user)
        return response
