"""Excel outputs read back with openpyxl; officers get none."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.periodic import services
from tests.reports.periodic.conftest import GOOD

pytestmark = pytest.mark.django_db


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_period_export_lists_every_unit_with_answers(client, staff_user, officer, current, commune, other_commune):
    report = services.report_open(period=current, unit=commune, actor=officer)
    services.report_submit(report=report, raw={**GOOD, "kho_khan": "=1+1"}, actor=officer)
    client.force_login(staff_user)

    rows = _sheet(client.get(reverse("reports:periodic-period-export", args=[current.pk])))

    assert rows[0][:4] == ("Đơn vị", "Trạng thái", "Gửi lúc", "Trễ hạn")
    assert "Vốn vay (triệu đồng)" in rows[0]
    by_unit = {r[0]: r for r in rows[1:]}
    assert by_unit["Đoàn phường Tô Hiệu"][1] == "Đã gửi, chờ duyệt"
    assert by_unit["Đoàn phường Tô Hiệu"][4:7] == (3, 150.5, "'=1+1")
    assert by_unit[other_commune.name][1] == "Chưa làm"


def test_late_export_and_review_progress(client, staff_user, officer, past, commune):
    client.force_login(staff_user)
    rows = _sheet(client.get(reverse("reports:periodic-late"), {"format": "xlsx"}))
    assert any(r[4] == "Đoàn phường Tô Hiệu" and r[1] > 0 for r in rows[1:])
    page = client.get(reverse("reports:periodic-review")).content.decode()
    assert 'data-table="progress"' in page


def test_officer_gets_no_export(client, officer, current):
    client.force_login(officer)
    assert client.get(reverse("reports:periodic-period-export", args=[current.pk])).status_code == 403
    assert client.get(reverse("reports:periodic-late"), {"format": "xlsx"}).status_code == 403
