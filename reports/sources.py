"""What `reports` reads from the programme apps: their `deadlines.py` and `indicators.py`.

An app takes part by having those modules (see `common.deadlines` and
`common.indicators`); `reports` never imports their models.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

from common.indicators import Indicator


def _modules(name: str) -> list:
    found = []
    for config in apps.get_app_configs():
        dotted = f"{config.name}.{name}"
        # `common` holds the interface itself; `reports` gathers its own separately.
        if config.name not in ("common", "reports") and find_spec(dotted) is not None:
            found.append(import_module(dotted))
    return found


@cache
def indicators() -> dict[str, Indicator]:
    """Every computed indicator of the portal, by code."""
    return {ind.code: ind for module in _modules("indicators") for ind in module.INDICATORS}
