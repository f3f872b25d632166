"""What every part of the backup shares: the archive's format, the errors and results, small file helpers."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

FORMAT = "portal-backup"


FORMAT_VERSION = 1


MANIFEST = "manifest.json"


MEDIA_DIR = "media"


# The manifest's `media.storage` when the uploads are files under MEDIA_ROOT (and in the archive).
FILESYSTEM = "filesystem"


DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


ARCHIVE_NAME = re.compile(r"^portal-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.tar\.gz$")


# Left in MEDIA_ROOT only if a restore was killed while swapping; never backed up.
REPLACED_PREFIX = ".replaced-"


CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]

    @property
    def media_files(self) -> list[dict[str, Any]]:
        return [f for f in self.manifest["files"] if f["path"].startswith(f"{MEDIA_DIR}/")]

    @property
    def media_in_archive(self) -> bool:
        """False when the uploads live in object storage, which the archive does not hold."""
        return self.manifest.get("media", {}).get("storage", FILESYSTEM) == FILESYSTEM


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
    # False when the uploads were left alone: this portal keeps them in a bucket, or the
    # archive was made while they were in one (it then holds none).
    media_replaced: bool = True
    # Uploads the archive holds that were not put back (the portal now keeps them in a bucket).
    media_not_restored: int = 0


def portal_version() -> str:
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as f:
            return str(tomllib.load(f)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def last_per_app(applied: list[tuple[str, str]]) -> dict[str, str]:
    """The last applied migration of each app. Migration names start with their number
    (`0004_…`, merges and squashes included), so the greatest name is the last one."""
    last: dict[str, str] = {}
    for app, name in applied:
        if name > last.get(app, ""):
            last[app] = name
    return dict(sorted(last.items()))


def fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
