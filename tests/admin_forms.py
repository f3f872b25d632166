"""Posting an admin change form as the page sends it, in tests."""

from __future__ import annotations

import datetime

from django.utils import timezone


def admin_change_data(client, url: str) -> dict:
    """The admin change form's current values, with each inline's management fields.

    Inlines are sent with their existing rows left out (TOTAL = INITIAL = 0 is refused
    when rows exist, so the helper insists there are none); a test adds the rows it posts.
    """
    response = client.get(url)
    form = response.context["adminform"].form
    data: dict = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list | tuple) or hasattr(value, "all"):
            data[name] = [str(getattr(v, "pk", v)) for v in (value.all() if hasattr(value, "all") else value)]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, datetime.datetime):
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = local.strftime("%d/%m/%Y"), local.strftime("%H:%M:%S")
        elif isinstance(value, datetime.date):
            data[name] = value.strftime("%d/%m/%Y")
        elif hasattr(value, "name") and not isinstance(value, str):
            continue  # a stored file is kept when no new one is sent
        else:
            data[name] = str(value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        assert formset.initial_form_count() == 0, f"{formset.prefix} has rows; post them explicitly"
        prefix = formset.prefix
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data["_save"] = "Lưu"
    return data
