"""One renderer per format, all from the same ``Report``. ``render`` picks one by its key.

``spreadsheet`` holds what both CSV files share; ``contacts`` is the organiser's contact list, which is
not a report format (contact details are never in the report).

Everything is written in the report's language (``Report.language``, the session's): ``render`` sets
it itself, for it runs in a worker thread where no page says which language to use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import import_module

from dialoog.i18n import _, use
from dialoog.sessions.report import Report


@dataclass(frozen=True)
class Format:
    key: str
    label: str  # what the menu says (the format's own name, the same in every language)
    extension: str
    mime: str
    module: str  # dialoog.sessions.exporters.<module>.render(report) -> bytes


FORMATS = {
    f.key: f
    for f in (
        Format("pdf", "PDF", "pdf", "application/pdf", "pdf"),
        Format("docx", "Word", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word"),
        Format("md", "Markdown", "md", "text/markdown; charset=utf-8", "markdown"),
        Format("csv", "CSV", "csv", "text/csv; charset=utf-8", "csv_cards"),
        Format("json", "JSON", "json", "application/json", "json_report"),
    )
}


def filename(report: Report, fmt: Format) -> str:
    """The download's file name: title and date, e.g. verslag-samen-in-de-akker-2026-11-22.pdf
    ("report-…" in English: in the report's language)."""
    with use(report.language):
        slug = re.sub(r"[^a-z0-9]+", "-", report.header.title.lower()).strip("-")[:50] or _("sessie")
        day = report.header.held_on.isoformat() if report.header.held_on else report.generated_at.date().isoformat()
        return _("verslag-{title}-{day}", title=slug, day=day) + f".{fmt.extension}"


def render(report: Report, key: str) -> tuple[bytes, str, str]:
    """(content, file name, MIME type) of the report in format ``key``, in the report's language."""
    fmt = FORMATS[key]
    module = import_module(f"{__name__}.{fmt.module}")
    with use(report.language):
        return module.render(report), filename(report, fmt), fmt.mime
