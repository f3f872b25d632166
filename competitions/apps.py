from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "competitions"
    verbose_name = _("Cuộc thi khởi nghiệp")

    def ready(self) -> None:
        from common.registry import HomePanel, register_home_panel, register_journey_source

        from .journey import contest_steps
        from .views.entries import entries_home_panel
        from .views.judging import judge_home_panel

        # Open contests with each unit's quota and deadline, for staff and unit officers.
        register_home_panel(
            HomePanel(key="competitions.entries", roles=("staff", "officer"), order=20, render=entries_home_panel)
        )
        # The rounds a judge scores in, with their progress.
        register_home_panel(HomePanel(key="competitions.judging", roles=("judge",), order=5, render=judge_home_panel))
        register_journey_source("competitions", contest_steps)
