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
  vendor, the last applied migration per app, rows per table, where the uploads live
  (`media`), and every other member's size and SHA-256.

With the uploads in object storage (`MEDIA_STORAGE=s3`) the archive holds no `media/…`:
its manifest names the bucket, whose own versioning or replication keeps the uploads'
copies, and a restore leaves the bucket alone (and MEDIA_ROOT too, for such an archive).

Restoring verifies every member against the manifest in a staging directory before it
touches anything, refuses links, absolute paths and `..` in member names, an archive of
the other database vendor, and (unless forced) a database with migrations newer than the
archive's. Then it replaces the database (SQLite: the backup API in reverse; PostgreSQL:
`pg_restore --clean --if-exists --no-owner` in one transaction) and the contents of
`MEDIA_ROOT` (uploads on the file system).

The package: `archive` (write, prune, verify), `database` with one module per engine
(`sqlite`, `postgresql`), `media` (where the uploads live, MEDIA_ROOT), `checks` (does an archive fit this
database), `restore` (apply a verified archive), and `base` (format, errors, results).
"""

from .archive import archive_verify, backup_create, backup_prune
from .base import (
    ARCHIVE_NAME,
    DATABASE_MEMBERS,
    FILESYSTEM,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_DIR,
    VENDOR_NAMES,
    BackupError,
    BackupResult,
    RestoreResult,
    portal_version,
)
from .checks import migrations_newer_than, migrations_unknown_to_code, restore_check_target
from .database import database_label
from .media import archived_media_location, media_location, media_location_label
from .restore import backup_restore, restore_apply, restore_replaces_media, restore_staging

__all__ = [
    "ARCHIVE_NAME",
    "DATABASE_MEMBERS",
    "FILESYSTEM",
    "FORMAT",
    "FORMAT_VERSION",
    "MANIFEST",
    "MEDIA_DIR",
    "VENDOR_NAMES",
    "BackupError",
    "BackupResult",
    "RestoreResult",
    "archive_verify",
    "archived_media_location",
    "backup_create",
    "backup_prune",
    "backup_restore",
    "database_label",
    "media_location",
    "media_location_label",
    "migrations_newer_than",
    "migrations_unknown_to_code",
    "portal_version",
    "restore_apply",
    "restore_check_target",
    "restore_replaces_media",
    "restore_staging",
]
