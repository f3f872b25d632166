from django import forms
from django.utils.translation import gettext_lazy as _


class MentorFeedbackForm(forms.Form):
    text = forms.CharField(
        label=_("Góp ý cho nhóm"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("Hãy ghi nội dung góp ý.")},
    )
