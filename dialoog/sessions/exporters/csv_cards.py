"""CSV: one row per card (hidden ones too, flagged), for a spreadsheet."""

from __future__ import annotations

from dialoog.sessions.exporters.spreadsheet import csv_bytes
from dialoog.sessions.report import Report

COLUMNS = ["id", "fase", "soort", "thema", "stemmen", "verborgen", "bron", "tekst", "deelnemer"]


def render(report: Report) -> bytes:
    """Every card of the report as a CSV row (see ``COLUMNS``)."""
    return csv_bytes(COLUMNS, (
        [card.id, card.phase, card.kind, card.theme, card.votes, "ja" if card.hidden else "nee",
         card.resource, card.text, card.author]
        for card in report.cards
    ))
