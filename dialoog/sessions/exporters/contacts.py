"""The organiser's separate CSV of contact details: one row per offer or ask someone shared them for."""

from __future__ import annotations

from dialoog.sessions.exporters.spreadsheet import csv_bytes

COLUMNS = ["naam", "aanbod", "contact", "toestemming"]
MIME = "text/csv; charset=utf-8"


def contacts_csv(rows: list[tuple[str, str, str, str]], session_id: int) -> tuple[bytes, str, str]:
    """(content, file name, MIME type) of the contacts CSV; ``rows`` as ``harvest.contacts`` returns them."""
    return csv_bytes(COLUMNS, rows), f"contactgegevens-sessie-{session_id}.csv", MIME
