"""Forms of the council's ballot and of the decision staff record after it."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput
from ventures.forms import columns

from ..models import AwardProgramme, CouncilVote


class VoteForm(forms.Form):
    """One member's vote on one nomination; a score only when the programme ranks by score.

    Each nomination's form on the ballot has its own prefix, so the ballot's cards
    never mix their fields.
    """

    choice = forms.ChoiceField(label=_("Ý kiến"), choices=CouncilVote.Choice.choices, widget=forms.RadioSelect)
    score = forms.DecimalField(
        label=_("Điểm (0–100)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    comment = forms.CharField(
        label=_("Nhận xét"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, programme: AwardProgramme, nomination_id: int, **kwargs):
        kwargs.setdefault("prefix", f"n{nomination_id}")
        super().__init__(*args, **kwargs)
        self.scored = programme.approval_rule == AwardProgramme.ApprovalRule.TOP_SCORE
        if not self.scored:
            del self.fields["score"]
        else:
            self.fields["score"].help_text = _(
                "Bắt buộc với phiếu đồng ý hoặc không đồng ý; bỏ trống nếu không ý kiến."
            )


class DecisionForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100, help_text=_("Ví dụ: 125-QĐ/TĐTN."))
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput())
    signer_name = forms.CharField(
        label=_("Người ký"),
        max_length=100,
        help_text=_("Họ và tên người ký quyết định và giấy chứng nhận, ví dụ: Nguyễn Văn An."),
    )
    signer_title = forms.CharField(
        label=_("Chức vụ người ký"), max_length=100, help_text=_("Ví dụ: Bí thư, Phó Bí thư.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            columns("decision_number", "decision_date"), columns("signer_name", "signer_title")
        )
