from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OcopConfig(AppConfig):
    name = "ocop"
    verbose_name = _("OCOP")

    def ready(self) -> None:
        from common.registry import (
            PROGRAMMES,
            PUBLIC,
            HomePanel,
            NavItem,
            register_home_panel,
            register_journey_source,
            register_nav_item,
        )

        from . import rules  # noqa: F401 - registers the permissions
        from .journey import ocop_steps
        from .panels import home_panel

        # An officer's list status and deadline; for staff, lists received out of those owed.
        register_home_panel(HomePanel(key="ocop.lists", roles=("staff", "officer"), order=40, render=home_panel))
        register_nav_item(
            NavItem(
                key="ocop.cycles",
                label=_("OCOP"),
                url_name="ocop:cycle-list",
                icon="bi-star",
                roles=("staff", "officer"),
                order=40,
                group=PROGRAMMES,
            )
        )
        register_nav_item(
            NavItem(
                key="ocop.catalogue",
                label=_("Sản phẩm OCOP"),
                url_name="ocop:catalogue",
                icon="bi-basket",
                roles=(PUBLIC,),
                order=40,
            )
        )
        register_journey_source("ocop", ocop_steps)
