"""Forms of the judge's pages: a scorecard with one row per criterion, and abstaining."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.forms import DecimalCommaField, DecimalCommaInput

from ..models import Criterion, Score
from ..services import ScoreInput


def points_field_name(criterion_id: int) -> str:
    """Named like the keys of scorecard_save's errors, so they land on the right row."""
    return f"points_{criterion_id}"


def comment_field_name(criterion_id: int) -> str:
    return f"comment_{criterion_id}"


@dataclass(frozen=True)
class ScorecardRow:
    """One criterion's inputs. The template writes the two inputs itself (with the
    values below): rendering widgets through the form renderer costs a template per
    input, most of the scoring page's time budget."""

    criterion: Criterion
    points: forms.BoundField
    comment: forms.BoundField
    autofocus: bool = False  # the first row refused, when the form comes back with errors

    @property
    def points_value(self) -> str:
        """What the points box shows: "18,5" (the field's own formatting, comma in Vietnamese)."""
        return self.points.value() or ""

    @property
    def comment_value(self) -> str:
        return self.comment.value() or ""


class ScorecardForm(forms.Form):
    """Points and a comment per criterion of the round, and the version the page showed.

    Points are optional while saving a draft; the service demands all of them to
    submit. They are typed "18,5" or "18.5" and shown back "18,5" (`DecimalCommaField`).
    The range check here gives the same message as the service does.
    """

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[points_field_name(criterion.pk)] = DecimalCommaField(
                label=criterion.name,
                required=False,
                max_digits=5,
                decimal_places=2,
                widget=DecimalCommaInput(
                    attrs={
                        "class": "form-control form-control-lg text-end",
                        "data-score-max": str(criterion.max_points),
                        "data-score-weight": str(criterion.weight),
                    }
                ),
            )
            self.fields[comment_field_name(criterion.pk)] = forms.CharField(
                label=gettext_lazy("Nhận xét"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    @classmethod
    def initial_for(cls, *, version: int, scores: list[Score]) -> dict:
        initial: dict = {"version": version}
        for score in scores:
            initial[points_field_name(score.criterion_id)] = score.points
            initial[comment_field_name(score.criterion_id)] = score.comment
        return initial

    @property
    def rows(self) -> list[ScorecardRow]:
        refused = [c.pk for c in self.criteria if self.is_bound and (self[points_field_name(c.pk)].errors)]
        return [
            ScorecardRow(
                criterion=c,
                points=self[points_field_name(c.pk)],
                comment=self[comment_field_name(c.pk)],
                autofocus=bool(refused) and c.pk == refused[0],
            )
            for c in self.criteria
        ]

    def clean(self):
        cleaned = super().clean()
        for criterion in self.criteria:
            name = points_field_name(criterion.pk)
            points = cleaned.get(name)
            if points is not None and not Decimal(0) <= points <= criterion.max_points:
                self.add_error(
                    name,
                    _("Điểm “%(name)s” phải từ 0 đến %(max)s.")
                    % {"name": criterion.name, "max": floatformat(criterion.max_points, "-2")},
                )
        return cleaned

    def score_inputs(self) -> dict[int, ScoreInput]:
        return {
            c.pk: ScoreInput(
                points=self.cleaned_data.get(points_field_name(c.pk)),
                comment=self.cleaned_data.get(comment_field_name(c.pk), ""),
            )
            for c in self.criteria
        }


class AbstainForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do không chấm"),
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": gettext_lazy("Cần ghi lý do không chấm.")},
        help_text=gettext_lazy("Ví dụ: có quan hệ với nhóm tác giả, phát hiện sau khi được phân công."),
    )
