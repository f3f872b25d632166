"""Backup and restore (`manage.py backup` / `restore`, `make backup` / `make restore`).

The round trips run the commands the way an operator does, in a subprocess on a database
of their own (a migrated SQLite file, or a scratch PostgreSQL database when DATABASE_URL
points at PostgreSQL): load rows and a private upload, back up, wipe, restore, and find the
same rows per model and the same file bytes. The refusals (a tampered file, a member that
would land outside the archive, the other database vendor, newer migrations) run in process
against the test database and check that nothing changed.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from accounts.models import Unit
from common.backup import backup_prune
from tests.factories import UnitFactory
from tests.ventures.factories import PDF_BYTES, VentureDocumentFactory, VentureUpdateFactory

ROOT = Path(settings.BASE_DIR)
VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 3, 5, 9, 30, 15, tzinfo=VN)
ARCHIVE_NAME = re.compile(r"^portal-\d{8}-\d{6}(-\d+)?\.tar\.gz$")

# What a process needs, and nothing of the test run's own database, cache or broker.
_KEPT = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")

# Scripts for `manage.py shell -c` in the subprocess (its own database). Each ends by
# printing the state: rows per model, and whether the newer migration and table exist.
STATE = """
import json
from django.apps import apps
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
models = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]
print(json.dumps({
    "rows": {m._meta.label: m._base_manager.count() for m in models},
    "newer_table": "ventures_sau_sao_luu" in connection.introspection.table_names(),
    "newer_migration": ("ventures", "9999_sau_sao_luu") in MigrationRecorder(connection).applied_migrations(),
}))
"""

# Rows of several apps and private uploads, made with the test factories; plus a file with
# a Vietnamese name in a folder of its own.
SEED = """
from django.conf import settings
from tests.ventures.factories import VentureDocumentFactory, VentureUpdateFactory
VentureDocumentFactory.create_batch(2)
VentureUpdateFactory.create_batch(3)
folder = settings.MEDIA_ROOT / "kế hoạch"
folder.mkdir(parents=True, exist_ok=True)
(folder / "Kế hoạch 106-KH.pdf").write_bytes(b"%PDF-1.4 k\\u1ebf ho\\u1ea1ch" * 1000)
"""

# Every row deleted, and the database moved on as if a newer version had been migrated.
WIPE = """
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
call_command("flush", interactive=False)
MigrationRecorder(connection).record_applied("ventures", "9999_sau_sao_luu")
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE ventures_sau_sao_luu (id integer)")
"""


# Restoring in process replaces the test database in use: fine for SQLite in memory; on
# PostgreSQL the round trip restores into a scratch database instead (see below).
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="restores into the test database in use; on PostgreSQL see test_round_trip_on_postgresql",
)

# ---------------------------------------------------------------- helpers


def row_counts() -> dict[str, int]:
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]
    return {model._meta.label: model._base_manager.count() for model in models}


def media_files(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def every_path(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*")}


def read_members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive, "r:gz") as tar:
        return {member.name: tar.extractfile(member).read() for member in tar if member.isfile()}


def write_archive(
    path: Path, members: dict[str, bytes], *, extra: Callable[[tarfile.TarFile], None] | None = None
) -> Path:
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        if extra:
            extra(tar)
    return path


def resealed(members: dict[str, bytes], **manifest_changes) -> dict[str, bytes]:
    """`members` with a manifest whose file list matches them again (a consistent archive)."""
    manifest = json.loads(members["manifest.json"])
    manifest.update(manifest_changes)
    manifest["files"] = [
        {"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in members.items()
        if name != "manifest.json"
    ]
    return {**members, "manifest.json": json.dumps(manifest).encode()}


def backup(tmp_path: Path, *args: str) -> tuple[Path, str]:
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("backup", "--output-dir", str(tmp_path / "backups"), *args, stdout=out)
    output = out.getvalue()
    return Path(output.strip().splitlines()[-1]), output


def restore(archive: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), "--noinput", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def media_root(settings, tmp_path):
    # A folder of its own under tmp_path: restore stages beside it, in tmp_path / "site".
    settings.MEDIA_ROOT = tmp_path / "site" / "private-media"
    return settings.MEDIA_ROOT


@pytest.fixture
def portal(media_root):
    """Rows of several apps with two private uploads stored under MEDIA_ROOT."""
    documents = VentureDocumentFactory.create_batch(2)
    VentureUpdateFactory.create_batch(2)
    return documents


# ---------------------------------------------------------------- round trips through the commands


def _run(command: list[str], env: dict[str, str], *, fails: bool = False) -> subprocess.CompletedProcess:
    result = subprocess.run(  # noqa: S603 - fixed command lines, no shell
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert (result.returncode != 0) == fails, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def _make(target: str, env: dict[str, str], *variables: str) -> list[str]:
    """`make <target>` with this Python; `manage.py` directly where make is not installed."""
    if shutil.which("make"):
        return ["make", "--no-print-directory", target, f"PY={sys.executable}", *variables]
    command = {"backup": ["backup"], "restore": ["restore", "--noinput"]}[target]
    archive = [v.split("=", 1)[1] for v in variables if v.startswith("BACKUP=")]
    force = ["--force"] if "FORCE=1" in variables else []
    return [sys.executable, "manage.py", *command, *archive, *force]


def _round_trip(tmp_path: Path, database_url: str) -> None:
    media = tmp_path / "private-media"
    env = {key: os.environ[key] for key in _KEPT if key in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media),
        BACKUP_DIR=str(tmp_path / "backups"),
        VAR_DIR=str(tmp_path / "var"),
    )

    def shell(script: str) -> dict:
        output = _run([sys.executable, "manage.py", "shell", "-c", script + STATE], env).stdout
        return json.loads(output.strip().splitlines()[-1])

    _run([sys.executable, "manage.py", "migrate", "--verbosity=0"], env)
    before, files_before = shell(SEED), media_files(media)
    assert before["rows"]["ventures.VentureDocument"] == 2
    assert before["rows"]["ventures.VentureUpdate"] == 3
    assert len(files_before) == 3
    assert "kế hoạch/Kế hoạch 106-KH.pdf" in files_before

    output = _run(_make("backup", env), env).stdout
    archive = Path(output.strip().splitlines()[-1])  # the last line is the archive's path
    assert archive.parent == tmp_path / "backups"
    assert ARCHIVE_NAME.match(archive.name)
    assert archive.stat().st_mode & 0o777 == 0o600
    assert not [p for p in archive.parent.iterdir() if p != archive]  # no temporary file left
    manifest = json.loads(read_members(archive)["manifest.json"])
    vendor = "postgresql" if database_url.startswith("postgres") else "sqlite"
    assert manifest["database"]["vendor"] == vendor
    last_on_disk = max(p.stem for p in (ROOT / "ventures" / "migrations").glob("0*.py"))
    assert manifest["migrations"]["ventures"] == last_on_disk
    assert manifest["tables"]["ventures_venturedocument"] == 2
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert {name: listed[f"media/{name}"] for name in files_before} == {
        name: hashlib.sha256(data).hexdigest() for name, data in files_before.items()
    }

    shutil.rmtree(media)
    wiped = shell(WIPE)
    assert wiped["rows"] != before["rows"]
    assert wiped["newer_table"]
    assert media_files(media) == {}

    refused = _run(_make("restore", env, f"BACKUP={archive}", "NOINPUT=1"), env, fails=True)
    assert "migration mới hơn bản sao lưu (ventures.9999_sau_sao_luu)" in refused.stderr

    output = _run(_make("restore", env, f"BACKUP={archive}", "NOINPUT=1", "FORCE=1"), env).stdout
    assert "Đã khôi phục 3 tệp đính kèm" in output
    assert shell("") == before  # same rows per model, no newer table or migration left
    assert media_files(media) == files_before


def test_round_trip_on_a_sqlite_file_database(tmp_path):
    _round_trip(tmp_path, f"sqlite:///{tmp_path / 'portal.sqlite3'}")


@pytest.mark.django_db
def test_round_trip_on_postgresql(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs a PostgreSQL DATABASE_URL (restores into a scratch database it creates)")
    import psycopg

    s = connection.settings_dict
    server = {
        "host": s["HOST"] or "127.0.0.1",
        "port": s["PORT"] or 5432,
        "user": s["USER"],
        "password": s["PASSWORD"] or None,
    }
    name = f"portal_backup_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{quote(server['password'], safe='')}" if server["password"] else ""
        _round_trip(
            tmp_path, f"postgres://{quote(server['user'], safe='')}{password}@{server['host']}:{server['port']}/{name}"
        )
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---------------------------------------------------------------- in process, against the test database


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_round_trip_in_process_restores_rows_and_uploads(portal, media_root, tmp_path):
    before, files_before = row_counts(), media_files(media_root)
    assert len(files_before) == 2

    archive, output = backup(tmp_path)
    assert output.strip().splitlines()[-1] == str(archive)
    assert archive.name == "portal-20260305-093015.tar.gz"
    assert "Tệp đính kèm: 2 tệp" in output

    call_command("flush", "--noinput")
    shutil.rmtree(media_root)
    (media_root / "sau-sao-luu").mkdir(parents=True)
    (media_root / "sau-sao-luu" / "moi.pdf").write_bytes(PDF_BYTES)  # added after the backup: goes

    output = restore(archive)

    assert row_counts() == before
    assert media_files(media_root) == files_before
    assert "Bản sao lưu hợp lệ (mọi mã SHA-256 khớp): tạo lúc 05/03/2026 09:30" in output
    assert "Đã khôi phục 2 tệp đính kèm" in output
    assert every_path(tmp_path / "site") == {"private-media"} | {
        f"private-media/{p}" for p in every_path(media_root)
    }  # no staging or set-aside folder left


@pytest.mark.django_db(transaction=True)
def test_backup_keep_deletes_only_older_archives(media_root, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    old = [folder / f"portal-2026030{day}-020000.tar.gz" for day in (1, 2, 3)]
    for path in old:
        path.write_bytes(b"old")
    unrelated = folder / "ghi-chu.txt"
    unrelated.write_text("không phải bản sao lưu")

    archive, output = backup(tmp_path, "--keep", "2")

    assert sorted(p.name for p in folder.iterdir()) == [
        "ghi-chu.txt",
        "portal-20260303-020000.tar.gz",
        archive.name,
    ]
    assert "Đã xoá 2 bản sao lưu cũ (giữ 2 bản mới nhất)." in output


def test_prune_orders_archives_of_the_same_second(tmp_path):
    names = ["portal-20260305-093015.tar.gz", "portal-20260305-093015-2.tar.gz", "portal-20260304-093015.tar.gz"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")

    deleted = backup_prune(backup_dir=tmp_path, keep=2)

    assert [p.name for p in deleted] == ["portal-20260304-093015.tar.gz"]


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_tampered_file_and_changes_nothing(portal, media_root, tmp_path):
    archive, _output = backup(tmp_path)
    members = read_members(archive)
    name = next(n for n in members if n.startswith("media/"))
    body = members[name]
    members[name] = body[:-1] + bytes([body[-1] ^ 0xFF])  # same size, other bytes
    assert members[name] != body
    write_archive(archive, members)
    UnitFactory(name="Đoàn xã lập sau sao lưu", code="sau-sao-luu")
    before, files_before, paths_before = row_counts(), media_files(media_root), every_path(tmp_path)

    with pytest.raises(CommandError, match=f"Tệp {name} không khớp kích thước hoặc mã SHA-256"):
        restore(archive)

    assert row_counts() == before
    assert Unit.objects.filter(code="sau-sao-luu").exists()
    assert media_files(media_root) == files_before
    assert every_path(tmp_path) == paths_before


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("member", "message"),
    [
        ("media/a.pdf", "không có trong manifest"),  # an extra file, not listed
        (None, "thiếu tệp"),  # a listed file removed
    ],
    ids=["unlisted", "missing"],
)
def test_restore_refuses_an_archive_that_does_not_match_its_manifest(portal, media_root, tmp_path, member, message):
    archive, _output = backup(tmp_path)
    members = read_members(archive)
    if member:
        members[member] = PDF_BYTES
    else:
        del members[next(n for n in members if n.startswith("media/"))]
    write_archive(archive, members)
    before, files_before = row_counts(), media_files(media_root)

    with pytest.raises(CommandError, match=message):
        restore(archive)

    assert row_counts() == before
    assert media_files(media_root) == files_before


def _file(name: str) -> Callable[[tarfile.TarFile], None]:
    def add(tar: tarfile.TarFile) -> None:
        info = tarfile.TarInfo(name)
        info.size = len(PDF_BYTES)
        tar.addfile(info, io.BytesIO(PDF_BYTES))

    return add


def _link(name: str, target: str, kind: bytes) -> Callable[[tarfile.TarFile], None]:
    def add(tar: tarfile.TarFile) -> None:
        info = tarfile.TarInfo(name)
        info.type = kind
        info.linkname = target
        tar.addfile(info)

    return add


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("member", "make"),
    [
        ("../ra-ngoai.pdf", lambda tmp: _file("../ra-ngoai.pdf")),
        ("media/../../ra-ngoai.pdf", lambda tmp: _file("media/../../ra-ngoai.pdf")),
        ("/tuyet-doi.pdf", lambda tmp: _file(str(tmp / "tuyet-doi.pdf"))),
        ("media/lien-ket", lambda tmp: _link("media/lien-ket", str(tmp / "dich"), tarfile.SYMTYPE)),
        ("media/lien-ket-cung", lambda tmp: _link("media/lien-ket-cung", "manifest.json", tarfile.LNKTYPE)),
    ],
    ids=["parent", "media-parent", "absolute", "symlink", "hardlink"],
)
def test_restore_refuses_members_outside_the_archive_and_links(portal, media_root, tmp_path, member, make):
    archive, _output = backup(tmp_path)
    write_archive(archive, read_members(archive), extra=make(tmp_path))
    before, files_before, paths_before = row_counts(), media_files(media_root), every_path(tmp_path)

    with pytest.raises(CommandError, match="Đã từ chối") as refused:
        restore(archive)

    assert member.lstrip("/") in str(refused.value)
    assert row_counts() == before
    assert media_files(media_root) == files_before
    assert every_path(tmp_path) == paths_before  # nothing written anywhere, staging removed


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_archive_of_the_other_database_vendor(portal, media_root, tmp_path):
    archive, _output = backup(tmp_path)
    members = read_members(archive)
    vendor, other = (
        ("sqlite", ("postgresql", "database.pgdump"))
        if connection.vendor == "sqlite"
        else ("postgresql", ("sqlite", "database.sqlite3"))
    )
    database = members.pop("database.sqlite3" if vendor == "sqlite" else "database.pgdump")
    members[other[1]] = database
    write_archive(archive, resealed(members, database={"vendor": other[0], "file": other[1]}))
    before = row_counts()

    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    with pytest.raises(
        CommandError,
        match=f"Bản sao lưu là cơ sở dữ liệu {names[other[0]]}, còn cổng đang dùng {names[vendor]}",
    ):
        restore(archive)

    assert row_counts() == before


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_with_newer_migrations(portal, media_root, tmp_path):
    archive, _output = backup(tmp_path)
    recorder = MigrationRecorder(connection)
    recorder.record_applied("ventures", "9999_sau_sao_luu")
    UnitFactory(name="Đoàn xã lập sau sao lưu", code="sau-sao-luu")
    try:
        with pytest.raises(CommandError, match=r"migration mới hơn bản sao lưu \(ventures\.9999_sau_sao_luu\)"):
            restore(archive)

        assert Unit.objects.filter(code="sau-sao-luu").exists()
    finally:  # the test flush leaves django_migrations alone
        recorder.record_unapplied("ventures", "9999_sau_sao_luu")


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_restore_with_force_replaces_a_database_with_newer_migrations(portal, media_root, tmp_path):
    archive, _output = backup(tmp_path)
    MigrationRecorder(connection).record_applied("ventures", "9999_sau_sao_luu")
    UnitFactory(name="Đoàn xã lập sau sao lưu", code="sau-sao-luu")

    output = restore(archive, "--force")

    assert "--force: cơ sở dữ liệu hiện tại có migration mới hơn bản sao lưu (ventures.9999_sau_sao_luu)" in output
    assert not Unit.objects.filter(code="sau-sao-luu").exists()
    assert ("ventures", "9999_sau_sao_luu") not in MigrationRecorder(connection).applied_migrations()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("force", [False, pytest.param(True, marks=sqlite_only)], ids=["refused", "forced"])
def test_restore_of_an_archive_from_a_newer_portal_needs_force(portal, media_root, tmp_path, force):
    archive, _output = backup(tmp_path)
    write_archive(archive, resealed(read_members(archive), migrations={"ventures": "9999_tu_phien_ban_moi"}))
    UnitFactory(name="Đoàn xã lập sau sao lưu", code="sau-sao-luu")

    if force:
        restore(archive, "--force")
    else:
        with pytest.raises(CommandError, match=r"phiên bản cổng mới hơn .*ventures\.9999_tu_phien_ban_moi"):
            restore(archive)

    assert Unit.objects.filter(code="sau-sao-luu").exists() != force


@pytest.mark.django_db(transaction=True)
def test_restore_asks_before_replacing_and_a_no_changes_nothing(portal, media_root, tmp_path, monkeypatch):
    archive, _output = backup(tmp_path)
    UnitFactory(name="Đoàn xã lập sau sao lưu", code="sau-sao-luu")
    questions = []
    monkeypatch.setattr("builtins.input", lambda prompt: questions.append(prompt) or "không")

    with pytest.raises(CommandError, match="Đã hủy khôi phục; không có gì thay đổi."):
        call_command("restore", str(archive), stdout=io.StringIO())

    (question,) = questions
    vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
    assert f"THAY THẾ toàn bộ dữ liệu của {vendor}" in question
    assert str(media_root) in question
    assert Unit.objects.filter(code="sau-sao-luu").exists()


def test_restore_of_a_missing_or_foreign_file_says_so(media_root, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp sao lưu"):
        call_command("restore", str(tmp_path / "khong-co.tar.gz"), "--noinput")

    not_a_backup = tmp_path / "khac.tar.gz"
    not_a_backup.write_bytes(b"khong phai gzip")
    with pytest.raises(CommandError, match="Không đọc được tệp sao lưu"):
        call_command("restore", str(not_a_backup), "--noinput")

    other_tar = write_archive(tmp_path / "tar-khac.tar.gz", {"manifest.json": b'{"format": "khac"}'})
    with pytest.raises(CommandError, match="manifest.json của bản sao lưu không đọc được"):
        call_command("restore", str(other_tar), "--noinput")


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_restore_without_an_archive_says_how_and_runs_nothing(tmp_path):
    env = {key: os.environ[key] for key in _KEPT if key in os.environ}
    env["MEDIA_ROOT"] = str(tmp_path / "private-media")

    result = _run(["make", "--no-print-directory", "restore", f"PY={sys.executable}"], env, fails=True)

    assert result.returncode == 2
    assert "Cách dùng: make restore BACKUP=var/backups/portal-YYYYmmdd-HHMMSS.tar.gz" in result.stdout
    assert "manage.py" not in result.stdout
