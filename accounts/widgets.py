"""A unit select that stays light when the user reaches the whole Union.

The Central Union's staff reach 39,000 units: a plain `<select>` of them costs seconds to
render and megabytes to send on every list page with a unit filter. Above `LIMIT` choices,
`UnitPicker` renders only the empty choice and the chosen unit, and the page's script
(`static/js/portal.js`) puts a search box before it that asks `accounts:unit-pick` for the
units matching what is typed (only units the user may see). The form field still checks the
choice against its own queryset, so nothing outside it is accepted.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _

LIMIT = 300


class UnitPicker(forms.Select):
    def __init__(self, attrs=None, *, active_only: bool = False):
        super().__init__(attrs)
        self.active_only = active_only

    def _large(self) -> bool:
        queryset = getattr(self.choices, "queryset", None)
        return queryset is not None and queryset.order_by()[LIMIT : LIMIT + 1].exists()

    def get_context(self, name, value, attrs):
        if not self._large():
            return super().get_context(name, value, attrs)
        field = self.choices.field
        chosen = [str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v not in (None, "")]
        units = list(field.queryset.filter(pk__in=[v for v in chosen if v.isdigit()]))
        full = self.choices
        self.choices = ([("", field.empty_label)] if field.empty_label is not None else []) + [
            (unit.pk, field.label_from_instance(unit)) for unit in units
        ]
        try:
            context = super().get_context(name, value, attrs)
        finally:
            self.choices = full
        url = reverse("accounts:unit-pick") + ("?active=1" if self.active_only else "")
        context["widget"]["attrs"].update(
            {"data-unit-picker": url, "data-unit-picker-placeholder": _("Gõ tên đơn vị để tìm…")}
        )
        return context


def use_unit_picker(field: forms.ModelChoiceField, *, active_only: bool = False) -> None:
    """Give a form's unit field the picker, once its queryset is set (attributes kept)."""
    field.widget = UnitPicker(field.widget.attrs, active_only=active_only)
    field.widget.choices = field.choices
