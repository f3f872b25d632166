"""VND and date formatting, the `portal` template library and the shared date widget."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from common.formatting import format_date, format_decimal, format_vnd
from common.forms import DateInput

pytestmark = pytest.mark.django_db

UTC = ZoneInfo("UTC")


def _render(source: str, **context) -> str:
    return Template("{% load portal %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("value", "vietnamese", "english"),
    [
        (Decimal("18.50"), "18,5", "18.5"),
        (Decimal("20.00"), "20", "20"),
        (Decimal("100"), "100", "100"),
        (Decimal("0.05"), "0,05", "0.05"),
        (Decimal("1234.5"), "1234,5", "1234.5"),
        (7, "7", "7"),
        (None, "", ""),
    ],
)
def test_format_decimal_writes_the_languages_separator_without_trailing_zeros(value, vietnamese, english):
    shown = {}
    for language in ("vi", "en"):
        with translation.override(language):
            shown[language] = format_decimal(value)

    assert shown == {"vi": vietnamese, "en": english}


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1_500_000, "1.500.000\u00a0₫"),
        (0, "0\u00a0₫"),
        (999, "999\u00a0₫"),
        (1000, "1.000\u00a0₫"),
        (2_000_000_000, "2.000.000.000\u00a0₫"),
        (-250_000, "-250.000\u00a0₫"),
        (1_500_000.6, "1.500.001\u00a0₫"),
        (Decimal("100000000"), "100.000.000\u00a0₫"),
        (None, ""),
        ("", ""),
    ],
)
def test_format_vnd(amount, expected):
    assert format_vnd(amount) == expected


def test_format_vnd_without_symbol():
    assert format_vnd(1_500_000, symbol=False) == "1.500.000"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2025, 3, 5), "05/03/2025"),
        (datetime.datetime(2021, 10, 15, 8, 30), "15/10/2021"),
        (None, ""),
    ],
)
def test_format_date(value, expected):
    assert format_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1_500_000, "1.500.000\u00a0₫"), (None, ""), (Decimal("2500000.00"), "2.500.000\u00a0₫")],
)
def test_vnd_filter(value, expected):
    assert _render("{{ value|vnd }}", value=value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2025, 7, 1), "01/07/2025"),
        (None, ""),
        # 20:00 UTC on 4 March is 03:00 on 5 March in Hanoi: the filter shows the local day.
        (datetime.datetime(2025, 3, 4, 20, 0, tzinfo=UTC), "05/03/2025"),
        (datetime.datetime(2025, 3, 4, 10, 0, tzinfo=UTC), "04/03/2025"),
    ],
)
def test_ddmmyyyy_filter(value, expected):
    assert _render("{{ value|ddmmyyyy }}", value=value) == expected


@pytest.mark.parametrize(
    ("query", "kwargs", "expected"),
    [
        ("", {"page": 2}, "?page=2"),
        ("q=ho&page=3", {"page": 4}, "?q=ho&page=4"),
        ("q=ho&page=3", {"page": ""}, "?q=ho"),
        ("page=3", {"page": None}, "?"),
    ],
)
def test_querystring_replace(query, kwargs, expected):
    request = RequestFactory().get(f"/ventures/?{query}")
    arguments = " ".join(f"{key}=value_{key}" for key in kwargs)
    context = {"request": request} | {f"value_{key}": value for key, value in kwargs.items()}

    rendered = _render(f"{{% querystring_replace {arguments} %}}", **context)

    assert rendered == expected.replace("&", "&amp;")


def test_date_input_renders_a_native_iso_date_picker():
    html = DateInput().render("born", datetime.date(1998, 5, 20))

    assert html == '<input type="date" name="born" value="1998-05-20">'
