from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def register_entry_panel() -> None:
    """Open contests on the home page of staff and unit officers, with each unit's quota and deadline."""
    from common.registry import HomePanel, register_home_panel

    from .views.entries import entries_home_panel

    register_home_panel(
        HomePanel(key="competitions.entries", roles=("staff", "officer"), order=20, render=entries_home_panel)
    )


class CompetitionsConfig(AppConfig):
    name = "competitions"
    verbose_name = _("Cuộc thi khởi nghiệp")

    def ready(self) -> None:
        register_entry_panel()
        from .views.judging import register_judge_panel

        register_judge_panel()
