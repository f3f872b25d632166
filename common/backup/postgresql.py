"""PostgreSQL: `pg_dump --format=custom` in the snapshot the manifest was read in, and
`pg_restore` in one transaction."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils.translation import gettext as _

from .base import DATABASE_MEMBERS, BackupError, last_per_app
from .database import DatabaseSnapshot


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


def run_pg(command: list[str], *, connection: BaseDatabaseWrapper, what: str) -> None:
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


def snapshot_postgresql(connection: BaseDatabaseWrapper, target: Path) -> DatabaseSnapshot:
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
        run_pg(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot_id}", f"--file={target}"],
            connection=connection,
            what="pg_dump",
        )
    return DatabaseSnapshot(DATABASE_MEMBERS["postgresql"], last_per_app(applied), counts)


def restore_postgresql(connection: BaseDatabaseWrapper, source: Path, *, tables: list[str]) -> list[str]:
    """pg_restore the dump in one transaction, then drop the tables the archive does not have
    (left by newer migrations, with --force): the database is then the archive's, and a later
    `migrate` creates them again instead of tripping over them. Returns the dropped tables."""
    connection.close()
    run_pg(
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
