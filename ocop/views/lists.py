"""A unit's candidate list: starting it, its communes, the Excel import, sending it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from common.excel import SheetError

from .. import imports, selectors, services
from ..forms import CommuneAddForm, ImportForm, StartListForm
from ..models import CandidateCommune, Product
from .base import cycle_or_404, list_or_404, message_of, require


@login_required
@require_POST
def list_start(request, pk: int):
    """Start (or open) the unit's list for the cycle."""
    user = request.user
    cycle = cycle_or_404(user, pk)
    require(user, "ocop.view_cycles")
    form = StartListForm(request.POST, units=selectors.list_units_for(user=user, cycle=cycle))
    if not form.is_valid():
        messages.error(request, _("Chọn đơn vị lập danh sách."))
        return redirect(cycle)
    try:
        candidate_list = services.candidate_list_get_or_create(cycle=cycle, unit=form.cleaned_data["unit"], actor=user)
    except ValidationError as error:
        messages.error(request, message_of(error))
        return redirect(cycle)
    return redirect(candidate_list)


def _list_context(request, candidate_list, **extra) -> dict:
    user = request.user
    entries = candidate_list.communes.select_related("commune").prefetch_related(
        Prefetch(
            "products",
            queryset=Product.objects.select_related("venture", "owner", "current_rating").order_by("name", "pk"),
        )
    )
    can_change = user.has_perm("ocop.change_list", candidate_list)
    is_open = services.list_is_open(cycle=candidate_list.cycle, unit=candidate_list.unit)
    editable = can_change and is_open
    product_count = sum(len(e.products.all()) for e in entries)
    return {
        "candidate_list": candidate_list,
        "cycle": candidate_list.cycle,
        "entries": entries,
        "product_count": product_count,
        "deadline": services.list_deadline(cycle=candidate_list.cycle, unit=candidate_list.unit),
        "is_open": is_open,
        "editable": editable,
        "can_reopen": candidate_list.is_submitted and user.has_perm("ocop.reopen_list", candidate_list),
        "commune_form": CommuneAddForm(candidate_list=candidate_list) if editable else None,
        "import_form": ImportForm() if editable else None,
        "today": timezone.localdate(),
        **extra,
    }


@login_required
def list_detail(request, pk: int):
    candidate_list = list_or_404(request.user, pk)
    require(request.user, "ocop.view_list", candidate_list)
    return render(request, "ocop/list_detail.html", _list_context(request, candidate_list))


@login_required
@require_POST
def commune_add(request, pk: int):
    candidate_list = list_or_404(request.user, pk)
    require(request.user, "ocop.change_list", candidate_list)
    form = CommuneAddForm(request.POST, candidate_list=candidate_list)
    if form.is_valid():
        try:
            entry = services.commune_add(candidate_list=candidate_list, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, message_of(error))
        else:
            messages.success(request, _("Đã thêm %(commune)s vào danh sách.") % {"commune": entry.commune})
            return redirect(candidate_list)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(candidate_list)


@login_required
@require_POST
def commune_remove(request, pk: int):
    entry = get_object_or_404(
        CandidateCommune.objects.visible_to(request.user).select_related("candidate_list"), pk=pk
    )
    require(request.user, "ocop.change_list", entry.candidate_list)
    try:
        services.commune_remove(entry=entry, actor=request.user)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, _("Đã bỏ xã khỏi danh sách."))
    return redirect(entry.candidate_list)


@login_required
@require_POST
def list_submit(request, pk: int):
    candidate_list = list_or_404(request.user, pk)
    require(request.user, "ocop.change_list", candidate_list)
    try:
        services.candidate_list_submit(candidate_list=candidate_list, actor=request.user)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, _("Đã gửi danh sách đề xuất OCOP tới Tỉnh đoàn."))
    return redirect(candidate_list)


@login_required
@require_POST
def list_reopen(request, pk: int):
    candidate_list = list_or_404(request.user, pk)
    require(request.user, "ocop.reopen_list", candidate_list)
    try:
        services.candidate_list_reopen(candidate_list=candidate_list, actor=request.user)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, _("Đã trả danh sách về đơn vị để bổ sung."))
    return redirect(candidate_list)


@login_required
@require_POST
def list_import(request, pk: int):
    """Add communes and products from the Excel template; all rows or none.

    A refused file (none chosen, unreadable, past a bound) or a file with bad rows
    answers 400 with the page and its errors, as every `ExcelImportView` does.
    """
    candidate_list = list_or_404(request.user, pk)
    require(request.user, "ocop.change_list", candidate_list)
    form = ImportForm(request.POST, request.FILES)
    report = None
    if form.is_valid():
        try:
            report = imports.import_candidate_list(
                candidate_list=candidate_list, uploaded=form.cleaned_data["file"], actor=request.user
            )
        except SheetError as error:
            form.add_error("file", str(error))
        else:
            if report.ok:
                messages.success(
                    request,
                    ngettext(
                        "Đã nhập %(n)d sản phẩm từ tệp Excel.", "Đã nhập %(n)d sản phẩm từ tệp Excel.", report.created
                    )
                    % {"n": report.created},
                )
                return redirect(candidate_list)
    context = _list_context(request, candidate_list, import_report=report)
    context["import_form"] = form
    return render(request, "ocop/list_detail.html", context, status=400)
