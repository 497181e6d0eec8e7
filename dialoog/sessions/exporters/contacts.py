"""The organiser's separate CSV of contact details: one row per offer or ask someone shared them for."""

from __future__ import annotations

from contextlib import nullcontext

from dialoog.i18n import N_, _, use
from dialoog.sessions.exporters.spreadsheet import csv_bytes

# The column headers: Dutch source text, translated when the file is made.
COLUMNS = [N_("naam"), N_("aanbod"), N_("contact"), N_("toestemming")]
MIME = "text/csv; charset=utf-8"


def contacts_csv(
    rows: list[tuple[str, str, str, str]], session_id: int, language: str | None = None
) -> tuple[bytes, str, str]:
    """(content, file name, MIME type) of the contacts CSV; ``rows`` as ``harvest.contacts`` returns them.

    Headers and file name in ``language`` (the session's); without it, in the current language (in the
    console: the page's, which is the session's). The cells are written as they were given."""
    with use(language) if language else nullcontext():
        header = [_(column) for column in COLUMNS]
        name = _("contactgegevens-sessie-{session}", session=session_id) + ".csv"
        return csv_bytes(header, rows), name, MIME
