"""`python manage.py portal_status`: one screen of what an operator watches, for a person or cron.

It says whether the database, the cache and the Celery broker answer, how many tasks wait in
the queue, when beat's sweeps last ran, how many emails wait and for how long, which reports
and exports failed in the last 24 hours or are stuck, and the slowest pages logged. The exit
status is 0 when all is well, 1 when something needs attention (a threshold passed, beat
late), 2 when the database, the cache or the broker does not answer. `--json` prints the same
as JSON. What it reads: `common.monitoring.portal_status`.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from common.formatting import format_moment
from common.monitoring import ATTENTION, ERROR, portal_status


class Command(BaseCommand):
    help = _(
        "Tình trạng của cổng cho người vận hành: cơ sở dữ liệu, bộ nhớ đệm, hàng đợi Celery, beat, email chờ gửi, "
        "báo cáo và tệp xuất bị lỗi, trang chậm. Mã thoát 0: bình thường; 1: cần xem; 2: có thành phần không trả lời."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help=_("In kết quả dạng JSON."))

    def handle(self, *args: Any, **options: Any) -> None:
        status = portal_status()
        if options["json"]:
            self.stdout.write(json.dumps(status.as_dict(), ensure_ascii=False, indent=2, default=str))
        else:
            self.stdout.write(_("Tình trạng cổng lúc %(at)s") % {"at": format_moment(status.at)})
            marks = {ERROR: _("LỖI"), ATTENTION: _("CẦN XEM")}
            for line in status.lines:
                self.stdout.write(f"[{marks.get(line.state, 'OK'):^7}] {line.text}")
                for detail in line.details:
                    self.stdout.write(f"{'':10}- {detail}")
            conclusions = {
                0: _("Kết luận: bình thường."),
                1: _("Kết luận: có mục cần xem (mã thoát 1)."),
                2: _("Kết luận: có thành phần không trả lời (mã thoát 2)."),
            }
            self.stdout.write(conclusions[status.exit_code])
        if status.exit_code:
            sys.exit(status.exit_code)
