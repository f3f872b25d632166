"""`python manage.py load_demo`: a realistic demo province, idempotent.

The command knows no app: it calls `load(ctx)` of every installed app that has a
`demo` module, in INSTALLED_APPS order, inside one transaction, then prints the
demo logins. Running it again creates nothing new.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import module_has_submodule

from common.demo import DEFAULT_PASSWORD, DemoContext, DemoLogin

DEMO_MODULE = "demo"


def demo_loaders() -> list[tuple[str, Any]]:
    """(app label, load function) of every installed app with `<app>.demo.load`."""
    loaders = []
    for app_config in apps.get_app_configs():
        if not module_has_submodule(app_config.module, DEMO_MODULE):
            continue
        module = importlib.import_module(f"{app_config.name}.{DEMO_MODULE}")
        load = getattr(module, "load", None)
        if callable(load):
            loaders.append((app_config.label, load))
    return loaders


def _counted_models() -> list[type[models.Model]]:
    return [
        model for model in apps.get_models(include_auto_created=True) if model._meta.managed and not model._meta.proxy
    ]


def row_counts() -> dict[type[models.Model], int]:
    """Rows per concrete model, to tell what a run created."""
    return {model: model._base_manager.count() for model in _counted_models()}


def _is_listed(model: type[models.Model]) -> bool:
    # History tables and many-to-many link tables move with the rows they follow.
    return not model._meta.auto_created and not hasattr(model, "instance_type")


def _url(name: str, fallback: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def format_logins(logins: list[DemoLogin]) -> str:
    """The logins as an aligned plain-text table."""
    header = DemoLogin("Vai trò", "Tên đăng nhập", "Mật khẩu", "Được xem, được làm")
    rows = [header, *logins]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    rule = "  ".join("─" * w for w in widths)

    def line(row: DemoLogin) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()

    return "\n".join([line(header), rule, *(line(row) for row in logins)])


class Command(BaseCommand):
    help = "Nạp dữ liệu demo của Tỉnh đoàn Sơn La (chạy lại nhiều lần không tạo trùng) và in tài khoản demo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            default=None,
            help=(
                "Mật khẩu cho các tài khoản demo (mặc định: biến môi trường DEMO_PASSWORD "
                f"hoặc {DEFAULT_PASSWORD}). Khi ghi rõ, mật khẩu của tài khoản demo đã có cũng được đặt lại."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self._require_migrated()
        explicit = options["password"]
        password = explicit or os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        ctx = DemoContext(
            stdout=self.stdout,
            password=password,
            reset_passwords=explicit is not None,
            verbosity=options["verbosity"],
        )
        loaders = demo_loaders()
        if not loaders:
            raise CommandError("Không ứng dụng nào có dữ liệu demo (mô-đun demo.py với hàm load).")

        before = row_counts()
        with transaction.atomic():
            for label, load in loaders:
                ctx.log(f"· {label}: đang nạp dữ liệu demo…")
                load(ctx)
        after = row_counts()

        if ctx.verbosity >= 1:
            self._report(before, after, ctx)

    def _require_migrated(self) -> None:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("Cơ sở dữ liệu chưa cập nhật: hãy chạy `python manage.py migrate` trước.")

    def _report(
        self, before: dict[type[models.Model], int], after: dict[type[models.Model], int], ctx: DemoContext
    ) -> None:
        created = {model: after[model] - before.get(model, 0) for model in after}
        listed = [(model, n) for model, n in created.items() if n and _is_listed(model)]
        self.stdout.write("")
        if any(created.values()):
            self.stdout.write(self.style.SUCCESS("Đã tạo mới:"))
            for model, n in listed:
                self.stdout.write(f"  {model._meta.verbose_name_plural}: {n:+d}")
        else:
            self.stdout.write(
                self.style.SUCCESS("Không có bản ghi mới nào: dữ liệu demo đã đầy đủ từ lần chạy trước.")
            )

        if not ctx.logins:
            return
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Tài khoản demo"))
        self.stdout.write(format_logins(ctx.logins))
        self.stdout.write("")
        if ctx.reset_passwords:
            self.stdout.write("Mật khẩu của mọi tài khoản demo vừa được đặt lại theo --password.")
        else:
            self.stdout.write(
                "Mật khẩu chỉ được đặt khi tài khoản được tạo; dùng --password để đặt lại cho tài khoản đã có."
            )
        self.stdout.write(
            f"Đăng nhập tại {_url('login', '/accounts/login/')} (trang quản trị: {_url('admin:index', '/admin/')})."
        )
