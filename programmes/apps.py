from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Chương trình xây dựng mô hình kinh tế thanh niên")

    def ready(self) -> None:
        from common.registry import YOUTH, NavItem, register_journey_source, register_nav_item

        from .journey import programme_steps

        register_journey_source("programmes", programme_steps)
        # In the youth menu, after the registry's lists (accounts.layout), before the units.
        register_nav_item(
            NavItem(
                "youth.programmes",
                _("Chương trình mô hình"),
                "programmes:programme-list",
                "bi-flag",
                ("staff", "officer"),
                order=30,
                group=YOUTH,
            )
        )
