"""SQLite: a consistent copy through the online backup API, and the same API in reverse to restore."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext as _

from .base import DATABASE_MEMBERS, BackupError, last_per_app
from .database import DatabaseSnapshot


def _quote_sqlite(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def snapshot_sqlite(connection: BaseDatabaseWrapper, target: Path) -> DatabaseSnapshot:
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
    return DatabaseSnapshot(DATABASE_MEMBERS["sqlite"], last_per_app(applied), counts)


def restore_sqlite(connection: BaseDatabaseWrapper, source: Path) -> None:
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
