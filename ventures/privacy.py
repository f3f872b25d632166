"""Erasing a young person's personal data on request (Decree 13/2023/NĐ-CP).

The registry's record is anonymised, not deleted: every programme record (contest teams,
nominations, referrals, registrations, ventures) points at it and every count stays.
Apps that keep their own copy of the person's data (a registration's name and phone, a
nomination's portrait) erase it in a `privacy.erase_person(*, person)` function of their
own; `personal_data_erasers()` finds them, so the registry imports no programme app.
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

# The personal fields of `Entrepreneur` and what they become. Gender, ethnicity, the unit
# and the year of birth stay: the attendance reports and the figures by gender, ethnicity
# and age group are made of them, and alone they name nobody.
ERASED_FIELDS = ("full_name", "phone", "citizen_id", "email", "address", "note")


def anonymised_birth_date(born: datetime.date) -> datetime.date:
    """The year of birth only, kept as 1 July: an age computed from it is off by at most
    six months, so age-group figures (16–30, 18–35) stay right but the day is gone."""
    return datetime.date(born.year, 7, 1)


def personal_data_erasers() -> list[Callable]:
    """`erase_person` of every installed app's `privacy` module, the registry's excepted."""
    erasers = []
    for config in apps.get_app_configs():
        if config.name == "ventures":
            continue
        try:
            module = importlib.import_module(f"{config.name}.privacy")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.privacy":
                raise
            continue
        eraser = getattr(module, "erase_person", None)
        if eraser is not None:
            erasers.append(eraser)
    return erasers


class ErasureRequestForm(forms.Form):
    """What staff type before anonymising: the request's reference, and a confirmation."""

    request_reference = forms.CharField(
        label=_("Số, ngày đơn yêu cầu"),
        max_length=255,
        help_text=_("Ví dụ: Đơn đề nghị xoá dữ liệu cá nhân ngày 02/12/2026, vào sổ số 15/VP."),
    )
    confirm = forms.BooleanField(
        label=_("Tôi hiểu việc ẩn danh không hoàn tác được."),
        required=True,
    )
