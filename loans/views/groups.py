"""Savings-and-loan groups: the list with the share graded khá or better by unit against
the 98% target, the group's page with its grades, the forms, the Excel export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from accounts.models import Unit
from common.excel import xlsx_response
from common.forms import add_service_error
from common.search import search
from common.views import ExcelImportView

from .. import imports, selectors, services
from ..exports import groups_workbook
from ..forms import GradeForm, GroupForm
from ..models import GOOD_GRADE_TARGET, GroupGrade, SavingsGroup
from .base import BrowseMixin, ReferMixin


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _groups(request):
    groups = (
        SavingsGroup.objects.visible_to(request.user)
        .select_related("unit", "branch")
        .prefetch_related(Prefetch("grades", queryset=GroupGrade.objects.order_by("-year")))
    )
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        unit = Unit.objects.visible_to(request.user).filter(pk=unit_id).first()
        if unit is not None:
            groups = groups.filter(unit__path__startswith=unit.path)
    return search(groups.order_by("unit__path", "name"), request.GET.get("q", ""))


class GroupListView(BrowseMixin, ListView):
    template_name = "loans/group_list.html"
    context_object_name = "groups"
    paginate_by = 50

    def get_queryset(self):
        return _groups(self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = _year(self.request)
        rows, total = selectors.grade_summary(user=self.request.user, year=year)
        for group in context["groups"]:
            grades = {g.year: g for g in group.grades.all()}
            group.grade_this_year = grades.get(year)
            group.grade_last_year = grades.get(year - 1)
        context.update(
            year=year,
            years=range(timezone.localdate().year, timezone.localdate().year - 6, -1),
            summary=rows,
            total=total,
            target=GOOD_GRADE_TARGET,
            units=Unit.objects.visible_to(self.request.user).filter(pk__in=[r.unit.pk for r in rows]),
            can_add=self.request.user.has_perm("loans.refer"),
        )
        return context


class GroupDetailView(BrowseMixin, DetailView):
    template_name = "loans/group_detail.html"
    context_object_name = "group"

    def get_queryset(self):
        return SavingsGroup.objects.visible_to(self.request.user).select_related("unit", "branch")

    def get_context_data(self, grade_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        group = self.object
        context.update(
            grades=group.grades.select_related("recorded_by").order_by("-year"),
            grade_form=grade_form or GradeForm(),
            can_manage=self.request.user.has_perm("loans.manage_group", group),
            referrals=group.referrals.visible_to(self.request.user).select_related("entrepreneur", "programme"),
            grade_history=GroupGrade.history.filter(group_id=group.pk).select_related("history_user")[:20],
        )
        return context


class GroupFormMixin(ReferMixin):
    model = SavingsGroup
    form_class = GroupForm
    template_name = "loans/group_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            group = services.group_save(group=form.instance, actor=self.request.user)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã lưu tổ %(name)s.") % {"name": group.name})
        return redirect(group)


class GroupCreateView(GroupFormMixin, CreateView):
    pass


class GroupUpdateView(GroupFormMixin, UpdateView):
    def get_queryset(self):
        return SavingsGroup.objects.visible_to(self.request.user)

    def get_object(self, queryset=None):
        group = super().get_object(queryset)
        if not self.request.user.has_perm("loans.manage_group", group):
            raise PermissionDenied
        return group


@login_required
@require_POST
def group_grade(request, pk: int):
    group = get_object_or_404(SavingsGroup.objects.visible_to(request.user).select_related("unit"), pk=pk)
    if not request.user.has_perm("loans.manage_group", group):
        raise PermissionDenied
    form = GradeForm(request.POST)
    if form.is_valid():
        try:
            grade = services.group_grade_record(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Đã xếp loại tổ %(group)s năm %(year)s: %(grade)s.")
                % {"group": group.name, "year": grade.year, "grade": grade.get_grade_display()},
            )
            return redirect(group)
    view = GroupDetailView()
    view.setup(request, pk=pk)
    view.object = group
    return view.render_to_response(view.get_context_data(grade_form=form))


@login_required
def group_export(request):
    if not request.user.has_perm("loans.browse"):
        raise PermissionDenied
    year = _year(request)
    return xlsx_response(groups_workbook(_groups(request), year=year), filename=f"to-tiet-kiem-vay-von-{year}.xlsx")


@login_required
def group_import_template(request):
    if not request.user.has_perm("loans.refer"):
        raise PermissionDenied
    return xlsx_response(imports.template_workbook(), filename="mau-to-tiet-kiem-vay-von.xlsx")


class GroupImportView(ReferMixin, ExcelImportView):
    """Upload the unit's groups "theo mẫu": every row is saved, or none with a report of each error."""

    template_name = "loans/group_import.html"

    def run_import(self, uploaded):
        return imports.import_groups(uploaded=uploaded, actor=self.request.user)

    def success_message(self, report):
        return _("Đã nhập %(count)d tổ tiết kiệm và vay vốn.") % {"count": report.created}

    def get_success_url(self) -> str:
        return reverse("loans:group-list")
