from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "competitions"
    verbose_name = _("Cuộc thi khởi nghiệp")

    def ready(self) -> None:
        from common.registry import (
            PROGRAMMES,
            HomePanel,
            NavItem,
            register_home_panel,
            register_journey_source,
            register_nav_item,
        )

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
        register_nav_item(
            NavItem(
                "competitions",
                _("Cuộc thi"),
                "competitions:contest-list",
                "bi-trophy",
                ("staff", "officer"),
                order=10,
                group=PROGRAMMES,
            )
        )
