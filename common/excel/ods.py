"""LibreOffice Calc (.ods) sheets, streamed from the package's content.xml.

OpenDocument writes a run of equal rows or cells once with a repeat count: LibreOffice
ends a sheet with "the next 1,048,000 rows are blank" in one element, and a hostile file
can repeat one filled cell a billion times. So runs are never laid out: a blank run only
moves the position on, a filled run is laid out only up to the bounds an import reads.
The XML is parsed as a stream (lxml's iterparse, no entities, no network), a row at a
time, the elements already read dropped, so memory stays that of one row.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Iterator

from lxml import etree

from .reading import MAX_CELL_CHARS, MAX_COLUMNS, PastLastRow, column_error

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE, ROW = _TABLE + "table", _TABLE + "table-row"
CELLS = frozenset({_TABLE + "table-cell", _TABLE + "covered-table-cell"})
PARAGRAPHS = frozenset({_TEXT + "p", _TEXT + "h"})
SKIPPED = frozenset({_OFFICE + "annotation", _TEXT + "note"})  # comments and notes are not the cell's text
_DURATION = re.compile(r"^-?PT(\d+)H(\d+)M(\d+(?:[.,]\d+)?)S$")


def ods_rows(archive: zipfile.ZipFile, *, last_row: int) -> Iterator[tuple[int, tuple]]:
    """(row number, values) of the first sheet's rows that hold a value, in order.

    Row elements are counted as the .xlsx reader counts rows, blank ones included: past
    `last_row` of them the file is refused. A run of repeated blank rows is one element.
    """
    with archive.open("content.xml") as stream:
        parser = etree.iterparse(
            stream,
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        depth = 0  # tables open; only the first sheet's own rows are read
        number = 1  # the row number of the next row element
        elements = 0
        cells: dict[int, object] = {}
        column = 0
        for event, element in parser:
            tag = element.tag
            if event == "start":
                if tag == TABLE:
                    depth += 1
                elif tag == ROW and depth == 1:
                    cells, column = {}, 0
                continue
            if tag == TABLE:
                depth -= 1
                if depth == 0:
                    return
            elif depth == 0:
                element.clear(keep_tail=False)  # styles and the like, before the first sheet
            elif depth != 1:
                continue
            elif tag in CELLS:
                repeat = _count(element.get(_TABLE + "number-columns-repeated"))
                value = _cell_value(element)
                if value is None:
                    column += repeat
                else:
                    for _ in range(min(repeat, MAX_COLUMNS + 1)):
                        if column >= MAX_COLUMNS:
                            raise column_error(number, column)
                        cells[column] = value
                        column += 1
                _drop(element)
            elif tag == ROW:
                elements += 1
                if elements > last_row:
                    raise PastLastRow
                repeat = _count(element.get(_TABLE + "number-rows-repeated"))
                if cells:
                    values = tuple(cells.get(index) for index in range(max(cells) + 1))
                    for _ in range(repeat):
                        if number > last_row:
                            raise PastLastRow
                        yield number, values
                        number += 1
                else:
                    number += repeat
                _drop(element)


def _count(raw: str | None) -> int:
    try:
        return max(1, int(raw)) if raw else 1
    except ValueError:
        return 1


def _drop(element) -> None:
    """Free an element read, and the siblings read before it."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _cell_value(cell):
    """The value a spreadsheet shows, typed as openpyxl reads an .xlsx cell."""
    kind = cell.get(_OFFICE + "value-type")
    if kind in ("float", "percentage", "currency"):
        return _number(cell.get(_OFFICE + "value"))
    if kind == "date":
        raw = cell.get(_OFFICE + "date-value") or ""
        try:
            moment = datetime.datetime.fromisoformat(raw)
        except ValueError:
            return _text(cell) or None
        return moment.replace(tzinfo=None)
    if kind == "time":
        match = _DURATION.match(cell.get(_OFFICE + "time-value") or "")
        if match:
            hours, minutes, seconds = int(match[1]), int(match[2]), float(match[3].replace(",", "."))
            return datetime.time(hours % 24, minutes % 60, int(seconds) % 60)
        return _text(cell) or None
    if kind == "boolean":
        return (cell.get(_OFFICE + "boolean-value") or "").lower() == "true"
    if kind == "string" and cell.get(_OFFICE + "string-value") is not None:
        return cell.get(_OFFICE + "string-value")[: MAX_CELL_CHARS + 1]
    return _text(cell) or None


def _number(raw: str | None):
    if raw is None:
        return None
    try:
        number = float(raw)
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    if number.is_integer() and "." not in raw and "e" not in raw.lower():
        return int(raw)
    return number


def _text(cell) -> str:
    """The cell's paragraphs joined by line breaks, at most one character past the limit."""
    parts: list[str] = []
    for paragraph in cell:
        if paragraph.tag in PARAGRAPHS:
            if parts:
                parts.append("\n")
            _inline(paragraph, parts)
    return "".join(parts)[: MAX_CELL_CHARS + 1]


def _inline(element, parts: list[str]) -> None:
    parts.append(element.text or "")
    for child in element:
        tag = child.tag
        if tag == _TEXT + "s":
            parts.append(" " * min(_count(child.get(_TEXT + "c")), MAX_CELL_CHARS + 1))
        elif tag == _TEXT + "tab":
            parts.append("\t")
        elif tag == _TEXT + "line-break":
            parts.append("\n")
        elif tag not in SKIPPED:
            _inline(child, parts)
        parts.append(child.tail or "")
