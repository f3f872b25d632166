"""Attendance: checking tickets at the door on a phone, the sign-in sheet import, closing.

The check-in page is one form: the camera (static/js/qr_scan.js) fills in the code and
submits; typing the code works without a camera. With htmx only the result box is
swapped, so the camera keeps running between two people.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.excel import xlsx_response

from .. import selectors, services
from ..forms import AttendanceImportForm, CheckInForm
from .base import managed_event, message_of


@login_required
def check_in(request, pk: int):
    event = managed_event(request.user, pk)
    result = None
    error = ""
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            try:
                result = services.registration_check_in(
                    event=event, code=form.cleaned_data["code"], actor=request.user
                )
            except ValidationError as exc:
                error = message_of(exc)
        else:
            error = _("Chưa nhập mã vé.")
    context = {
        "event": event,
        "form": CheckInForm(),
        "result": result,
        "error": error,
        "counts": selectors.event_counts(event=event),
    }
    if request.htmx and request.method == "POST":
        return render(request, "events/_check_in_result.html", context, status=200)
    return render(request, "events/check_in.html", context, status=400 if error else 200)


@login_required
def attendance_template(request, pk: int):
    event = managed_event(request.user, pk)
    content = services.attendance_template(event=event)
    return xlsx_response(content, filename=f"danh-sach-diem-danh-{event.pk}.xlsx")


@login_required
def attendance_import(request, pk: int):
    event = managed_event(request.user, pk)
    report = None
    form = AttendanceImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.attendance_import(event=event, uploaded=form.cleaned_data["file"], actor=request.user)
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            if report.ok:
                messages.success(
                    request,
                    _("Đã ghi điểm danh %(count)d người từ danh sách; sự kiện đã chốt điểm danh.")
                    % {"count": report.created},
                )
                return redirect("events:attendance-report", pk=event.pk)
    return render(
        request,
        "events/attendance_import.html",
        {"event": event, "form": form, "report": report, "now": timezone.now()},
        status=400 if (report and not report.ok) or form.errors else 200,
    )


@login_required
@require_POST
def attendance_close(request, pk: int):
    event = managed_event(request.user, pk)
    try:
        services.attendance_close(event=event, actor=request.user)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, _("Đã chốt điểm danh."))
    return redirect(event)
