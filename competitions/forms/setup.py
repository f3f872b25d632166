"""Forms of the contest's guided set-up: one per step, the rows of prizes, rounds and criteria
as formsets. They only read what was typed; the step's service checks the whole and saves it."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.selectors import units_run_by
from common.forms import DateInput, DecimalCommaField, VndField
from common.text import fold
from common.uploads import FileContentValidator

from ..models import Contest, Round
from ..services.setup import CriterionInput, PrizeTierInput, RoundInput, Stage
from .staff import DateTimeInput


def suggested_slug(name: str, year: int) -> str:
    """The public address a contest's name suggests: "y-tuong-khoi-nghiep-2027"."""
    base = slugify(fold(name))[:70].strip("-") or "cuoc-thi"
    return f"{base}-{year}"


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


class BasicsForm(forms.Form):
    """Name, year, public address, introduction and the rules document (thể lệ)."""

    owner = forms.ModelChoiceField(label=_("Đơn vị tổ chức"), queryset=None)
    name = forms.CharField(label=_("Tên cuộc thi"), max_length=255)
    year = forms.IntegerField(label=_("Năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    slug = forms.SlugField(
        label=_("Đường dẫn công khai"),
        max_length=80,
        required=False,
        help_text=_("Chữ thường không dấu, nối bằng dấu gạch ngang; để trống để tạo từ tên và năm."),
    )
    description = forms.CharField(
        label=_("Giới thiệu"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    rules_document = forms.FileField(
        label=_("Thể lệ (PDF hoặc Word)"),
        required=False,
        validators=[FileContentValidator(kinds=("pdf", "docx"))],
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
        help_text=_("Tải lên bản thể lệ đã ký; để trống nếu giữ bản đã tải."),
    )

    def __init__(self, *args, user, contest: Contest | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if contest is None:
            self.fields["owner"].queryset = units_run_by(user=user).order_by("path")
            self.fields["owner"].empty_label = None
        else:
            del self.fields["owner"]
        self.helper = _helper()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("name") and cleaned.get("year"):
            cleaned["slug"] = suggested_slug(cleaned["name"], cleaned["year"])
        return cleaned


class CategoriesForm(forms.Form):
    names = forms.CharField(
        label=_("Lĩnh vực dự thi"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Mỗi dòng một lĩnh vực, theo thứ tự hiển thị."),
        error_messages={"required": _("Cần ít nhất một lĩnh vực dự thi.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["names"].splitlines() if line.strip()]


class SubmissionForm(forms.Form):
    submission_opens_at = forms.DateTimeField(label=_("Mở nhận bài từ"), widget=DateTimeInput())
    submission_closes_at = forms.DateTimeField(label=_("Hạn nộp bài"), widget=DateTimeInput())
    min_entries_per_unit = forms.IntegerField(
        label=_("Số ý tưởng tối thiểu mỗi đơn vị"),
        min_value=1,
        help_text=_("Kế hoạch: mỗi đơn vị ít nhất 05 ý tưởng."),
    )
    max_entries_per_unit = forms.IntegerField(
        label=_("Số ý tưởng tối đa mỗi đơn vị"),
        min_value=1,
        required=False,
        help_text=_("Để trống nếu không giới hạn."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        half = "col-sm-6"
        self.helper = _helper(
            Row(Column("submission_opens_at", css_class=half), Column("submission_closes_at", css_class=half)),
            Row(Column("min_entries_per_unit", css_class=half), Column("max_entries_per_unit", css_class=half)),
        )


class EligibilityForm(forms.Form):
    min_age = forms.IntegerField(label=_("Tuổi tối thiểu"), min_value=1, max_value=100)
    max_age = forms.IntegerField(label=_("Tuổi tối đa"), min_value=1, max_value=100)
    age_reference_date = forms.DateField(
        label=_("Ngày tính tuổi"), widget=DateInput(), help_text=_("Tuổi của thành viên được tính vào ngày này.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(
                Column("min_age", css_class="col-sm-4"),
                Column("max_age", css_class="col-sm-4"),
                Column("age_reference_date", css_class="col-sm-4"),
            )
        )


class TeamForm(forms.Form):
    max_team_size = forms.IntegerField(
        label=_("Số thành viên tối đa mỗi nhóm"), min_value=1, max_value=20, help_text=_("Thường là 3 người.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


# --- rows ------------------------------------------------------------------------------


class RowsFormSet(forms.BaseFormSet):
    """Rows left blank are not rows; one marked "Xóa" is dropped."""

    def filled(self) -> list[dict]:
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.has_changed()
        ]


class PrizeTierForm(forms.Form):
    name = forms.CharField(label=_("Tên giải"), max_length=100)
    count = forms.IntegerField(label=_("Số giải"), min_value=1, initial=1)
    amount = VndField(label=_("Tiền thưởng mỗi giải (đồng)"), min_value=0, initial=0)


def rows_formset(form_class: type[forms.Form], *, existing: int, at_least: int, blank: int = 1):
    """A formset of `form_class` with room for `at_least` rows and always `blank` empty ones:
    a new contest gets the rows a plan usually has (three rounds, four prizes)."""
    extra = max(blank, at_least - existing)
    return forms.formset_factory(form_class, formset=RowsFormSet, extra=extra, can_delete=True)


def prize_formset(*, existing: int):
    return rows_formset(PrizeTierForm, existing=existing, at_least=4)


def prize_inputs(formset: RowsFormSet) -> list[PrizeTierInput]:
    return [
        PrizeTierInput(name=row["name"], count=row["count"], amount=row["amount"] or 0) for row in formset.filled()
    ]


class RoundRowForm(forms.Form):
    round_id = forms.IntegerField(required=False, widget=forms.HiddenInput())
    name = forms.CharField(label=_("Tên vòng"), max_length=150)
    stage = forms.ChoiceField(label=_("Loại vòng"), choices=Stage.choices)
    opens_at = forms.DateTimeField(label=_("Bắt đầu"), widget=DateTimeInput())
    closes_at = forms.DateTimeField(label=_("Kết thúc"), widget=DateTimeInput())
    judges_per_entry = forms.IntegerField(label=_("Số giám khảo mỗi bài"), min_value=1, max_value=20, initial=3)
    advance_count = forms.IntegerField(
        label=_("Số bài vào vòng sau"), min_value=1, required=False, help_text=_("Để trống: mọi bài đủ phiếu.")
    )
    is_blind = forms.BooleanField(label=_("Chấm ẩn danh"), required=False, initial=True)
    is_live = forms.BooleanField(label=_("Thuyết trình trực tiếp"), required=False)


def round_formset(*, existing: int):
    return rows_formset(RoundRowForm, existing=existing, at_least=3)


def round_initial(rounds: list[Round]) -> list[dict]:
    return [
        {
            "round_id": r.pk,
            "name": r.name,
            "stage": Stage.of(r),
            "opens_at": r.opens_at,
            "closes_at": r.closes_at,
            "judges_per_entry": r.judges_per_entry,
            "advance_count": r.advance_count,
            "is_blind": r.is_blind,
            "is_live": r.is_live,
        }
        for r in rounds
    ]


def round_inputs(formset: RowsFormSet) -> list[RoundInput]:
    return [
        RoundInput(
            pk=row.get("round_id"),
            name=row["name"],
            stage=row["stage"],
            opens_at=row["opens_at"],
            closes_at=row["closes_at"],
            judges_per_entry=row.get("judges_per_entry") or 1,
            advance_count=row.get("advance_count"),
            is_blind=row.get("is_blind", False),
            is_live=row.get("is_live", False),
        )
        for row in formset.filled()
    ]


class ScorecardForm(forms.Form):
    """A scoring round's stated total and how its criteria are weighted."""

    max_total = DecimalCommaField(
        label=_("Tổng điểm tối đa của phiếu chấm"), max_digits=6, decimal_places=2, min_value=1, initial=100
    )
    weighting = forms.ChoiceField(
        label=_("Cách tính điểm"),
        choices=Round.Weighting.choices,
        widget=forms.RadioSelect,
        initial=Round.Weighting.POINTS,
        help_text=_(
            "Cộng điểm: điểm tối đa các tiêu chí (nhân hệ số nếu có) cộng lại bằng tổng điểm. "
            "Trọng số theo %: mỗi tiêu chí chiếm một phần trăm của tổng điểm, các trọng số cộng lại bằng 100%."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("max_total", css_class="col-sm-4"), Column("weighting", css_class="col-sm-8"))
        )


class CriterionRowForm(forms.Form):
    name = forms.CharField(label=_("Tiêu chí"), max_length=255)
    max_points = DecimalCommaField(label=_("Điểm tối đa"), max_digits=5, decimal_places=2, min_value=0)
    weight = DecimalCommaField(
        label=_("Hệ số hoặc trọng số (%)"), max_digits=5, decimal_places=2, min_value=0, required=False
    )
    description = forms.CharField(label=_("Hướng dẫn chấm"), required=False, max_length=2000)


def criterion_formset(*, existing: int):
    return rows_formset(CriterionRowForm, existing=existing, at_least=5, blank=2)


def criterion_initial(round: Round) -> list[dict]:
    """The round's criteria as typed: the multiplier, or the share in percent of the total."""
    rows = []
    for c in round.criteria.all():
        weight = c.weight
        if round.weighting == Round.Weighting.PERCENT and round.max_total:
            weight = (c.weight * c.max_points * 100 / round.max_total).normalize()
        rows.append({"name": c.name, "max_points": c.max_points, "weight": weight, "description": c.description})
    return rows


def criterion_inputs(formset: RowsFormSet, *, weighting: str) -> list[CriterionInput]:
    # A weight left empty is 1 when points are added, nothing (an error) with percentages.
    default = Decimal(0) if weighting == Round.Weighting.PERCENT else Decimal(1)
    inputs = []
    for row in formset.filled():
        weight = row.get("weight")
        if weight is None:
            weight = default
        inputs.append(
            CriterionInput(
                name=row["name"],
                max_points=row["max_points"],
                weight=weight,
                description=row.get("description", ""),
            )
        )
    return inputs
