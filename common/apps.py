from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import pre_migrate
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = _("Dùng chung")

    def ready(self) -> None:
        from . import antispam  # noqa: F401 - registers its deploy check
        from .search import ensure_search_extensions

        # The search indexes need pg_trgm before a table is made, migrations or not.
        pre_migrate.connect(ensure_search_extensions, sender=self, dispatch_uid="common.search_extensions")

        # The embedded broker keeps messages in folders; both the web process that
        # queues and the worker that consumes need them to exist.
        for folder in getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}).values():
            if isinstance(folder, str):
                Path(folder).mkdir(parents=True, exist_ok=True)
