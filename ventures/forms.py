from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from common.forms import DateInput
from common.validators import normalize_phone

from .models import Entrepreneur, Venture, VentureDocument, VentureUpdate


class UnitChoiceMixin:
    """Limits the unit field to the units the acting user reaches."""

    def limit_units(self, *, user) -> None:
        self.fields["unit"].queryset = Unit.objects.visible_to(user).active()
        units = self.fields["unit"].queryset
        if not self.initial.get("unit") and not self.instance.pk and units[:2].count() == 1:
            self.initial["unit"] = units.first()


class EntrepreneurForm(UnitChoiceMixin, forms.ModelForm):
    class Meta:
        model = Entrepreneur
        fields = [
            "full_name",
            "date_of_birth",
            "gender",
            "ethnicity",
            "phone",
            "email",
            "citizen_id",
            "unit",
            "address",
            "occupation",
            "note",
        ]
        widgets = {"date_of_birth": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_units(user=user)

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"]) if self.cleaned_data["phone"] else ""

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())


class VentureForm(UnitChoiceMixin, forms.ModelForm):
    class Meta:
        model = Venture
        fields = [
            "name",
            "kind",
            "sector",
            "unit",
            "owners",
            "founded_on",
            "address",
            "tax_code",
            "employees",
            "annual_revenue",
            "status",
            "description",
        ]
        widgets = {
            "founded_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "owners": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_units(user=user)
        visible = Entrepreneur.objects.visible_to(user).select_related("unit")
        self.fields["owners"].queryset = visible
        self.fields["owners"].help_text = _("Giữ Ctrl (hoặc chạm giữ trên điện thoại) để chọn nhiều người.")
        # Co-owners registered in units this user cannot see are not offered, and
        # must survive the edit untouched.
        self.hidden_owners = (
            list(self.instance.owners.exclude(pk__in=visible.values("pk"))) if self.instance.pk else []
        )
        if self.hidden_owners:
            self.fields["owners"].help_text += " " + _(
                "Mô hình còn %(count)d chủ mô hình ở đơn vị khác; họ được giữ nguyên."
            ) % {"count": len(self.hidden_owners)}

    def clean_owners(self):
        return [*self.cleaned_data["owners"], *self.hidden_owners]


class VentureUpdateForm(forms.ModelForm):
    class Meta:
        model = VentureUpdate
        fields = [
            "period_kind",
            "year",
            "period_number",
            "revenue",
            "profit",
            "jobs",
            "average_income",
            "highlights",
            "difficulties",
            "support_requested",
        ]
        widgets = {
            "highlights": forms.Textarea(attrs={"rows": 3}),
            "difficulties": forms.Textarea(attrs={"rows": 3}),
            "support_requested": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, venture: Venture, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.venture = venture

    def validate_unique(self) -> None:
        # The venture is set on the instance, not a form field, so check it here
        # to answer a duplicate period with a message instead of an IntegrityError.
        super().validate_unique()
        try:
            self.instance.validate_constraints()
        except forms.ValidationError as error:
            self._update_errors(error)


class VentureDocumentForm(forms.ModelForm):
    class Meta:
        model = VentureDocument
        fields = ["title", "file"]
