"""Public pages, no login: fair listings, employer and seeker registration, the ticket.

Public pages show the fair, its approved employers and their vacancies, and counts;
never a seeker's name, phone or date of birth. The ticket page is reached only
through its unguessable code and shows the seeker their own registration.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from common.antispam import PublicFormThrottleMixin, rate_limit_hit
from common.forms import add_service_error
from common.qr import normalise_ticket_code, qr_svg

from .. import selectors, services
from ..forms import EmployerRegisterForm, SeekerRegisterForm
from ..models import Application, Employer, JobFair, JobSeeker, Vacancy
from .base import message_of


def _public_fairs():
    return JobFair.objects.exclude(status=JobFair.Status.DRAFT).not_voided().select_related("unit", "owner")


def public_fair_list(request):
    """Published fairs: coming ones first (soonest first), then past ones; one query."""
    approved = Q(employers__status=Employer.Status.APPROVED)
    fairs = _public_fairs().annotate(
        employer_count=Count("employers", filter=approved, distinct=True),
    )
    now = timezone.now()
    upcoming = sorted((f for f in fairs if f.ends_at >= now), key=lambda f: f.starts_at)
    past = [f for f in fairs if f.ends_at < now]
    return render(request, "jobs/public_fair_list.html", {"upcoming": upcoming, "past": past[:20]})


def public_fair_detail(request, slug: str):
    fair = get_object_or_404(_public_fairs(), slug=slug)
    vacancies = list(selectors.public_vacancies(fair=fair))
    employers: dict[int, dict] = {}
    for vacancy in vacancies:
        employers.setdefault(vacancy.employer_id, {"employer": vacancy.employer, "vacancies": []})["vacancies"].append(
            vacancy
        )
    for employer in Employer.objects.approved().filter(fair=fair).exclude(pk__in=employers):
        employers[employer.pk] = {"employer": employer, "vacancies": []}
    totals = Vacancy.objects.public().filter(employer__fair=fair).aggregate(openings=Sum("openings"))
    context = {
        "fair": fair,
        "employers": sorted(employers.values(), key=lambda e: e["employer"].name),
        "openings": totals["openings"] or 0,
        "vacancy_count": len(vacancies),
        "is_open": fair.accepts_registrations(),
        "is_full": fair.capacity is not None and fair.seekers.count() >= fair.capacity,
    }
    return render(request, "jobs/public_fair_detail.html", context)


class _FairFormView(PublicFormThrottleMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        self.fair = get_object_or_404(_public_fairs(), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(fair=self.fair, is_open=self.fair.accepts_registrations(), **kwargs)


class EmployerRegisterView(_FairFormView):
    template_name = "jobs/public_employer_register.html"
    form_class = EmployerRegisterForm
    throttle_scope = "jobs-employer"

    def form_valid(self, form):
        try:
            employer = services.employer_register(fair=self.fair, employer=form.instance)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Đã nhận đăng ký. Hãy lưu lại đường liên kết của trang này: đó là trang riêng để doanh nghiệp thêm vị "
                "trí tuyển dụng và xem hồ sơ ứng tuyển."
            ),
        )
        return redirect(employer.get_manage_url())


class SeekerRegisterView(_FairFormView):
    template_name = "jobs/public_seeker_register.html"
    form_class = SeekerRegisterForm
    throttle_scope = "jobs-seeker"

    def form_valid(self, form):
        try:
            seeker = services.seeker_register(
                fair=self.fair, seeker=form.instance, consent_text=str(SeekerRegisterForm.consent_text)
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Đăng ký thành công. Lưu lại trang vé này (hoặc chụp màn hình mã QR) để check-in tại ngày hội."),
        )
        return redirect(seeker.get_ticket_url())


def _seeker_by_code(code: str) -> JobSeeker:
    normalised = normalise_ticket_code(code)
    if normalised != code:
        raise Http404
    return get_object_or_404(JobSeeker.objects.select_related("fair"), ticket_code=code)


def ticket(request, code: str):
    """The seeker's ticket: QR code, their applications, vacancies they may apply to."""
    seeker = _seeker_by_code(code)
    applications = list(
        seeker.applications.select_related("vacancy__employer").order_by("vacancy__employer__name", "pk")
    )
    applied = {a.vacancy_id for a in applications}
    open_vacancies = [v for v in selectors.public_vacancies(fair=seeker.fair) if v.pk not in applied]
    context = {
        "seeker": seeker,
        "fair": seeker.fair,
        "qr": qr_svg(seeker.ticket_code),
        "applications": applications,
        "matches": selectors.matching_vacancies(seeker=seeker, vacancies=open_vacancies),
        "can_apply": seeker.fair.accepts_registrations(),
    }
    return render(request, "jobs/ticket.html", context)


@require_POST
def ticket_apply(request, code: str, vacancy_pk: int):
    seeker = _seeker_by_code(code)
    if rate_limit_hit(request, "jobs-apply"):
        return render(request, "common/too_many_requests.html", status=429)
    vacancy = get_object_or_404(Vacancy.objects.public().select_related("employer"), pk=vacancy_pk)
    try:
        services.application_create(seeker=seeker, vacancy=vacancy, source=Application.Source.TICKET)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(
            request,
            _("Đã ứng tuyển %(position)s tại %(employer)s.")
            % {"position": vacancy.position, "employer": vacancy.employer.name},
        )
    return redirect(reverse("jobs:ticket", kwargs={"code": code}))
