"""Form pieces shared by the programme apps."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .selectors import units_run_by


class LanguageForm(forms.Form):
    """The language switch (every page's footer) and the page "Ngôn ngữ"."""

    language = forms.ChoiceField(label=_("Ngôn ngữ"), choices=settings.LANGUAGES, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each language in its own name ("Tiếng Việt", "English"), as the footer's switch shows them.
        self.fields["language"].choices = [
            (code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES
        ]


def limit_owner_field(form: forms.ModelForm, *, user, name: str = "owner") -> None:
    """Offer as owner only the units the user runs programmes of; when there is one, choose it.

    An edit keeps its owner in the choices only if the user runs it: the view already refused
    anyone else. The field's queryset is the guard, so a forged owner id is a form error."""
    field = form.fields[name]
    field.queryset = units_run_by(user=user).order_by("path")
    if not form.initial.get(name) and not getattr(form.instance, f"{name}_id", None):
        choices = list(field.queryset[:2])
        if len(choices) == 1:
            form.initial[name] = choices[0].pk
    field.empty_label = None
