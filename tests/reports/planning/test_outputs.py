"""Consolidated reports (Excel, PDF, mail), export jobs and their failures."""

import datetime
import io
import os

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from common.indicators import Measure
from common.models import Notification
from reports.models import ConsolidatedReport, ExportJob
from reports.planning import services
from reports.planning.tasks import generate_monthly_consolidated_report
from tests.utils import close_response

from .factories import PlanFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_data(province, commune, other_commune, fake_indicators):
    fake_indicators["test.count"].update({commune.pk: Measure(6), other_commune.pk: Measure(2)})
    fake_indicators["test.ratio"].update({commune.pk: Measure(9, 10)})
    plan = PlanFactory(issuer=province, number="12-KH/TĐTN-PT")
    TargetFactory(plan=plan, indicator_code="test.count", label="Mỗi đơn vị ít nhất 05 ý tưởng", value=5)
    return plan


def _read(field_file) -> bytes:
    with field_file.open("rb") as handle:
        return handle.read()


def _body(response) -> bytes:
    try:
        return b"".join(response.streaming_content)
    finally:
        close_response(response)


def _files_under(folder: str) -> list[str]:
    root = os.path.join(default_storage.location, folder)
    found = []
    for path, _dirs, files in os.walk(root):
        found += [os.path.join(path, f) for f in files]
    return found


def test_consolidated_report_excel_and_pdf_contents(
    year_data, staff_user, commune, mailoutbox, django_capture_on_commit_callbacks
):
    report = services.consolidated_report_request(
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31), actor=staff_user
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = services.consolidated_report_generate(report_id=report.pk, actor=staff_user)
    assert report.status == ConsolidatedReport.Status.DONE, report.error
    workbook = load_workbook(io.BytesIO(_read(report.excel_file)))
    assert workbook.sheetnames[:3] == ["Tổng hợp", "Chỉ tiêu", "Theo đơn vị"]
    # Figures are named by their labels: the catalogue's codes appear nowhere in the workbook.
    summary = {row[1]: row[3] for row in workbook["Tổng hợp"].iter_rows(min_row=5, values_only=True) if row[1]}
    assert summary["Chỉ số test.count"] == 8
    assert summary["Chỉ số test.ratio"] == 90.0
    assert [cell.value for cell in workbook["Tổng hợp"][4]] == [
        "STT",
        "Chỉ số",
        "Đơn vị tính",
        "Toàn tỉnh",
        "Cơ sở tính tỉ lệ",
    ]
    targets = list(workbook["Chỉ tiêu"].iter_rows(min_row=5, values_only=True))
    assert targets[0][:2] == ("12-KH/TĐTN-PT", "Mỗi đơn vị ít nhất 05 ý tưởng")
    assert targets[0][6:8] == (1, 2)  # one of two communes reached 5
    by_unit = {row[0]: row[1] for row in workbook["Theo đơn vị"].iter_rows(min_row=5, values_only=True)}
    assert by_unit[commune.name] == 6
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(_read(report.pdf_file))).pages)
    assert "BÁO CÁO TỔNG HỢP" in text
    assert "Mỗi đơn vị ít nhất 05 ý tưởng" in text
    assert Notification.objects.filter(recipient=staff_user, key=f"reports.consolidated.{report.pk}").exists()
    assert [m.to for m in mailoutbox] == [[staff_user.email]]


def test_consolidated_report_is_made_in_the_language_of_whoever_asked(
    year_data, staff_user, django_capture_on_commit_callbacks
):
    """A worker makes the files (no request, Vietnamese active): they follow the requester's choice."""
    staff_user.language = "en"
    staff_user.save(update_fields=["language"])
    report = services.consolidated_report_request(
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31), actor=staff_user
    )

    with django_capture_on_commit_callbacks(execute=True):
        report = services.consolidated_report_generate(report_id=report.pk, actor=staff_user)

    assert report.status == ConsolidatedReport.Status.DONE, report.error
    workbook = load_workbook(io.BytesIO(_read(report.excel_file)))
    assert workbook.sheetnames[:3] == ["Summary", "Target", "By unit"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(_read(report.pdf_file))).pages)
    assert "CONSOLIDATED REPORT ON SUPPORT FOR YOUTH" in text
    assert "BÁO CÁO TỔNG HỢP" not in text


def test_failed_generation_leaves_no_file_and_records_the_error(year_data, staff_user):
    before = set(_files_under("reports"))
    report = services.consolidated_report_request(
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31), actor=staff_user
    )

    def broken(_data):
        raise RuntimeError("đĩa đầy")

    report = services.consolidated_report_generate(report_id=report.pk, actor=staff_user, build=broken)
    assert report.status == ConsolidatedReport.Status.FAILED
    assert "đĩa đầy" in report.error
    assert not report.excel_file
    assert not report.pdf_file
    assert set(_files_under("reports")) == before


def test_monthly_report_is_made_once(year_data, staff_user, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert generate_monthly_consolidated_report() == "done"
        assert generate_monthly_consolidated_report() == "done"
    assert ConsolidatedReport.objects.filter(scheduled=True).count() == 1
    assert len(mailoutbox) == 1


def test_staff_generate_through_an_export_job_and_download(
    client, staff_user, province, year_data, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:consolidated-list"),
            {"owner": province.pk, "kind": "year", "start": "2026-01-01", "end": "2026-12-31"},
        )
    job = ExportJob.objects.get()
    assert response.url == job.get_absolute_url()
    job.refresh_from_db()
    assert (job.status, job.progress) == (ExportJob.Status.DONE, 100)
    body = client.get(job.get_absolute_url()).content.decode()
    assert reverse("reports:consolidated-download", args=[job.report.pk, "pdf"]) in body
    download = client.get(reverse("reports:consolidated-download", args=[job.report.pk, "xlsx"]))
    assert download.status_code == 200
    assert load_workbook(io.BytesIO(_body(download))).sheetnames[0] == "Tổng hợp"


def test_bad_period_is_refused(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("reports:consolidated-list"), {"kind": "month", "start": "2026-05-01", "end": "2026-04-01"}
    )
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()
    assert not ExportJob.objects.exists()


def test_targets_units_export_for_an_officer(
    client, officer, year_data, commune, other_commune, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:plan-export", args=[year_data.pk]))
    job = ExportJob.objects.get()
    assert response.url == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    partial = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert 'id="export-status"' in partial.content.decode()
    assert "hx-get" not in partial.content.decode()
    download = client.get(reverse("reports:export-download", args=[job.pk]))
    rows = list(load_workbook(io.BytesIO(_body(download))).active.iter_rows(min_row=5, values_only=True))
    names = [r[0] for r in rows]
    assert commune.name in names
    assert other_commune.name not in names
    assert rows[names.index(commune.name)][2:4] == (6, "Đạt")


def test_export_of_another_user_is_not_found(client, officer, other_officer, year_data):
    job = ExportJob.objects.create(
        kind=ExportJob.Kind.TARGETS_UNITS, params={"plan": year_data.pk}, requested_by=officer
    )
    client.force_login(other_officer)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("reports:export-download", args=[job.pk])).status_code == 404
