"""Forms of the planning topic: they validate only; services save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import limit_owner_field
from accounts.models import Unit
from accounts.selectors import units_run_by
from common.forms import DateInput

from ..models import ConsolidatedReport, Plan, PlanActivity, Target
from . import catalogue
from .reported import field_choices

# Kinds a per-unit target usually binds ("mỗi đơn vị"): the levels under the province.
DEFAULT_TARGET_KINDS = ["commune", "district", "affiliated", "bloc", "school"]


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "owner",
            "number",
            "issued_on",
            "title",
            "issuer",
            "signed_by",
            "start_date",
            "end_date",
            "summary",
            "document",
        ]
        widgets = {
            "issued_on": DateInput(),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "title": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        limit_owner_field(self, user=user)
        self.fields["issuer"].queryset = Unit.objects.visible_to(user).exclude(kind=Unit.Kind.BRANCH).order_by("path")


class ActivityForm(forms.ModelForm):
    class Meta:
        model = PlanActivity
        fields = ["order", "content", "timeline", "starts_on", "ends_on", "responsible", "units", "units_note"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "content": forms.Textarea(attrs={"rows": 3}),
            "units": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        self.fields["units"].queryset = (
            Unit.objects.subtree_of(plan.issuer).exclude(kind=Unit.Kind.BRANCH).order_by("path")
        )

    def clean(self):
        cleaned = super().clean()
        for name in ("starts_on", "ends_on"):
            day = cleaned.get(name)
            if day and not (self.plan.start_date <= day <= self.plan.end_date):
                self.add_error(name, _("Ngày phải nằm trong thời gian thực hiện kế hoạch."))
        return cleaned


class TargetForm(forms.ModelForm):
    indicator_code = forms.ChoiceField(label=_("Chỉ số tính tự động"), required=False)
    report_field_code = forms.ChoiceField(label=_("Trường số liệu trong báo cáo định kỳ"), required=False)
    unit_kinds = forms.MultipleChoiceField(
        label=_("Loại đơn vị phải đạt"),
        choices=Unit.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Với chỉ tiêu “mỗi đơn vị”: đơn vị thuộc các loại này đều phải đạt."),
    )

    class Meta:
        model = Target
        fields = [
            "order",
            "label",
            "source",
            "indicator_code",
            "report_field_code",
            "scope",
            "unit_kinds",
            "comparison",
            "value",
            "period_start",
            "period_end",
        ]
        widgets = {"period_start": DateInput(), "period_end": DateInput(), "source": forms.RadioSelect}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["indicator_code"].choices = [("", "---------"), *catalogue.choices()]
        reported = field_choices()
        current = self.instance.report_field_code
        if current and current not in dict(reported):
            reported.append((current, current))
        self.fields["report_field_code"].choices = [("", "---------"), *reported]
        self.fields["scope"].required = False  # refused with the model's message, not "required"
        self.fields["scope"].choices = [("", "---------"), *Target.Scope.choices]
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("unit_kinds", DEFAULT_TARGET_KINDS)
        elif self.instance.pk:
            self.initial["unit_kinds"] = self.instance.kinds

    def clean_unit_kinds(self) -> str:
        return ",".join(self.cleaned_data.get("unit_kinds") or [])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == Target.Scope.PROVINCE:
            cleaned["unit_kinds"] = ""
        if cleaned.get("source") == Target.Source.COMPUTED:
            cleaned["report_field_code"] = ""
        elif cleaned.get("source") == Target.Source.REPORTED:
            cleaned["indicator_code"] = ""
        return cleaned


class ConsolidatedRequestForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("Số liệu của đơn vị"),
        queryset=Unit.objects.none(),
        empty_label=None,
        help_text=_("Báo cáo chỉ tính đơn vị này và các đơn vị trực thuộc."),
    )
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=ConsolidatedReport.Kind.choices)
    start = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    end = forms.DateField(label=_("Đến ngày"), widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = units_run_by(user=user).order_by("path")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("Ngày kết thúc phải sau ngày bắt đầu."))
            elif (end - start).days > 366:
                self.add_error("end", _("Một báo cáo tổng hợp không dài quá một năm."))
        return cleaned
