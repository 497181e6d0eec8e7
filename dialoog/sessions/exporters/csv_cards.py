"""CSV: one row per card (hidden ones too, flagged), for a spreadsheet."""

from __future__ import annotations

import csv
import io

from dialoog.sessions.report import Report

COLUMNS = ["id", "fase", "soort", "thema", "stemmen", "verborgen", "bron", "tekst", "deelnemer"]


def render(report: Report) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=",", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for card in report.cards:
        writer.writerow([
            card.id, card.phase, card.kind, card.theme, card.votes, "ja" if card.hidden else "nee",
            card.resource, _safe(card.text), card.author,
        ])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens it as UTF-8


def _safe(text: str) -> str:
    """A cell starting with = + - @ would be a formula in a spreadsheet: make it plain text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
