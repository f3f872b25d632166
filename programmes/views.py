"""Pages of the model programmes. Each view finds its object through `visible_to`
(404 otherwise), checks a `programmes.*` rule, calls a service and redirects."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView
from rules.contrib.views import PermissionRequiredMixin

from accounts.rules import runs_programme
from common.excel import xlsx_response
from common.forms import add_service_error
from common.http import redirect_next
from common.views import ExcelImportView
from ventures.models import Venture
from ventures.views import ScopedFilterView, UserFormMixin

from . import exports, imports, selectors, services
from .forms import (
    AttendanceForm,
    ParticipantEvaluateForm,
    ParticipantFilter,
    ParticipantRegisterForm,
    ParticipantSelectForm,
    ProgrammeForm,
    SupportRecordForm,
    TrainingSessionForm,
)
from .models import ModelProgramme, ProgrammeParticipant

STAGE_LABELS = {
    "registered": gettext_lazy("Đăng ký"),
    "selected": gettext_lazy("Được lựa chọn"),
    "active": gettext_lazy("Đang hoạt động"),
    "successful": gettext_lazy("Thành công"),
}


class ProgrammeMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Views under /programmes/<pk>/: the programme is looked up among the visible ones."""

    permission_required = "programmes.view_modelprogramme"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.programme = get_object_or_404(selectors.programmes_for(user=request.user), pk=kwargs["programme_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.programme

    def get_context_data(self, **kwargs):
        can_manage = self.request.user.has_perm("programmes.manage_programme", self.programme)
        return super().get_context_data(programme=self.programme, can_manage=can_manage, **kwargs)


class ParticipantMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Views under /programmes/participants/<pk>/."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.participant = _visible_participant(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.participant

    def get_context_data(self, **kwargs):
        return super().get_context_data(participant=self.participant, programme=self.participant.programme, **kwargs)


def _visible_participant(request, pk: int) -> ProgrammeParticipant:
    return get_object_or_404(selectors.participants_visible(user=request.user), pk=pk)


# --- Programmes --------------------------------------------------------------------


class OneLookupMixin:
    """The permission check and the view share one object lookup."""

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            self._object = super().get_object(queryset)
        return self._object


class ProgrammeListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    permission_required = "programmes.list_programmes"
    template_name = "programmes/programme_list.html"
    context_object_name = "programmes"

    def get_queryset(self):
        return selectors.programmes_for(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(today=timezone.localdate(), **kwargs)
        # Manage links on the programmes the user runs; the others are read-only here.
        context["run_ids"] = {p.pk for p in context["programmes"] if runs_programme(self.request.user, p)}
        return context


class ProgrammeFormMixin(UserFormMixin):
    model = ModelProgramme
    form_class = ProgrammeForm
    template_name = "programmes/programme_form.html"

    def form_valid(self, form):
        self.object = services.programme_save(
            programme=form.instance, owner=form.cleaned_data["owner"], actor=self.request.user
        )
        messages.success(self.request, _("Đã lưu chương trình %(name)s.") % {"name": self.object})
        return redirect(self.object)


class ProgrammeCreateView(LoginRequiredMixin, PermissionRequiredMixin, ProgrammeFormMixin, CreateView):
    permission_required = "programmes.add_modelprogramme"


class ProgrammeUpdateView(LoginRequiredMixin, PermissionRequiredMixin, OneLookupMixin, ProgrammeFormMixin, UpdateView):
    permission_required = "programmes.change_modelprogramme"

    def get_queryset(self):
        return selectors.programmes_for(user=self.request.user)


class ProgrammeDetailView(LoginRequiredMixin, PermissionRequiredMixin, OneLookupMixin, DetailView):
    """The dashboard: figures against the target by unit and sector, overdue reports,
    training sessions and support, over what the user may see."""

    permission_required = "programmes.view_modelprogramme"
    template_name = "programmes/programme_detail.html"
    context_object_name = "programme"

    def get_queryset(self):
        return selectors.programmes_for(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme, user = self.object, self.request.user
        today = timezone.localdate()
        dashboard = selectors.programme_dashboard(programme=programme, user=user)
        overdue = selectors.overdue_reports(programme=programme, user=user, today=today)
        context.update(
            today=today,
            due_day=settings.VENTURE_UPDATE_DUE_DAY,
            dashboard=dashboard,
            chart=dashboard.chart({key: str(label) for key, label in STAGE_LABELS.items()}),
            overdue=overdue,
            overdue_count=sum(len(row.periods) for row in overdue),
            sessions=selectors.training_sessions_for(programme=programme),
            support=selectors.support_summary(programme=programme, user=user),
            registration_refusal=services.registration_refusal(programme=programme, today=today),
            can_manage=user.has_perm("programmes.manage_programme", programme),
            can_edit=user.has_perm("programmes.change_modelprogramme", programme),
        )
        return context


# --- Participants ------------------------------------------------------------------


class ParticipantListView(ProgrammeMixin, ScopedFilterView):
    model = ProgrammeParticipant
    filterset_class = ParticipantFilter
    template_name = "programmes/participant_list.html"
    results_template_name = "programmes/_participant_table.html"
    context_object_name = "participants"

    def get_queryset(self):
        return selectors.with_activity(selectors.participants_for(programme=self.programme, user=self.request.user))

    def get_context_data(self, **kwargs):
        return super().get_context_data(sector_choices=Venture.Sector.choices, **kwargs)


@login_required
def participant_export(request, programme_pk: int):
    programme = get_object_or_404(selectors.programmes_for(user=request.user), pk=programme_pk)
    if not request.user.has_perm("programmes.view_modelprogramme", programme):
        raise PermissionDenied
    queryset = selectors.participants_for(programme=programme, user=request.user)
    rows = ParticipantFilter(request.GET, queryset=queryset, user=request.user).qs
    content = exports.participants_workbook(rows, title=_("Danh sách mô hình"))
    return xlsx_response(content, filename=f"mo-hinh-chuong-trinh-{programme.pk}-{timezone.localdate():%Y%m%d}.xlsx")


class ParticipantCreateView(ProgrammeMixin, FormView):
    permission_required = "programmes.register_participant"
    form_class = ParticipantRegisterForm
    template_name = "programmes/participant_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.programme, "user": self.request.user}

    def get_context_data(self, **kwargs):
        refusal = services.registration_refusal(programme=self.programme)
        return super().get_context_data(registration_refusal=refusal, **kwargs)

    def form_valid(self, form):
        participant = form.participant()
        try:
            if form.new_venture is not None:
                owner = form.new_owner or form.cleaned_data["owner"]
                participant = services.participant_register_new(
                    participant=participant, venture=form.new_venture, owner=owner, actor=self.request.user
                )
            else:
                participant = services.participant_register(participant=participant, actor=self.request.user)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã đăng ký mô hình %(name)s.") % {"name": participant.venture})
        return redirect(participant)


class ParticipantImportView(ProgrammeMixin, ExcelImportView):
    """Upload a unit's list "theo mẫu": all rows are registered, or none with a report of each error."""

    permission_required = "programmes.register_participant"
    template_name = "programmes/participant_import.html"

    def get_context_data(self, **context) -> dict:
        context["programme"] = self.programme
        context["registration_refusal"] = services.registration_refusal(programme=self.programme)
        return context

    def run_import(self, uploaded):
        return imports.import_participants(programme=self.programme, uploaded=uploaded, actor=self.request.user)

    def success_message(self, report) -> str:
        return _("Đã đăng ký %(count)d mô hình.") % {"count": report.created}

    def get_success_url(self) -> str:
        return reverse("programmes:participant-list", kwargs={"programme_pk": self.programme.pk})


@login_required
def participant_import_template(request, programme_pk: int):
    programme = get_object_or_404(selectors.programmes_for(user=request.user), pk=programme_pk)
    if not request.user.has_perm("programmes.register_participant", programme):
        raise PermissionDenied
    content = imports.template_workbook(programme=programme)
    return xlsx_response(content, filename=f"mau-dang-ky-chuong-trinh-{programme.pk}.xlsx")


class ParticipantDetailView(ParticipantMixin, DetailView):
    permission_required = "programmes.view_programmeparticipant"
    template_name = "programmes/participant_detail.html"
    context_object_name = "participant"

    def get_object(self, queryset=None):
        return self.participant

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        participant, user = self.participant, self.request.user
        context.update(
            owners=participant.venture.owners.visible_to(user),
            support_records=participant.support_records.select_related("recorded_by"),
            attendances=participant.attendances.select_related("session").order_by("session__date"),
            updates=participant.venture.updates.all()[:12],
            select_form=ParticipantSelectForm(initial={"sector": participant.sector}),
            can_manage=user.has_perm("programmes.select_participant", participant),
            can_support=user.has_perm("programmes.record_support", participant),
            history=participant.history.select_related("history_user")[:20],
        )
        return context


def _decide(request, pk: int, permission: str):
    participant = _visible_participant(request, pk)
    if not request.user.has_perm(permission, participant):
        raise PermissionDenied
    return participant


@login_required
@require_POST
def participant_select(request, pk: int):
    """The organiser's decision on one registration; htmx swaps the table row."""
    participant = _decide(request, pk, "programmes.select_participant")
    form = ParticipantSelectForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.participant_select(
                participant=participant,
                selected=form.cleaned_data["decision"] == ProgrammeParticipant.Status.SELECTED,
                sector=form.cleaned_data["sector"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Quyết định không hợp lệ.")
    if request.htmx:
        row = selectors.with_activity(ProgrammeParticipant.objects.filter(pk=participant.pk))
        context = {
            "p": row.select_related("venture", "unit").prefetch_related("venture__owners").get(),
            "programme": participant.programme,
            "can_manage": True,
            "sector_choices": Venture.Sector.choices,
            "row_error": error,
        }
        # htmx swaps only 2xx responses: a refusal comes back as the row with its message.
        return render(request, "programmes/_participant_row.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Đã ghi nhận: %(status)s.") % {"status": participant.get_status_display()})
    return redirect_next(request, participant.get_absolute_url())


@login_required
@require_POST
def participant_withdraw(request, pk: int):
    participant = _decide(request, pk, "programmes.withdraw_participant")
    try:
        services.participant_withdraw(participant=participant, actor=request.user)
        messages.success(request, _("Đã rút mô hình khỏi chương trình."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(participant)


class ParticipantEvaluateView(ParticipantMixin, UpdateView):
    permission_required = "programmes.evaluate_participant"
    form_class = ParticipantEvaluateForm
    template_name = "programmes/participant_evaluate.html"

    def get_object(self, queryset=None):
        return self.participant

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.participant_evaluate(
                participant=self.participant,
                is_successful=data["is_successful"],
                to_commend=data["to_commend"],
                to_replicate=data["to_replicate"],
                note=data["evaluation_note"],
                actor=self.request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã lưu đánh giá mô hình %(name)s.") % {"name": self.participant.venture})
        return redirect(self.participant)


# --- Support and training ----------------------------------------------------------


class SupportRecordCreateView(ParticipantMixin, CreateView):
    permission_required = "programmes.record_support"
    form_class = SupportRecordForm
    template_name = "programmes/support_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "participant": self.participant}

    def get_initial(self):
        return {"date": timezone.localdate()}

    def form_valid(self, form):
        try:
            services.support_record_add(record=form.instance, actor=self.request.user)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã ghi nhận hỗ trợ."))
        return redirect(self.participant)


class SupportRecordListView(ProgrammeMixin, ListView):
    template_name = "programmes/support_list.html"
    context_object_name = "records"
    paginate_by = 50

    def get_queryset(self):
        return selectors.support_records_for(programme=self.programme, user=self.request.user)

    def get_context_data(self, **kwargs):
        summary = selectors.support_summary(programme=self.programme, user=self.request.user)
        return super().get_context_data(summary=summary, **kwargs)


class TrainingSessionCreateView(ProgrammeMixin, CreateView):
    permission_required = "programmes.manage_programme"
    form_class = TrainingSessionForm
    template_name = "programmes/training_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.programme}

    def form_valid(self, form):
        session = services.training_session_save(session=form.instance, actor=self.request.user)
        messages.success(self.request, _("Đã thêm %(title)s; hãy điểm danh học viên.") % {"title": session.title})
        return redirect(session)


class TrainingSessionDetailView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """A session with its attendance; the organiser ticks who came."""

    permission_required = "programmes.view_trainingsession"
    form_class = AttendanceForm
    template_name = "programmes/training_detail.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.session = get_object_or_404(selectors.training_sessions_visible(user=request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.session

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "session": self.session}

    def get_initial(self):
        return {"attended": list(self.session.attendances.filter(attended=True).values_list("participant", flat=True))}

    def get_context_data(self, **kwargs):
        user = self.request.user
        attendances = (
            self.session.attendances.visible_to(user)
            .select_related("participant__venture", "participant__unit")
            .order_by("participant__unit__path", "participant__venture__name")
        )
        return super().get_context_data(
            session=self.session,
            programme=self.session.programme,
            attendances=attendances,
            can_manage=user.has_perm("programmes.manage_programme", self.session.programme),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("programmes.manage_programme", self.session.programme):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        count = services.training_record_attendance(
            session=self.session, attended_ids=[p.pk for p in form.cleaned_data["attended"]], actor=self.request.user
        )
        messages.success(self.request, _("Đã điểm danh: %(count)d học viên có mặt.") % {"count": count})
        return redirect(self.session)
