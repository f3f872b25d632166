"""Excel in and out, written once for every app.

`writing`: exports stream a write-only workbook laid out for reading and printing
(`build_workbook`, `write_workbook`, `Sheet`) and neutralise cells a spreadsheet would
run as formulas. `reading`: imports read the first sheet of an .xlsx, .xls or .ods into
dicts keyed by header (`read_sheet`), bounds checked before the work; the caller
validates every row and saves all or nothing. `cells`: what imports make of a cell.
"""

from .cells import cell_text, cell_words, digits_from_number, phone_from_cell
from .reading import (
    BLANK_ROW_MARGIN,
    IMPORT_ACCEPT,
    IMPORT_MAX_FILE_BYTES,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    ImportReport,
    RowError,
    SheetError,
    SheetRow,
    check_workbook_bounds,
    import_help_text,
    read_sheet,
    unreadable_message,
)
from .writing import (
    DATE,
    DATETIME,
    DECIMAL,
    INTEGER,
    ONE_DECIMAL,
    PLAIN,
    XLSX_CONTENT_TYPE,
    Sheet,
    Styled,
    build_workbook,
    neutralise,
    sheet_title,
    write_workbook,
    xlsx_response,
)

__all__ = [
    "BLANK_ROW_MARGIN",
    "DATE",
    "DATETIME",
    "DECIMAL",
    "IMPORT_ACCEPT",
    "IMPORT_MAX_FILE_BYTES",
    "INTEGER",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "ONE_DECIMAL",
    "PLAIN",
    "XLSX_CONTENT_TYPE",
    "ImportReport",
    "RowError",
    "Sheet",
    "SheetError",
    "SheetRow",
    "Styled",
    "build_workbook",
    "cell_text",
    "cell_words",
    "digits_from_number",
    "phone_from_cell",
    "check_workbook_bounds",
    "import_help_text",
    "neutralise",
    "read_sheet",
    "sheet_title",
    "unreadable_message",
    "write_workbook",
    "xlsx_response",
]
