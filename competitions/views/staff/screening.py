"""Screening the submitted entries, giving a unit extra submission time, closing the window early."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from django_htmx.http import HttpResponseClientRefresh

from accounts.models import Unit
from common.forms import VoidReasonForm, add_service_error
from common.http import redirect_next

from ... import selectors, services
from ...forms.staff import ExtensionForm, ScreenForm
from ...models import Contest, Entry, UnitExtension
from .base import (
    SCREENING_PAGE_SIZE,
    StaffMixin,
    contest_or_404,
    contest_rounds,
    error_text,
    managed_or_404,
    staff_only,
)


class ScreeningListView(StaffMixin, TemplateView):
    """Submitted entries to screen, with the team's ages and the files sent."""

    template_name = "competitions/screening_list.html"
    TABS = {"submitted": Entry.Status.SUBMITTED, "rejected": Entry.Status.REJECTED}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contest = contest_or_404(self.kwargs["contest_pk"], user=self.request.user)
        tab = self.request.GET.get("status", "submitted")
        if tab not in self.TABS:
            tab = "submitted"
        q = self.request.GET.get("q", "").strip()[:100]
        rows = selectors.screening_rows(contest=contest, user=self.request.user, status=self.TABS[tab], q=q)
        page = Paginator(rows, SCREENING_PAGE_SIZE).get_page(self.request.GET.get("page"))
        teams = selectors.team_ages(contest=contest, entry_ids=[r["pk"] for r in page.object_list])
        for row in page.object_list:
            team = teams.get(row["pk"], [])
            row["team"] = team
            row["team_problem"] = len(team) > contest.max_team_size or any(not m.in_range for m in team)
        counts = (
            Entry.objects.visible_to(self.request.user)
            .filter(contest=contest)
            .aggregate(
                submitted=Count("pk", filter=Q(status=Entry.Status.SUBMITTED)),
                rejected=Count("pk", filter=Q(status=Entry.Status.REJECTED)),
                in_competition=Count("pk", filter=Q(status=Entry.Status.IN_COMPETITION)),
            )
        )
        context.update(
            contest=contest,
            tab=tab,
            q=q,
            counts=counts,
            rows=page.object_list,
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            rounds=contest_rounds(contest.pk),
        )
        return context


@staff_only
def entry_screen(request, pk: int):
    """Pass an entry into the first round, or reject it with a reason the unit sees."""
    entries = Entry.objects.visible_to(request.user).select_related("contest__owner", "unit")
    entry = managed_or_404(entries, user=request.user, pk=pk)
    form = ScreenForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        entry = services.entry_screen(
            entry=entry, eligible=form.eligible, reason=form.cleaned_data["reason"], actor=request.user
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        if request.htmx:
            # The whole list reloads and shows the message above it.
            return HttpResponseClientRefresh()
    else:
        if request.htmx:
            # Only this row changes, into the outcome; the list keeps its place.
            return render(request, "competitions/_screening_done_row.html", {"entry": entry})
        if form.eligible:
            messages.success(request, _("Bài %(entry)s đủ điều kiện dự thi.") % {"entry": entry})
        else:
            messages.warning(
                request, _("Bài %(entry)s không đủ điều kiện; đơn vị đã được thông báo.") % {"entry": entry}
            )
    return redirect_next(request, reverse("competitions:screening-list", kwargs={"contest_pk": entry.contest_id}))


# --- extensions -----------------------------------------------------------------------


class ExtensionCreateView(StaffMixin, FormView):
    """Let one unit submit after the deadline, with who granted it and why."""

    template_name = "competitions/extension_create.html"
    form_class = ExtensionForm

    @cached_property
    def contest(self) -> Contest:
        return contest_or_404(self.kwargs["contest_pk"], user=self.request.user)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["units"] = Unit.objects.visible_to(self.request.user).active().order_by("path")
        return kwargs

    def get_initial(self):
        closes = timezone.localtime(self.contest.submission_closes_at)
        return {"until": closes + datetime.timedelta(days=3)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            contest=self.contest,
            extensions=UnitExtension.objects.filter(contest=self.contest)
            .select_related("unit", "granted_by")
            .order_by("unit__path"),
            rounds=contest_rounds(self.contest.pk),
        )
        return context

    def form_valid(self, form):
        try:
            extension = services.extension_grant(
                contest=self.contest,
                unit=form.cleaned_data["unit"],
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
                actor=self.request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Đã gia hạn cho %(unit)s đến %(until)s.")
            % {"unit": extension.unit, "until": timezone.localtime(extension.until).strftime("%H:%M %d/%m/%Y")},
        )
        return redirect("competitions:extension-create", contest_pk=self.contest.pk)


class ContestCloseSubmissionView(StaffMixin, FormView):
    """Close the submission window now, with the reason (a confirmation page)."""

    template_name = "common/void_form.html"
    form_class = VoidReasonForm

    @property
    def contest(self) -> Contest:
        if not hasattr(self, "_contest"):
            self._contest = self.get_permission_object()
        return self._contest

    def get_context_data(self, **kwargs):
        contest = self.contest
        return super().get_context_data(
            title=_("Đóng nhận bài sớm"),
            record=contest,
            explanation=_(
                "Hạn nộp bài hiện là %(deadline)s. Đóng sớm: từ bây giờ mọi đơn vị (kể cả đơn vị được gia hạn) "
                "không nộp thêm bài được; bài đã nộp giữ nguyên. Lý do, người đóng và thời điểm được lưu lại."
            )
            % {"deadline": timezone.localtime(contest.submission_closes_at).strftime("%H:%M %d/%m/%Y")},
            **kwargs,
        )

    def form_valid(self, form):
        try:
            services.contest_close_submission_early(
                contest=self.contest, reason=form.cleaned_data["reason"], actor=self.request.user
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã đóng nhận bài; các đơn vị không nộp thêm bài được."))
        return redirect(self.contest)
