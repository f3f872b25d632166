"""Restoring a verified archive: the database, then MEDIA_ROOT (the uploads in a bucket are left alone)."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from .archive import archive_verify
from .base import FILESYSTEM, MEDIA_DIR, RestoreResult
from .checks import pending_after, restore_check_target
from .database import table_counts
from .media import archived_media_location, media_location, replace_media
from .postgresql import restore_postgresql
from .sqlite import restore_sqlite


def restore_replaces_media(manifest: dict[str, Any]) -> bool:
    """Whether restoring `manifest` replaces MEDIA_ROOT: only when the uploads were files
    under MEDIA_ROOT then and are now. Uploads in a bucket are never touched (the bucket's
    versioning brings them back), and an archive made while the uploads were in a bucket
    holds none, so it must not empty MEDIA_ROOT."""
    return media_location()["storage"] == FILESYSTEM == archived_media_location(manifest)["storage"]


def restore_apply(*, manifest: dict[str, Any], staging: Path, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Replace the database and, when `restore_replaces_media`, MEDIA_ROOT with the verified
    archive unpacked in `staging`. Call `archive_verify` and `restore_check_target` first."""
    connection = connections[using]
    database_file = staging / manifest["database"]["file"]
    expected: dict[str, int] = manifest.get("tables") or {}
    dropped: list[str] = []
    if connection.vendor == "sqlite":
        restore_sqlite(connection, database_file)
    else:
        dropped = restore_postgresql(connection, database_file, tables=list(expected))
    counts = table_counts(connection, sorted(expected))
    mismatched = sorted(table for table, rows in expected.items() if counts.get(table) != rows)
    replaced = restore_replaces_media(manifest)
    not_restored = 0
    if replaced:
        files, size = replace_media(staging / MEDIA_DIR, Path(settings.MEDIA_ROOT))
    else:
        files = size = 0
        not_restored = sum(1 for f in manifest["files"] if f["path"].startswith(f"{MEDIA_DIR}/"))
    return RestoreResult(
        manifest=manifest,
        tables=len(counts),
        rows=sum(counts.values()),
        media_files=files,
        media_bytes=size,
        mismatched_tables=mismatched,
        dropped_tables=dropped,
        pending_migrations=pending_after(manifest),
        media_replaced=replaced,
        media_not_restored=not_restored,
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
    """Verify `archive`, check it fits this portal, then replace the database and (uploads
    on the file system) MEDIA_ROOT."""
    with restore_staging() as staging:
        manifest = archive_verify(archive=archive, staging=staging)
        restore_check_target(manifest=manifest, force=force, using=using)
        return restore_apply(manifest=manifest, staging=staging, using=using)
