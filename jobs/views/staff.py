"""Pages of the organisers (the staff of the fair's owner and the officers of its unit).

Every fair, employer, seeker and application is fetched through `visible_to`, so
another unit's rows are a 404 whatever the id in the URL; a fair the user sees but does
not run (the province's staff and a school's own fair) is read-only, its pages a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from common.forms import add_service_error
from common.http import redirect_next
from common.search import search
from common.views import VoidRecordView

from .. import selectors, services
from ..forms import ApplicationForm, CheckInForm, DecisionForm, FairForm, OutcomeForm, VentureLinkForm
from ..models import Application, JobFair, Vacancy
from .base import MANAGE, application_for, employer_for, fair_for, fair_to_run, message_of, seeker_for, unit_side
from .employer import employer_page_context

SEEKERS_PER_PAGE = 50


def _year_param(request) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


@unit_side
def fair_list(request):
    """The fairs the user runs, with their figures (five queries); archived ones on `?archived=1`."""
    archived = request.GET.get("archived") == "1"
    fairs = JobFair.objects.visible_to(request.user)
    fairs = fairs.voided() if archived else fairs.not_voided()
    fairs = list(fairs.select_related("unit", "owner").order_by("-starts_at", "pk"))
    stats = selectors.fair_statistics(f.pk for f in fairs)
    rows = [(fair, stats[fair.pk]) for fair in fairs]
    return render(
        request,
        "jobs/fair_list.html",
        {"rows": rows, "archived": archived, "can_add": request.user.has_perm("jobs.add_fair")},
    )


@unit_side
def fair_edit(request, pk: int | None = None):
    fair = fair_to_run(request.user, pk) if pk else None
    form = FairForm(request.POST or None, instance=fair, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            if fair is None:
                owner = form.cleaned_data.get("owner")  # None for an officer: their unit's fair
                fair = services.fair_create(fair=form.instance, owner=owner, actor=request.user)
            else:
                fair = services.fair_save(fair=form.instance, actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Đã lưu ngày hội %(name)s.") % {"name": fair.name})
            return redirect(fair.get_absolute_url())
    return render(request, "jobs/fair_form.html", {"form": form, "fair": fair})


@unit_side
def fair_detail(request, pk: int):
    fair = fair_for(request.user, pk)
    stats = selectors.fair_statistics([fair.pk])[fair.pk]
    employers = list(fair.employers.select_related("venture").order_by("status", "name"))
    vacancy_counts: dict[int, int] = {}
    for vacancy in Vacancy.objects.filter(employer__fair=fair).only("employer_id", "openings"):
        vacancy_counts[vacancy.employer_id] = vacancy_counts.get(vacancy.employer_id, 0) + vacancy.openings
    context = {
        "fair": fair,
        "stats": stats,
        "employers": [(e, vacancy_counts.get(e.pk, 0)) for e in employers],
        "statuses": JobFair.Status,
        "can_manage": request.user.has_perm(MANAGE, fair),
        "can_archive": request.user.has_perm("jobs.archive_fair", fair) and fair.voided_at is None,
    }
    return render(request, "jobs/fair_detail.html", context)


class FairArchiveView(VoidRecordView):
    """Provincial staff archive a fair with a reason; it stays with everything recorded at it."""

    title = gettext_lazy("Lưu trữ ngày hội")
    explanation = gettext_lazy(
        "Ngày hội được giữ lại cùng nhà tuyển dụng, vị trí, người tìm việc, hồ sơ và kết quả tuyển dụng; "
        "danh sách và trang công khai không hiện nữa, số liệu thôi tính từ hôm nay (các kỳ đã kết thúc "
        "trước hôm nay giữ nguyên)."
    )
    done_message = gettext_lazy("Đã lưu trữ ngày hội; bản ghi vẫn được giữ trong lịch sử.")

    def get_record(self):
        fair = fair_for(self.request.user, self.kwargs["pk"])
        if not self.request.user.has_perm("jobs.archive_fair", fair):  # the owner's staff
            raise PermissionDenied
        return fair

    def void(self, record, reason: str) -> None:
        services.fair_archive(fair=record, reason=reason, actor=self.request.user)


@unit_side
@require_POST
def fair_status(request, pk: int):
    fair = fair_to_run(request.user, pk)
    try:
        services.fair_set_status(fair=fair, status=request.POST.get("status", ""), actor=request.user)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, _("Đã cập nhật trạng thái ngày hội."))
    return redirect(fair.get_absolute_url())


@unit_side
def employer_detail(request, pk: int):
    employer = employer_for(request.user, pk)
    context = employer_page_context(employer)
    context.update(
        decision_form=DecisionForm(),
        venture_form=VentureLinkForm(initial={"venture": employer.venture_id}, user=request.user),
        can_link=request.user.has_perm("jobs.link_venture", employer),
    )
    return render(request, "jobs/employer_detail.html", context)


@unit_side
@require_POST
def employer_decide(request, pk: int):
    employer = employer_for(request.user, pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    approve = request.POST.get("decision") == "approve"
    try:
        services.employer_decide(
            employer=employer, approve=approve, actor=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        if approve:
            messages.success(
                request, _("Đã duyệt %(name)s; doanh nghiệp hiện trên trang công khai.") % {"name": employer}
            )
        else:
            messages.success(request, _("Đã ghi nhận không duyệt %(name)s.") % {"name": employer})
    return redirect_next(request, employer.get_absolute_url())


@unit_side
@require_POST
def employer_venture(request, pk: int):
    employer = employer_for(request.user, pk)
    if not request.user.has_perm("jobs.link_venture", employer):
        raise PermissionDenied
    form = VentureLinkForm(request.POST, user=request.user)
    if form.is_valid():
        services.employer_link_venture(employer=employer, venture=form.cleaned_data["venture"], actor=request.user)
        messages.success(request, _("Đã cập nhật liên kết mô hình thanh niên."))
    else:
        messages.error(request, _("Chọn một mô hình trong danh sách."))
    return redirect(employer.get_absolute_url())


@unit_side
def seeker_list(request, pk: int):
    """A fair's seekers, searchable by name, phone or ticket code, filtered by check-in; paginated."""
    fair = fair_to_run(request.user, pk)
    seekers = fair.seekers.order_by("full_name", "pk")
    q = request.GET.get("q", "").strip()
    if q:
        seekers = search(seekers, q, also=Q(ticket_code__iexact=q.replace(" ", "")))
    state = request.GET.get("state", "")
    if state == "in":
        seekers = seekers.filter(checked_in_at__isnull=False)
    elif state == "out":
        seekers = seekers.filter(checked_in_at__isnull=True)
    page = Paginator(seekers, SEEKERS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "fair": fair,
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": page.has_other_pages(),
        "seekers": page.object_list,
        "q": q,
        "state": state,
    }
    return render(request, "jobs/seeker_list.html", context)


@unit_side
def seeker_detail(request, pk: int):
    seeker = seeker_for(request.user, pk)
    applications = list(seeker.applications.select_related("vacancy__employer").order_by("pk"))
    applied = {a.vacancy_id for a in applications}
    open_vacancies = [v for v in selectors.public_vacancies(fair=seeker.fair) if v.pk not in applied]
    matches = selectors.matching_vacancies(seeker=seeker, vacancies=open_vacancies)
    form = ApplicationForm(
        vacancies=Vacancy.objects.public().filter(employer__fair=seeker.fair).select_related("employer")
    )
    context = {
        "seeker": seeker,
        "fair": seeker.fair,
        "applications": applications,
        "matches": matches,
        "form": form,
        "statuses": Application.Status.choices,
    }
    return render(request, "jobs/seeker_detail.html", context)


@unit_side
@require_POST
def seeker_apply(request, pk: int):
    seeker = seeker_for(request.user, pk)
    form = ApplicationForm(
        request.POST, vacancies=Vacancy.objects.public().filter(employer__fair=seeker.fair).select_related("employer")
    )
    if not form.is_valid():
        messages.error(request, _("Chọn một vị trí tuyển dụng của ngày hội."))
    else:
        try:
            services.application_create(
                seeker=seeker,
                vacancy=form.cleaned_data["vacancy"],
                source=Application.Source.STAFF,
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, message_of(error))
        else:
            messages.success(request, _("Đã ghi nhận hồ sơ ứng tuyển."))
    return redirect(seeker.get_absolute_url())


@unit_side
@require_POST
def application_outcome(request, pk: int):
    application = application_for(request.user, pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chọn một kết quả hợp lệ."))
    else:
        try:
            services.application_record_outcome(
                application=application,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, message_of(error))
        else:
            messages.success(request, _("Đã cập nhật kết quả của %(name)s.") % {"name": application.seeker.full_name})
    return redirect_next(request, application.seeker.get_absolute_url())


@unit_side
def check_in(request, pk: int):
    """The check-in page on a phone: scan (or type) a ticket code; a second scan says when the first was."""
    fair = fair_to_run(request.user, pk)
    result = error = None
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.seeker_check_in(fair=fair, code=form.cleaned_data["code"], actor=request.user)
        except ValidationError as exc:
            error = message_of(exc)
        form = CheckInForm()
    recent = fair.seekers.filter(checked_in_at__isnull=False).order_by("-checked_in_at")[:10]
    counts = {"seekers": fair.seekers.count(), "checked_in": fair.seekers.filter(checked_in_at__isnull=False).count()}
    context = {"fair": fair, "form": form, "result": result, "error": error, "recent": recent, "counts": counts}
    return render(request, "jobs/check_in.html", context, status=400 if error else 200)


@unit_side
def statistics(request):
    year = _year_param(request)
    context = {
        "stats": selectors.year_statistics(user=request.user, year=year, unit_id=_int_param(request, "unit")),
        "years": selectors.fair_years(user=request.user),
        "year": year,
    }
    return render(request, "jobs/statistics.html", context)
