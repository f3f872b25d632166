"""The contest's guided set-up in the staff pages: a new draft or a copy of last year's, then
one page per step (with a stepper showing each step's state), the preview of the public call,
and opening the contest once its checklist is complete.

Every page needs `competitions.manage_contest` on the contest (staff of its owner; another
province's contest is a 404, one seen but run by another unit a 403). A step's handler reads
its form, calls the step's service (all or nothing) and goes on to the next step; a refusal
stays on the page with its reasons beside the fields.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from accounts.selectors import units_run_by
from common.forms import add_service_error

from ... import selectors, services
from ...forms.setup import (
    BasicsForm,
    CategoriesForm,
    EligibilityForm,
    ScorecardForm,
    SubmissionForm,
    TeamForm,
    criterion_formset,
    criterion_initial,
    criterion_inputs,
    prize_formset,
    prize_inputs,
    round_formset,
    round_initial,
    round_inputs,
)
from ...models import Contest, Round
from ...selectors.setup import STEP_KEYS, STEPS, step
from .base import StaffMixin, contest_or_404, error_text, staff_only


class SetupMixin(StaffMixin):
    """A page of the set-up of one contest: the stepper, the checklist, the next step."""

    step_key: str

    def get_permission_object(self):
        if not hasattr(self, "_contest"):
            self._contest = super().get_permission_object()
        return self._contest

    @property
    def contest(self) -> Contest:
        return self.get_permission_object()

    def step_url(self, key: str) -> str:
        return reverse(step(key).url_name, kwargs={"contest_pk": self.contest.pk})

    def next_url(self) -> str:
        index = STEP_KEYS.index(self.step_key)
        return self.step_url(STEP_KEYS[min(index + 1, len(STEP_KEYS) - 1)])

    def setup_context(self) -> dict:
        checklist = selectors.contest_setup_checklist(contest=self.contest)
        state = checklist.by_step()
        steps = [
            {
                "number": number,
                "key": s.key,
                "label": s.label,
                "url": self.step_url(s.key),
                "done": state.get(s.key, False),
                "current": s.key == self.step_key,
            }
            for number, s in enumerate(STEPS, start=1)
        ]
        return {
            "contest": self.contest,
            "checklist": checklist,
            "steps": steps,
            "step": step(self.step_key),
            "is_draft": self.contest.status == Contest.Status.DRAFT,
            "next_url": self.next_url(),
        }


class SetupFormStepView(SetupMixin, FormView):
    """A step of one form: its initial values from the contest, its save through a service."""

    template_name = "competitions/setup/step.html"
    intro = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(intro=self.intro, **self.setup_context(), **kwargs)

    def save(self, form) -> None:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.save(form)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã lưu bước “%(step)s”.") % {"step": step(self.step_key).label})
        return redirect(self.next_url())


class SetupBasicsView(SetupFormStepView):
    step_key = "basics"

    def get_form(self, form_class=None):
        return BasicsForm(**self.get_form_kwargs(), user=self.request.user, contest=self.contest)

    def get_initial(self):
        c = self.contest
        return {"name": c.name, "year": c.year, "slug": c.slug, "description": c.description}

    def get_context_data(self, **kwargs):
        return super().get_context_data(multipart=True, **kwargs)

    def save(self, form) -> None:
        data = form.cleaned_data
        services.contest_save_basics(
            contest=self.contest,
            name=data["name"],
            year=data["year"],
            slug=data["slug"],
            description=data["description"],
            rules_document=data["rules_document"] or None,
            actor=self.request.user,
        )


class SetupCategoriesView(SetupFormStepView):
    step_key = "categories"
    form_class = CategoriesForm

    def get_initial(self):
        return {"names": "\n".join(self.contest.categories.values_list("name", flat=True))}

    def save(self, form) -> None:
        services.contest_save_categories(
            contest=self.contest, names=form.cleaned_data["names"], actor=self.request.user
        )


class SetupSubmissionView(SetupFormStepView):
    step_key = "submission"
    form_class = SubmissionForm

    def get_initial(self):
        c = self.contest
        return {
            "submission_opens_at": timezone.localtime(c.submission_opens_at),
            "submission_closes_at": timezone.localtime(c.submission_closes_at),
            "min_entries_per_unit": c.min_entries_per_unit,
            "max_entries_per_unit": c.max_entries_per_unit,
        }

    def save(self, form) -> None:
        data = form.cleaned_data
        services.contest_save_submission(
            contest=self.contest,
            opens_at=data["submission_opens_at"],
            closes_at=data["submission_closes_at"],
            min_entries_per_unit=data["min_entries_per_unit"],
            max_entries_per_unit=data["max_entries_per_unit"],
            actor=self.request.user,
        )


class SetupEligibilityView(SetupFormStepView):
    step_key = "eligibility"
    form_class = EligibilityForm

    def get_initial(self):
        c = self.contest
        return {"min_age": c.min_age, "max_age": c.max_age, "age_reference_date": c.age_reference_date}

    def save(self, form) -> None:
        services.contest_save_eligibility(contest=self.contest, **form.cleaned_data, actor=self.request.user)


class SetupTeamView(SetupFormStepView):
    step_key = "team"
    form_class = TeamForm

    def get_initial(self):
        return {"max_team_size": self.contest.max_team_size}

    def save(self, form) -> None:
        services.contest_save_team(
            contest=self.contest, max_team_size=form.cleaned_data["max_team_size"], actor=self.request.user
        )


class SetupRowsView(SetupMixin, TemplateView):
    """A step of rows (prize tiers, rounds): a formset saved whole through one service."""

    prefix = "rows"

    def formset(self, data=None):
        initial = self.initial()
        return self.formset_factory(existing=len(initial))(data, initial=initial, prefix=self.prefix)

    def formset_factory(self, *, existing: int):
        raise NotImplementedError

    def initial(self) -> list[dict]:
        raise NotImplementedError

    def save(self, formset) -> None:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.formset())
        return super().get_context_data(**self.setup_context(), **kwargs)

    def post(self, request, *args, **kwargs):
        formset = self.formset(request.POST)
        errors: list[str] = []
        if formset.is_valid():
            try:
                self.save(formset)
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, _("Đã lưu bước “%(step)s”.") % {"step": step(self.step_key).label})
                return redirect(self.next_url())
        context = self.get_context_data(formset=formset, errors=errors)
        return self.render_to_response(context, status=400)


class SetupPrizesView(SetupRowsView):
    step_key = "prizes"
    template_name = "competitions/setup/prizes.html"

    def formset_factory(self, *, existing: int):
        return prize_formset(existing=existing)

    def initial(self) -> list[dict]:
        return list(self.contest.prize_tiers.order_by("rank").values("name", "count", "amount"))

    def save(self, formset) -> None:
        services.contest_save_prizes(contest=self.contest, tiers=prize_inputs(formset), actor=self.request.user)


class SetupRoundsView(SetupRowsView):
    step_key = "rounds"
    template_name = "competitions/setup/rounds.html"

    def formset_factory(self, *, existing: int):
        return round_formset(existing=existing)

    @cached_property
    def rounds(self) -> list[Round]:
        return list(self.contest.rounds.order_by("order"))

    def initial(self) -> list[dict]:
        return round_initial(self.rounds)

    def get_context_data(self, **kwargs):
        return super().get_context_data(rounds=self.rounds, **kwargs)

    def save(self, formset) -> None:
        services.contest_save_rounds(contest=self.contest, rounds=round_inputs(formset), actor=self.request.user)

    def next_url(self) -> str:
        # After the rounds, the criteria of the first scoring round that does not add up yet.
        checklist = selectors.contest_setup_checklist(contest=self.contest)
        pending = next((i for i in checklist.items if i.key.startswith("rounds:") and not i.done), None)
        return pending.url if pending else super().next_url()


class RoundCriteriaView(SetupMixin, TemplateView):
    """A scoring round's scorecard: its total, how it weighs its criteria, and the criteria."""

    step_key = "rounds"
    template_name = "competitions/setup/criteria.html"

    def get_permission_object(self):
        if not hasattr(self, "_contest"):
            self._contest = super(SetupMixin, self).get_permission_object()  # finds the round
            if not self.permission_round.is_scoring:
                raise Http404
        return self._contest

    @property
    def round(self) -> Round:
        return self.permission_round

    def forms(self, data=None):
        round = self.round
        form = ScorecardForm(
            data,
            initial={"max_total": round.max_total or 100, "weighting": round.weighting},
        )
        initial = criterion_initial(round)
        formset = criterion_formset(existing=len(initial))(data, initial=initial, prefix="criteria")
        return form, formset

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            kwargs["form"], kwargs["formset"] = self.forms()
        return super().get_context_data(round=self.round, **self.setup_context(), **kwargs)

    def next_url(self) -> str:
        checklist = selectors.contest_setup_checklist(contest=self.contest)
        pending = next((i for i in checklist.items if i.key.startswith("rounds:") and not i.done), None)
        return pending.url if pending else self.step_url("judges")

    def post(self, request, *args, **kwargs):
        form, formset = self.forms(request.POST)
        errors: list[str] = []
        if form.is_valid() and formset.is_valid():
            weighting = form.cleaned_data["weighting"]
            try:
                services.round_save_criteria(
                    round=self.round,
                    max_total=form.cleaned_data["max_total"],
                    weighting=weighting,
                    criteria=criterion_inputs(formset, weighting=weighting),
                    actor=request.user,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    add_service_error(form, error)
                else:
                    errors = error.messages
            else:
                messages.success(request, _("Đã lưu tiêu chí chấm của %(round)s.") % {"round": self.round.name})
                return redirect(self.next_url())
        context = self.get_context_data(form=form, formset=formset, errors=errors)
        return self.render_to_response(context, status=400)


class SetupJudgesView(SetupMixin, TemplateView):
    """The contest's judges and its coaching rounds' mentors; invitations are sent from their own page."""

    step_key = "judges"
    template_name = "competitions/setup/judges.html"

    def get_context_data(self, **kwargs):
        contest = self.contest
        judges = contest.judges.select_related("user", "affiliation").order_by("user__full_name", "pk")
        coaching = contest.rounds.filter(kind=Round.Kind.COACHING).prefetch_related("mentors").order_by("order")
        return super().get_context_data(
            judges=list(judges),
            coaching=[{"round": r, "mentors": list(r.mentors.all())} for r in coaching],
            **self.setup_context(),
            **kwargs,
        )


class SetupPreviewView(SetupMixin, TemplateView):
    """The public call as a visitor will see it once the contest opens (`views.public.public_results`)."""

    step_key = "preview"
    template_name = "competitions/setup/preview.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            timeline=selectors.contest_timeline(contest=self.contest),
            published=False,
            **self.setup_context(),
            **kwargs,
        )


class SetupOpenView(SetupMixin, TemplateView):
    """The checklist, and "Mở cuộc thi" once it is complete (the service refuses otherwise)."""

    step_key = "open"
    template_name = "competitions/setup/open.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.setup_context(), **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            contest = services.contest_open(contest=self.contest, actor=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(request, _("Đã mở cuộc thi “%(name)s”: trang công khai đã có.") % {"name": contest.name})
        return redirect(contest)


@login_required
def contest_setup(request, contest_pk: int):
    """The set-up of a contest: its first step still missing (the last one when none is)."""
    contest = contest_or_404(contest_pk, user=request.user)
    checklist = selectors.contest_setup_checklist(contest=contest)
    first = next((item for item in checklist.missing), None)
    url = first.url if first else reverse("competitions:contest-setup-open", kwargs={"contest_pk": contest.pk})
    return redirect(url)


# --- a new contest ---------------------------------------------------------------------


class ContestSetupStartView(StaffMixin, FormView):
    """Start a contest: its first step for a new draft, or a copy of a unit's last contest."""

    template_name = "competitions/setup/start.html"

    def get_permission_object(self):
        return None  # any staff role; the units offered as owner are those the user runs

    def get_form(self, form_class=None):
        return BasicsForm(**self.get_form_kwargs(), user=self.request.user)

    def get_initial(self):
        return {"year": timezone.localdate().year}

    def get_context_data(self, **kwargs):
        sources = []
        for unit in units_run_by(user=self.request.user).order_by("path"):
            last = selectors.last_contest_of(owner=unit)
            if last is not None:
                sources.append({"unit": unit, "contest": last})
        return super().get_context_data(sources=sources, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            contest = services.contest_create(
                owner=data["owner"],
                name=data["name"],
                year=data["year"],
                slug=data["slug"],
                description=data["description"],
                rules_document=data["rules_document"] or None,
                actor=self.request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã tạo bản nháp “%(name)s”.") % {"name": contest.name})
        return redirect("competitions:contest-setup-categories", contest_pk=contest.pk)


@staff_only
def contest_setup_copy(request):
    """A new draft from the last contest of the unit chosen (one the user runs)."""
    owner = units_run_by(user=request.user).filter(pk=request.POST.get("owner")).first()
    if owner is None:
        raise Http404
    try:
        contest = services.contest_copy_last_year(owner=owner, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("competitions:contest-setup-start")
    messages.success(
        request,
        _("Đã tạo bản nháp “%(name)s” năm %(year)d từ cuộc thi năm trước; hãy xem lại và lưu từng bước.")
        % {"name": contest.name, "year": contest.year},
    )
    return redirect("competitions:contest-setup-basics", contest_pk=contest.pk)
