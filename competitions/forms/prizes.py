"""Staff give the finalists their prizes and mark entries for capital support."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class FinalistRow:
    """A finalist's line of the prize table with its two fields."""

    finalist: dict
    tier: forms.BoundField
    capital: forms.BoundField


class PrizeAssignmentForm(forms.Form):
    """One prize select and one capital-support checkbox per finalist.

    Refuses more awards of a tier than its count, and two prizes for one entry (a
    field sent twice, from a tampered or duplicated request). The service checks
    the counts again under a lock; this form says it first, next to the fields.
    """

    no_prize_label = gettext_lazy("— Không có giải —")

    def __init__(self, *args, finalists: list[dict], tiers: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.finalists = finalists
        self.tiers = {tier["pk"]: tier for tier in tiers}
        choices = [("", self.no_prize_label)] + [(tier["pk"], tier["name"]) for tier in tiers]
        for row in finalists:
            self.fields[self.tier_field(row["pk"])] = forms.TypedChoiceField(
                label=_("Giải của bài %(code)s") % {"code": row["code"]},
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=row["tier_id"],
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[self.capital_field(row["pk"])] = forms.BooleanField(
                label=_("Đề xuất hỗ trợ vốn cho bài %(code)s") % {"code": row["code"]},
                required=False,
                initial=row["capital_support"],
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )

    @staticmethod
    def tier_field(entry_id: int) -> str:
        return f"tier_{entry_id}"

    @staticmethod
    def capital_field(entry_id: int) -> str:
        return f"capital_{entry_id}"

    def rows(self) -> list[FinalistRow]:
        return [
            FinalistRow(
                finalist=row, tier=self[self.tier_field(row["pk"])], capital=self[self.capital_field(row["pk"])]
            )
            for row in self.finalists
        ]

    def clean(self):
        cleaned = super().clean()
        getlist = getattr(self.data, "getlist", None)
        if getlist is not None:
            for row in self.finalists:
                name = self.tier_field(row["pk"])
                if len([v for v in getlist(name) if v]) > 1:
                    self.add_error(name, _("Mỗi bài chỉ nhận một giải."))
        given = Counter(tier for tier in self.award_assignments().values() if tier is not None)
        for tier_id, count in given.items():
            tier = self.tiers[tier_id]
            if count > tier["count"]:
                self.add_error(
                    None,
                    _("%(tier)s chỉ có %(count)d giải; đang chọn %(given)d bài.")
                    % {"tier": tier["name"], "count": tier["count"], "given": count},
                )
        return cleaned

    def award_assignments(self) -> dict[int, int | None]:
        """Entry id -> the chosen tier id (None for no prize), for `services.award_set`."""
        return {
            row["pk"]: self.cleaned_data.get(self.tier_field(row["pk"]))
            for row in self.finalists
            if self.tier_field(row["pk"]) in self.cleaned_data
        }

    def capital_changes(self) -> dict[int, bool]:
        """Entry id -> the new capital-support mark, for the entries whose mark changed."""
        return {
            row["pk"]: self.cleaned_data[self.capital_field(row["pk"])]
            for row in self.finalists
            if self.cleaned_data.get(self.capital_field(row["pk"])) != row["capital_support"]
        }
