from __future__ import annotations

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row
from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from common.forms import DateInput
from common.validators import normalize_phone, validate_birth_date

from .models import Entrepreneur, Venture, VentureDocument, VentureUpdate


def section(title: str) -> HTML:
    return HTML(f'<h2 class="h6 form-section">{title}</h2>')


def columns(*fields: str) -> Row:
    """Fields side by side on a wide screen, stacked on a phone."""
    return Row(*(Column(name, css_class="col-md") for name in fields))


class UnitChoiceMixin:
    """Limits the unit field to the active units the acting user reaches.

    A new record starts on the user's own unit (the top of their reach), which is
    where most registrations belong.
    """

    def limit_units(self, *, user) -> None:
        units = Unit.objects.visible_to(user).active()
        self.fields["unit"].queryset = units
        if not self.initial.get("unit") and not self.instance.pk:
            self.initial["unit"] = units.order_by("path").first()


class EntrepreneurForm(UnitChoiceMixin, forms.ModelForm):
    class Meta:
        model = Entrepreneur
        fields = list(Entrepreneur.PERSON_FIELDS)
        widgets = {"date_of_birth": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_units(user=user)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            section(_("Thông tin cá nhân")),
            "full_name",
            columns("date_of_birth", "gender", "ethnicity"),
            columns("citizen_id", "occupation"),
            section(_("Liên hệ")),
            columns("phone", "email"),
            section(_("Đơn vị và nơi ở")),
            columns("unit", "address"),
            "note",
        )

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"]) if self.cleaned_data["phone"] else ""

    def typed_person(self) -> Entrepreneur:
        """The person as typed, valid or not, to look for them in the registry: a well-formed
        citizen id refused because it is registered already is kept for that too."""
        data = self.cleaned_data
        typed_id = str(self.data.get(self.add_prefix("citizen_id"), "")).strip()
        return Entrepreneur(
            full_name=data.get("full_name") or "",
            date_of_birth=data.get("date_of_birth"),
            phone=data.get("phone") or "",
            citizen_id=data.get("citizen_id") or (typed_id if re.fullmatch(r"[0-9]{12}", typed_id) else ""),
        )

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_date_of_birth(self):
        return clean_birth_date(self)


def clean_birth_date(form: forms.ModelForm):
    """A new person's date of birth, or a changed one, gives a plausible age today.

    A date saved earlier is not checked again: the person has aged since.
    """
    born = form.cleaned_data["date_of_birth"]
    if form.instance.pk is None or "date_of_birth" in form.changed_data:
        validate_birth_date(born)
    return born


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
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            section(_("Mô hình")),
            "name",
            columns("kind", "sector", "status"),
            columns("unit", "founded_on"),
            "owners",
            section(_("Quy mô và pháp lý")),
            columns("employees", "annual_revenue", "tax_code"),
            "address",
            "description",
        )

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
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            section(_("Kỳ báo cáo")),
            columns("period_kind", "year", "period_number"),
            section(_("Kết quả trong kỳ")),
            columns("revenue", "profit"),
            columns("jobs", "average_income"),
            "highlights",
            section(_("Khó khăn và đề xuất")),
            "difficulties",
            "support_requested",
        )

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


FIRST, SECOND = "first", "second"


def _shown(person: Entrepreneur, name: str) -> str:
    """A field's value as the person's page shows it."""
    value = getattr(person, name)
    if name == "date_of_birth":
        return date_format(value, "d/m/Y")
    if name in ("gender", "ethnicity"):
        return getattr(person, f"get_{name}_display")()
    return str(value) if value not in (None, "") else "—"


class EntrepreneurMergeForm(forms.Form):
    """Two records of one person side by side: which record stays and, for each field where
    they differ, whose value it keeps; then a confirmation. Validation only: the merge itself
    is `services.entrepreneur_merge`."""

    keep = forms.ChoiceField(label=_("Hồ sơ được giữ"), widget=forms.RadioSelect, initial=FIRST)
    confirm = forms.BooleanField(
        label=_("Tôi đã kiểm tra: hai hồ sơ là của cùng một người. Việc gộp không hoàn tác được."), required=True
    )

    def __init__(self, *args, first: Entrepreneur, second: Entrepreneur, fields: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {FIRST: first, SECOND: second}
        self.fields["keep"].choices = [
            (FIRST, _("Hồ sơ #%(pk)s") % {"pk": first.pk}),
            (SECOND, _("Hồ sơ #%(pk)s") % {"pk": second.pk}),
        ]
        self.rows = []
        for name in fields:
            label = Entrepreneur._meta.get_field(name).verbose_name
            shown = (_shown(first, name), _shown(second, name))
            if getattr(first, name) == getattr(second, name):
                self.rows.append({"label": label, "same": shown[0]})
                continue
            # The first record's value unless it is empty and the second has one.
            initial = SECOND if getattr(first, name) in ("", None) else FIRST
            # Not required: a value not chosen is its default, as the page shows it checked.
            self.fields[f"value_{name}"] = forms.ChoiceField(
                label=label,
                choices=[(FIRST, shown[0]), (SECOND, shown[1])],
                widget=forms.RadioSelect,
                initial=initial,
                required=False,
            )
            self.rows.append({"label": label, "field": self[f"value_{name}"]})

    def merge_arguments(self) -> dict:
        """`keep`, `merged` and `take` for `services.entrepreneur_merge`."""
        kept_side = self.cleaned_data["keep"]
        other_side = SECOND if kept_side == FIRST else FIRST
        take = [
            key.removeprefix("value_")
            for key, field in self.fields.items()
            if key.startswith("value_") and (self.cleaned_data.get(key) or field.initial) == other_side
        ]
        return {"keep": self.people[kept_side], "merged": self.people[other_side], "take": take}
