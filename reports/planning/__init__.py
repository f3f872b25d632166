"""planning: plans, targets, dashboards, consolidated reports and exports
(see reports/models/__init__.py for what it owns)."""


def ready() -> None:
    """Registrations (permissions, the "Báo cáo" menu item) made when Django starts."""
    from django.utils.translation import gettext_lazy as _

    from common.registry import REPORTS, NavItem, register_nav_item

    from . import rules  # noqa: F401 - registers the permissions

    register_nav_item(
        NavItem(
            key="reports.dashboard",
            label=_("Kế hoạch, chỉ tiêu"),
            url_name="reports:dashboard",
            icon="bi-bar-chart-line",
            roles=("staff", "officer"),
            order=80,
            group=REPORTS,
        )
    )
