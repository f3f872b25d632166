"""The computed indicators that plans' targets may use, by code.

Everything goes through `reports.sources.indicators()` (which skips `common`, the
interface itself). Call `catalogue.indicators()` through the module so tests can swap it.
"""

from __future__ import annotations

from common.indicators import Indicator
from reports import sources


def indicators() -> dict[str, Indicator]:
    return sources.indicators()


def choices() -> list[tuple[str, str]]:
    """(code, label) pairs for a form, ordered by app then label."""
    return sorted(((code, f"{ind.label} ({code})") for code, ind in indicators().items()), key=lambda c: c[0])
