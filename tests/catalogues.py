"""Reading gettext catalogues in tests: the entries of a .po file, and those a catalogue does not
translate."""

from __future__ import annotations

import ast
from pathlib import Path


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


def untranslated(messages, catalogue: dict, *, plurals: int = 2) -> list[str]:
    """The msgids (with their context) of `messages` that `catalogue` (a compiled catalogue's
    `_catalog`, or a jsi18n one) leaves untranslated: absent or empty, in any of the language's
    `plurals` forms."""
    missing = []
    for context, msgid, plural in messages:
        key = f"{context}\x04{msgid}" if context else msgid
        found = [catalogue.get((key, form)) for form in range(plurals)] if plural else [catalogue.get(key)]
        if not all(found):
            missing.append(msgid if context is None else f"{context} | {msgid}")
    return missing
