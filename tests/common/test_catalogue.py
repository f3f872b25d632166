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

import ast
import contextlib
import gettext
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

# What `make messages` leaves out, and what is not source.
NOT_SOURCE = {"locale", "tests", ".venv", "var", "staticfiles", "node_modules", "static"}


def po_messages(path: Path) -> list[tuple[str | None, str, str | None]]:
    """(context, msgid, msgid_plural) of every entry of a .po file but its header."""
    entries: list[dict[str, str]] = []
    entry: dict[str, str] = {}
    field = None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line or line.startswith("#"):
            if not line and entry:
                entries.append(entry)
                entry, field = {}, None
            continue
        if line.startswith('"'):
            entry[field] += ast.literal_eval(line)
            continue
        field, _space, text = line.partition(" ")
        if field == "msgctxt" and "msgid" in entry:  # no blank line between two entries
            entries.append(entry)
            entry = {}
        entry[field] = ast.literal_eval(text)
    return [(e.get("msgctxt"), e["msgid"], e.get("msgid_plural")) for e in entries if e.get("msgid")]


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


def untranslated(messages, catalogue: dict) -> list[str]:
    missing = []
    for context, msgid, plural in messages:
        key = f"{context}\x04{msgid}" if context else msgid
        found = [catalogue.get((key, 0)), catalogue.get((key, 1))] if plural else [catalogue.get(key)]
        if not all(found):
            missing.append(msgid if context is None else f"{context} | {msgid}")
    return missing


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
