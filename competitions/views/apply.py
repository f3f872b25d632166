"""Young people applying themselves, and their unit's answer.

Public: sign up from a contest's public page (an email code verifies the account), then write
the idea in the unit's entry form with the team, attach files, and send it to a unit under the
contest's owner. The applicant's own pages read `Entry.objects.visible_to(user)` narrowed to
their ideas. Officers: the ideas sent to their units, endorsed (counted in the quota) or
returned with a comment. Handlers parse, call a service, add a message and redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, TemplateView, UpdateView

from accounts.models import Unit
from common.forms import add_service_error
from common.uploads import private_file_response

from .. import selectors, services
from ..forms.apply import (
    ApplicantSignUpForm,
    ApplicantVerifyForm,
    ApplicationForm,
    ReturnForm,
    applicant_team_formset_class,
)
from ..models import Applicant, Contest, Entry, EntryAttachment
from ..selectors.apply import stored_team_rows
from ..services.entries import attachment_add_closes_at
from .entries import AttachmentUploadMixin, EntryFormMixin

SESSION_EMAIL = "competitions.applicant_email"
SESSION_CONTEST = "competitions.applicant_contest"


def _open_contest(slug: str) -> Contest:
    return get_object_or_404(Contest.objects.published(), slug=slug)


def _my_applications(user):
    return Entry.objects.visible_to(user).filter(applicant=user)


# --- the account ----------------------------------------------------------------------


def applicant_sign_up(request, slug: str):
    contest = _open_contest(slug)
    if request.user.is_authenticated:
        return redirect("competitions:application-create", slug=slug)
    form = ApplicantSignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.applicant_sign_up(
                email=data["email"],
                password=data["password1"],
                full_name=data["full_name"],
                date_of_birth=data["date_of_birth"],
                gender=data["gender"],
                phone=data["phone"],
                consent_text=str(form.consent_text),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            request.session[SESSION_EMAIL] = data["email"].strip().lower()
            request.session[SESSION_CONTEST] = slug
            messages.success(request, _("Đã gửi mã xác thực đến %(email)s.") % {"email": data["email"]})
            return redirect("competitions:applicant-verify")
    return render(request, "competitions/apply/sign_up.html", {"form": form, "contest": contest})


def applicant_verify(request):
    email = request.session.get(SESSION_EMAIL, "")
    form = ApplicantVerifyForm(request.POST or None, initial={"email": email})
    if request.method == "POST" and request.POST.get("action") == "resend":
        try:
            services.applicant_resend_code(email=request.POST.get("email", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.info(request, _("Nếu email này đang chờ xác thực, một mã mới đã được gửi."))
        return redirect("competitions:applicant-verify")
    if request.method == "POST" and form.is_valid():
        try:
            user = services.applicant_verify(email=form.cleaned_data["email"], code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Tài khoản đã được xác thực. Hãy viết ý tưởng của bạn."))
            slug = request.session.pop(SESSION_CONTEST, None)
            if slug:
                return redirect("competitions:application-create", slug=slug)
            return redirect("competitions:application-list")
    return render(request, "competitions/apply/verify.html", {"form": form})


# --- the idea -------------------------------------------------------------------------


class ApplicationFormMixin(EntryFormMixin):
    """The unit's entry form and team rows, saved as the young person's own idea."""

    form_class = ApplicationForm
    template_name = "competitions/apply/form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not Applicant.objects.filter(user=request.user).exists():
            messages.error(request, _("Trang này dành cho thanh niên tự gửi ý tưởng."))
            return redirect("home")
        return super().dispatch(request, *args, **kwargs)

    def get_formset(self):
        formset_class = applicant_team_formset_class(self.contest)
        kwargs = {"user": self.request.user, "contest": self.contest, "prefix": "team"}
        if self.request.method == "POST":
            return formset_class(self.request.POST, **kwargs)
        return formset_class(initial=self._team_initial(), **kwargs)

    def _team_initial(self) -> list[dict]:
        entry = self.object if self.object is not None and self.object.pk else None
        if entry is not None:
            return [
                {**row.new_person, "is_lead": row.is_lead, "responsibility": row.responsibility}
                for row in stored_team_rows(entry)
            ]
        me = self.request.user.applicant
        return [
            {
                "full_name": me.full_name,
                "date_of_birth": me.date_of_birth,
                "gender": me.gender,
                "phone": me.phone,
                "is_lead": True,
            }
        ]

    def _save(self, form, formset) -> Entry | None:
        entry, was_new = form.instance, form.instance.pk is None
        try:
            return services.application_save_draft(entry=entry, rows=formset.rows(), actor=self.request.user)
        except ValidationError as error:
            if was_new:
                entry.pk, entry._state.adding = None, True
            add_service_error(form, error)
            return None

    def _after_save(self, entry: Entry):
        target = redirect("competitions:application-detail", pk=entry.pk)
        if self.request.POST.get("action") != "send":
            messages.success(
                self.request,
                _("Đã lưu bản nháp “%(title)s”. Hãy tải lên kế hoạch kinh doanh, bài trình chiếu rồi gửi đơn vị.")
                % {"title": entry.title},
            )
            return target
        try:
            entry = services.application_send(entry=entry, actor=self.request.user)
        except ValidationError as error:
            messages.warning(
                self.request,
                _("Đã lưu bản nháp nhưng chưa gửi được: %(reason)s") % {"reason": " ".join(error.messages)},
            )
        else:
            messages.success(
                self.request,
                _("Đã gửi ý tưởng “%(title)s” đến %(unit)s.") % {"title": entry.title, "unit": entry.unit.name},
            )
        return target


class ApplicationCreateView(LoginRequiredMixin, ApplicationFormMixin, CreateView):
    object_required = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect("competitions:applicant-sign-up", slug=kwargs["slug"])
        self.contest = _open_contest(kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)


class ApplicationUpdateView(LoginRequiredMixin, ApplicationFormMixin, UpdateView):
    object_required = True

    def get_object(self, queryset=None):
        if not hasattr(self, "_entry"):
            self._entry = get_object_or_404(
                _my_applications(self.request.user)
                .filter(status__in=[Entry.Status.DRAFT, Entry.Status.RETURNED])
                .select_related("contest", "unit", "category"),
                pk=self.kwargs["pk"],
            )
            self.contest = self._entry.contest
        return self._entry

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.get_object()
        return super().dispatch(request, *args, **kwargs)


class ApplicationListView(LoginRequiredMixin, TemplateView):
    template_name = "competitions/apply/list.html"

    def get_context_data(self, **kwargs):
        entries = _my_applications(self.request.user).select_related("contest", "unit").order_by("-created_at")
        return super().get_context_data(entries=list(entries), **kwargs)


class ApplicationDetailView(LoginRequiredMixin, TemplateView):
    """The author's page: state, the unit's comment, team, files, and what they may do now."""

    template_name = "competitions/apply/detail.html"

    def get_context_data(self, **kwargs):
        entry = get_object_or_404(
            _my_applications(self.request.user).select_related("contest", "unit", "category", "round"),
            pk=self.kwargs["pk"],
        )
        now = timezone.now()
        closes_at = attachment_add_closes_at(entry=entry, now=now)
        editable = entry.status in (Entry.Status.DRAFT, Entry.Status.RETURNED)
        return super().get_context_data(
            entry=entry,
            contest=entry.contest,
            team=stored_team_rows(entry),
            attachments=list(entry.attachments.all()),
            can_edit=editable,
            can_send=editable,
            can_attach=editable or (closes_at is not None and now <= closes_at),
            attach_until=closes_at,
            **kwargs,
        )


@login_required
@require_POST
def application_send(request, pk: int):
    entry = get_object_or_404(_my_applications(request.user), pk=pk)
    try:
        entry = services.application_send(entry=entry, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Đã gửi ý tưởng “%(title)s” đến %(unit)s.") % {"title": entry.title, "unit": entry.unit.name}
        )
    return redirect("competitions:application-detail", pk=entry.pk)


class ApplicationAttachmentCreateView(AttachmentUploadMixin, LoginRequiredMixin, CreateView):
    template_name = "competitions/apply/attachment_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.entry = get_object_or_404(
                _my_applications(request.user).select_related("contest", "unit", "round"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def uploaded(self):
        return redirect("competitions:application-detail", pk=self.entry.pk)


@login_required
def application_attachment_download(request, pk: int):
    attachment = get_object_or_404(EntryAttachment.objects.filter(entry__in=_my_applications(request.user)), pk=pk)
    return private_file_response(attachment.file)


# --- the unit's answer ----------------------------------------------------------------


def _unit_application(request, pk: int) -> Entry:
    entry = get_object_or_404(
        Entry.objects.visible_to(request.user)
        .filter(applicant__isnull=False)
        .select_related("contest", "unit", "applicant"),
        pk=pk,
    )
    if not request.user.has_perm("competitions.submit_entry", entry):
        raise PermissionDenied
    return entry


ANSWERED_PER_PAGE = 50


class UnitApplicationListView(LoginRequiredMixin, TemplateView):
    """The ideas young people sent to the officer's units in one contest, with each unit's quota."""

    template_name = "competitions/apply/unit_list.html"

    def get_context_data(self, **kwargs):
        user, now = self.request.user, timezone.now()
        if not user.has_perm("competitions.add_entry"):
            raise PermissionDenied
        contest = get_object_or_404(selectors.contests_visible_to(user=user), pk=self.kwargs["contest_pk"])
        sent = (
            Entry.objects.visible_to(user)
            .filter(contest=contest, applicant__isnull=False)
            .exclude(status=Entry.Status.DRAFT)
            .select_related("unit", "category")
            .order_by("status", "sent_to_unit_at", "pk")
        )
        # Every idea waiting for an answer, in full; those answered already, 50 a page.
        waiting = list(sent.filter(status=Entry.Status.SENT_TO_UNIT).prefetch_related("attachments"))
        for entry in waiting:
            entry.typed_team = stored_team_rows(entry)
        answered = Paginator(sent.exclude(status=Entry.Status.SENT_TO_UNIT), ANSWERED_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        units = list(Unit.objects.filter(pk__in=sent.values("unit_id")).order_by("path"))
        progress = selectors.unit_quota_progress(contests=[contest], units=units, now=now)
        return super().get_context_data(
            contest=contest,
            waiting=waiting,
            answered=answered.object_list,
            page_obj=answered,
            paginator=answered.paginator,
            is_paginated=answered.has_other_pages(),
            progress=progress,
            return_form=ReturnForm(),
            **kwargs,
        )


@login_required
@require_POST
def application_endorse(request, pk: int):
    entry = _unit_application(request, pk)
    try:
        entry = services.application_endorse(entry=entry, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Đã xác nhận ý tưởng “%(title)s”, mã bài %(code)s.") % {"title": entry.title, "code": entry.code},
        )
    return redirect("competitions:unit-applications", contest_pk=entry.contest_id)


@login_required
@require_POST
def application_return(request, pk: int):
    entry = _unit_application(request, pk)
    form = ReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Cần ghi ý kiến để người gửi biết cần sửa gì."))
        entry = services.application_return(entry=entry, comment=form.cleaned_data["comment"], actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã trả lại ý tưởng “%(title)s” kèm ý kiến.") % {"title": entry.title})
    return redirect("competitions:unit-applications", contest_pk=entry.contest_id)
