from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Chương trình xây dựng mô hình kinh tế thanh niên")

    def ready(self) -> None:
        from common.registry import register_journey_source

        from .journey import programme_steps

        register_journey_source("programmes", programme_steps)
