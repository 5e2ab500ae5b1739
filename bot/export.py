"""Files the bot writes for HR (CSV): every cell a spreadsheet could run is neutralised.

Users type the questions that end up in HR's report; a question such as
`=HYPERLINK("http://…","點我")` would become a live formula when HR opens the file in Excel or
LibreOffice (CSV injection). A cell starting with = + - @, a tab or a carriage return gets a
leading apostrophe, which spreadsheets show as text and do not evaluate.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(path: Path, header: list[str], rows: Iterable[Iterable[object]]) -> int:
    """Write UTF-8 with a BOM (Excel on Windows reads it as such); returns the rows written."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([safe_cell(h) for h in header])
        for row in rows:
            writer.writerow([safe_cell(cell) for cell in row])
            count += 1
    return count
