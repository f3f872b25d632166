"""Text matching helpers shared by the imports and the commands."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without diacritics, so 'Nữ', 'nu' and 'NỮ' match."""
    text = unicodedata.normalize("NFD", str(text).strip().lower()).replace("đ", "d")
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
