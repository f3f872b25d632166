import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .excel import IMPORT_ACCEPT, import_help_text
from .formatting import format_vnd


class DateInput(forms.DateInput):
    """A native date picker; the browser shows it in the user's locale."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class VndInput(forms.TextInput):
    """A text box showing 300.000.000 (Vietnamese users group thousands with dots)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "numeric", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int):
            return format_vnd(value, symbol=False)
        return super().format_value(value)


class VndField(forms.IntegerField):
    """Whole đồng, typed the Vietnamese way: "300.000.000", "300 000 000 ₫" or "300000000"."""

    widget = VndInput
    default_error_messages = {"invalid": _("Nhập số tiền bằng chữ số, ví dụ 300.000.000.")}
    _decorations = re.compile(r"[.\s\u00a0₫]|đồng|vnđ|vnd|đ", re.IGNORECASE)

    def to_python(self, value):
        if isinstance(value, str):
            value = self._decorations.sub("", value)
        return super().to_python(value)


class SpreadsheetField(forms.FileField):
    """The file of an import: .xlsx, .xls or .ods, said in the picker and under the field."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", lazy(import_help_text, str)())
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": IMPORT_ACCEPT}))
        super().__init__(**kwargs)


class VoidReasonForm(forms.Form):
    """The reason asked before recorded work is voided or archived (it is kept with the row)."""

    reason = forms.CharField(
        label=_("Lý do"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=2000,
        help_text=_("Ghi rõ vì sao; lý do, người thực hiện và thời điểm được lưu cùng bản ghi."),
    )


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's refusal on the form: on its field when the form has one, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
