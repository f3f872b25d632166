"""Cycles: the list, the dashboard, staff settings and extensions, the product list,
exports and the home panel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin, permission_required

from common.excel import xlsx_response
from common.forms import add_service_error
from common.pdf import pdf_response

from .. import exports, imports, selectors, services
from ..forms import CycleForm, ExtensionForm, StartListForm
from ..models import CandidateList, Cycle, Product, ProductGroup, UnitExtension
from .base import cycle_or_404


def _stamp() -> str:
    return f"{timezone.localdate():%Y%m%d}"


class CycleListView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Cycles with, for an officer, their units' list status and deadline; for staff, lists received."""

    permission_required = "ocop.view_cycles"
    template_name = "ocop/cycle_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        is_staff = selectors.is_staff(user)
        cycles = list(
            selectors.cycles_visible_to(user=user).annotate(
                submitted=Count("lists", filter=Q(lists__status=CandidateList.Status.SUBMITTED), distinct=True),
                product_count=Count("products", distinct=True),
            )
        )
        list_units = list(selectors.list_units_for(user=user)) if is_staff else []
        rows = []
        for cycle in cycles:
            units = selectors.officer_units(user=user, cycle=cycle)
            rows.append(
                {
                    "cycle": cycle,
                    "progress": selectors.unit_progress(cycle=cycle, units=units) if units else [],
                    # The units under the cycle's owner that owe it a list.
                    "unit_count": sum(1 for u in list_units if u.path.startswith(cycle.owner.path)),
                    "can_manage": user.has_perm("ocop.manage_cycle", cycle),
                }
            )
        context.update(rows=rows, is_staff=is_staff)
        return context


class CycleDetailView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The cycle's dashboard: units against the target, products by stage, group and stars."""

    permission_required = "ocop.view_cycles"
    template_name = "ocop/cycle_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        cycle = cycle_or_404(user, self.kwargs["pk"])
        is_staff = selectors.is_staff(user)
        units = (
            list(selectors.list_units_for(user=user, cycle=cycle))
            if is_staff
            else selectors.officer_units(user=user, cycle=cycle)
        )
        progress = selectors.unit_progress(cycle=cycle, units=units)
        products = selectors.products_for(user=user, cycle=cycle)
        startable = [p.unit for p in progress if p.candidate_list is None and p.is_open]
        context.update(
            cycle=cycle,
            is_staff=is_staff,
            can_manage=user.has_perm("ocop.manage_cycle", cycle),
            progress=progress,
            received=sum(1 for p in progress if p.submitted),
            met=sum(1 for p in progress if p.met_target),
            board=selectors.dashboard(products=products),
            start_form=StartListForm(
                units=selectors.list_units_for(user=user, cycle=cycle).filter(pk__in=[u.pk for u in startable])
            )
            if startable
            else None,
        )
        return context


class CycleFormView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Open a cycle for a unit the user runs, or change one they run (another unit's: 403)."""

    permission_required = "ocop.manage_cycle"
    template_name = "ocop/cycle_form.html"

    def get_permission_object(self):
        pk = self.kwargs.get("pk")
        if not pk:
            return None
        if not hasattr(self, "_cycle"):
            self._cycle = cycle_or_404(self.request.user, pk)
        return self._cycle

    def get_cycle(self) -> Cycle:
        return self.get_permission_object() or Cycle(created_by=self.request.user)

    def get(self, request, *args, **kwargs):
        cycle = self.get_cycle()
        return self.render_to_response({"form": CycleForm(instance=cycle, user=request.user), "cycle": cycle})

    def post(self, request, *args, **kwargs):
        cycle = self.get_cycle()
        form = CycleForm(request.POST, instance=cycle, user=request.user)
        if form.is_valid():
            try:
                cycle = services.cycle_save(
                    cycle=form.save(commit=False), owner=form.cleaned_data["owner"], actor=request.user
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Đã lưu đợt OCOP %(cycle)s.") % {"cycle": cycle})
                return redirect(cycle)
        return self.render_to_response({"form": form, "cycle": cycle})


class ExtensionCreateView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """The staff who run the cycle extend one of its units' deadline."""

    permission_required = "ocop.manage_cycle"
    template_name = "ocop/extension_create.html"

    def get_permission_object(self):
        if not hasattr(self, "cycle"):
            self.cycle = cycle_or_404(self.request.user, self.kwargs["pk"])
        return self.cycle

    def _form(self, data=None):
        return ExtensionForm(data, units=selectors.list_units_for(user=self.request.user, cycle=self.cycle))

    def _render(self, form):
        extensions = UnitExtension.objects.filter(cycle=self.cycle).select_related("unit", "granted_by")
        return self.render_to_response({"form": form, "cycle": self.cycle, "extensions": extensions})

    def get(self, request, *args, **kwargs):
        return self._render(self._form())

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                extension = services.extension_grant(cycle=self.cycle, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("Đã gia hạn cho %(unit)s đến %(until)s.")
                    % {"unit": extension.unit, "until": extension.until.strftime("%d/%m/%Y")},
                )
                return redirect("ocop:extension-create", pk=self.cycle.pk)
        return self._render(form)


class ProductListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """Every product of the cycle the user may see, filtered by stage, group, stars and unit."""

    permission_required = "ocop.view_cycles"
    template_name = "ocop/product_list.html"
    paginate_by = 50
    context_object_name = "products"

    def get_queryset(self):
        self.cycle = cycle_or_404(self.request.user, self.kwargs["pk"])
        qs = selectors.products_for(user=self.request.user, cycle=self.cycle).order_by(
            "unit__path", "commune__path", "name", "pk"
        )
        qs, self.chosen = selectors.filter_products(qs, self.request.GET)
        return qs

    def get_template_names(self):
        if self.request.htmx:
            return ["ocop/_product_table.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            cycle=self.cycle,
            chosen=self.chosen,
            stages=Product.Stage.choices,
            groups=ProductGroup.choices,
            units=selectors.list_units_for(user=self.request.user, cycle=self.cycle),
        )
        return context


@login_required
@permission_required("ocop.export", raise_exception=True)
def cycle_export(request, pk: int):
    cycle = cycle_or_404(request.user, pk)
    products = selectors.products_for(user=request.user, cycle=cycle)
    products, _chosen = selectors.filter_products(products, request.GET)
    units = (
        selectors.list_units_for(user=request.user, cycle=cycle)
        if selectors.is_staff(request.user)
        else selectors.officer_units(user=request.user, cycle=cycle)
    )
    content = exports.cycle_workbook(cycle=cycle, products=products, units=units)
    return xlsx_response(content, filename=f"ocop-{cycle.year}-{_stamp()}.xlsx")


@login_required
@permission_required("ocop.export", raise_exception=True)
def cycle_pdf(request, pk: int):
    cycle = cycle_or_404(request.user, pk)
    products = selectors.products_for(user=request.user, cycle=cycle)
    units = (
        selectors.list_units_for(user=request.user, cycle=cycle)
        if selectors.is_staff(request.user)
        else selectors.officer_units(user=request.user, cycle=cycle)
    )
    content = exports.cycle_summary_pdf(cycle=cycle, products=products, units=units)
    return pdf_response(content, filename=f"bao-cao-ocop-{cycle.year}.pdf", inline=True)


@login_required
@permission_required("ocop.view_cycles", raise_exception=True)
def import_template(request):
    return xlsx_response(imports.template_workbook(), filename="mau-danh-sach-ocop.xlsx")
