"""Staff and unit officers: the events list, creating and editing events, registering
people, the registration list, materials, booths, the attendance report and exports.

Every page starts from `Event.objects.visible_to(user)`: another unit's draft is a
404; a published event the user does not manage opens read-only, with only their own
units' registrations.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, TemplateView, UpdateView

from accounts.models import Unit
from common.excel import xlsx_response
from common.forms import add_service_error
from common.pdf import pdf_response
from common.uploads import private_file_response
from common.views import VoidRecordView

from .. import certificates, exports, selectors, services
from ..forms import BoothForm, EventForm, MaterialForm, UnitRegistrationForm
from ..models import Booth, Event, EventMaterial, Registration
from .base import MANAGE, BrowseMixin, managed_event, message_of, visible_event

PAGE_SIZE = 30
REGISTRATION_PAGE_SIZE = 50


def _year(value) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 2000 <= year <= 2100 else None


class EventListView(BrowseMixin, TemplateView):
    template_name = "events/event_list.html"

    def filters(self) -> dict:
        get = self.request.GET
        kind = get.get("kind", "")
        return {
            "kind": kind if kind in Event.Kind.values else "",
            "year": _year(get.get("year")),
            "q": get.get("q", "").strip()[:100],
            "scope": "mine" if get.get("scope") == "mine" else "",
            "voided": get.get("voided") == "1",
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.filters()
        events = selectors.event_rows(user=self.request.user, **filters)
        page = Paginator(events, PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            filters=filters,
            kinds=Event.Kind.choices,
            events=page.object_list,
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            now=timezone.now(),
            can_create=self.request.user.has_perm("events.create_event"),
        )
        return context


@login_required
def event_list_export(request):
    if not request.user.has_perm("events.browse"):
        raise PermissionDenied
    view = EventListView()
    view.request = request
    events = selectors.event_rows(user=request.user, **view.filters()).order_by("starts_at", "pk")
    return xlsx_response(
        exports.events_workbook(events=events), filename=f"su-kien-{timezone.localdate():%Y%m%d}.xlsx"
    )


class EventFormMixin:
    model = Event
    form_class = EventForm
    template_name = "events/event_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["units"] = Unit.objects.visible_to(self.request.user).active().order_by("path")
        return kwargs

    def form_valid(self, form):
        event = form.save(commit=False)
        try:
            services.event_save(event=event, actor=self.request.user)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã lưu sự kiện “%(title)s”.") % {"title": event.title})
        return redirect(event)


class EventCreateView(EventFormMixin, BrowseMixin, CreateView):
    permission_required = "events.create_event"

    def get_initial(self):
        units = Unit.objects.visible_to(self.request.user).active().order_by("path")
        return {"unit": units.first(), "status": Event.Status.DRAFT}


class EventUpdateView(EventFormMixin, BrowseMixin, UpdateView):
    def get_object(self, queryset=None):
        return managed_event(self.request.user, self.kwargs["pk"])


class EventDetailView(BrowseMixin, TemplateView):
    template_name = "events/event_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        event = visible_event(user, self.kwargs["pk"])
        can_manage = user.has_perm(MANAGE, event)
        mine = selectors.registrations_of(event=event, user=user).exclude(status=Registration.Status.CANCELLED)
        context.update(
            event=event,
            can_manage=can_manage,
            can_void=user.has_perm("events.admin_events") and event.voided_at is None,
            can_register=user.has_perm("events.register_people", event) and not event.has_ended(),
            counts=selectors.event_counts(event=event),
            recent=list(mine[:10]),
            materials=list(event.materials.all()) if can_manage else [],
            booths=list(event.booths.select_related("venture", "venture__unit")),
            has_booths=event.kind in (Event.Kind.FESTIVAL, Event.Kind.MARKET, Event.Kind.STARTUP_DAY),
            material_form=MaterialForm() if can_manage else None,
            booth_form=BoothForm(user=user) if can_manage else None,
            now=timezone.now(),
            feedback=list(event.registrations.filter(feedback_at__isnull=False).order_by("-feedback_at")[:20])
            if can_manage
            else [],
        )
        return context


@login_required
@require_POST
def event_cancel(request, pk: int):
    event = managed_event(request.user, pk)
    try:
        services.event_cancel(event=event, actor=request.user)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.warning(request, _("Đã hủy sự kiện; người đăng ký có email đã được báo."))
    return redirect(event)


class EventVoidView(VoidRecordView):
    """Provincial staff void an event recorded by mistake or not held as recorded."""

    title = gettext_lazy("Hủy bỏ sự kiện")
    explanation = gettext_lazy(
        "Sự kiện được giữ lại cùng người đăng ký, check-in và lịch sử; danh sách không hiện nữa và số liệu "
        "thôi tính từ hôm nay (các kỳ đã kết thúc trước hôm nay giữ nguyên). Sự kiện chưa diễn ra được hủy "
        "và người đăng ký có email được báo."
    )
    done_message = gettext_lazy("Đã hủy bỏ sự kiện; bản ghi vẫn được giữ trong lịch sử.")

    def get_record(self):
        event = visible_event(self.request.user, self.kwargs["pk"])
        if not self.request.user.has_perm("events.admin_events"):
            raise PermissionDenied
        return event

    def void(self, record, reason: str) -> None:
        services.event_void(event=record, reason=reason, actor=self.request.user)


# --- registrations -----------------------------------------------------------------


class RegistrationListView(BrowseMixin, TemplateView):
    template_name = "events/registration_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        event = visible_event(user, self.kwargs["pk"])
        status = self.request.GET.get("status", "")
        if status not in Registration.Status.values:
            status = ""
        q = self.request.GET.get("q", "").strip()[:100]
        registrations = selectors.registrations_of(event=event, user=user, status=status, q=q)
        page = Paginator(registrations, REGISTRATION_PAGE_SIZE).get_page(self.request.GET.get("page"))
        context.update(
            event=event,
            can_manage=user.has_perm(MANAGE, event),
            registrations=page.object_list,
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            status=status,
            q=q,
            statuses=Registration.Status.choices,
            counts=selectors.event_counts(event=event),
            now=timezone.now(),
        )
        return context


@login_required
def registration_export(request, pk: int):
    if not request.user.has_perm("events.browse"):
        raise PermissionDenied
    event = visible_event(request.user, pk)
    registrations = selectors.registrations_of(event=event, user=request.user)
    return xlsx_response(
        exports.registrations_workbook(registrations=registrations), filename=f"dang-ky-su-kien-{event.pk}.xlsx"
    )


class RegistrationCreateView(BrowseMixin, TemplateView):
    """A unit registers one of its people, from the registry or as a new person."""

    template_name = "events/registration_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.event = visible_event(request.user, kwargs["pk"])
        if not request.user.has_perm("events.register_people", self.event):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", UnitRegistrationForm(user=self.request.user))
        context["event"] = self.event
        return context

    def post(self, request, *args, **kwargs):
        form = UnitRegistrationForm(request.POST, user=request.user)
        if form.is_valid():
            person = form.cleaned_data.get("entrepreneur")
            details = {"entrepreneur": person} if person is not None else form.person_details()
            try:
                registration = services.registration_create(
                    event=self.event, source=Registration.Source.UNIT, actor=request.user, **details
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                if registration.status == Registration.Status.WAITING:
                    messages.warning(
                        request,
                        _("Sự kiện đã đủ chỗ: %(name)s được xếp vào danh sách chờ.")
                        % {"name": registration.person_name},
                    )
                else:
                    messages.success(request, _("Đã đăng ký %(name)s.") % {"name": registration.person_name})
                if "another" in request.POST:
                    return redirect("events:registration-create", pk=self.event.pk)
                return redirect("events:registration-list", pk=self.event.pk)
        return self.render_to_response(self.get_context_data(form=form))


@login_required
@require_POST
def registration_cancel(request, pk: int):
    registration = get_object_or_404(
        Registration.objects.visible_to(request.user).select_related("event", "event__unit"), pk=pk
    )
    try:
        _cancelled, promoted = services.registration_cancel(registration=registration, actor=request.user)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        text = _("Đã hủy đăng ký của %(name)s.") % {"name": registration.person_name}
        if promoted is not None:
            text += " " + _("%(name)s được chuyển từ danh sách chờ lên.") % {"name": promoted.person_name}
        messages.success(request, text)
    return redirect("events:registration-list", pk=registration.event_id)


# --- after the event ---------------------------------------------------------------


class AttendanceReportView(BrowseMixin, TemplateView):
    template_name = "events/attendance_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = managed_event(self.request.user, self.kwargs["pk"])
        context.update(event=event, report=selectors.attendance_report(event=event))
        return context


@login_required
def attendance_report_export(request, pk: int):
    event = managed_event(request.user, pk)
    content = exports.attendance_report_workbook(report=selectors.attendance_report(event=event))
    return xlsx_response(content, filename=f"bao-cao-diem-danh-{event.pk}.xlsx")


@login_required
def certificates_pdf(request, pk: int):
    """Every attended participant's certificate of a training class, a page each: printing
    issues those not yet issued (numbers and verification codes), once staff name who signs."""
    event = managed_event(request.user, pk)
    if not event.gives_certificates:
        messages.error(request, _("Chỉ lớp tập huấn mới cấp giấy chứng nhận."))
        return redirect(event)
    registrations = list(
        event.registrations.attended()
        .select_related("entrepreneur", "unit")
        .order_by(F("unit__path").asc(nulls_last=True), "pk")  # units' people, then guests
    )
    if not registrations:
        messages.warning(request, _("Chưa có ai điểm danh nên chưa có giấy chứng nhận để in."))
        return redirect(event)
    if not event.has_signer:
        messages.warning(request, _("Ghi người ký và chức vụ (sửa sự kiện, mục “Giấy chứng nhận”) trước khi in."))
        return redirect(event)
    try:
        registrations = services.certificates_issue(event=event, registrations=registrations, actor=request.user)
    except ValidationError as error:
        messages.error(request, message_of(error))
        return redirect(event)
    content = certificates.certificates_pdf(event=event, registrations=registrations)
    return pdf_response(content, filename=f"giay-chung-nhan-{event.pk}.pdf", inline=True)


@login_required
@require_POST
def material_upload(request, pk: int):
    event = managed_event(request.user, pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.material_add(event=event, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, message_of(error))
        else:
            messages.success(request, _("Đã tải lên “%(title)s”.") % {"title": form.cleaned_data["title"]})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(reverse("events:event-detail", kwargs={"pk": event.pk}) + "#materials")


def _material(user, pk: int) -> EventMaterial:
    material = get_object_or_404(EventMaterial.objects.select_related("event", "event__unit"), pk=pk)
    managed_event(user, material.event_id)
    return material


@login_required
def material_download(request, pk: int):
    material = _material(request.user, pk)
    return private_file_response(material.file, inline=material.kind == EventMaterial.Kind.PHOTO)


@login_required
@require_POST
def material_delete(request, pk: int):
    material = _material(request.user, pk)
    event_pk = material.event_id
    services.material_remove(material=material, actor=request.user)
    messages.success(request, _("Đã xóa tài liệu."))
    return redirect(reverse("events:event-detail", kwargs={"pk": event_pk}) + "#materials")


@login_required
@require_POST
def booth_add(request, pk: int):
    event = managed_event(request.user, pk)
    form = BoothForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.booth_add(event=event, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, message_of(error))
        else:
            messages.success(request, _("Đã thêm gian hàng."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(reverse("events:event-detail", kwargs={"pk": event.pk}) + "#booths")


@login_required
@require_POST
def booth_delete(request, pk: int):
    booth = get_object_or_404(Booth.objects.select_related("event"), pk=pk)
    managed_event(request.user, booth.event_id)
    services.booth_remove(booth=booth, actor=request.user)
    messages.success(request, _("Đã bỏ gian hàng."))
    return redirect(reverse("events:event-detail", kwargs={"pk": booth.event_id}) + "#booths")


@login_required
def booths_export(request, pk: int):
    event = visible_event(request.user, pk)
    booths = event.booths.select_related("venture", "venture__unit").order_by("number", "pk")
    return xlsx_response(exports.booths_workbook(booths=booths), filename=f"gian-hang-{event.pk}.xlsx")


# --- youth trained -----------------------------------------------------------------


class TrainedView(BrowseMixin, TemplateView):
    """Distinct people trained in startup skills in a year, by unit (the 897/QĐ-TTg indicator)."""

    template_name = "events/trained.html"

    def year(self) -> int:
        return _year(self.request.GET.get("year")) or timezone.localdate().year

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.year()
        rows, overall = selectors.youth_trained_table(user=self.request.user, year=year)
        this_year = timezone.localdate().year
        context.update(rows=rows, overall=overall, year=year, years=list(range(this_year, this_year - 6, -1)))
        return context


@login_required
def trained_export(request):
    if not request.user.has_perm("events.browse"):
        raise PermissionDenied
    view = TrainedView()
    view.request = request
    year = view.year()
    rows, _overall = selectors.youth_trained_table(user=request.user, year=year)
    return xlsx_response(exports.trained_workbook(rows=rows, year=year), filename=f"thanh-nien-tap-huan-{year}.xlsx")
