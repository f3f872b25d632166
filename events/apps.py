from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Sự kiện và tập huấn")

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
        from .journey import event_steps
        from .panels import events_home_panel

        register_home_panel(
            HomePanel(key="events.upcoming", roles=("staff", "officer"), order=40, render=events_home_panel)
        )
        register_nav_item(
            NavItem(
                key="events.manage",
                label=_("Sự kiện"),
                url_name="events:event-list",
                icon="bi-calendar-event",
                roles=("staff", "officer"),
                order=60,
                group=PROGRAMMES,
            )
        )
        register_nav_item(
            NavItem(
                key="events.calendar",
                label=_("Lịch sự kiện"),
                url_name="events:public-calendar",
                icon="bi-calendar3",
                roles=(PUBLIC,),
                order=60,
            )
        )
        register_journey_source("events", event_steps)
