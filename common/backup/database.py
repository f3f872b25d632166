"""The database side, whatever the engine: which one, where it is, its tables' row counts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext as _

from .base import DATABASE_MEMBERS, BackupError


def vendor_of(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(
            _("Chưa hỗ trợ sao lưu cơ sở dữ liệu loại %(vendor)s (chỉ SQLite và PostgreSQL).")
            % {"vendor": connection.vendor}
        )
    return connection.vendor


def connection_label(connection: BaseDatabaseWrapper) -> str:
    """Where the database is, for messages: never the password."""
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"PostgreSQL {s['NAME']}@{s.get('HOST') or 'localhost'}:{s.get('PORT') or 5432}"
    return f"SQLite {s['NAME']}"


@dataclass(frozen=True)
class DatabaseSnapshot:
    member: str
    migrations: dict[str, str]
    tables: dict[str, int]


def table_counts(connection: BaseDatabaseWrapper, tables: list[str]) -> dict[str, int]:
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
                counts[table] = cursor.fetchone()[0]
    return counts


def database_label(*, using: str = DEFAULT_DB_ALIAS) -> str:
    return connection_label(connections[using])
