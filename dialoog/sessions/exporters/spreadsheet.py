"""CSV files for a spreadsheet: UTF-8 with a byte order mark, CRLF line ends, no formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@")


def safe_cell(value: object) -> object:
    """A text that starts like a formula (= + - @) gets a leading quote, so a spreadsheet shows it as
    text instead of running it (CSV injection); other values are kept as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """``header`` and ``rows`` as CSV, every text cell made safe; the BOM makes Excel read it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
