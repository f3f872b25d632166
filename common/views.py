"""Views every programme app shares."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from .excel import ImportReport, SheetError

IMPORT_MAX_BYTES = 5 * 1024 * 1024


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
        return render(self.request, self.template_name, self.get_context_data(**context), status=status)

    def get(self, request, *args, **kwargs):
        return self.render()

    def post(self, request, *args, **kwargs):
        uploaded = request.FILES.get("file")
        if uploaded is None:
            return self.render(400, error=_("Hãy chọn tệp Excel để nhập."))
        if uploaded.size > IMPORT_MAX_BYTES:
            return self.render(400, error=_("Tệp quá lớn (tối đa 5 MB)."))
        try:
            report = self.run_import(uploaded)
        except (SheetError, ValidationError) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            return self.render(400, error=message)
        if not report.ok:
            return self.render(400, report=report)
        messages.success(request, self.success_message(report))
        return redirect(self.get_success_url())
