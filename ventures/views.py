from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin, permission_required

from common.excel import SheetError, xlsx_response
from common.figures import remembered_count_paginator
from common.registry import journey_for, profile_actions_for
from common.uploads import private_file_response
from common.views import ExcelImportView, VoidRecordView

from . import exports, imports, selectors, services
from .filters import EntrepreneurFilter, VentureFilter
from .forms import EntrepreneurForm, EntrepreneurMergeForm, VentureDocumentForm, VentureForm, VentureUpdateForm
from .models import Entrepreneur, Venture
from .privacy import ErasureRequestForm


class ScopedFilterView(LoginRequiredMixin, PermissionRequiredMixin, FilterView):
    """A paginated list starting from visible_to(user), with filters limited to the user's units."""

    permission_required = "ventures.list_records"
    paginate_by = 50
    model = None

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user).select_related("unit")

    def get_template_names(self):
        # htmx asks for the results only when a filter changes; the page stays put.
        if self.request.htmx:
            return [self.results_template_name]
        return super().get_template_names()

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["user"] = self.request.user
        return kwargs


class EntrepreneurListView(ScopedFilterView):
    model = Entrepreneur
    # The row count is kept until the registry changes (`common.figures`).
    paginator_class = remembered_count_paginator("ventures")
    filterset_class = EntrepreneurFilter
    template_name = "ventures/entrepreneur_list.html"
    results_template_name = "ventures/_entrepreneur_table.html"
    context_object_name = "entrepreneurs"

    def get_queryset(self):
        return selectors.entrepreneur_list(user=self.request.user)


class VentureListView(ScopedFilterView):
    model = Venture
    paginator_class = remembered_count_paginator("ventures")
    filterset_class = VentureFilter
    template_name = "ventures/venture_list.html"
    results_template_name = "ventures/_venture_table.html"
    context_object_name = "ventures"

    def get_queryset(self):
        return selectors.venture_list(user=self.request.user, archived=_archived(self.request))

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, archived=_archived(self.request))


class ScopedObjectMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Detail and edit views look objects up only among those the user may see (404 otherwise)."""

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user).select_related("unit")


class UserFormMixin:
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs


class EntrepreneurDetailView(ScopedObjectMixin, DetailView):
    model = Entrepreneur
    permission_required = "ventures.view_entrepreneur"
    template_name = "ventures/entrepreneur_detail.html"
    context_object_name = "entrepreneur"

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except Http404:
            # A duplicate merged away: its links (bookmarks, emails) lead to the record kept.
            kept = selectors.merged_into(user=request.user, pk=kwargs["pk"])
            if kept is None:
                raise
            messages.info(request, _("Hồ sơ #%(pk)s đã được gộp vào hồ sơ này.") % {"pk": kwargs["pk"]})
            return redirect(kept)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        user = self.request.user
        context.update(
            **selectors.entrepreneur_profile(entrepreneur=person, user=user),
            journey=journey_for(entrepreneur=person, viewer=user),
            actions=profile_actions_for(user),
            age=person.age_on(timezone.localdate()),
            can_anonymise=user.has_perm("ventures.anonymise_entrepreneur", person) and not person.is_anonymised,
            can_merge=user.has_perm("ventures.merge_entrepreneur", person) and not person.is_anonymised,
        )
        return context


class EntrepreneurCreateView(LoginRequiredMixin, PermissionRequiredMixin, UserFormMixin, CreateView):
    """Register a young person; one probably in the registry already (the same citizen id,
    phone, or name and date of birth, among the records the officer sees) is shown first, to
    pick instead, and is registered only once the officer says it is someone else."""

    model = Entrepreneur
    form_class = EntrepreneurForm
    permission_required = "ventures.add_entrepreneur"
    template_name = "ventures/entrepreneur_form.html"

    def matches(self, form) -> list[selectors.Match]:
        return selectors.entrepreneur_matches(user=self.request.user, people=[form.typed_person()])[0]

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form, matches=self.matches(form)))

    def form_valid(self, form):
        matches = self.matches(form)
        told_apart = set(self.request.POST.getlist("different_from"))
        if any(m.certain or str(m.person.pk) not in told_apart for m in matches):
            return self.render_to_response(self.get_context_data(form=form, matches=matches))
        self.object = services.entrepreneur_save(entrepreneur=form.instance, actor=self.request.user)
        messages.success(self.request, _("Đã đăng ký thanh niên %(name)s.") % {"name": self.object})
        return redirect(self.object)


class EntrepreneurUpdateView(ScopedObjectMixin, UserFormMixin, UpdateView):
    model = Entrepreneur
    form_class = EntrepreneurForm
    permission_required = "ventures.change_entrepreneur"
    template_name = "ventures/entrepreneur_form.html"

    def form_valid(self, form):
        self.object = services.entrepreneur_save(entrepreneur=form.instance, actor=self.request.user)
        messages.success(self.request, _("Đã lưu thông tin %(name)s.") % {"name": self.object})
        return redirect(self.object)


class EntrepreneurAnonymiseView(ScopedObjectMixin, DetailView):
    """Staff erase a young person's personal data on their request: a confirm form, then
    `services.entrepreneur_anonymise`; the records and counts stay."""

    model = Entrepreneur
    permission_required = "ventures.anonymise_entrepreneur"
    template_name = "ventures/entrepreneur_anonymise.html"
    context_object_name = "entrepreneur"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ErasureRequestForm())
        context["requests"] = self.object.erasure_requests.select_related("done_by")
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = ErasureRequestForm(request.POST)
        if form.is_valid():
            try:
                services.entrepreneur_anonymise(
                    person=self.object, request_reference=form.cleaned_data["request_reference"], actor=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Đã ẩn danh dữ liệu cá nhân; hồ sơ và số liệu vẫn giữ nguyên."))
                return redirect(self.object)
        return self.render_to_response(self.get_context_data(form=form))


class VentureArchiveView(VoidRecordView):
    """Provincial staff archive a venture with a reason; it stays with its reports and history."""

    title = gettext_lazy("Lưu trữ mô hình")
    explanation = gettext_lazy(
        "Mô hình được giữ lại cùng báo cáo tiến độ, tài liệu và lịch sử; danh sách và tệp xuất không hiện "
        "nữa, số liệu thôi tính từ hôm nay (các kỳ đã kết thúc trước hôm nay giữ nguyên)."
    )
    done_message = gettext_lazy("Đã lưu trữ mô hình; bản ghi vẫn được giữ trong lịch sử.")

    def get_record(self):
        venture = get_object_or_404(Venture.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        if not self.request.user.has_perm("ventures.archive_venture", venture):
            raise PermissionDenied
        return venture

    def void(self, record, reason: str) -> None:
        services.venture_archive(venture=record, reason=reason, actor=self.request.user)


class VentureDetailView(ScopedObjectMixin, DetailView):
    model = Venture
    permission_required = "ventures.view_venture"
    template_name = "ventures/venture_detail.html"
    context_object_name = "venture"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        venture = self.object
        profile = selectors.venture_profile(venture=venture, user=self.request.user)
        monthly = sorted(
            (u for u in profile["updates"] if u.period_kind == u.PeriodKind.MONTH),
            key=lambda u: (u.year, u.period_number),
        )[-12:]
        context.update(
            **profile,
            can_archive=venture.voided_at is None and self.request.user.has_perm("ventures.archive_venture", venture),
            revenue_chart={
                "labels": [f"{u.period_number:02d}/{u.year}" for u in monthly],
                "revenue": [u.revenue for u in monthly],
                "jobs": [u.jobs for u in monthly],
                "revenueLabel": _("Doanh thu (đồng)"),
                "jobsLabel": _("Lao động"),
            },
            journey=journey_for(venture=venture, viewer=self.request.user),
        )
        return context


class VentureFormMixin(UserFormMixin):
    model = Venture
    form_class = VentureForm
    template_name = "ventures/venture_form.html"

    def get_initial(self):
        initial = super().get_initial()
        owner_id = self.request.GET.get("owner")
        if owner_id and owner_id.isdigit():
            owner = selectors.owner_for(user=self.request.user, pk=int(owner_id))
            if owner:
                initial.update(owners=[owner], unit=owner.unit)
        return initial

    def form_valid(self, form):
        self.object = services.venture_save(
            venture=form.instance, owners=form.cleaned_data["owners"], actor=self.request.user
        )
        messages.success(self.request, _("Đã lưu mô hình %(name)s.") % {"name": self.object})
        return redirect(self.object)


class VentureCreateView(LoginRequiredMixin, PermissionRequiredMixin, VentureFormMixin, CreateView):
    permission_required = "ventures.add_venture"


class VentureUpdateView(ScopedObjectMixin, VentureFormMixin, UpdateView):
    permission_required = "ventures.change_venture"


class VentureChildCreateView(LoginRequiredMixin, PermissionRequiredMixin, CreateView):
    """Adds a row under a venture the user may edit (a progress update, a document)."""

    permission_required = "ventures.record_update"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.venture = get_object_or_404(
                Venture.objects.visible_to(request.user).select_related("unit"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.venture

    def get_context_data(self, **kwargs):
        return super().get_context_data(venture=self.venture, **kwargs)


class VentureUpdateCreateView(VentureChildCreateView):
    form_class = VentureUpdateForm
    template_name = "ventures/ventureupdate_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "venture": self.venture}

    def get_initial(self):
        today = timezone.localdate()
        return {"period_kind": "month", "year": today.year, "period_number": today.month}

    def form_valid(self, form):
        update = services.venture_record_update(update=form.instance, actor=self.request.user)
        messages.success(self.request, _("Đã ghi nhận tiến độ %(period)s.") % {"period": update.period_label})
        return redirect(self.venture)


class VentureDocumentCreateView(VentureChildCreateView):
    form_class = VentureDocumentForm
    template_name = "ventures/venturedocument_form.html"

    def form_valid(self, form):
        form.instance.venture = self.venture
        services.venture_add_document(document=form.instance, actor=self.request.user)
        messages.success(self.request, _("Đã tải lên tài liệu."))
        return redirect(self.venture)


@login_required
def venture_document_download(request, pk: int):
    document = get_object_or_404(selectors.documents_for(user=request.user), pk=pk)
    if not request.user.has_perm("ventures.view_document", document):
        raise PermissionDenied
    return private_file_response(document.file)


def _archived(request) -> bool:
    """Archived ventures only on `?archived=1`; every list and export hides them otherwise."""
    return request.GET.get("archived") == "1"


@login_required
@permission_required("ventures.export_records", raise_exception=True)
def entrepreneur_export(request):
    rows = EntrepreneurFilter(request.GET, queryset=selectors.entrepreneurs_for(user=request.user), user=request.user)
    content = exports.entrepreneurs_workbook(rows.qs)
    return xlsx_response(content, filename=f"thanh-nien-khoi-nghiep-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
@permission_required("ventures.export_records", raise_exception=True)
def venture_export(request):
    ventures = selectors.ventures_for(user=request.user, archived=_archived(request))
    content = exports.ventures_workbook(VentureFilter(request.GET, queryset=ventures, user=request.user).qs)
    return xlsx_response(content, filename=f"mo-hinh-kinh-te-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
@permission_required("ventures.import_records", raise_exception=True)
def entrepreneur_import_template(request):
    return xlsx_response(imports.template_workbook(), filename="mau-danh-sach-thanh-nien.xlsx")


# How long an uploaded list waits for the officer's choices on its likely duplicates.
IMPORT_KEEP_SECONDS = 60 * 60


def _upload_key(user, token: str) -> str:
    return f"ventures:import:{user.pk}:{token}"


class EntrepreneurImportView(LoginRequiredMixin, PermissionRequiredMixin, ExcelImportView):
    """Upload a unit's list "theo mẫu": all rows are saved, or none with a report of each error.

    Rows that are probably people already in the registry come back with their matches: the
    file waits in the cache (an hour, for this user only) while the officer chooses, row by
    row, the existing person or a new record, and is imported again, checked afresh, with
    those choices."""

    permission_required = "ventures.import_records"
    template_name = "ventures/entrepreneur_import.html"
    upload_token = ""

    def run_import(self, uploaded, choices=None):
        report = imports.import_entrepreneurs(uploaded=uploaded, actor=self.request.user, choices=choices)
        if report.awaiting_choice and not self.upload_token:
            uploaded.seek(0)
            self.upload_token = secrets.token_urlsafe(16)
            kept = {"name": uploaded.name, "content": uploaded.read()}
            cache.set(_upload_key(self.request.user, self.upload_token), kept, IMPORT_KEEP_SECONDS)
        return report

    def get_context_data(self, **context) -> dict:
        return {**context, "upload_token": self.upload_token, "new_person": imports.NEW_PERSON}

    def post(self, request, *args, **kwargs):
        token = request.POST.get("upload")
        if token is None:
            return super().post(request, *args, **kwargs)
        kept = cache.get(_upload_key(request.user, token))
        if kept is None:
            return self.render(400, error=_("Tệp đã tải lên quá một giờ hoặc không còn; hãy tải tệp lên lại."))
        self.upload_token = token
        choices = {
            int(key.removeprefix("row-")): value
            for key, value in request.POST.items()
            if key.startswith("row-") and key.removeprefix("row-").isdigit()
        }
        try:
            report = self.run_import(SimpleUploadedFile(kept["name"], kept["content"]), choices=choices)
        except (SheetError, ValidationError) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            return self.render(400, error=message)
        if report.awaiting_choice:
            return self.render(report=report, error=_("Hãy chọn cho mỗi dòng: người đã có hoặc tạo người mới."))
        if not report.ok:
            return self.render(400, report=report)
        cache.delete(_upload_key(request.user, token))
        messages.success(request, self.success_message(report))
        return redirect(self.get_success_url())

    def success_message(self, report) -> str:
        message = _("Đã nhập %(count)d thanh niên.") % {"count": report.created}
        if report.linked:
            message += " " + _("%(count)d dòng được gắn với người đã có trong danh sách.") % {"count": report.linked}
        return message

    def get_success_url(self) -> str:
        return reverse("ventures:entrepreneur-list")


class EntrepreneurMergeView(ScopedObjectMixin, DetailView):
    """Staff make two records of one person one: from a person's page, pick the other record
    (their likely duplicates are offered, or any record number), see both side by side, choose
    the record kept and each field's value, confirm; `services.entrepreneur_merge` does it.
    Both records must be ones the user sees and runs as staff (404, 403 otherwise)."""

    model = Entrepreneur
    permission_required = "ventures.merge_entrepreneur"
    template_name = "ventures/entrepreneur_merge.html"
    context_object_name = "entrepreneur"

    def other(self) -> Entrepreneur | None:
        """The second record, `?other=<pk>`: one the user sees (404) and may merge (403)."""
        other_id = self.request.GET.get("other", "")
        if not other_id.isdigit() or int(other_id) == self.object.pk:
            return None
        other = get_object_or_404(self.get_queryset(), pk=int(other_id))
        if not self.request.user.has_perm("ventures.merge_entrepreneur", other):
            raise PermissionDenied
        return other

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.second = self.other()
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if self.second is None:
            found = selectors.entrepreneur_matches(user=user, people=[self.object], exclude=[self.object.pk])[0]
            context["candidates"] = [m for m in found if user.has_perm("ventures.merge_entrepreneur", m.person)]
        else:
            data = self.request.POST if self.request.method == "POST" else None
            context.setdefault(
                "form",
                EntrepreneurMergeForm(data, first=self.object, second=self.second, fields=services.MERGE_FIELDS),
            )
            context["records"] = selectors.person_records(people=[self.object, self.second])
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.second = self.other()
        if self.second is None:
            raise Http404
        form = self.get_context_data()["form"]
        if form.is_valid():
            try:
                merge = services.entrepreneur_merge(**form.merge_arguments(), actor=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Đã gộp hồ sơ #%(merged)s vào hồ sơ này; các bản ghi liên quan đã chuyển sang.")
                    % {"merged": merge.merged_id},
                )
                return redirect(merge.person)
        return self.render_to_response(self.get_context_data(form=form))
