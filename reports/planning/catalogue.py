"""The computed indicators that plans' targets may use, by code.

Everything goes through `reports.sources.indicators()`; the fallback only skips an
app module named `indicators` that holds no `INDICATORS` list (such as
`common.indicators`, the interface itself), until `sources` does so on its own.
Call `catalogue.indicators()` through the module so tests can swap it.
"""

from __future__ import annotations

from functools import cache

from common.indicators import Indicator
from reports import sources


@cache
def _guarded() -> dict[str, Indicator]:
    return {
        ind.code: ind
        for module in sources._modules("indicators")  # noqa: SLF001 - same app, until sources skips such modules
        for ind in getattr(module, "INDICATORS", ())
    }


def indicators() -> dict[str, Indicator]:
    try:
        return sources.indicators()
    except AttributeError:
        return _guarded()


def choices() -> list[tuple[str, str]]:
    """(code, label) pairs for a form, ordered by app then label."""
    return sorted(((code, f"{ind.label} ({code})") for code, ind in indicators().items()), key=lambda c: c[0])
