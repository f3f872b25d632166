"""periodic: see reports/models/__init__.py for what it owns."""


def ready() -> None:
    """Registrations (home panels, nav items) made when Django starts."""
    from django.utils.translation import gettext_lazy as _

    from common.registry import REPORTS, HomePanel, NavItem, register_home_panel, register_nav_item

    from . import rules  # noqa: F401 - registers the permissions
    from .views import todo_home_panel

    # What the user still owes, from every app's deadlines, soonest first.
    register_home_panel(
        HomePanel(
            key="reports.todo",
            roles=("staff", "officer", "judge", "council", "bank_liaison"),
            order=1,
            render=todo_home_panel,
        )
    )
    register_nav_item(
        NavItem(
            key="reports.periodic",
            label=_("Báo cáo định kỳ"),
            url_name="reports:periodic-list",
            icon="bi-journal-check",
            roles=("staff", "officer"),
            order=80,
            group=REPORTS,
        )
    )
    register_nav_item(
        NavItem(
            key="reports.deadlines",
            label=_("Hạn sắp tới"),
            url_name="reports:periodic-deadlines",
            icon="bi-alarm",
            roles=("staff",),
            order=85,
            group=REPORTS,
        )
    )
