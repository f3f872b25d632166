"""`python manage.py restore <archive>` (`make restore BACKUP=<archive>`): bring a portal back.

Stop the web and worker processes first. The archive is checked in full (every member's
size and SHA-256 against its manifest, no links or paths out of the archive) before
anything is touched; then the database that DATABASE_URL names and the contents of
MEDIA_ROOT are replaced (uploads in a bucket, MEDIA_STORAGE=s3, are left alone). See
`common.backup`.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from common.backup import (
    FILESYSTEM,
    VENDOR_NAMES,
    BackupError,
    RestoreResult,
    archive_verify,
    archived_media_location,
    database_label,
    media_location,
    media_location_label,
    migrations_newer_than,
    restore_apply,
    restore_check_target,
    restore_replaces_media,
    restore_staging,
)
from common.formatting import format_moment, format_vnd


def _number(value: int) -> str:
    return format_vnd(value, symbol=False)


def _created_at(manifest: dict[str, Any]) -> str:
    try:
        return format_moment(datetime.datetime.fromisoformat(manifest["created_at"]))
    except (KeyError, TypeError, ValueError):
        return "?"


class Command(BaseCommand):
    help = _(
        "Khôi phục cơ sở dữ liệu (DATABASE_URL) và tệp đính kèm (MEDIA_ROOT) từ một bản sao lưu của "
        "`manage.py backup`. Hãy dừng web và worker trước."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help=_("Tệp sao lưu (portal-…tar.gz)."))
        parser.add_argument(
            "--force",
            action="store_true",
            help=_(
                "Khôi phục cả khi cơ sở dữ liệu hiện tại có migration mới hơn bản sao lưu, hoặc bản sao lưu "
                "đến từ phiên bản cổng mới hơn."
            ),
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=_("Không hỏi xác nhận trước khi thay thế dữ liệu."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive: Path = options["archive"]
        force: bool = options["force"]
        try:
            self._restore(archive, force=force, interactive=options["interactive"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc

    def _restore(self, archive: Path, *, force: bool, interactive: bool) -> None:
        media_root = Path(settings.MEDIA_ROOT)
        self.stdout.write(_("Đang kiểm tra bản sao lưu %(path)s…") % {"path": archive})
        with restore_staging() as staging:
            manifest = archive_verify(archive=archive, staging=staging)
            tables: dict[str, int] = manifest.get("tables") or {}
            media = [f for f in manifest["files"] if f["path"].startswith("media/")]
            self.stdout.write(
                _(
                    "Bản sao lưu hợp lệ (mọi mã SHA-256 khớp): tạo lúc %(created)s, cổng %(portal)s, Django "
                    "%(django)s; cơ sở dữ liệu %(vendor)s với %(tables)s bảng, %(rows)s bản ghi; %(files)s tệp "
                    "đính kèm (%(size)s)."
                )
                % {
                    "created": _created_at(manifest),
                    "portal": manifest.get("portal_version", "?"),
                    "django": manifest.get("django_version", "?"),
                    "vendor": VENDOR_NAMES.get(manifest["database"]["vendor"], manifest["database"]["vendor"]),
                    "tables": _number(len(tables)),
                    "rows": _number(sum(tables.values())),
                    "files": _number(len(media)),
                    "size": filesizeformat(sum(f["size"] for f in media)),
                }
            )
            restore_check_target(manifest=manifest, force=force)
            if force and (newer := migrations_newer_than(manifest)):
                self.stdout.write(
                    self.style.WARNING(
                        _("--force: cơ sở dữ liệu hiện tại có migration mới hơn bản sao lưu (%(migrations)s).")
                        % {"migrations": ", ".join(newer[:10])}
                    )
                )
            target = database_label()
            replaces_media = restore_replaces_media(manifest)
            if interactive:
                if replaces_media:
                    question = _(
                        "Thao tác này sẽ THAY THẾ toàn bộ dữ liệu của %(database)s và thư mục %(media)s.\n"
                        "Gõ 'yes' để tiếp tục, gõ khác để hủy: "
                    ) % {"database": target, "media": media_root}
                else:
                    question = _(
                        "Thao tác này sẽ THAY THẾ toàn bộ dữ liệu của %(database)s; tệp đính kèm không thay đổi.\n"
                        "Gõ 'yes' để tiếp tục, gõ khác để hủy: "
                    ) % {"database": target}
                answer = input(question)
                if answer.strip().lower() != "yes":
                    raise CommandError(_("Đã hủy khôi phục; không có gì thay đổi."))
            result = restore_apply(manifest=manifest, staging=staging)

        self.stdout.write(
            _("Đã khôi phục cơ sở dữ liệu %(database)s: %(tables)s bảng, %(rows)s bản ghi.")
            % {"database": target, "tables": _number(result.tables), "rows": _number(result.rows)}
        )
        if result.media_replaced:
            self.stdout.write(
                _("Đã khôi phục %(files)s tệp đính kèm (%(size)s) vào %(media)s.")
                % {
                    "files": _number(result.media_files),
                    "size": filesizeformat(result.media_bytes),
                    "media": media_root,
                }
            )
        else:
            self._media_left_alone(manifest, result)
        if result.dropped_tables:
            self.stdout.write(
                _("Đã xoá %(count)s bảng không có trong bản sao lưu: %(tables)s.")
                % {"count": len(result.dropped_tables), "tables": ", ".join(result.dropped_tables)}
            )
        if result.mismatched_tables:
            self.stdout.write(
                self.style.WARNING(
                    _("Số bản ghi sau khi khôi phục khác manifest ở các bảng: %(tables)s.")
                    % {"tables": ", ".join(result.mismatched_tables)}
                )
            )
        if result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    _("Mã nguồn có %(count)s migration mới hơn bản sao lưu: hãy chạy `python manage.py migrate`.")
                    % {"count": len(result.pending_migrations)}
                )
            )
        self.stdout.write(self.style.SUCCESS(_("Xong. Hãy khởi động lại web, worker và beat.")))

    def _media_left_alone(self, manifest: dict[str, Any], result: RestoreResult) -> None:
        here, then = media_location(), archived_media_location(manifest)
        if here["storage"] != FILESYSTEM:
            self.stdout.write(
                _(
                    "Tệp đính kèm nằm trong %(where)s: không thay đổi. Để đưa tệp về thời điểm sao lưu, "
                    "dùng versioning của bucket."
                )
                % {"where": media_location_label(here)}
            )
            if result.media_not_restored:
                self.stdout.write(
                    self.style.WARNING(
                        _(
                            "Bản sao lưu có %(files)s tệp đính kèm của thư mục MEDIA_ROOT; cổng đang lưu tệp trong "
                            "bucket nên các tệp này không được khôi phục."
                        )
                        % {"files": _number(result.media_not_restored)}
                    )
                )
            return
        self.stdout.write(
            self.style.WARNING(
                _(
                    "Bản sao lưu được tạo khi tệp đính kèm nằm trong %(where)s; thư mục %(media)s không thay đổi. "
                    "Đặt MEDIA_STORAGE=s3 và các biến S3_* như lúc sao lưu để cổng đọc lại các tệp đó."
                )
                % {"where": media_location_label(then), "media": settings.MEDIA_ROOT}
            )
        )
