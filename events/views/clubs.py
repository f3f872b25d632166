"""Startup clubs and spaces: units register theirs; the list shows the share of schools with a club."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import CreateView, TemplateView, UpdateView

from common.excel import xlsx_response
from common.forms import add_service_error

from .. import exports, selectors, services
from ..forms import ClubForm, SpaceForm
from ..models import StartupClub, StartupSpace
from .base import BrowseMixin

PAGE_SIZE = 50


def _clubs(user):
    return StartupClub.objects.visible_to(user).select_related("unit", "school")


def _spaces(user):
    return StartupSpace.objects.visible_to(user).select_related("unit", "school")


class ClubListView(BrowseMixin, TemplateView):
    template_name = "events/club_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        clubs = Paginator(_clubs(user), PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            clubs=clubs.object_list,
            page_obj=clubs,
            paginator=clubs.paginator,
            is_paginated=clubs.has_other_pages(),
            spaces=list(_spaces(user)[:PAGE_SIZE]),
            share=selectors.club_share(user=user),
        )
        return context


class _SaveMixin(BrowseMixin):
    template_name = "events/club_form.html"
    service = None
    kind_label = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kind_label"] = self.kind_label
        return context

    def form_valid(self, form):
        obj = form.save(commit=False)
        if not self.request.user.has_perm("events.manage_club", obj):
            raise PermissionDenied
        try:
            type(self).service(obj, actor=self.request.user)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã lưu “%(name)s”.") % {"name": obj.name})
        return redirect(reverse("events:club-list"))


def _save_club(obj, *, actor):
    return services.club_save(club=obj, actor=actor)


def _save_space(obj, *, actor):
    return services.space_save(space=obj, actor=actor)


class ClubCreateView(_SaveMixin, CreateView):
    model = StartupClub
    form_class = ClubForm
    service = _save_club
    kind_label = _("câu lạc bộ khởi nghiệp")


class ClubUpdateView(_SaveMixin, UpdateView):
    model = StartupClub
    form_class = ClubForm
    service = _save_club
    kind_label = _("câu lạc bộ khởi nghiệp")

    def get_object(self, queryset=None):
        return get_object_or_404(_clubs(self.request.user), pk=self.kwargs["pk"])


class SpaceCreateView(_SaveMixin, CreateView):
    model = StartupSpace
    form_class = SpaceForm
    service = _save_space
    kind_label = _("không gian khởi nghiệp")


class SpaceUpdateView(_SaveMixin, UpdateView):
    model = StartupSpace
    form_class = SpaceForm
    service = _save_space
    kind_label = _("không gian khởi nghiệp")

    def get_object(self, queryset=None):
        return get_object_or_404(_spaces(self.request.user), pk=self.kwargs["pk"])


@login_required
def club_export(request):
    if not request.user.has_perm("events.browse"):
        raise PermissionDenied
    content = exports.clubs_workbook(clubs=_clubs(request.user))
    return xlsx_response(content, filename=f"cau-lac-bo-khoi-nghiep-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def space_export(request):
    if not request.user.has_perm("events.browse"):
        raise PermissionDenied
    content = exports.spaces_workbook(spaces=_spaces(request.user))
    return xlsx_response(content, filename=f"khong-gian-khoi-nghiep-{timezone.localdate():%Y%m%d}.xlsx")
