"""Pages of periodic reporting: units' reports, staff review, deadlines and reminders."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from accounts.models import Unit, User
from accounts.scoping import access_of
from common.excel import xlsx_response
from common.registry import programme_label
from common.views import VoidRecordView

from ..models import ReminderOffset, ReportingPeriod, ReportingSchedule, UnitReport
from ..models.reminders import DEFAULT_OFFSETS, describe_offset
from . import exports, selectors, services
from .forms import ReviewForm, UnitReportForm
from .reminders import active_offsets

# How far the staff's deadline page looks ahead, and how far back the late page looks.
UPCOMING_DAYS = 30
LATE_DAYS = 180
# Periods of each schedule on the staff's list when no schedule is chosen.
PERIODS_PER_SCHEDULE = 3
# Deadlines listed per page (a national staff member sees every unit's).
DEADLINES_PER_PAGE = 50


def _error_dict(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in error.error_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


class ReportListView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """ "Báo cáo định kỳ": what the user's units owe, by due date, late ones marked."""

    permission_required = "reports.list_unitreports"
    template_name = "reports/periodic/report_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        schedule_id = self.request.GET.get("schedule")
        schedule_id = int(schedule_id) if schedule_id and schedule_id.isdigit() else None
        is_staff = access_of(self.request.user).has_role("staff")
        # Staff follow the units they reach period by period (counted in the database: a
        # province has hundreds of units, the Central Union thousands); the cards list only
        # what their own union must send. Officers see their units' reports one by one.
        today = timezone.localdate()
        rows = selectors.unit_rows(
            user=self.request.user, today=today, schedule_id=schedule_id, own_units_only=is_staff
        )
        by_schedule: dict[int, dict] = {}
        if is_staff:
            periods = selectors.recent_periods(user=self.request.user, today=today, schedule_id=schedule_id)
            for period in periods:
                group = by_schedule.setdefault(period.schedule_id, {"schedule": period.schedule, "periods": []})
                group["periods"].append(period)
            shown = []
            for group in by_schedule.values():
                # Without a chosen schedule, each shows its latest periods (the Central
                # Union's staff follow every province's schedule); the rest one click away.
                group["more"] = 0 if schedule_id else max(len(group["periods"]) - PERIODS_PER_SCHEDULE, 0)
                group["periods"] = group["periods"][group["more"] :]
                shown.extend(group["periods"])
            progress = {
                item.period.pk: item
                for item in selectors.period_progress(user=self.request.user, today=today, periods=shown)
            }
            for group in by_schedule.values():
                group["periods"] = [progress[period.pk] for period in group["periods"]]
        context.update(
            owed=[r for r in rows if not r.is_done],
            sent=[r for r in rows if r.is_done][:200],
            progress_groups=sorted(by_schedule.values(), key=lambda g: g["schedule"].name),
            schedules=ReportingSchedule.objects.visible_to(self.request.user).filter(is_active=True).order_by("name"),
            schedule_id=schedule_id,
            is_staff=is_staff,
        )
        return context


class PeriodUnitsView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """One period of a schedule: the units the user reaches that owe its report, paged,
    with who has sent it, who is late and who has not."""

    permission_required = "reports.list_unitreports"
    template_name = "reports/periodic/period_units.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        period = get_object_or_404(
            ReportingPeriod.objects.filter(schedule__in=ReportingSchedule.objects.visible_to(user)).select_related(
                "schedule__owner"
            ),
            pk=kwargs["pk"],
        )
        shown = self.request.GET.get("shown", "owed")
        shown = shown if shown in selectors.PERIOD_FILTERS else "owed"
        (progress,) = selectors.period_progress(user=user, periods=[period])
        page = Paginator(selectors.period_units(user=user, period=period, shown=shown), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        reports = selectors.reports_of(period=period, units=page.object_list)
        today = timezone.localdate()
        context.update(
            period=period,
            progress=progress,
            shown=shown,
            filters=[
                ("owed", _("Chưa gửi"), progress.owed),
                ("late", _("Trễ hạn"), None),
                ("sent", _("Đã gửi"), progress.sent),
                ("all", _("Tất cả"), progress.expected),
            ],
            rows=[
                selectors.OwedRow(period=period, unit=unit, report=reports.get(unit.pk), today=today)
                for unit in page.object_list
            ],
            page_obj=page,
            is_paginated=page.has_other_pages(),
            paginator=page.paginator,
            can_export=user.has_perm("reports.review_unitreport", period),
        )
        return context


def _fill_target(request, period_pk: int, unit_pk: int):
    period = get_object_or_404(
        ReportingPeriod.objects.filter(schedule__in=ReportingSchedule.objects.visible_to(request.user)).select_related(
            "schedule__owner"
        ),
        pk=period_pk,
    )
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=unit_pk)
    if not request.user.has_perm("reports.fill_unitreport", unit):
        raise PermissionDenied
    if not period.schedule.reports_from(unit):
        raise Http404
    return period, unit


class ReportFillView(LoginRequiredMixin, TemplateView):
    """The unit's form for one period: save a draft or submit."""

    template_name = "reports/periodic/report_fill.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.period, self.unit = _fill_target(request, kwargs["period_pk"], kwargs["unit_pk"])
        self.report = UnitReport.objects.filter(period=self.period, unit=self.unit).prefetch_related("values").first()
        self.fields = list(self.period.schedule.fields.all())
        return super().dispatch(request, *args, **kwargs)

    def _form(self, data=None):
        bases: dict[str, str] = {}
        self.prefilled = prefilled = selectors.prefill_for(
            period=self.period, unit=self.unit, fields=self.fields, bases=bases
        )
        initial = {}
        if self.report is not None:
            by_field = {v.field_id: v for v in self.report.values.all()}
            for field in self.fields:
                value = by_field.get(field.pk)
                if value is not None:
                    initial[field.code] = _plain(value.number) if field.is_numeric else value.text
            initial["notes"] = self.report.notes
        for code, number in prefilled.items():
            initial.setdefault(code, _plain(number))
        disabled = self.report is not None and not self.report.is_editable
        return UnitReportForm(
            data, fields=self.fields, prefilled=prefilled, bases=bases, disabled=disabled, initial=initial
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self._form())
        today = timezone.localdate()
        context.update(
            period=self.period,
            schedule=self.period.schedule,
            unit=self.unit,
            report=self.report,
            editable=self.report is None or self.report.is_editable,
            is_late=today > self.period.due,
            not_started=self.period.start > today,
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST)
        action = request.POST.get("action", "draft")
        try:
            # The draft row and the answers together: a refused first submit leaves nothing.
            with transaction.atomic():
                report = services.report_open(period=self.period, unit=self.unit, actor=request.user)
                if action == "submit":
                    report = services.report_submit(
                        report=report,
                        raw=form.raw(),
                        notes=request.POST.get("notes", ""),
                        actor=request.user,
                        prefilled=self.prefilled,
                    )
                    if report.submitted_late:
                        messages.warning(
                            request,
                            _("Đã gửi báo cáo (trễ hạn %(due)s).") % {"due": self.period.due.strftime("%d/%m/%Y")},
                        )
                    else:
                        messages.success(request, _("Đã gửi báo cáo tới Tỉnh đoàn."))
                else:
                    services.report_save_draft(
                        report=report,
                        raw=form.raw(),
                        notes=request.POST.get("notes", ""),
                        actor=request.user,
                        prefilled=self.prefilled,
                    )
                    messages.success(request, _("Đã lưu bản nháp."))
        except ValidationError as error:
            form.is_valid()
            for code, errors in _error_dict(error).items():
                for text in errors:
                    form.add_error(code if code in form.fields else None, text)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return redirect("reports:periodic-fill", period_pk=self.period.pk, unit_pk=self.unit.pk)


def _plain(value) -> str:
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


class ReportDetailView(LoginRequiredMixin, TemplateView):
    """One report with its answers; staff accept it or return it with a comment."""

    template_name = "reports/periodic/report_detail.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.report = get_object_or_404(UnitReport.objects.visible_to(request.user).with_related(), pk=kwargs["pk"])
        if not request.user.has_perm("reports.view_unitreport_detail", self.report):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        values = {v.field_id: v for v in self.report.values.all()}
        fields = list(self.report.period.schedule.fields.all())
        context.update(
            report=self.report,
            lines=[(f, values.get(f.pk)) for f in fields],
            can_review=self.request.user.has_perm("reports.review_unitreport", self.report)
            and self.report.status == UnitReport.Status.SUBMITTED,
            can_void=self.request.user.has_perm("reports.review_unitreport", self.report)
            and self.report.status in UnitReport.SENT
            and self.report.voided_at is None,
            review_form=kwargs.get("review_form") or ReviewForm(),
            history=self.report.history.select_related("history_user").order_by("-history_date")[:20],
        )
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("reports.review_unitreport", self.report):
            raise PermissionDenied
        form = ReviewForm(request.POST)
        form.is_valid()
        comment = form.cleaned_data.get("comment", "")
        try:
            if request.POST.get("action") == "accept":
                services.report_accept(report=self.report, actor=request.user, comment=comment)
                messages.success(request, _("Đã tiếp nhận báo cáo của %(unit)s.") % {"unit": self.report.unit})
            else:
                services.report_return(report=self.report, actor=request.user, comment=comment)
                messages.success(request, _("Đã trả lại báo cáo cho %(unit)s.") % {"unit": self.report.unit})
        except ValidationError as error:
            for code, errors in _error_dict(error).items():
                for text in errors:
                    form.add_error("comment" if code == "comment" else None, text)
            return self.render_to_response(self.get_context_data(review_form=form), status=400)
        nxt = selectors.review_queue(user=request.user).exclude(pk=self.report.pk).values_list("pk", flat=True).first()
        if nxt and request.POST.get("next") == "1":
            return redirect("reports:periodic-report", pk=nxt)
        return redirect("reports:periodic-review")


class ReportVoidView(VoidRecordView):
    """Staff void a sent report with a reason: an accepted report is never deleted."""

    title = gettext_lazy("Hủy báo cáo")
    explanation = gettext_lazy(
        "Báo cáo đã gửi hoặc đã tiếp nhận không xoá được. Báo cáo được giữ lại cùng số liệu và lịch sử; "
        "số liệu thôi tính vào chỉ tiêu từ hôm nay (các kỳ đã kết thúc trước hôm nay giữ nguyên)."
    )
    done_message = gettext_lazy("Đã hủy báo cáo; báo cáo và số liệu vẫn được giữ trong lịch sử.")

    def get_record(self):
        report = get_object_or_404(
            UnitReport.objects.visible_to(self.request.user).with_related(), pk=self.kwargs["pk"]
        )
        if not self.request.user.has_perm("reports.review_unitreport", report):
            raise PermissionDenied
        return report

    def void(self, record, reason: str) -> None:
        services.report_void(report=record, reason=reason, actor=self.request.user)


class ReviewQueueView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """Staff: reports waiting for review, oldest first."""

    permission_required = "reports.review_unitreport"
    template_name = "reports/periodic/review_queue.html"
    paginate_by = 50
    context_object_name = "reports"

    def get_queryset(self):
        queryset = selectors.review_queue(user=self.request.user)
        schedule = self.request.GET.get("schedule")
        if schedule and schedule.isdigit():
            queryset = queryset.filter(period__schedule_id=int(schedule))
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["schedules"] = ReportingSchedule.objects.run_by(self.request.user).order_by("name")
        context["schedule_id"] = self.request.GET.get("schedule", "")
        progress = selectors.period_progress(user=self.request.user, today=timezone.localdate(), run_only=True)
        context["progress"] = sorted(progress, key=lambda p: (-p.period.due.toordinal(), p.period.schedule.name))
        return context


class PeriodExportView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Staff: one period's reports of every unit, lines as columns, in Excel."""

    permission_required = "reports.review_unitreport"

    def get(self, request, pk: int):
        period = get_object_or_404(
            ReportingPeriod.objects.filter(
                schedule__in=ReportingSchedule.objects.visible_to(request.user)
            ).select_related("schedule__owner"),
            pk=pk,
        )
        if not request.user.has_perm("reports.review_unitreport", period):
            raise PermissionDenied
        content = exports.period_workbook(period)
        return xlsx_response(content, filename=f"bao-cao-{period.schedule_id}-{period.start:%Y%m}.xlsx")


def _deadline_rows(deadlines, today):
    """The rows of the page shown (`selectors.StaffDeadline`s), with their labels and days."""
    labels = {code: programme_label(code) for code in {d.programme for d in deadlines}}
    return [
        {
            "deadline": d,
            "programme": labels[d.programme],
            "unit": d.unit_name,
            "debtors": d.debtors,
            "details": list(d.details),
            "days": (d.due - today).days,
            "late_days": (today - d.due).days,
        }
        for d in deadlines
    ]


class DeadlineListView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Staff: "Hạn sắp tới" of every app, with how many still owe, and the reminder log."""

    permission_required = "reports.view_deadlines"
    template_name = "reports/periodic/deadlines.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        days = self.request.GET.get("days", "")
        days = min(int(days), 180) if days.isdigit() and int(days) > 0 else UPCOMING_DAYS
        deadlines, counted_at = selectors.staff_deadlines(
            self.request.user, start=today, end=today + datetime.timedelta(days=days)
        )
        programmes = sorted((code, programme_label(code)) for code in deadlines.programmes())
        log = selectors.reminder_log_visible_to(self.request.user).order_by("-created_at", "-pk")
        programme = self.request.GET.get("programme", "")
        if programme:
            deadlines = deadlines.of_programme(programme)
            log = log.filter(programme=programme)
        # Rows are built for the page shown only (labels, days).
        rows_page = Paginator(deadlines, DEADLINES_PER_PAGE).get_page(self.request.GET.get("rows"))
        page = Paginator(log, 50).get_page(self.request.GET.get("page"))
        user_ids = {row.user_id for row in page.object_list}
        users = User.objects.in_bulk(user_ids)
        for row in page.object_list:
            row.recipient = users.get(row.user_id)
        configured = list(ReminderOffset.objects.order_by("days"))
        context.update(
            counted_at=counted_at,
            rows=_deadline_rows(rows_page.object_list, today),
            rows_page=rows_page,
            days=days,
            programme=programme,
            programmes=programmes,
            page_obj=page,
            is_paginated=page.has_other_pages(),
            paginator=page.paginator,
            log=page.object_list,
            offsets=[describe_offset(o) for o in active_offsets()],
            offsets_default=not configured,
            default_offsets=DEFAULT_OFFSETS,
        )
        return context


def _late_deadlines(today, user) -> tuple[list, datetime.datetime]:
    late, counted_at = selectors.staff_deadlines(
        user, start=today - datetime.timedelta(days=LATE_DAYS), end=today - datetime.timedelta(days=1)
    )
    return late, counted_at  # by due day, programme and key


class LateListView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Staff: which units (and people) are late on what, across every app; Excel with ?format=xlsx."""

    permission_required = "reports.view_deadlines"
    template_name = "reports/periodic/late.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            today = timezone.localdate()
            late, _counted_at = _late_deadlines(today, request.user)
            content = exports.late_workbook(_deadline_rows(late, today), today)
            return xlsx_response(content, filename=f"don-vi-tre-han-{today:%Y%m%d}.xlsx")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        late, counted_at = _late_deadlines(today, self.request.user)
        rows_page = Paginator(late, DEADLINES_PER_PAGE).get_page(self.request.GET.get("rows"))
        by_unit = late.late_per_unit_name()
        sent_late = (
            UnitReport.objects.visible_to(self.request.user)
            .filter(submitted_late=True, status__in=UnitReport.SENT)
            .filter(period__due__gte=today - datetime.timedelta(days=LATE_DAYS))
            .with_related()
            .order_by("-submitted_at")[:100]
        )
        context.update(
            counted_at=counted_at,
            rows=_deadline_rows(rows_page.object_list, today),
            rows_page=rows_page,
            worst=sorted(by_unit.items(), key=lambda kv: (-kv[1], kv[0]))[:10],
            sent_late=sent_late,
            late_days=LATE_DAYS,
        )
        return context
