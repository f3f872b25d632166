"""Pages of the planning topic: dashboard, plans and their targets, drill-down by unit,
consolidated reports and export jobs. Thin: forms validate, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView
from rules.contrib.views import PermissionRequiredMixin

from common.uploads import private_file_response

from ..models import ConsolidatedReport, ExportJob, Plan, PlanActivity, Target
from . import services
from .exports import light_labels
from .forms import ActivityForm, ConsolidatedRequestForm, PlanForm, TargetForm
from .progress import AMBER, GREEN, NONE, RED, PlanProgress, dashboard_units
from .selectors import (
    chart_for_unit,
    consolidated_reports_visible_to,
    export_jobs_visible_to,
    plans_for_dashboard,
)

MANAGE = "reports.manage_plans"
VIEW = "reports.view_dashboard"
GENERATE = "reports.generate_reports"


def _light_context() -> dict:
    return {"light_labels": light_labels()}


class ReaderMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required = VIEW

    def get_permission_object(self):
        return None  # a global permission; which units a reader sees is PlanProgress's business


class StaffMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Pages that change a plan: any staff role to create one; its owner's staff for the rest
    (a plan the user may not see is a 404, one they see but do not run a 403)."""

    permission_required = MANAGE

    def get_permission_object(self):
        return None


def visible_plans(user):
    return Plan.objects.visible_to(user)


class DashboardView(ReaderMixin, TemplateView):
    """Plans with the progress of their targets (the officer's subtree for officers)."""

    template_name = "reports/planning/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        featured, others = plans_for_dashboard(user=user)
        memo: dict = {}
        units = dashboard_units(featured, user=user)  # one unit query for every plan
        progress = [PlanProgress(plan=plan, user=user, memo=memo, units=units) for plan in featured]
        context.update(
            featured=progress,
            plans=others,
            can_manage=user.has_perm(MANAGE),
            can_generate=user.has_perm(GENERATE),
            chart=status_chart([(f"{p.plan.number}: {t.target.label}", t) for p in progress for t in p.targets]),
            **_light_context(),
        )
        return context


def status_chart(rows: list[tuple[str, object]]) -> dict:
    """The chart "Số đơn vị theo mức độ đạt chỉ tiêu": one stacked bar per per-unit target,
    its segments the very counts of the badges beside the target (`TargetProgress.counts`).

    A province-wide target has no units to count (its row shows the province's figure,
    not badges), so it has no bar. `max` is the longest bar, so the axis ends at a whole
    number of units."""
    names = {GREEN: _("Đạt"), AMBER: _("Gần đạt, đúng tiến độ"), RED: _("Chưa đạt"), NONE: _("Chưa có số liệu")}
    per_unit = [(label, tp) for label, tp in rows if tp.target.scope == Target.Scope.UNIT]
    counts = [tp.counts for _label, tp in per_unit]
    return {
        "labels": [label for label, _tp in per_unit],
        "targets": [tp.target.pk for _label, tp in per_unit],
        "series": [
            {"key": light, "label": names[light], "data": [found[light] for found in counts]} for light in names
        ],
        "max": max((sum(found.values()) for found in counts), default=0),
    }


class PlanDetailView(ReaderMixin, DetailView):
    """A plan: its activities, and its targets × units with traffic lights."""

    template_name = "reports/planning/plan_detail.html"
    context_object_name = "plan"

    def get_queryset(self):
        return (
            visible_plans(self.request.user)
            .select_related("owner", "issuer", "created_by")
            .prefetch_related("targets", "activities__units")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        progress = PlanProgress(plan=self.object, user=self.request.user)
        provinces = progress.provinces
        if provinces:  # a national plan: one row per province, each drilling down to its units
            rows = [
                {"unit": p, "cells": [progress.rolled_up_cell(tp, p) for tp in progress.targets]} for p in provinces
            ]
        else:
            rows = [
                {"unit": u, "cells": [tp.cell_for(u.pk) for tp in progress.targets]} for u in progress.matrix_units
            ]
        context.update(
            progress=progress,
            rows=rows,
            can_manage=self.request.user.has_perm(MANAGE, self.object),
            chart=status_chart([(t.target.label, t) for t in progress.targets]),
            drill_root=progress.drill_root,
            by_province=bool(provinces),
            **_light_context(),
        )
        return context


class PlanUnitView(ReaderMixin, TemplateView):
    """Drill-down: a plan's targets at one unit and at the units right below it, with
    links to the records behind each number."""

    template_name = "reports/planning/plan_unit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = get_object_or_404(
            visible_plans(self.request.user).select_related("issuer").prefetch_related("targets"), pk=kwargs["pk"]
        )
        progress = PlanProgress(plan=plan, user=self.request.user)
        unit = progress.unit_by_id.get(kwargs["unit_pk"])
        if unit is None or not progress.sees(unit):
            raise Http404
        children = [c for c in progress.children_of(unit) if progress.sees(c)]
        lines = []
        for tp in progress.targets:
            lines.append(
                {
                    "progress": tp,
                    "here": progress.cell_at(tp, unit),
                    "children": [progress.cell_at(tp, c) for c in children],
                }
            )
        ancestors = [progress.unit_by_id[i] for i in unit.ancestor_ids if i in progress.unit_by_id]
        context.update(
            plan=plan,
            unit=unit,
            children=children,
            lines=lines,
            ancestors=[a for a in ancestors if progress.sees(a)],
            chart=chart_for_unit(lines),
            **_light_context(),
        )
        return context


class _PlanFormMixin(StaffMixin):
    model = Plan
    form_class = PlanForm
    template_name = "reports/planning/plan_form.html"

    def get_queryset(self):
        return visible_plans(self.request.user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            self.object = services.plan_save(
                plan=form.instance, owner=form.cleaned_data["owner"], actor=self.request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã lưu kế hoạch. Tiếp theo: thêm hoạt động và chỉ tiêu."))
        return redirect(self.object.get_absolute_url())


class PlanCreateView(_PlanFormMixin, CreateView):
    pass


class PlanUpdateView(_PlanFormMixin, UpdateView):
    def get_permission_object(self):
        return self.get_object()


class _PlanChildMixin(StaffMixin):
    """Create or edit a row that belongs to a plan (`plan_pk` in the URL when creating)."""

    def get_plan(self) -> Plan:
        if not hasattr(self, "_plan"):
            if "plan_pk" in self.kwargs:
                self._plan = get_object_or_404(visible_plans(self.request.user), pk=self.kwargs["plan_pk"])
            else:
                self._plan = self.get_object().plan
        return self._plan

    def get_permission_object(self):
        return self.get_plan()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "plan": self.get_plan()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.get_plan(), **kwargs)

    def get_initial(self):
        if self.kwargs.get("plan_pk"):
            return {"order": self.model.objects.filter(plan=self.get_plan()).count() + 1}
        return {}

    def save(self, form):
        """The row saved through its service; its kind sets `saved_message` and the plan page's `anchor`."""
        raise NotImplementedError

    def form_valid(self, form):
        try:
            row = self.save(form)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.saved_message)
        return redirect(row.plan.get_absolute_url() + self.anchor)


class _ActivityFormMixin(_PlanChildMixin):
    model = PlanActivity
    form_class = ActivityForm
    template_name = "reports/planning/activity_form.html"

    saved_message = gettext_lazy("Đã lưu hoạt động.")
    anchor = "#activities"

    def get_queryset(self):
        return PlanActivity.objects.filter(plan__in=visible_plans(self.request.user)).select_related("plan")

    def save(self, form) -> PlanActivity:
        return services.activity_save(
            activity=form.save(commit=False), units=form.cleaned_data["units"], actor=self.request.user
        )


class ActivityCreateView(_ActivityFormMixin, CreateView):
    pass


class ActivityUpdateView(_ActivityFormMixin, UpdateView):
    pass


class _TargetFormMixin(_PlanChildMixin):
    model = Target
    form_class = TargetForm
    template_name = "reports/planning/target_form.html"

    saved_message = gettext_lazy("Đã lưu chỉ tiêu.")
    anchor = "#targets"

    def get_queryset(self):
        return Target.objects.filter(plan__in=visible_plans(self.request.user)).select_related("plan")

    def save(self, form) -> Target:
        return services.target_save(target=form.save(commit=False), actor=self.request.user)


class TargetCreateView(_TargetFormMixin, CreateView):
    pass


class TargetUpdateView(_TargetFormMixin, UpdateView):
    pass


@login_required
@require_POST
def target_delete(request, pk: int):
    target = get_object_or_404(
        Target.objects.filter(plan__in=visible_plans(request.user)).select_related("plan"), pk=pk
    )
    if not request.user.has_perm(MANAGE, target.plan):
        raise PermissionDenied
    services.target_delete(target=target, actor=request.user)
    messages.success(request, _("Đã xoá chỉ tiêu."))
    return redirect(target.plan.get_absolute_url() + "#targets")


@login_required
@require_POST
def activity_delete(request, pk: int):
    activity = get_object_or_404(
        PlanActivity.objects.filter(plan__in=visible_plans(request.user)).select_related("plan"), pk=pk
    )
    if not request.user.has_perm(MANAGE, activity.plan):
        raise PermissionDenied
    services.activity_delete(activity=activity, actor=request.user)
    messages.success(request, _("Đã xoá hoạt động."))
    return redirect(activity.plan.get_absolute_url() + "#activities")


@login_required
def plan_document_download(request, pk: int):
    if not request.user.has_perm(VIEW):
        raise PermissionDenied
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    if not plan.document:
        raise Http404
    return private_file_response(plan.document)


@login_required
@require_POST
def plan_export(request, pk: int):
    """Queue the targets × units workbook of a plan (the user's units only)."""
    if not request.user.has_perm(VIEW):
        raise PermissionDenied
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    job = services.export_job_create(kind=ExportJob.Kind.TARGETS_UNITS, params={"plan": plan.pk}, actor=request.user)
    return redirect(job.get_absolute_url())


class ConsolidatedListView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """Consolidated reports with their files, and the form to generate one."""

    permission_required = GENERATE
    template_name = "reports/planning/consolidated_list.html"
    form_class = ConsolidatedRequestForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        reports = consolidated_reports_visible_to(self.request.user)[:50]
        return super().get_context_data(reports=reports, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        params = {"kind": data["kind"], "start": data["start"].isoformat(), "end": data["end"].isoformat()}
        job = services.export_job_create(
            kind=ExportJob.Kind.CONSOLIDATED, params={**params, "owner": data["owner"].pk}, actor=self.request.user
        )
        messages.info(self.request, _("Đang tạo báo cáo tổng hợp; trang này cập nhật tiến độ."))
        return redirect(job.get_absolute_url())


@login_required
def consolidated_download(request, pk: int, fmt: str):
    if not request.user.has_perm(GENERATE):
        raise PermissionDenied
    report = get_object_or_404(
        consolidated_reports_visible_to(request.user), pk=pk, status=ConsolidatedReport.Status.DONE
    )
    field = {"xlsx": report.excel_file, "pdf": report.pdf_file}.get(fmt)
    if not field:
        raise Http404
    return private_file_response(field)


class ExportJobDetailView(LoginRequiredMixin, DetailView):
    """An export's progress; the status block polls itself with htmx every 2 s until done."""

    template_name = "reports/planning/export_detail.html"
    context_object_name = "job"

    def get_queryset(self):
        return export_jobs_visible_to(self.request.user).select_related("report", "requested_by")

    def get_template_names(self):
        if self.request.htmx:
            return ["reports/planning/_export_status.html"]
        return [self.template_name]


@login_required
def export_download(request, pk: int):
    job = get_object_or_404(export_jobs_visible_to(request.user), pk=pk, status=ExportJob.Status.DONE)
    if not job.file:
        raise Http404
    return private_file_response(job.file)
