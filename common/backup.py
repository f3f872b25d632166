"""Backup and restore: the database and the private media in one archive.

`python manage.py backup` (`make backup`) and `python manage.py restore` (`make restore
BACKUP=…`) are thin wrappers around this module. Both follow the settings the portal runs
with: the `default` database (`DATABASE_URL`) and `MEDIA_ROOT`.

An archive is a gzip'd tar (`portal-YYYYmmdd-HHMMSS.tar.gz`) holding:

- `database.sqlite3`: SQLite's online backup API copies the database page by page, so a
  running portal is backed up consistently; or `database.pgdump`: `pg_dump --format=custom`
  run in the snapshot the manifest's figures were read in (`pg_export_snapshot`);
- `media/…`: every file under `MEDIA_ROOT` (the private uploads);
- `manifest.json`: format version, creation time, portal and Django versions, database
  vendor, the last applied migration per app, rows per table, and every other member's
  size and SHA-256.

Restoring verifies every member against the manifest in a staging directory before it
touches anything, refuses links, absolute paths and `..` in member names, an archive of
the other database vendor, and (unless forced) a database with migrations newer than the
archive's. Then it replaces the database (SQLite: the backup API in reverse; PostgreSQL:
`pg_restore --clean --if-exists --no-owner` in one transaction) and the contents of
`MEDIA_ROOT`.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "portal-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
ARCHIVE_NAME = re.compile(r"^portal-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.tar\.gz$")
# Left in MEDIA_ROOT only if a restore was killed while swapping; never backed up.
REPLACED_PREFIX = ".replaced-"
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]

    @property
    def media_files(self) -> list[dict[str, Any]]:
        return [f for f in self.manifest["files"] if f["path"].startswith(f"{MEDIA_DIR}/")]


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    tables: int
    rows: int
    media_files: int
    media_bytes: int
    # Tables whose row count after the restore differs from the manifest's.
    mismatched_tables: list[str] = field(default_factory=list)
    # Tables the database had and the archive did not (PostgreSQL, after --force): dropped.
    dropped_tables: list[str] = field(default_factory=list)
    # Migrations this code has and the archive had not applied: run `migrate`.
    pending_migrations: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- shared helpers


def portal_version() -> str:
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as f:
            return str(tomllib.load(f)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def _vendor(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(
            _("Chưa hỗ trợ sao lưu cơ sở dữ liệu loại %(vendor)s (chỉ SQLite và PostgreSQL).")
            % {"vendor": connection.vendor}
        )
    return connection.vendor


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _last_per_app(applied: list[tuple[str, str]]) -> dict[str, str]:
    """The last applied migration of each app. Migration names start with their number
    (`0004_…`, merges and squashes included), so the greatest name is the last one."""
    last: dict[str, str] = {}
    for app, name in applied:
        if name > last.get(app, ""):
            last[app] = name
    return dict(sorted(last.items()))


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _quote_sqlite(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _database_label(connection: BaseDatabaseWrapper) -> str:
    """Where the database is, for messages: never the password."""
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"PostgreSQL {s['NAME']}@{s.get('HOST') or 'localhost'}:{s.get('PORT') or 5432}"
    return f"SQLite {s['NAME']}"


def _pg_env(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The environment for pg_dump/pg_restore: the server, user and database as PG* variables
    and the password in PGPASSWORD, so nothing secret appears on a command line."""
    from django.db.backends.postgresql.client import DatabaseClient

    settings_dict = connection.settings_dict
    _args, client_env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    env = {**os.environ, **(client_env or {})}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGDATABASE", "NAME")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _run_pg(command: list[str], *, connection: BaseDatabaseWrapper, what: str) -> None:
    try:
        result = subprocess.run(  # noqa: S603 - a fixed program and arguments, no shell
            command, env=_pg_env(connection), capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise BackupError(
            _("Không tìm thấy chương trình %(program)s: hãy cài gói postgresql-client.") % {"program": command[0]}
        ) from exc
    if result.returncode != 0:
        detail = "\n".join(result.stderr.strip().splitlines()[-10:])
        raise BackupError(_("%(what)s thất bại:\n%(detail)s") % {"what": what, "detail": detail})


# ---------------------------------------------------------------- backup


@dataclass(frozen=True)
class _DatabaseSnapshot:
    member: str
    migrations: dict[str, str]
    tables: dict[str, int]


def _snapshot_sqlite(connection: BaseDatabaseWrapper, target: Path) -> _DatabaseSnapshot:
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # Copies a consistent image even while other processes write (it restarts if they do).
        connection.connection.backup(destination)
        tables = [
            row[0]
            for row in destination.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        counts = {
            table: destination.execute(f"SELECT COUNT(*) FROM {_quote_sqlite(table)}").fetchone()[0]  # noqa: S608
            for table in tables
        }
        applied = (
            list(destination.execute("SELECT app, name FROM django_migrations"))
            if "django_migrations" in counts
            else []
        )
    finally:
        destination.close()
    return _DatabaseSnapshot(DATABASE_MEMBERS["sqlite"], _last_per_app(applied), counts)


def _snapshot_postgresql(connection: BaseDatabaseWrapper, target: Path) -> _DatabaseSnapshot:
    if connection.in_atomic_block:
        raise BackupError(_("Không thể sao lưu PostgreSQL từ bên trong một giao dịch đang mở."))
    # One repeatable-read snapshot for the counts, the migration state and pg_dump itself.
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
        applied: list[tuple[str, str]] = []
        if "django_migrations" in counts:
            cursor.execute("SELECT app, name FROM django_migrations")
            applied = list(cursor.fetchall())
        _run_pg(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot_id}", f"--file={target}"],
            connection=connection,
            what="pg_dump",
        )
    return _DatabaseSnapshot(DATABASE_MEMBERS["postgresql"], _last_per_app(applied), counts)


class _HashingReader:
    """Hands a file to tarfile while hashing exactly the bytes that go into the archive."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        return data


def _tarinfo(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(mtime)
    info.mode = 0o600
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def _media_files(media_root: Path) -> Iterator[tuple[str, Path]]:
    """(archive name, path) of every regular file under MEDIA_ROOT, in a stable order.
    Links and special files are not uploads and are left out."""
    if not media_root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(media_root):
        here = Path(directory)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not (here / d).is_symlink() and not (here == media_root and d.startswith(REPLACED_PREFIX))
        )
        for filename in sorted(filenames):
            path = here / filename
            if path.is_symlink() or not path.is_file():
                continue
            yield f"{MEDIA_DIR}/{path.relative_to(media_root).as_posix()}", path


def _archive_path(backup_dir: Path, now: datetime.datetime) -> Path:
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    path = backup_dir / f"portal-{stamp}.tar.gz"
    n = 1
    while path.exists():
        n += 1
        path = backup_dir / f"portal-{stamp}-{n}.tar.gz"
    return path


def backup_create(
    *,
    backup_dir: Path | None = None,
    now: datetime.datetime | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> BackupResult:
    """Write one archive of the database and MEDIA_ROOT into `backup_dir` (BACKUP_DIR).

    The archive is written under a temporary name in the same directory, synced and then
    renamed, so a half-written archive never carries a final name. It holds personal data:
    the file is readable by its owner only.
    """
    connection = connections[using]
    vendor = _vendor(connection)
    backup_dir = Path(backup_dir or settings.BACKUP_DIR)
    backup_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = now or timezone.now()
    media_root = Path(settings.MEDIA_ROOT)

    with tempfile.TemporaryDirectory(dir=backup_dir, prefix=".portal-backup-") as workdir:
        database_file = Path(workdir) / DATABASE_MEMBERS[vendor]
        snapshot = (_snapshot_sqlite if vendor == "sqlite" else _snapshot_postgresql)(connection, database_file)
        files = [
            {
                "path": snapshot.member,
                "size": database_file.stat().st_size,
                "sha256": _sha256_file(database_file),
            }
        ]
        part = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed on success
            dir=backup_dir, prefix=".portal-", suffix=".tar.gz.part", delete=False
        )
        part_path = Path(part.name)
        try:
            with tarfile.open(fileobj=part, mode="w:gz", format=tarfile.PAX_FORMAT) as tar:
                tar.add(database_file, arcname=snapshot.member, filter=_reset_owner)
                for name, path in _media_files(media_root):
                    with path.open("rb") as raw:
                        stat = os.fstat(raw.fileno())
                        reader = _HashingReader(raw)
                        try:
                            tar.addfile(_tarinfo(name, stat.st_size, stat.st_mtime), reader)
                        except OSError as exc:  # the file shrank while being read
                            raise BackupError(
                                _("Tệp %(path)s thay đổi trong khi sao lưu; hãy chạy lại.") % {"path": path}
                            ) from exc
                    files.append({"path": name, "size": stat.st_size, "sha256": reader.digest.hexdigest()})
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": timezone.localtime(now).isoformat(timespec="seconds"),
                    "portal_version": portal_version(),
                    "django_version": django.get_version(),
                    "database": {"vendor": vendor, "file": snapshot.member},
                    "migrations": snapshot.migrations,
                    "tables": snapshot.tables,
                    "files": files,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                tar.addfile(_tarinfo(MANIFEST, len(data), now.timestamp()), _BytesReader(data))
            part.flush()
            os.fsync(part.fileno())
            part.close()
            os.chmod(part_path, 0o600)
            final = _archive_path(backup_dir, now)
            os.replace(part_path, final)
            _fsync_dir(backup_dir)
        except BaseException:
            part.close()
            part_path.unlink(missing_ok=True)
            raise
    return BackupResult(path=final, manifest=manifest)


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self._data = memoryview(data)
        self._pos = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size is None or size < 0 else self._pos + size
        chunk = bytes(self._data[self._pos : end])
        self._pos += len(chunk)
        return chunk


def _reset_owner(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    return info


def backup_prune(*, backup_dir: Path | None = None, keep: int) -> list[Path]:
    """Delete all but the `keep` newest archives (by the time in their names); returns the
    deleted paths. Only files named like the archives `backup_create` writes are touched."""
    if keep < 1:
        raise BackupError(_("Phải giữ lại ít nhất 1 bản sao lưu."))
    backup_dir = Path(backup_dir or settings.BACKUP_DIR)
    if not backup_dir.is_dir():
        return []
    archives = []
    for path in backup_dir.iterdir():
        match = ARCHIVE_NAME.match(path.name)
        if match and path.is_file():
            archives.append(((match["stamp"], int(match["n"] or 1)), path))
    archives.sort(reverse=True)
    deleted = [path for _key, path in archives[keep:]]
    for path in deleted:
        path.unlink()
    return deleted


# ---------------------------------------------------------------- restore


def _member_path(name: str) -> PurePosixPath:
    """The member's relative path, or BackupError for a name that could land outside the
    staging directory or is not one this format writes."""
    path = PurePosixPath(name)
    if (
        not name
        or name.startswith(("/", "\\"))
        or "\\" in name
        or re.match(r"^[A-Za-z]:", name)
        or any(part in ("..", "") for part in path.parts)
    ):
        raise BackupError(_("Bản sao lưu chứa đường dẫn không an toàn: %(name)s. Đã từ chối.") % {"name": name})
    if path.parts[0] == MEDIA_DIR or str(path) in (MANIFEST, *DATABASE_MEMBERS.values()):
        return path
    raise BackupError(_("Bản sao lưu chứa tệp lạ: %(name)s. Đã từ chối.") % {"name": name})


def archive_verify(*, archive: Path, staging: Path) -> dict[str, Any]:
    """Unpack `archive` into `staging` and check it against its manifest; returns the manifest.

    Refused, with nothing written outside `staging`: members that are links, devices or
    other special files, absolute names or names with `..`, unknown members, a file the
    manifest does not list or lists with another size or SHA-256, a listed file missing.
    """
    if not archive.is_file():
        raise BackupError(_("Không tìm thấy tệp sao lưu %(path)s.") % {"path": archive})
    found: dict[str, tuple[int, str]] = {}
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                relative = _member_path(member.name)
                target = staging.joinpath(*relative.parts)
                if member.isdir():
                    if relative.parts[0] != MEDIA_DIR:
                        raise BackupError(_("Bản sao lưu chứa tệp lạ: %(name)s. Đã từ chối.") % {"name": member.name})
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                if not member.isfile():
                    raise BackupError(
                        _("Bản sao lưu chứa liên kết hoặc tệp đặc biệt: %(name)s. Đã từ chối.") % {"name": member.name}
                    )
                key = relative.as_posix()
                if key in found:
                    raise BackupError(_("Bản sao lưu chứa hai lần tệp %(name)s. Đã từ chối.") % {"name": key})
                target.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                digest = hashlib.sha256()
                size = 0
                with target.open("xb") as out:
                    while chunk := source.read(_CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                os.chmod(target, 0o600)
                found[key] = (size, digest.hexdigest())
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(
            _("Không đọc được tệp sao lưu %(path)s: %(error)s") % {"path": archive, "error": exc}
        ) from exc

    if MANIFEST not in found:
        raise BackupError(_("Bản sao lưu không có manifest.json: không phải bản sao lưu của cổng."))
    try:
        manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
        listed = {f["path"]: (int(f["size"]), str(f["sha256"])) for f in manifest["files"]}
        vendor = manifest["database"]["vendor"]
        database_member = manifest["database"]["file"]
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(_("manifest.json của bản sao lưu không đọc được.")) from exc
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("format_version"), int):
        raise BackupError(_("Bản sao lưu không đúng định dạng của cổng."))
    if manifest["format_version"] > FORMAT_VERSION:
        raise BackupError(
            _("Bản sao lưu theo định dạng %(version)s, mới hơn phiên bản cổng này đọc được (%(supported)s).")
            % {"version": manifest["format_version"], "supported": FORMAT_VERSION}
        )
    if DATABASE_MEMBERS.get(vendor) != database_member or database_member not in listed:
        raise BackupError(_("Bản sao lưu không chứa cơ sở dữ liệu."))

    del found[MANIFEST]
    missing = sorted(listed.keys() - found.keys())
    if missing:
        raise BackupError(_("Bản sao lưu thiếu tệp mà manifest liệt kê: %(paths)s.") % {"paths": ", ".join(missing)})
    unlisted = sorted(found.keys() - listed.keys())
    if unlisted:
        raise BackupError(_("Bản sao lưu có tệp không có trong manifest: %(paths)s.") % {"paths": ", ".join(unlisted)})
    for path in sorted(listed):
        if found[path] != listed[path]:
            raise BackupError(
                _(
                    "Tệp %(path)s không khớp kích thước hoặc mã SHA-256 trong manifest: "
                    "bản sao lưu đã bị sửa hoặc hỏng."
                )
                % {"path": path}
            )
    return manifest


def _applied_now(connection: BaseDatabaseWrapper) -> list[tuple[str, str]]:
    sqlite_file = connection.vendor == "sqlite" and not connection.is_in_memory_db()
    if sqlite_file and not Path(connection.settings_dict["NAME"]).exists():
        return []  # nothing to compare with; connecting would create an empty file
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted(recorder.applied_migrations())


def migrations_newer_than(manifest: dict[str, Any], *, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Migrations applied to the current database that the archive's database had not reached."""
    archived = manifest.get("migrations") or {}
    return [
        f"{app}.{name}"
        for app, name in _applied_now(connections[using])
        if app not in archived or name > archived[app]
    ]


def migrations_unknown_to_code(manifest: dict[str, Any]) -> list[str]:
    """The archive's last migrations that this code does not have: the archive comes from a
    newer portal."""
    on_disk = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return [f"{app}.{name}" for app, name in (manifest.get("migrations") or {}).items() if (app, name) not in on_disk]


def _pending_after(manifest: dict[str, Any]) -> list[str]:
    archived = manifest.get("migrations") or {}
    on_disk = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return sorted(f"{app}.{name}" for app, name in on_disk if app not in archived or name > archived[app])


def restore_check_target(*, manifest: dict[str, Any], force: bool = False, using: str = DEFAULT_DB_ALIAS) -> None:
    """Refuse an archive that does not fit the database it would replace."""
    connection = connections[using]
    vendor = _vendor(connection)
    archived_vendor = manifest["database"]["vendor"]
    if archived_vendor != vendor:
        raise BackupError(
            _(
                "Bản sao lưu là cơ sở dữ liệu %(archived)s, còn cổng đang dùng %(current)s (DATABASE_URL): "
                "không thể khôi phục sang loại cơ sở dữ liệu khác."
            )
            % {"archived": VENDOR_NAMES.get(archived_vendor, archived_vendor), "current": VENDOR_NAMES[vendor]}
        )
    if force:
        return
    newer = migrations_newer_than(manifest, using=using)
    if newer:
        raise BackupError(
            _(
                "Cơ sở dữ liệu hiện tại có migration mới hơn bản sao lưu (%(migrations)s). "
                "Khôi phục sẽ đưa cơ sở dữ liệu về phiên bản cũ; nếu chắc chắn, chạy lại với --force "
                "rồi chạy `python manage.py migrate`."
            )
            % {"migrations": ", ".join(newer[:10]) + (" …" if len(newer) > 10 else "")}
        )
    unknown = migrations_unknown_to_code(manifest)
    if unknown:
        raise BackupError(
            _(
                "Bản sao lưu được tạo bởi phiên bản cổng mới hơn mã nguồn đang chạy (migration %(migrations)s "
                "không có ở đây). Hãy cập nhật mã nguồn trước, hoặc chạy lại với --force."
            )
            % {"migrations": ", ".join(unknown)}
        )


def _restore_sqlite(connection: BaseDatabaseWrapper, source: Path) -> None:
    name = str(connection.settings_dict["NAME"])
    if not connection.is_in_memory_db():
        Path(name).parent.mkdir(parents=True, exist_ok=True)
    connection.close()  # a fresh connection, outside any transaction (a no-op in memory)
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError(_("Không thể khôi phục từ bên trong một giao dịch đang mở."))
    origin = sqlite3.connect(source)
    try:
        # The backup API replaces the whole database in one step, journals included.
        origin.backup(connection.connection)
    finally:
        origin.close()


def _restore_postgresql(connection: BaseDatabaseWrapper, source: Path, *, tables: list[str]) -> list[str]:
    """pg_restore the dump in one transaction, then drop the tables the archive does not have
    (left by newer migrations, with --force): the database is then the archive's, and a later
    `migrate` creates them again instead of tripping over them. Returns the dropped tables."""
    connection.close()
    _run_pg(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        connection=connection,
        what="pg_restore",
    )
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        extra = sorted(set(connection.introspection.table_names(cursor)) - set(tables))
        for table in extra:
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
    return extra


def _table_counts(connection: BaseDatabaseWrapper, tables: list[str]) -> dict[str, int]:
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                counts[table] = cursor.fetchone()[0]
    return counts


def _replace_media(staged: Path, media_root: Path) -> tuple[int, int]:
    """Make MEDIA_ROOT hold exactly the staged files. The old contents are moved aside
    inside MEDIA_ROOT (a rename, even when MEDIA_ROOT is a mounted volume) and removed
    once the new ones are in place."""
    media_root.mkdir(parents=True, exist_ok=True)
    aside = Path(tempfile.mkdtemp(dir=media_root, prefix=REPLACED_PREFIX))
    for child in list(media_root.iterdir()):
        if child != aside:
            os.replace(child, aside / child.name)
    files = size = 0
    if staged.is_dir():
        mode = settings.FILE_UPLOAD_PERMISSIONS or 0o640
        for path in staged.rglob("*"):
            if path.is_file():
                os.chmod(path, mode)
                files += 1
                size += path.stat().st_size
        for child in list(staged.iterdir()):
            shutil.move(str(child), str(media_root / child.name))
    shutil.rmtree(aside, ignore_errors=True)
    return files, size


def restore_apply(*, manifest: dict[str, Any], staging: Path, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Replace the database and MEDIA_ROOT with the verified archive unpacked in `staging`.
    Call `archive_verify` and `restore_check_target` first."""
    connection = connections[using]
    database_file = staging / manifest["database"]["file"]
    expected: dict[str, int] = manifest.get("tables") or {}
    dropped: list[str] = []
    if connection.vendor == "sqlite":
        _restore_sqlite(connection, database_file)
    else:
        dropped = _restore_postgresql(connection, database_file, tables=list(expected))
    counts = _table_counts(connection, sorted(expected))
    mismatched = sorted(table for table, rows in expected.items() if counts.get(table) != rows)
    files, size = _replace_media(staging / MEDIA_DIR, Path(settings.MEDIA_ROOT))
    return RestoreResult(
        manifest=manifest,
        tables=len(counts),
        rows=sum(counts.values()),
        media_files=files,
        media_bytes=size,
        mismatched_tables=mismatched,
        dropped_tables=dropped,
        pending_migrations=_pending_after(manifest),
    )


@contextlib.contextmanager
def restore_staging() -> Iterator[Path]:
    """A scratch directory beside MEDIA_ROOT (so the media swap is a rename), removed after."""
    parent = Path(settings.MEDIA_ROOT).resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=".portal-restore-"))
    except OSError:
        staging = Path(tempfile.mkdtemp(prefix="portal-restore-"))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def backup_restore(*, archive: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Verify `archive`, check it fits this portal, then replace the database and MEDIA_ROOT."""
    with restore_staging() as staging:
        manifest = archive_verify(archive=archive, staging=staging)
        restore_check_target(manifest=manifest, force=force, using=using)
        return restore_apply(manifest=manifest, staging=staging, using=using)


def database_label(*, using: str = DEFAULT_DB_ALIAS) -> str:
    return _database_label(connections[using])
