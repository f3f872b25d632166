"""`python manage.py backup` (`make backup`): one archive of the database and the private media
(the database only when the uploads live in a bucket, MEDIA_STORAGE=s3).

The archive goes to BACKUP_DIR (`var/backups/` by default) as `portal-YYYYmmdd-HHMMSS.tar.gz`;
the command prints its path on its last line, so a script can pick it up with `tail -n 1`.
What the archive holds is described in `common.backup`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.backup import (
    FILESYSTEM,
    BackupError,
    backup_create,
    backup_prune,
    database_label,
    media_location,
    media_location_label,
)
from common.formatting import format_vnd


def _number(value: int) -> str:
    return format_vnd(value, symbol=False)


class Command(BaseCommand):
    help = _(
        "Sao lưu cơ sở dữ liệu (DATABASE_URL) và tệp đính kèm riêng tư (MEDIA_ROOT) vào một tệp nén; "
        "dòng cuối cùng in ra đường dẫn của tệp."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=None,
            help=_("Thư mục lưu bản sao lưu (mặc định: BACKUP_DIR, tức var/backups/)."),
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help=_("Sau khi sao lưu, chỉ giữ lại N bản mới nhất trong thư mục (xoá các bản cũ hơn)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        keep = options["keep"]
        if keep is not None and keep < 1:
            raise CommandError(_("--keep phải từ 1 trở lên."))
        media = media_location()
        if media["storage"] == FILESYSTEM:
            self.stdout.write(_("Đang sao lưu %(database)s và tệp đính kèm…") % {"database": database_label()})
        else:
            self.stdout.write(
                _("Đang sao lưu %(database)s (tệp đính kèm nằm trong %(where)s, không tải về)…")
                % {"database": database_label(), "where": media_location_label(media)}
            )
        try:
            result = backup_create(backup_dir=options["output_dir"])
            deleted = backup_prune(backup_dir=result.path.parent, keep=keep) if keep else []
        except BackupError as exc:
            raise CommandError(str(exc)) from exc

        tables = result.manifest["tables"]
        if result.media_in_archive:
            files = result.media_files
            self.stdout.write(
                _("Cơ sở dữ liệu: %(tables)s bảng, %(rows)s bản ghi. Tệp đính kèm: %(files)s tệp (%(size)s).")
                % {
                    "tables": _number(len(tables)),
                    "rows": _number(sum(tables.values())),
                    "files": _number(len(files)),
                    "size": filesizeformat(sum(f["size"] for f in files)),
                }
            )
        else:
            self.stdout.write(
                _(
                    "Cơ sở dữ liệu: %(tables)s bảng, %(rows)s bản ghi. Tệp đính kèm không nằm trong bản sao lưu: "
                    "chúng ở %(where)s, hãy giữ bản sao bằng versioning hoặc replication của bucket."
                )
                % {
                    "tables": _number(len(tables)),
                    "rows": _number(sum(tables.values())),
                    "where": media_location_label(result.manifest["media"]),
                }
            )
        if deleted:
            self.stdout.write(
                ngettext(
                    "Đã xoá %(count)s bản sao lưu cũ (giữ %(keep)s bản mới nhất).",
                    "Đã xoá %(count)s bản sao lưu cũ (giữ %(keep)s bản mới nhất).",
                    len(deleted),
                )
                % {"count": len(deleted), "keep": keep}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã ghi bản sao lưu (%(size)s):") % {"size": filesizeformat(result.path.stat().st_size)}
            )
        )
        # Last line: the path alone, for scripts.
        self.stdout.write(str(result.path.resolve()))
