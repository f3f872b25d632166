"""Forms of accounts: the language switch, the password reset email in the account's language, and the
owner field the programme apps share."""

from __future__ import annotations

import unicodedata

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from common.i18n import in_language_of

from .selectors import units_run_by


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's form; each account's reset email is written in that account's language,
    whatever the language of the page the address was typed on."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        with in_language_of(context["user"]):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class LanguageForm(forms.Form):
    """The language switch (every page's footer) and the page "Ngôn ngữ"."""

    language = forms.ChoiceField(label=_("Ngôn ngữ"), choices=settings.LANGUAGES, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each language in its own name ("Tiếng Việt", "English"), as the footer's switch shows them
        # (Django keeps "Tiếng Việt" decomposed; composed, it reads and searches as typed).
        self.fields["language"].choices = [
            (code, unicodedata.normalize("NFC", get_language_info(code)["name_local"]))
            for code, _name in settings.LANGUAGES
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
