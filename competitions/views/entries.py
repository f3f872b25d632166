"""A unit's side of the contest: the contest pages, entries with their team, attachments.

Unit officers reach only their units' entries (`Entry.objects.visible_to`, so an id of
another unit's entry is a 404); staff see every unit's progress and go on to their
own screening and judging pages. Handlers parse the form, call a service, add a
message and redirect; a service's refusal becomes a message, never an error page.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView
from rules.contrib.views import PermissionRequiredMixin

from accounts.rules import OFFICER, STAFF
from accounts.scoping import access_of, unit_scope_q
from common.forms import add_service_error
from common.uploads import private_file_response

from .. import selectors, services
from ..forms.entries import EntryAttachmentForm, EntryForm, attachment_kinds_help, team_formset_class, team_initial
from ..models import Contest, Entry, EntryAttachment, Round, UnitExtension

# --- helpers --------------------------------------------------------------------------


def _is_staff(user) -> bool:
    return access_of(user).has_role(STAFF)


def _officer_units(user) -> list:
    """The active units where the user is an officer: whose quota their pages show."""
    today = timezone.localdate()
    return [u for u in access_of(user).units_by_role.get(OFFICER, ()) if u.is_active_on(today)]


def _message_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def _window_refusal(*, contest: Contest, user, now) -> str | None:
    """Why no unit of this user can add an entry now, or None when one can."""
    if contest.status != Contest.Status.OPEN or now < contest.submission_opens_at:
        return _("Cuộc thi chưa mở nhận bài.")
    if now <= contest.submission_closes_at:
        return None
    extended = UnitExtension.objects.filter(unit_scope_q(user), contest=contest, until__gte=now).exists()
    if extended:
        return None
    return _("Đã hết hạn nộp bài (%(deadline)s).") % {
        "deadline": timezone.localtime(contest.submission_closes_at).strftime("%H:%M %d/%m/%Y")
    }


def _in_open_coaching(entry: Entry, now) -> bool:
    current = entry.round
    return (
        entry.status == Entry.Status.IN_COMPETITION
        and current is not None
        and current.kind == Round.Kind.COACHING
        and current.is_open_at(now)
    )


def _may_add_after_submission(entry: Entry, now) -> bool:
    """Files may still be added after submission until the current round's window closes."""
    if entry.status == Entry.Status.DRAFT:
        return False
    closes_at = services.attachment_add_closes_at(entry=entry, now=now)
    return closes_at is not None and now <= closes_at


# --- contests -------------------------------------------------------------------------


class ContestListView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Published contests with the officer's progress and deadline per unit; staff see drafts too."""

    permission_required = "competitions.list_contests"
    template_name = "competitions/contest_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, now = self.request.user, timezone.now()
        is_staff = _is_staff(user)
        contests = selectors.contests_visible_to(user=user).order_by("-year", "-submission_opens_at")
        if is_staff:
            # Only entries the viewer sees: a contest run above them counts their units' entries.
            seen = unit_scope_q(user, lookup="entries__unit")
            contests = contests.annotate(
                counted=Count("entries", filter=seen & Q(entries__status__in=Entry.QUOTA_STATUSES)),
                drafts=Count("entries", filter=seen & Q(entries__status=Entry.Status.DRAFT)),
            )
        contests = list(contests)
        progress = selectors.unit_quota_progress(contests=contests, units=_officer_units(user), now=now)
        context.update(
            is_staff=is_staff,
            now=now,
            rows=[{"contest": c, "progress": [p for p in progress if p.contest is c]} for c in contests],
        )
        return context


UNITS_PER_PAGE = 50


class ContestDetailView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    """For officers: the contest, their units' quota and entries. For staff: every unit's progress."""

    permission_required = "competitions.list_contests"
    template_name = "competitions/contest_detail.html"
    context_object_name = "contest"

    def get_queryset(self):
        return selectors.contests_visible_to(user=self.request.user)

    def get_permission_object(self):
        return None  # who may see which contest is the queryset's business

    def get_template_names(self):
        # The status filter of the entry list asks htmx for the rows only.
        if self.request.htmx:
            return ["competitions/_entry_table.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, contest, now = self.request.user, self.object, timezone.now()
        is_staff = _is_staff(user)
        status = self.request.GET.get("status", "")
        if status not in Entry.Status.values:
            status = ""
        can_manage = user.has_perm("competitions.manage_contest", contest)
        q = self.request.GET.get("q", "").strip()[:100]
        context.update(
            now=now,
            is_staff=is_staff,
            can_manage=can_manage,
            status=status,
            q=q,
            statuses=Entry.Status.choices,
        )
        if can_manage and not self.request.htmx:
            if contest.status == Contest.Status.DRAFT:
                # What the guided set-up still lacks before the contest may open.
                context["checklist"] = selectors.contest_setup_checklist(contest=contest, now=now)
            context["can_close_early"] = (
                contest.status == Contest.Status.OPEN
                and contest.submission_opens_at <= now < contest.submission_closes_at
            )
        if not is_staff:
            # Staff work through every unit's entries on their screening pages instead.
            context["entries"] = selectors.unit_entry_rows(user=user, contest=contest, status=status, q=q)
        if self.request.htmx:
            return context
        context.update(categories=list(contest.categories.all()), rounds=list(contest.rounds.all()))
        if is_staff:
            unit_rows = selectors.unit_quota_progress(
                contests=[contest], units=selectors.quota_units_for(user=user), now=now
            )
            by_status = dict(
                Entry.objects.visible_to(user)
                .filter(contest=contest)
                .order_by()
                .values_list("status")
                .annotate(n=Count("pk"))
            )
            below = [row for row in unit_rows if row.below_minimum]
            units_filter = "below" if self.request.GET.get("units") == "below" else ""
            # A national contest asks every commune of the Union: 50 units a page, the units
            # still below the minimum one click away.
            units_page = Paginator(below if units_filter else unit_rows, UNITS_PER_PAGE).get_page(
                self.request.GET.get("units_page")
            )
            context.update(
                unit_rows=units_page.object_list,
                units_page=units_page,
                units_filter=units_filter,
                units_total=len(unit_rows),
                units_below=len(below),
                status_counts=[(label, by_status.get(value, 0)) for value, label in Entry.Status.choices],
            )
        else:
            progress = selectors.unit_quota_progress(contests=[contest], units=_officer_units(user), now=now)
            context.update(
                progress=progress,
                can_add=any(p.is_open and not p.is_full for p in progress),
                closes_soon=any(p.closes_soon for p in progress),
                # Past the deadline for every unit, while the contest still runs.
                is_past=bool(progress) and all(p.is_past for p in progress),
                # Ideas young people sent themselves, waiting for the unit (`views.apply`).
                applications_waiting=Entry.objects.visible_to(user)
                .filter(contest=contest, status=Entry.Status.SENT_TO_UNIT)
                .count(),
            )
        return context


def contest_rules_download(request, pk: int):
    """The contest's rules document: public once the contest is published (staff see drafts')."""
    contest = Contest.objects.published().filter(pk=pk).first() or get_object_or_404(
        selectors.contests_visible_to(user=request.user), pk=pk
    )
    if not contest.rules_document:
        raise Http404
    return private_file_response(contest.rules_document)


# --- entries: the form with its team --------------------------------------------------


class EntryFormMixin:
    """Create or edit a draft with its team in one form, all or nothing."""

    model = Entry
    form_class = EntryForm
    template_name = "competitions/entry_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "contest": self.contest, "user": self.request.user}

    def get_formset(self):
        formset_class = team_formset_class(self.contest)
        entry = self.object if self.object is not None and self.object.pk else None
        kwargs = {"user": self.request.user, "contest": self.contest, "entry": entry, "prefix": "team"}
        if self.request.method == "POST":
            return formset_class(self.request.POST, **kwargs)
        return formset_class(initial=team_initial(entry) if entry else None, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.get_formset())
        return super().get_context_data(contest=self.contest, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object() if self.object_required else None
        form, formset = self.get_form(), self.get_formset()
        if all([form.is_valid(), formset.is_valid()]):
            entry = self._save(form, formset)
            if entry is not None:
                return self._after_save(entry)
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def _save(self, form, formset) -> Entry | None:
        """Save the draft and its team (the service adds new people to the registry); a refused
        new entry is unsaved again, so the page shows it as new with the refusal on the form."""
        entry, actor = form.instance, self.request.user
        was_new = entry.pk is None
        try:
            return services.entry_save_draft_with_new_people(entry=entry, rows=formset.rows(), actor=actor)
        except ValidationError as error:
            if was_new:
                entry.pk, entry._state.adding = None, True
            add_service_error(form, error)
            return None

    def _after_save(self, entry: Entry):
        if self.request.POST.get("action") != "submit":
            messages.success(self.request, _("Đã lưu bản nháp “%(title)s”.") % {"title": entry.title})
            return redirect(entry)
        try:
            entry = services.entry_submit(entry=entry, actor=self.request.user)
        except ValidationError as error:
            messages.warning(
                self.request,
                _("Đã lưu bản nháp nhưng chưa nộp được: %(reason)s") % {"reason": _message_of(error)},
            )
        else:
            messages.success(
                self.request,
                _("Đã nộp bài “%(title)s”, mã bài %(code)s.") % {"title": entry.title, "code": entry.code},
            )
        return redirect(entry)


class EntryCreateView(LoginRequiredMixin, PermissionRequiredMixin, EntryFormMixin, CreateView):
    permission_required = "competitions.add_entry"
    object_required = False

    def dispatch(self, request, *args, **kwargs):
        # Without a unit role the permission check below refuses (403) before any lookup.
        if request.user.is_authenticated and request.user.has_perm(self.permission_required):
            self.contest = get_object_or_404(selectors.contests_visible_to(user=request.user), pk=kwargs["contest_pk"])
            refusal = _window_refusal(contest=self.contest, user=request.user, now=timezone.now())
            if refusal:
                messages.error(request, refusal)
                return redirect(self.contest)
        return super().dispatch(request, *args, **kwargs)


class EntryUpdateView(LoginRequiredMixin, PermissionRequiredMixin, EntryFormMixin, UpdateView):
    permission_required = "competitions.change_entry"
    object_required = True

    def get_object(self, queryset=None):
        if not hasattr(self, "_entry"):
            self._entry = get_object_or_404(
                Entry.objects.visible_to(self.request.user).select_related("contest", "unit", "category"),
                pk=self.kwargs["pk"],
            )
            self.contest = self._entry.contest
        return self._entry

    def handle_no_permission(self):
        # A unit's own entry that is no longer a draft: say why instead of a bare 403.
        if self.request.user.is_authenticated:
            entry = self.get_object()
            if not entry.is_editable and self.request.user.has_perm("competitions.view_entry", entry):
                messages.error(self.request, _("Bài đã nộp không sửa được; hãy rút bài nếu cần sửa."))
                return redirect(entry)
        return super().handle_no_permission()


class EntryDetailView(LoginRequiredMixin, PermissionRequiredMixin, DetailView):
    permission_required = "competitions.view_entry"
    template_name = "competitions/entry_detail.html"
    context_object_name = "entry"

    def get_object(self, queryset=None):
        if not hasattr(self, "_entry"):
            self._entry = get_object_or_404(
                Entry.objects.visible_to(self.request.user).select_related(
                    "contest", "unit", "category", "round", "created_by", "screened_by"
                ),
                pk=self.kwargs["pk"],
            )
        return self._entry

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry, user, now = self.object, self.request.user, timezone.now()
        contest = entry.contest
        (progress,) = selectors.unit_quota_progress(contests=[contest], units=[entry.unit], now=now)
        team = list(entry.team.select_related("entrepreneur"))
        for member in team:
            member.age = member.entrepreneur.age_on(contest.age_reference_date)
            member.in_range = contest.min_age <= member.age <= contest.max_age
        acts = user.has_perm("competitions.submit_entry", entry)
        status = entry.status
        context.update(
            contest=contest,
            progress=progress,
            team=team,
            attachments=list(entry.attachments.select_related("revision_round", "uploaded_by")),
            results=list(entry.round_results.select_related("round").order_by("round__order")),
            feedback=list(entry.feedback.select_related("round", "mentor")),
            award=getattr(entry, "award", None) if contest.results_published_at else None,
            is_staff=_is_staff(user),
            can_edit=user.has_perm("competitions.change_entry", entry),
            can_submit=acts and status == Entry.Status.DRAFT and progress.is_open,
            can_withdraw=acts and status == Entry.Status.SUBMITTED,
            can_reopen=acts and status == Entry.Status.WITHDRAWN and progress.is_open,
            can_remove=acts and ((status == Entry.Status.DRAFT and progress.is_open) or _in_open_coaching(entry, now)),
            can_attach=acts
            and (
                (status == Entry.Status.DRAFT and progress.is_open)
                or _in_open_coaching(entry, now)
                or _may_add_after_submission(entry, now)
            ),
            history=entry.history.select_related("history_user")[:20],
            promotions=selectors.entry_promotions(entry=entry, user=user),
        )
        return context


# --- entries: one-click transitions ---------------------------------------------------


def _entry_transition(request, pk: int, *, service, success: str):
    entry = get_object_or_404(Entry.objects.visible_to(request.user).select_related("contest", "unit"), pk=pk)
    if not request.user.has_perm("competitions.submit_entry", entry):
        raise PermissionDenied
    try:
        entry = service(entry=entry, actor=request.user)
    except ValidationError as error:
        messages.error(request, _message_of(error))
    else:
        messages.success(request, success % {"title": entry.title, "code": entry.code})
    return redirect(entry)


@login_required
@require_POST
def entry_submit(request, pk: int):
    return _entry_transition(
        request, pk, service=services.entry_submit, success=_("Đã nộp bài “%(title)s”, mã bài %(code)s.")
    )


@login_required
@require_POST
def entry_withdraw(request, pk: int):
    return _entry_transition(
        request,
        pk,
        service=services.entry_withdraw,
        success=_("Đã rút bài “%(title)s”. Có thể mở lại thành bản nháp để sửa khi còn hạn nộp."),
    )


@login_required
@require_POST
def entry_reopen(request, pk: int):
    return _entry_transition(
        request, pk, service=services.entry_reopen_draft, success=_("Bài “%(title)s” đã trở lại thành bản nháp.")
    )


# --- attachments ----------------------------------------------------------------------


class AttachmentUploadMixin:
    """Upload a file to `self.entry` (set by `dispatch`) through the entry's service; the
    officer's page and the applicant's differ only in who finds the entry and where they go next."""

    model = EntryAttachment
    form_class = EntryAttachmentForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "entry": self.entry}

    def get_context_data(self, **kwargs):
        return super().get_context_data(entry=self.entry, kinds_help=attachment_kinds_help(), **kwargs)

    def form_valid(self, form):
        try:
            services.entry_attachment_add(attachment=form.instance, actor=self.request.user)
        except ValidationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Đã tải lên %(kind)s.") % {"kind": form.instance.get_kind_display()})
        return self.uploaded()

    def uploaded(self):
        return redirect(self.entry)


class EntryAttachmentCreateView(AttachmentUploadMixin, LoginRequiredMixin, PermissionRequiredMixin, CreateView):
    """Upload a file to a draft, or a revised version during the entry's coaching round."""

    permission_required = "competitions.submit_entry"
    template_name = "competitions/entry_attachment_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.entry = get_object_or_404(
                Entry.objects.visible_to(request.user).select_related("contest", "unit", "round"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.entry


def _readable_entries(user):
    """Entries whose files the user may open: their units' entries, and for a mentor
    the entries of the coaching round they advise (the `view_entry` rule decides)."""
    return Entry.objects.visible_to(user) | Entry.objects.filter(round__mentors=user)


@login_required
def entry_attachment_download(request, pk: int):
    attachment = get_object_or_404(
        EntryAttachment.objects.filter(entry__in=_readable_entries(request.user)).select_related(
            "entry__unit", "entry__round"
        ),
        pk=pk,
    )
    if not request.user.has_perm("competitions.view_entry", attachment.entry):
        raise Http404
    return private_file_response(attachment.file)


@login_required
@require_POST
def entry_attachment_delete(request, pk: int):
    attachment = get_object_or_404(
        EntryAttachment.objects.filter(entry__in=Entry.objects.visible_to(request.user)).select_related(
            "entry__contest", "entry__unit", "entry__round"
        ),
        pk=pk,
    )
    entry = attachment.entry
    if not request.user.has_perm("competitions.submit_entry", entry):
        raise PermissionDenied
    try:
        services.entry_attachment_remove(attachment=attachment, actor=request.user)
    except ValidationError as error:
        messages.error(request, _message_of(error))
    else:
        messages.success(request, _("Đã gỡ tài liệu."))
    return redirect(entry)


# --- home page ------------------------------------------------------------------------


def entries_home_panel(request) -> str | None:
    """Open contests on the home page: each of the officer's units against its quota and
    deadline, or for staff how many units are still below the minimum. Nothing when no
    contest is open."""
    user, now = request.user, timezone.now()
    contests = list(
        Contest.objects.visible_to(user)
        .filter(status=Contest.Status.OPEN)
        .select_related("owner")
        .order_by("submission_closes_at")
    )
    if not contests:
        return None
    rows = []
    if _is_staff(user):
        # Counted in the database: a national staff member reaches thousands of units.
        for summary in selectors.quota_summary(contests=contests, units=selectors.quota_units_for(user=user)):
            if not summary.units:
                continue
            contest = summary.contest
            rows.append(
                {
                    "contest": contest,
                    "progress": [],
                    "units": summary.units,
                    "units_below": summary.units_below,
                    "counted": summary.counted,
                    "can_add": contest.submission_opens_at <= now <= contest.submission_closes_at,
                }
            )
    else:
        by_contest = defaultdict(list)
        for p in selectors.unit_quota_progress(contests=contests, units=_officer_units(user), now=now):
            by_contest[p.contest.pk].append(p)
        for contest in contests:
            mine = by_contest.get(contest.pk, [])
            if not mine:
                continue
            rows.append(
                {
                    "contest": contest,
                    "progress": mine,
                    "units": len(mine),
                    "units_below": sum(1 for p in mine if p.below_minimum),
                    "counted": sum(p.counted for p in mine),
                    "can_add": any(p.is_open and not p.is_full for p in mine),
                }
            )
    if not rows:
        return None
    return render_to_string(
        "competitions/_home_panel_entries.html",
        {"rows": rows, "is_staff": _is_staff(user), "now": now},
        request=request,
    )
