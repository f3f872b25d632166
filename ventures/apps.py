from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenturesConfig(AppConfig):
    name = "ventures"
    verbose_name = _("Thanh niên khởi nghiệp và mô hình kinh tế")

    def ready(self) -> None:
        from common.registry import HomePanel, register_home_panel

        from .panels import registry_panel

        register_home_panel(
            HomePanel(key="ventures.registry", roles=("staff", "officer"), order=10, render=registry_panel)
        )
