"""The employer's private page, reached through the link given at registration.

An employer has no account: the unguessable token in the link is its key. It adds
and edits its vacancies and sees the seekers who applied to them (and only those),
recording interviews and outcomes.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from common.antispam import rate_limit_hit
from common.forms import add_service_error

from .. import selectors, services
from ..forms import OutcomeForm, VacancyForm
from ..models import Application, Employer
from .base import message_of


def _employer_by_token(token: str) -> Employer:
    return get_object_or_404(Employer.objects.select_related("fair"), access_token=token)


def employer_page_context(employer: Employer) -> dict:
    """Vacancies with their applicants and hire counts (three queries)."""
    vacancies = list(employer.vacancies.order_by("position", "pk"))
    applications = (
        Application.objects.filter(vacancy__employer=employer)
        .select_related("seeker", "vacancy")
        .order_by("seeker__full_name", "pk")
    )
    by_vacancy: dict[int, list] = {}
    for application in applications:
        by_vacancy.setdefault(application.vacancy_id, []).append(application)
    hired = selectors.hired_counts(v.pk for v in vacancies)
    rows = [{"vacancy": v, "applications": by_vacancy.get(v.pk, []), "hired": hired.get(v.pk, 0)} for v in vacancies]
    return {"employer": employer, "fair": employer.fair, "rows": rows, "statuses": Application.Status.choices}


@never_cache
def employer_manage(request, token: str):
    employer = _employer_by_token(token)
    form = VacancyForm(request.POST or None)
    if request.method == "POST":
        if rate_limit_hit(request, "jobs-vacancy"):
            return render(request, "common/too_many_requests.html", status=429)
        if form.is_valid():
            try:
                services.vacancy_save(vacancy=form.instance, employer=employer)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Đã thêm vị trí %(position)s.") % {"position": form.instance.position})
                return redirect(employer.get_manage_url())
    context = employer_page_context(employer)
    can_edit = not employer.fair.has_ended()
    context.update(form=form, token=token, can_edit=can_edit, vacancy_edit_token=token if can_edit else "")
    return render(request, "jobs/employer_manage.html", context)


@never_cache
def employer_vacancy_edit(request, token: str, pk: int):
    employer = _employer_by_token(token)
    vacancy = get_object_or_404(employer.vacancies, pk=pk)
    form = VacancyForm(request.POST or None, instance=vacancy)
    if request.method == "POST" and form.is_valid():
        try:
            services.vacancy_save(vacancy=form.instance, employer=employer)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Đã lưu vị trí %(position)s.") % {"position": vacancy.position})
            return redirect(employer.get_manage_url())
    return render(request, "jobs/employer_vacancy_form.html", {"employer": employer, "form": form, "vacancy": vacancy})


@require_POST
def employer_outcome(request, token: str, pk: int):
    """The employer records an outcome for one of the applications to its vacancies."""
    employer = _employer_by_token(token)
    application = get_object_or_404(Application.objects.filter(vacancy__employer=employer), pk=pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chọn một kết quả hợp lệ."))
    else:
        try:
            services.application_record_outcome(
                application=application, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, message_of(error))
        else:
            messages.success(request, _("Đã cập nhật kết quả của %(name)s.") % {"name": application.seeker.full_name})
    return redirect(employer.get_manage_url())
