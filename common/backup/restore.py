"""Restoring a verified archive: the database, then MEDIA_ROOT."""

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
from .base import MEDIA_DIR, RestoreResult
from .checks import pending_after, restore_check_target
from .database import table_counts
from .media import replace_media
from .postgresql import restore_postgresql
from .sqlite import restore_sqlite


def restore_apply(*, manifest: dict[str, Any], staging: Path, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Replace the database and MEDIA_ROOT with the verified archive unpacked in `staging`.
    Call `archive_verify` and `restore_check_target` first."""
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
    files, size = replace_media(staging / MEDIA_DIR, Path(settings.MEDIA_ROOT))
    return RestoreResult(
        manifest=manifest,
        tables=len(counts),
        rows=sum(counts.values()),
        media_files=files,
        media_bytes=size,
        mismatched_tables=mismatched,
        dropped_tables=dropped,
        pending_migrations=pending_after(manifest),
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
