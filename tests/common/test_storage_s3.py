"""Private uploads in an S3-compatible bucket (MEDIA_STORAGE=s3), against moto's S3.

The bucket is switched on the way production does it: the S3_* variables read by
`config.settings.base.media_storage` give STORAGES["default"]. Uploads go through the real
forms and come back through the views that check permission; nothing lands in MEDIA_ROOT,
and no object is readable without the bucket's keys.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import secrets
import subprocess
import sys
import tarfile

import boto3
import environ
import pytest
import time_machine
from django import forms
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from moto import mock_aws
from openpyxl import load_workbook
from pypdf import PdfReader

from common.backup import DATABASE_MEMBERS
from config.settings.base import media_storage
from reports.models import ConsolidatedReport
from reports.planning import services as planning
from tests.competitions.factories import ContestFactory, EntryFactory
from tests.reports.planning.factories import PlanFactory, TargetFactory
from tests.utils import close_response
from tests.ventures.factories import PDF_BYTES, VentureDocumentFactory
from ventures.models import VentureDocument

pytestmark = pytest.mark.django_db

BUCKET = "portal-media"
PREFIX = "son-la"
REGION = "ap-southeast-1"
S3_ENV = {
    "MEDIA_STORAGE": "s3",
    "S3_BUCKET": BUCKET,
    "S3_PREFIX": f"/{PREFIX}/",
    "S3_REGION": REGION,
    "S3_ACCESS_KEY_ID": "khoa-thu",
    "S3_SECRET_ACCESS_KEY": "bi-mat-thu",
}
FILE_SYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
VN = datetime.timezone(datetime.timedelta(hours=7))
NOW = datetime.datetime(2026, 3, 5, 9, 30, 15, tzinfo=VN)


def _storage_from(monkeypatch, variables: dict[str, str]) -> dict:
    for name in ("MEDIA_STORAGE", *(n for n in os.environ if n.startswith("S3_"))):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return media_storage(environ.Env())


class Bucket:
    """The moto bucket as the test sees it: object keys and bytes."""

    def __init__(self, client):
        self.client = client

    def keys(self) -> list[str]:
        return sorted(o["Key"] for o in self.client.list_objects_v2(Bucket=BUCKET).get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=BUCKET, Key=key)["Body"].read()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "site" / "private-media"
    return settings.MEDIA_ROOT


@pytest.fixture
def moto_bucket(monkeypatch):
    """An empty bucket in moto's S3, for as long as the test runs."""
    # boto3 must find nothing of the machine's own (a real profile, a real endpoint).
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "khoa-thu")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "bi-mat-thu")
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        yield Bucket(client)


@pytest.fixture
def bucket(moto_bucket, settings, monkeypatch, media_root):
    """The portal's uploads stored in the moto bucket, as MEDIA_STORAGE=s3 and S3_* set them."""
    settings.STORAGES = {**settings.STORAGES, "default": _storage_from(monkeypatch, S3_ENV)}
    return moto_bucket


def _local_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _body(response) -> bytes:
    try:
        return b"".join(response.streaming_content)
    finally:
        close_response(response)


# ---------------------------------------------------------------- settings


def test_media_stay_on_the_file_system_by_default(monkeypatch):
    assert _storage_from(monkeypatch, {}) == FILE_SYSTEM


def test_s3_media_are_private_never_overwritten_and_under_the_prefix(monkeypatch):
    storage = _storage_from(
        monkeypatch,
        {**S3_ENV, "S3_ENDPOINT_URL": "https://s3.example.vn", "S3_ADDRESSING_STYLE": "path"},
    )

    assert storage["BACKEND"] == "common.storage.PrivateS3Storage"
    options = storage["OPTIONS"]
    assert (options["bucket_name"], options["location"], options["region_name"]) == (BUCKET, PREFIX, REGION)
    assert (options["endpoint_url"], options["addressing_style"]) == ("https://s3.example.vn", "path")
    assert (options["access_key"], options["secret_key"]) == ("khoa-thu", "bi-mat-thu")
    assert options["default_acl"] is None
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"MEDIA_STORAGE": "s3"}, "MEDIA_STORAGE=s3 needs S3_BUCKET"),
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be 'filesystem' or 's3', not 'ftp'"),
    ],
)
def test_s3_without_a_bucket_or_an_unknown_storage_is_refused(monkeypatch, variables, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        _storage_from(monkeypatch, variables)


def _production(tmp_path, *args: str, **variables: str) -> subprocess.CompletedProcess:
    kept = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if key in os.environ}
    env = {
        **kept,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "VAR_DIR": str(tmp_path),
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "portal.example.vn",
        **variables,
    }
    return subprocess.run(  # noqa: S603 - a fixed command line, no shell
        [sys.executable, "manage.py", *args],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_refuses_s3_without_a_bucket(tmp_path):
    result = _production(tmp_path, "check", MEDIA_STORAGE="s3")

    assert result.returncode != 0
    assert "ImproperlyConfigured: MEDIA_STORAGE=s3 needs S3_BUCKET" in result.stderr


def test_production_with_s3_stores_uploads_in_the_private_bucket(tmp_path):
    script = (
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.location, s.endpoint_url, s.querystring_auth, "
        "s.default_acl, s.file_overwrite)"
    )
    result = _production(
        tmp_path,
        "shell",
        "-c",
        script,
        **{**S3_ENV, "S3_ENDPOINT_URL": "https://s3.example.vn"},
    )

    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last == f"PrivateS3Storage {BUCKET} {PREFIX} https://s3.example.vn True None False"


# ---------------------------------------------------------------- uploads through the pages


@pytest.fixture
def draft(commune):
    return EntryFactory(contest=ContestFactory(), unit=commune, title="Sấy mận hậu Tô Hiệu")


def _upload(client, entry, name="ke-hoach.pdf", content=PDF_BYTES):
    return client.post(
        reverse("competitions:entry-attachment-create", args=[entry.pk]),
        {"kind": "business_plan", "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_entry_document_lands_in_the_bucket_and_streams_back_to_its_unit(bucket, client, officer, draft, media_root):
    client.force_login(officer)

    response = _upload(client, draft)

    assert response.redirect_chain == [(draft.get_absolute_url(), 302)]
    attachment = draft.attachments.get()
    (key,) = bucket.keys()
    assert key == f"{PREFIX}/{attachment.file.name}"
    assert key.endswith(".pdf")
    assert bucket.read(key) == PDF_BYTES
    grants = bucket.client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]  # the owner's only: nobody else reads it
    assert "URI" not in grants[0]["Grantee"]
    assert _local_files(media_root) == []

    download = client.get(reverse("competitions:entry-attachment-download", args=[attachment.pk]))

    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="ke-hoach.pdf"'
    assert download["Cache-Control"] == "private, no-store"
    assert _body(download) == PDF_BYTES


def test_a_stored_file_offers_no_link_into_the_bucket(bucket, client, officer, draft):
    client.force_login(officer)
    _upload(client, draft)
    attachment = draft.attachments.get()

    widget = forms.ClearableFileInput().render("file", attachment.file)

    assert attachment.file.url == f"/private-media/{attachment.file.name}"
    assert f'href="/private-media/{attachment.file.name}"' in widget
    assert "amazonaws" not in widget
    assert "X-Amz" not in widget
    assert client.get(attachment.file.url).status_code == 404


def test_same_file_name_twice_keeps_both_objects(bucket, client, officer, draft):
    client.force_login(officer)

    _upload(client, draft)
    _upload(client, draft, content=PDF_BYTES + b"\n% ban hoan thien\n")

    first, second = draft.attachments.order_by("pk")
    assert first.file.name != second.file.name
    assert bucket.keys() == sorted(f"{PREFIX}/{a.file.name}" for a in (first, second))
    assert _body(client.get(reverse("competitions:entry-attachment-download", args=[first.pk]))) == PDF_BYTES


@pytest.mark.parametrize("who", ["other_officer", "judge"])
def test_another_role_gets_nothing_from_the_bucket(bucket, client, officer, draft, request, who):
    client.force_login(officer)
    _upload(client, draft)
    attachment = draft.attachments.get()
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("competitions:entry-attachment-download", args=[attachment.pk]))

    assert response.status_code == 404
    assert not hasattr(response, "streaming_content")


def test_removing_a_document_deletes_its_object(bucket, client, officer, draft, django_capture_on_commit_callbacks):
    client.force_login(officer)
    _upload(client, draft)
    attachment = draft.attachments.get()
    assert len(bucket.keys()) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("competitions:entry-attachment-delete", args=[attachment.pk]), follow=True)

    assert "Đã gỡ tài liệu." in response.content.decode()
    assert not draft.attachments.exists()
    assert bucket.keys() == []


# ---------------------------------------------------------------- consolidated reports


@pytest.fixture
def year_plan(province, commune):
    moment = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=VN)
    contest = ContestFactory()
    for _ in range(6):
        EntryFactory(contest=contest, unit=commune, status="submitted", submitted_at=moment, lead=False)
    plan = PlanFactory(issuer=province, number="12-KH/TĐTN-PT")
    TargetFactory(plan=plan, label="Mỗi đơn vị ít nhất 05 ý tưởng", value=5)
    return plan


def test_consolidated_report_is_stored_in_the_bucket_and_downloads(
    bucket, client, staff_user, officer, year_plan, media_root, django_capture_on_commit_callbacks
):
    report = planning.consolidated_report_request(
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31), actor=staff_user
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = planning.consolidated_report_generate(report_id=report.pk, actor=staff_user)

    assert report.status == ConsolidatedReport.Status.DONE, report.error
    stem = "reports/consolidated/bao-cao-tong-hop-20260101-20261231"
    assert (report.excel_file.name, report.pdf_file.name) == (f"{stem}.xlsx", f"{stem}.pdf")
    assert bucket.keys() == [f"{PREFIX}/{stem}.pdf", f"{PREFIX}/{stem}.xlsx"]
    assert _local_files(media_root) == []

    client.force_login(staff_user)
    excel = _body(client.get(reverse("reports:consolidated-download", args=[report.pk, "xlsx"])))
    pdf = _body(client.get(reverse("reports:consolidated-download", args=[report.pk, "pdf"])))

    assert excel == bucket.read(f"{PREFIX}/{stem}.xlsx")
    assert load_workbook(io.BytesIO(excel)).sheetnames[:3] == ["Tổng hợp", "Chỉ tiêu", "Theo đơn vị"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "BÁO CÁO TỔNG HỢP" in text
    assert "Mỗi đơn vị ít nhất 05 ý tưởng" in text
    client.force_login(officer)
    assert client.get(reverse("reports:consolidated-download", args=[report.pk, "xlsx"])).status_code == 403


def test_failed_report_leaves_no_object(bucket, staff_user, year_plan):
    report = planning.consolidated_report_request(
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31), actor=staff_user
    )

    def pdf_fails(data):
        raise RuntimeError("máy chủ lưu trữ từ chối")

    report = planning.consolidated_report_generate(report_id=report.pk, actor=staff_user, build=pdf_fails)

    assert report.status == ConsolidatedReport.Status.FAILED
    assert bucket.keys() == []


# ---------------------------------------------------------------- backup and restore


def _backup(tmp_path) -> tuple[dict[str, bytes], str]:
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("backup", "--output-dir", str(tmp_path / "backups"), stdout=out)
    archive = out.getvalue().strip().splitlines()[-1]
    with tarfile.open(archive, "r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}
    return members, out.getvalue()


def _restore(tmp_path) -> str:
    (archive,) = (tmp_path / "backups").iterdir()
    out = io.StringIO()
    call_command("restore", str(archive), "--noinput", stdout=out)
    return out.getvalue()


sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="restores into the test database in use (see test_backup.py)"
)


@pytest.mark.django_db(transaction=True)
def test_backup_with_media_in_the_bucket_holds_the_database_and_names_the_bucket(bucket, tmp_path):
    VentureDocumentFactory.create_batch(2)
    assert len(bucket.keys()) == 2

    members, output = _backup(tmp_path)

    manifest = json.loads(members["manifest.json"])
    assert sorted(members) == sorted(["manifest.json", DATABASE_MEMBERS[connection.vendor]])
    assert manifest["media"] == {"storage": "s3", "bucket": BUCKET, "prefix": PREFIX, "region": REGION}
    assert "khoa-thu" not in members["manifest.json"].decode()
    assert "bi-mat-thu" not in members["manifest.json"].decode()
    assert f"Tệp đính kèm không nằm trong bản sao lưu: chúng ở bucket {BUCKET}/{PREFIX}" in output
    assert "versioning hoặc replication của bucket" in output
    assert len(bucket.keys()) == 2


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_restore_with_media_in_the_bucket_leaves_the_bucket_alone(bucket, tmp_path, media_root):
    kept = VentureDocumentFactory()
    _backup(tmp_path)
    later = VentureDocumentFactory()  # made after the backup: its row goes, its object stays
    keys = bucket.keys()

    output = _restore(tmp_path)

    assert list(VentureDocument.objects.values_list("pk", flat=True)) == [kept.pk]
    assert bucket.keys() == keys
    assert f"{PREFIX}/{later.file.name}" in keys
    with default_storage.open(kept.file.name) as stored:
        assert stored.read() == PDF_BYTES
    assert f"Tệp đính kèm nằm trong bucket {BUCKET}/{PREFIX}: không thay đổi" in output
    assert not media_root.exists()


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_restore_of_a_bucket_archive_on_the_file_system_keeps_media_root(bucket, settings, tmp_path, media_root):
    VentureDocumentFactory()
    _backup(tmp_path)
    settings.STORAGES = {**settings.STORAGES, "default": FILE_SYSTEM}
    (media_root / "ventures").mkdir(parents=True)
    (media_root / "ventures" / "tai-lieu.pdf").write_bytes(PDF_BYTES)

    output = _restore(tmp_path)

    assert _local_files(media_root) == ["ventures/tai-lieu.pdf"]
    assert f"tệp đính kèm nằm trong bucket {BUCKET}/{PREFIX}; thư mục {media_root} không thay đổi" in output
    assert "Đặt MEDIA_STORAGE=s3" in output


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_restore_of_a_file_system_archive_under_s3_does_not_touch_the_bucket(
    moto_bucket, settings, monkeypatch, tmp_path, media_root
):
    VentureDocumentFactory.create_batch(2)
    members, _output = _backup(tmp_path)
    assert len([m for m in members if m.startswith("media/")]) == 2
    local = _local_files(media_root)
    settings.STORAGES = {**settings.STORAGES, "default": _storage_from(monkeypatch, S3_ENV)}
    moto_bucket.client.put_object(Bucket=BUCKET, Key=f"{PREFIX}/moi.pdf", Body=PDF_BYTES)

    output = _restore(tmp_path)

    assert moto_bucket.keys() == [f"{PREFIX}/moi.pdf"]
    assert _local_files(media_root) == local
    assert VentureDocument.objects.count() == 2
    assert "Bản sao lưu có 2 tệp đính kèm của thư mục MEDIA_ROOT" in output
    assert "không được khôi phục" in output
