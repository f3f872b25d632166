"""planning: plans, targets, dashboards, consolidated reports and exports
(see reports/models/__init__.py for what it owns)."""


def ready() -> None:
    """Registrations (permissions, the "Báo cáo" menu item, the status lines of portal_status)
    made when Django starts."""
    from django.utils.translation import gettext_lazy as _

    from common.monitoring import register_status_source
    from common.registry import REPORTS, NavItem, register_nav_item

    from . import rules  # noqa: F401 - registers the permissions
    from .status import outputs_status

    register_status_source("reports.outputs", outputs_status)

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
