"""Writing an archive, pruning old ones, and verifying one member by member before a restore."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from .base import (
    ARCHIVE_NAME,
    CHUNK,
    DATABASE_MEMBERS,
    FILESYSTEM,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_DIR,
    BackupError,
    BackupResult,
    fsync_dir,
    portal_version,
    sha256_file,
)
from .database import vendor_of
from .media import media_files, media_location
from .postgresql import snapshot_postgresql
from .sqlite import snapshot_sqlite


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

    With the uploads in a bucket (MEDIA_STORAGE=s3) the archive holds the database only and
    its manifest says which bucket holds the uploads: a backup does not download the bucket.

    The archive is written under a temporary name in the same directory, synced and then
    renamed, so a half-written archive never carries a final name. It holds personal data:
    the file is readable by its owner only.
    """
    connection = connections[using]
    vendor = vendor_of(connection)
    backup_dir = Path(backup_dir or settings.BACKUP_DIR)
    backup_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = now or timezone.now()
    media = media_location()
    media_root = Path(settings.MEDIA_ROOT)
    uploads = media_files(media_root) if media["storage"] == FILESYSTEM else iter(())

    with tempfile.TemporaryDirectory(dir=backup_dir, prefix=".portal-backup-") as workdir:
        database_file = Path(workdir) / DATABASE_MEMBERS[vendor]
        snapshot = (snapshot_sqlite if vendor == "sqlite" else snapshot_postgresql)(connection, database_file)
        files = [
            {
                "path": snapshot.member,
                "size": database_file.stat().st_size,
                "sha256": sha256_file(database_file),
            }
        ]
        part = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed on success
            dir=backup_dir, prefix=".portal-", suffix=".tar.gz.part", delete=False
        )
        part_path = Path(part.name)
        try:
            with tarfile.open(fileobj=part, mode="w:gz", format=tarfile.PAX_FORMAT) as tar:
                tar.add(database_file, arcname=snapshot.member, filter=_reset_owner)
                for name, path in uploads:
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
                    "media": media,
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
            fsync_dir(backup_dir)
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
                    while chunk := source.read(CHUNK):
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
