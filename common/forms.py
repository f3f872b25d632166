import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from .excel import IMPORT_ACCEPT, import_help_text
from .formatting import format_decimal, format_vnd


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


class DecimalCommaInput(forms.TextInput):
    """A text box for a decimal typed the Vietnamese way, "18,5".

    Not `type="number"`: browsers refuse or drop a comma there and show "18.50" back,
    while every other figure of the page reads "88,50". The phone still offers its
    numeric keyboard (`inputmode="decimal"`)."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class DecimalCommaField(forms.DecimalField):
    """A decimal typed with a comma or a dot ("18,5", "18.5", " 18,50 "), in any language,
    shown back with the language's decimal separator and no trailing zeros ("18,5", "20").

    The comma is only ever the decimal separator (no thousands grouping: points, marks and
    shares are small numbers), so "1,5" is one and a half in English too.
    """

    widget = DecimalCommaInput
    default_error_messages = {
        "invalid": _("Nhập một số, ví dụ 18,5."),
        "max_decimal_places": _("Chỉ ghi tối đa %(max)s chữ số sau dấu phẩy."),
        "max_digits": _("Số quá dài: tối đa %(max)s chữ số."),
        "max_whole_digits": _("Số quá lớn: tối đa %(max)s chữ số trước dấu phẩy."),
    }
    _spaces = re.compile(r"[\s\u00a0]")

    def to_python(self, value):
        if isinstance(value, str):
            value = self._spaces.sub("", value)
            if value.count(",") + value.count(".") > 1:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            value = value.replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        """The value as the box shows it: a stored Decimal, or what was typed, when it reads
        as a number, in the language's own way ("18.5" typed comes back "18,5")."""
        if isinstance(value, str):
            try:
                parsed = Decimal(self._spaces.sub("", value).replace(",", "."))
            except InvalidOperation:
                return value
            return format_decimal(parsed) if parsed.is_finite() else value
        if isinstance(value, int | Decimal):
            return format_decimal(value)
        return value


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
