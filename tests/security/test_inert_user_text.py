"""User text with `<script>` is shown as text, never run, on every page of the project.

The demo province is poisoned (see `conftest.py` for which fields and why), then every URL
of the permission matrix is opened as staff, the Tô Hiệu officer, anonymous visitors (public
rows) and the one role a row is meant for. No HTML answer may carry the marker raw.
"""

from __future__ import annotations

import pytest

from .conftest import ESCAPED_MARKER, MARKER, Walk

pytestmark = pytest.mark.django_db  # the first test to run loads the demo in its transaction


def test_poisoned_text_is_escaped_on_every_page(poisoned_walk: Walk):
    html = [page for page in poisoned_walk.pages if page.is_html]
    leaks, shown = [], set()
    for page in html:
        text = page.body.decode("utf-8", errors="replace")
        if MARKER in text:
            start = text.index(MARKER)
            leaks.append(f"{page.where()}: …{text[max(0, start - 120) : start + 40]!r}")
        if ESCAPED_MARKER in text:
            shown.add(page.name)

    assert poisoned_walk.poisoned, "no field was poisoned: the demo loaded nothing?"
    assert not leaks, "user text rendered as markup:\n" + "\n".join(leaks)
    # The check can fail: the poisoned text did reach many pages, escaped.
    assert len(html) > 50
    assert len(shown) > 20, f"poisoned text shown escaped on only {sorted(shown)}"


def test_poisoned_text_breaks_no_page(poisoned_walk: Walk):
    broken = poisoned_walk.errors

    assert not broken, "pages broken by the poisoned data:\n" + "\n".join(broken)
