"""Every text the portal shows has its English translation in the compiled catalogue.

The msgids are Vietnamese (the portal's language); a page in English shows any msgid the
English catalogue lacks in Vietnamese ("Loại báo cáo và biểu mẫu" on the periodic reports'
tabs once did). The texts are extracted the way `make messages` does (Django's makemessages:
Python, templates, email texts; `tests/` left out), into a copy of `locale/` in a temporary
folder so the committed catalogues are never touched, then each is looked up in the compiled
`locale/en/LC_MESSAGES/django.mo`, the file the running portal reads (msgfmt leaves out
fuzzy entries). One extraction per run (a few seconds), shared by the tests below.
"""

from __future__ import annotations

import contextlib
import gettext
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.catalogues import po_messages, untranslated

# What `make messages` leaves out, and what is not source.
NOT_SOURCE = {"locale", "tests", ".venv", "var", "staticfiles", "node_modules", "static"}


@pytest.fixture(scope="session")
def extracted(tmp_path_factory) -> list[tuple[str | None, str, str | None]]:
    """Every translatable text of the portal, extracted once per test run."""
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext is not installed (apt-get install gettext)")
    # makemessages walks the current folder and writes beside any `locale/` it finds there:
    # it walks a folder of links to the sources instead, and writes into a temporary locale/.
    tree = tmp_path_factory.mktemp("catalogue")
    for source in Path(settings.BASE_DIR).iterdir():
        if source.name not in NOT_SOURCE and not source.name.startswith("."):
            (tree / source.name).symlink_to(source)
    (tree / "locale").mkdir()
    with override_settings(LOCALE_PATHS=[tree / "locale"]), contextlib.chdir(tree):
        call_command("makemessages", locale=["en"], symlinks=True, no_obsolete=True, verbosity=0)
    return po_messages(tree / "locale" / "en" / "LC_MESSAGES" / "django.po")


@pytest.fixture(scope="session")
def english() -> dict:
    compiled = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.mo"
    if not compiled.exists():
        pytest.fail(f"{compiled} is missing: run `make compilemessages`")
    with compiled.open("rb") as file:
        return gettext.GNUTranslations(file)._catalog


def test_the_extraction_finds_the_portals_texts(extracted):
    msgids = {msgid for _context, msgid, _plural in extracted}

    assert "Loại báo cáo và biểu mẫu" in msgids  # a template's (templates/reports/periodic/_tabs.html)
    assert "Đã lưu ngôn ngữ vào tài khoản của bạn." in msgids  # Python's
    assert len(msgids) > 2000


def test_every_text_has_an_english_translation(extracted, english):
    missing = untranslated(extracted, english)

    assert not missing, "No English in locale/en/LC_MESSAGES/django.mo for:\n" + "\n".join(missing)


def test_a_text_missing_from_the_catalogue_is_named():
    messages = [(None, "Có bản dịch", None), (None, "Chưa dịch", None), ("menu", "Có ngữ cảnh", None)]
    messages += [(None, "%(n)d bài", "%(n)d bài")]

    missing = untranslated(messages, {"Có bản dịch": "Translated", ("%(n)d bài", 0): "%(n)d entry"})

    assert missing == ["Chưa dịch", "menu | Có ngữ cảnh", "%(n)d bài"]
