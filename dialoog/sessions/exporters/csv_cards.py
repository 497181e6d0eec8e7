"""CSV: one row per card (hidden ones too, flagged), for a spreadsheet; in the report's language."""

from __future__ import annotations

from dialoog.i18n import N_, _
from dialoog.sessions.exporters.spreadsheet import csv_bytes
from dialoog.sessions.report import Report, in_report_language, resource_label

# The column headers: Dutch source text, translated when the file is made.
COLUMNS = [
    N_("id"), N_("fase"), N_("soort"), N_("thema"), N_("stemmen"), N_("verborgen"), N_("bron"), N_("tekst"),
    N_("deelnemer"),
]
TABLE_COLUMN = N_("tafel")  # last, only in a session with tables: the table the card was written at


@in_report_language
def render(report: Report) -> bytes:
    """Every card of the report as a CSV row (see ``COLUMNS``; with tables ``TABLE_COLUMN`` too). Kind
    and resource as people read them, lower case (in Dutch that is the key itself: "ervaring", "tijd")."""
    tables = bool(report.tables)
    columns = [*COLUMNS, TABLE_COLUMN] if tables else COLUMNS
    return csv_bytes([_(column) for column in columns], (
        [card.id, card.phase, card.kind_label.lower(), card.theme, card.votes, _("ja") if card.hidden else _("nee"),
         resource_label(card.resource).lower() if card.resource else "", card.text, card.author,
         *([card.table] if tables else [])]
        for card in report.cards
    ))
