"""The report form built from a schedule's fields, and the staff review form."""

from __future__ import annotations

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ..models import ReportField


class UnitReportForm(forms.Form):
    """One input per report line; parsing and checks are the service's (`clean_values`)."""

    notes = forms.CharField(
        label=_("Ghi chú, kiến nghị của đơn vị"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args,
        fields: list[ReportField],
        prefilled: dict,
        bases: dict | None = None,
        disabled: bool = False,
        **kwargs,
    ):
        """`bases`: for a share the portal prefilled, what its percentage is taken of."""
        super().__init__(*args, **kwargs)
        self.report_fields = fields
        bases = bases or {}
        for field in fields:
            help_parts = [field.help_text] if field.help_text else []
            if field.code in prefilled:
                held = _plain(prefilled[field.code])
                if field.code in bases:
                    held = f"{number_format(prefilled[field.code])}% ({bases[field.code]})"
                help_parts.append(str(_("Cổng đã ghi nhận: %(value)s")) % {"value": held})
            label = field.label + (f" ({field.unit_label})" if field.unit_label else "")
            if field.is_numeric:
                widget = forms.TextInput(
                    attrs={
                        "inputmode": "decimal" if field.kind == ReportField.Kind.NUMBER else "numeric",
                        "data-report-number": "1",
                        "autocomplete": "off",
                        "class": "form-control",
                        "data-message": str(_("Nhập số không âm, ví dụ 12 hoặc 2,5.")),
                    }
                )
            else:
                widget = forms.Textarea(attrs={"rows": 3, "class": "form-control"})
            self.fields[field.code] = forms.CharField(
                label=label, required=False, widget=widget, help_text=" · ".join(help_parts), disabled=disabled
            )
            self.fields[field.code].report_field = field
        self.order_fields([f.code for f in fields] + ["notes"])
        if disabled:
            self.fields["notes"].disabled = True

    def raw(self) -> dict[str, str]:
        return {f.code: self.data.get(f.code, "") for f in self.report_fields}


def _plain(value) -> str:
    text = f"{value:f}" if hasattr(value, "as_tuple") else str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến của Tỉnh đoàn"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi trả lại báo cáo."),
    )
