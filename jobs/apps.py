from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Việc làm")

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
        from .journey import hire_steps
        from .views.home import counselling_home_panel

        register_nav_item(
            NavItem("jobs.public", _("Việc làm"), "jobs:public-fair-list", "bi-briefcase", (PUBLIC,), order=40)
        )
        register_nav_item(
            NavItem(
                "jobs.manage",
                _("Việc làm"),
                "jobs:fair-list",
                "bi-briefcase",
                ("staff", "officer"),
                order=50,
                group=PROGRAMMES,
            )
        )
        # Unit officers: the schools under them without this year's career counselling.
        register_home_panel(
            HomePanel(key="jobs.counselling", roles=("staff", "officer"), order=45, render=counselling_home_panel)
        )
        register_journey_source("jobs", hire_steps)
