"""Whether an archive fits the database it would replace (engine, migrations)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from .base import VENDOR_NAMES, BackupError
from .database import vendor_of


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


def pending_after(manifest: dict[str, Any]) -> list[str]:
    archived = manifest.get("migrations") or {}
    on_disk = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return sorted(f"{app}.{name}" for app, name in on_disk if app not in archived or name > archived[app])


def restore_check_target(*, manifest: dict[str, Any], force: bool = False, using: str = DEFAULT_DB_ALIAS) -> None:
    """Refuse an archive that does not fit the database it would replace."""
    connection = connections[using]
    vendor = vendor_of(connection)
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
