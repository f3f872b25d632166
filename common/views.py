"""Views every programme app shares."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from rules.contrib.views import permission_required

from .excel import IMPORT_ACCEPT, IMPORT_MAX_FILE_BYTES, ImportReport, SheetError, import_help_text
from .forms import VoidReasonForm
from .monitoring import health


def post_with_permission(perm: str) -> Callable[[Callable], Callable]:
    """Decorator for one-off function views: signed in, holding `perm` (403 otherwise), POST only."""

    def decorate(view: Callable) -> Callable:
        return login_required(permission_required(perm, raise_exception=True)(require_POST(view)))

    return decorate


class ExcelImportView(View):
    """Upload a list kept "theo mẫu": every row is saved, or none, with each error listed.

    A subclass names its template (which includes `common/_import_form.html`) and says
    how to import (`run_import`), what to say after (`success_message`) and where to go
    (`get_success_url`); `get_context_data` adds what its page shows besides the form.
    """

    template_name: str

    def run_import(self, uploaded) -> ImportReport:
        raise NotImplementedError

    def success_message(self, report: ImportReport) -> str:
        raise NotImplementedError

    def get_success_url(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **context) -> dict:
        return context

    def render(self, status: int = 200, **context):
        context = {"import_accept": IMPORT_ACCEPT, "import_help": import_help_text(), **context}
        return render(self.request, self.template_name, self.get_context_data(**context), status=status)

    def get(self, request, *args, **kwargs):
        return self.render()

    def post(self, request, *args, **kwargs):
        uploaded = request.FILES.get("file")
        if uploaded is None:
            return self.render(400, error=_("Hãy chọn tệp Excel để nhập."))
        if uploaded.size > IMPORT_MAX_FILE_BYTES:
            return self.render(400, error=_("Tệp quá lớn (tối đa 5 MB)."))
        try:
            report = self.run_import(uploaded)
        except (SheetError, ValidationError) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            return self.render(400, error=message)
        if getattr(report, "awaiting_choice", False):
            # Nothing wrong in the file, but the user has to choose something row by row first.
            return self.render(report=report)
        if not report.ok:
            return self.render(400, report=report)
        messages.success(request, self.success_message(report))
        return redirect(self.get_success_url())


class VoidRecordView(View):
    """A staff page that voids or archives one record of work after asking for the reason.

    Subclasses give `get_record()` (which raises 404/403 for who may not), `void(record,
    reason)` (the app's service) and the texts; the record stays, with its history.
    """

    template_name = "common/void_form.html"
    title = ""
    explanation = ""
    done_message = ""

    def get_record(self):
        raise NotImplementedError

    def void(self, record, reason: str) -> None:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        self.record = self.get_record()
        return super().dispatch(request, *args, **kwargs)

    def render(self, form):
        context = {"record": self.record, "form": form, "title": self.title, "explanation": self.explanation}
        return render(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        return self.render(VoidReasonForm())

    def post(self, request, *args, **kwargs):
        form = VoidReasonForm(request.POST)
        if form.is_valid():
            try:
                self.void(self.record, form.cleaned_data["reason"])
            except ValidationError as error:
                if hasattr(error, "error_dict") and "reason" in error.error_dict:
                    form.add_error("reason", error.error_dict["reason"])
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, self.done_message)
                return redirect(self.record)
        return self.render(form)


@never_cache
@require_safe
def healthz(request):
    """For the load balancer: 200 when this process reaches the database and the cache, 503
    otherwise, with what answered (`common.monitoring.health`). No sign-in, no session, no
    private data; cheap enough to be asked every few seconds."""
    body, serving = health()
    return JsonResponse(body, status=200 if serving else 503)
