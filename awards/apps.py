from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Tuyên dương")

    def ready(self) -> None:
        from common.registry import (
            PROGRAMMES,
            HomePanel,
            NavItem,
            register_home_panel,
            register_journey_source,
            register_nav_item,
        )

        from .journey import nomination_steps
        from .views.council import council_home_panel
        from .views.nominations import nominations_home_panel

        # Programmes taking nominations, with each unit's quota and deadline, for staff and unit officers.
        register_home_panel(
            HomePanel(key="awards.nominations", roles=("staff", "officer"), order=30, render=nominations_home_panel)
        )
        # The councils a member sits on while they review, with how far the member has voted.
        register_home_panel(HomePanel(key="awards.council", roles=("council",), order=6, render=council_home_panel))
        register_journey_source("awards", nomination_steps)
        register_nav_item(
            NavItem(
                "awards",
                _("Tuyên dương"),
                "awards:programme-list",
                "bi-award",
                ("staff", "officer", "council"),
                order=20,
                group=PROGRAMMES,
            )
        )
