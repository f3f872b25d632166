"""Every Excel export neutralises cells a spreadsheet would run as formulas.

Same poisoned demo and walk as `test_inert_user_text.py` (see `conftest.py`): each poisoned
field starts with `=`, `+`, `-` or `@`. No string cell of any export may start with one of
them; a neutralised cell starts with a quote.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from common.excel import XLSX_CONTENT_TYPE
from tests.competitions.factories import RoundFactory

from .conftest import MARKER, TRIGGERS, Walk


def _string_cells(body: bytes):
    workbook = load_workbook(io.BytesIO(body), read_only=True)
    try:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str):
                        yield sheet.title, cell.coordinate, cell.value
    finally:
        workbook.close()


pytestmark = pytest.mark.django_db  # the first test to run loads the demo in its transaction


def test_no_export_cell_starts_like_a_formula(poisoned_walk: Walk):
    exports = [
        page for page in poisoned_walk.pages if page.status == 200 and page.content_type.startswith(XLSX_CONTENT_TYPE)
    ]
    live, reached = [], set()
    for page in exports:
        for sheet, coordinate, value in _string_cells(page.body):
            if value.startswith(TRIGGERS):
                live.append(f"{page.where()}: {sheet}!{coordinate} = {value!r}")
            if MARKER in value:
                reached.add(page.name)
                assert value.startswith("'") or not value.lstrip("'").startswith(TRIGGERS)

    assert exports, "no URL answered with a workbook"
    assert not live, "cells a spreadsheet would run as formulas:\n" + "\n".join(live)
    # The check can fail: poisoned text did reach the exports.
    assert reached, f"no poisoned text reached any of {sorted({p.name for p in exports})}"


def test_round_matrix_export_survives_a_colon_in_the_round_name(client, staff_user):
    round = RoundFactory(name="Vòng 1: Sơ khảo")
    client.force_login(staff_user)

    response = client.get(reverse("competitions:round-matrix-export", args=[round.pk]))

    assert response.status_code == 200
