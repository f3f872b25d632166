"""Forms of the staff's contest pages: screening, extensions, assigning judges, the live stage."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Entry, Judge, Round


class DateTimeInput(forms.DateTimeInput):
    """A native date-and-time picker; the value is read in the portal's time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class ScreenForm(forms.Form):
    ELIGIBLE = "pass"
    REJECT = "reject"

    decision = forms.ChoiceField(choices=[(ELIGIBLE, _("Đủ điều kiện")), (REJECT, _("Không đủ điều kiện"))])
    reason = forms.CharField(label=_("Lý do không đủ điều kiện"), required=False, max_length=2000)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.REJECT and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Cần ghi lý do bài không đủ điều kiện."))
        return cleaned

    @property
    def eligible(self) -> bool:
        return self.cleaned_data["decision"] == self.ELIGIBLE


class ExtensionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None)
    until = forms.DateTimeField(label=_("Gia hạn đến"), widget=DateTimeInput())
    reason = forms.CharField(label=_("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("unit", css_class="col-md-7"), Column("until", css_class="col-md-5")), "reason"
        )


class JudgeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Judge) -> str:
        parts = [obj.user.get_full_name(), obj.title, obj.affiliation.name if obj.affiliation_id else ""]
        return " · ".join(p for p in parts if p)


class AssignmentForm(forms.Form):
    """One judge for one entry of the round, the entry given by its code."""

    judge = JudgeChoiceField(label=_("Giám khảo"), queryset=None)
    entry_code = forms.CharField(
        label=_("Mã bài"), max_length=20, help_text=_("Mã bài dự thi đang ở vòng này, ví dụ 2026-017.")
    )

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.fields["judge"].queryset = (
            Judge.objects.on_panel_of(round).select_related("user", "affiliation").order_by("user__full_name", "pk")
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("judge", css_class="col-md-7"), Column("entry_code", css_class="col-md-5"))
        )

    def clean_entry_code(self) -> Entry:
        code = self.cleaned_data["entry_code"].strip()
        entry = Entry.objects.filter(contest_id=self.round.contest_id, code=code).select_related("unit").first()
        if entry is None:
            raise forms.ValidationError(_("Không có bài mã %(code)s trong cuộc thi."), params={"code": code})
        return entry


class StageForm(forms.Form):
    """The entry now pitching in a live round; empty clears the stage."""

    entry = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = Entry.objects.filter(round=round)


class DecisionExceptionForm(forms.Form):
    """Decide a round although scorecards are missing: the reason is recorded and published."""

    reason = forms.CharField(
        label=_("Lý do chốt kết quả khi còn thiếu phiếu chấm"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ghi rõ vì sao; lý do, người quyết định và các bài thiếu phiếu được ghi trên bảng xếp hạng."),
        error_messages={"required": _("Cần ghi lý do chốt kết quả khi còn thiếu phiếu chấm.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Cần ghi lý do chốt kết quả khi còn thiếu phiếu chấm."))
        return reason


class RoundWindowForm(forms.Form):
    """Move a round's window, on the round's own page."""

    opens_at = forms.DateTimeField(label=_("Bắt đầu"), widget=DateTimeInput())
    closes_at = forms.DateTimeField(label=_("Kết thúc"), widget=DateTimeInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("opens_at", css_class="col-sm-6"), Column("closes_at", css_class="col-sm-6"))
        )


class NoPrizesForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do cuộc thi không trao giải"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Cần ghi lý do cuộc thi không trao giải.")},
    )


class PromotionForm(forms.Form):
    """The winners a higher contest takes: ids among the candidates the page listed, nothing else."""

    entries = forms.TypedMultipleChoiceField(
        label=_("Bài được chọn"),
        coerce=int,
        error_messages={
            "required": _("Hãy chọn ít nhất một bài."),
            "invalid_choice": _("Bài không có trong danh sách."),
        },
    )

    def __init__(self, *args, candidates: list[Entry], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {entry.pk: entry for entry in candidates}
        self.fields["entries"].choices = [(pk, str(entry)) for pk, entry in self.candidates.items()]

    def chosen(self) -> list[Entry]:
        return [self.candidates[pk] for pk in self.cleaned_data["entries"]]
