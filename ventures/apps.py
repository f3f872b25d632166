from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenturesConfig(AppConfig):
    name = "ventures"
    verbose_name = _("Thanh niên khởi nghiệp và mô hình kinh tế")

    def ready(self) -> None:
        from common.figures import watch
        from common.registry import HomePanel, register_home_panel

        from .models import Entrepreneur, Venture, VentureUpdate
        from .panels import registry_panel

        # The home panel's counts are kept until the registry changes.
        watch("ventures", Entrepreneur, Venture, VentureUpdate, Venture.owners.through)

        register_home_panel(
            HomePanel(key="ventures.registry", roles=("staff", "officer"), order=10, render=registry_panel)
        )
