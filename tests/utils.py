"""Helpers shared by tests of several apps."""

from django.core.signals import request_finished
from django.db import close_old_connections


def close_response(response) -> None:
    """Close a response (releasing a streamed file) without closing the test's DB connection.

    `HttpResponse.close()` fires `request_finished`, whose `close_old_connections`
    handler closes a PostgreSQL connection that sits inside the test transaction.
    The test client mutes that handler during a request; this does the same here.
    """
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def project_app_labels() -> list[str]:
    """The labels of the project's own apps (those living in this repository), in INSTALLED_APPS order."""
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings

    root = Path(settings.BASE_DIR)
    return [
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(root) and ".venv" not in Path(config.path).parts
    ]


def search_queries_for_5_and_30_rows(client, url: str, params: dict, add_rows) -> tuple[int, int]:
    """How many queries a searched list asks with 5 matching rows, then with 30.

    `add_rows(n)` adds n rows the search finds. A row is added after the warm-up request,
    so both measured reads count again whatever a list remembers between changes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def measure() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, params)
        assert response.status_code == 200
        return len(captured)

    add_rows(4)
    measure()
    add_rows(1)
    five = measure()
    add_rows(25)
    return five, measure()
