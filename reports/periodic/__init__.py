"""periodic: see reports/models/__init__.py for what it owns."""


def ready() -> None:
    """Registrations (home panels, nav items) made when Django starts."""
    from django.utils.translation import gettext_lazy as _

    from common.figures import watch_apps
    from common.registry import REPORTS, NavItem, TodoSource, register_nav_item, register_todo_source

    from .. import sources
    from . import rules  # noqa: F401 - registers the permissions
    from .selectors import DEADLINE_FIGURES

    # The staff deadline pages are kept until any app with deadlines, a unit or a role changes.
    providers = {module.__name__.split(".")[0] for module in sources._modules("deadlines")}
    watch_apps(DEADLINE_FIGURES, "accounts", "reports", *sorted(providers))
    from .todo import owed_todo_items

    # What the user still owes, from every app's deadlines: lines of the home page's "Việc cần làm".
    register_todo_source(
        TodoSource(
            key="reports.owed",
            roles=("staff", "officer", "judge", "council", "bank_liaison"),
            collect=owed_todo_items,
            list_label=_("Báo cáo định kỳ"),
            list_url_name="reports:periodic-list",
            list_permission="reports.list_unitreports",
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
