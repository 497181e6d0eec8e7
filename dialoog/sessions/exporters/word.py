"""Word (.docx): the summary to edit further, e.g. for a council letter or a newsletter.

Same sections, order and wording (the report's language) as the Markdown export (``markdown.py`` is
the reference; with tables a section per table first). The
speaking-time chart is a table with a bar of "█" characters per participant, so it survives any
editor and needs no image.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from dialoog.i18n import _, pgettext
from dialoog.sessions.report import (
    SMILEYS,
    Report,
    ReportPerson,
    ReportTable,
    in_report_language,
    minutes,
    resource_label,
    votes_label,
)

MUTED = RGBColor(0x60, 0x67, 0x70)
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
BAR_WIDTH = 25  # characters for the longest bar
TABLE_STYLE = "Light List Accent 1"

# XML 1.0 forbids these; lxml refuses them outright.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _t(value) -> str:
    text = "" if value is None else str(value)
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _setup(doc, language_tag: str) -> None:
    # The default template defines some 100 table styles that Word has built in anyway. Dropping the
    # unused ones keeps the file lean and python-docx's style look-up fast: it scans every style
    # definition for each styled paragraph (1,000 cards took over a second).
    for style in list(doc.styles):
        if style.type == WD_STYLE_TYPE.TABLE and style.name not in ("Normal Table", "Table Grid", TABLE_STYLE):
            style.delete()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.2))
    normal = doc.styles["Normal"]
    normal.font.size = Pt(11)
    r_pr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language_tag)
    lang.set(qn("w:bidi"), "ar-SA")
    r_pr.append(lang)
    normal.paragraph_format.space_after = Pt(4)


def _para(doc, text: str = "", *, style: str | None = None, color: RGBColor | None = None, size: float | None = None,
          italic: bool = False):
    paragraph = doc.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(_t(text))
        run.italic = italic or None
        if color is not None:
            run.font.color.rgb = color
        if size is not None:
            run.font.size = Pt(size)
    return paragraph


def _labelled(doc, label: str, text: str, *, style: str | None = None):
    """'**Label:** text' as one paragraph."""
    paragraph = doc.add_paragraph(style=style)
    paragraph.add_run(_t(label)).bold = True
    paragraph.add_run(" " + _t(text))
    return paragraph


def _table(doc, headings: list[str], rows: list[list[str]], widths_cm: list[float]):
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = doc.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for i, text in enumerate(headings):
        cell = table.rows[0].cells[i]
        cell.text = text
        if i:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for values in rows:
        cells = table.add_row().cells
        for i, text in enumerate(values):
            cells[i].text = _t(text)
            if i:
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)
    doc.add_paragraph()
    return table


def _chart(doc, rows: list[tuple[str, float, str]]) -> None:
    """One table row per participant: label, a bar of '█' proportional to the share, the figures."""
    top = max((share for _label, share, _value in rows), default=0.0) or 1.0
    table = doc.add_table(rows=0, cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for label, share, value in rows:
        cells = table.add_row().cells
        cells[0].text = _t(label)
        cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        length = round(BAR_WIDTH * max(0.0, share) / top)
        run = cells[1].paragraphs[0].add_run("█" * length if length else "▏")
        run.font.color.rgb = ACCENT
        run.font.size = Pt(9)
        value_run = cells[2].paragraphs[0].add_run(_t(value))
        value_run.font.color.rgb = MUTED
        value_run.font.size = Pt(9)
    for row in table.rows:
        for cell, width in zip(row.cells, (4.5, 8.5, 3.5), strict=True):
            cell.width = Cm(width)
            cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    doc.add_paragraph()


def _card(doc, card) -> None:
    """One card as a bullet, its kind after it."""
    paragraph = _para(doc, card.text, style="List Bullet")
    paragraph.add_run(f" ({card.kind_label.lower()})").font.color.rgb = MUTED


def _people_table(doc, people: list[ReportPerson]) -> None:
    """Turns, passes and speaking time per person, as a table."""
    _table(doc, [_("Deelnemer"), _("Beurten"), _("Gepast"), _("Spreektijd"), _("Aandeel")],
           [[x.listed_as, str(x.turns), str(x.passes), minutes(x.seconds), f"{x.share:.0%}"] for x in people],
           [6.0, 2.5, 2.5, 2.5, 2.5])


def _table_section(doc, report: Report, table: ReportTable) -> None:
    """A table's section: who sat there, its own rounds and fairness figures, its cards per phase."""
    p = table.process
    doc.add_heading(_t(table.name), level=1)
    _para(doc, report.seated_text(table.people))
    _para(doc, p.statement)
    _para(doc, report.totals_of(p))
    if p.people:
        _people_table(doc, p.people)
    _para(doc, report.gini_of(p))
    for phase in table.phases:
        doc.add_heading(_t(phase.name), level=2)
        for card in phase.cards:
            _card(doc, card)
    if not table.phases:
        _para(doc, _("Geen kaarten aan deze tafel."))


@in_report_language
def render(report: Report) -> bytes:
    """The report as a Word document (.docx), in the report's language."""
    doc = Document()
    _setup(doc, report.language_tag)
    h = report.header
    title = _t(_("Verslag: {title}", title=h.title))
    doc.core_properties.title = title[:255]  # python-docx refuses longer properties
    doc.core_properties.subject = _t(h.theme)[:255]
    doc.core_properties.author = _t(h.organisation or h.facilitator or "Dialoog")[:255]
    doc.core_properties.language = report.language_tag
    doc.core_properties.created = report.generated_at.replace(tzinfo=None)

    doc.add_heading(title, level=0)
    for label, value in report.header_rows():
        _labelled(doc, f"{label}:", value).paragraph_format.space_after = Pt(1)
    if h.follow_up:
        _labelled(doc, _("Wat er met de inbreng gebeurt:"), h.follow_up).paragraph_format.space_before = Pt(8)

    doc.add_heading(_("Aanwezig"), level=1)
    _para(doc, report.attendance_text)

    for table in report.tables:  # with tables: a section per table before the plenary harvest
        _table_section(doc, report, table)

    for phase in report.phases:
        if phase.mode == "info":
            continue
        doc.add_heading(_t(phase.name), level=1)
        _para(doc, phase.question, color=MUTED, italic=True)
        if not phase.themes:
            _para(doc, _("Geen kaarten in deze fase."))
        for theme in phase.themes:
            if theme.name:
                doc.add_heading(_t(theme.name), level=2)
            for card in theme.cards:
                _card(doc, card)

    doc.add_heading(_("Mogelijkheden op volgorde van stemmen"), level=1)
    if not report.possibilities:
        _para(doc, _("Geen mogelijkheden."))
    for card in report.possibilities:
        paragraph = _para(doc, card.text, style="List Number")
        paragraph.add_run(f" — {votes_label(card.votes)}").font.color.rgb = MUTED

    for section, cards, none in ((pgettext("report section", "Aanbod"), report.offers, _("Geen aanbod.")),
                                 (_("Vragen"), report.asks, _("Geen vragen."))):
        doc.add_heading(section, level=1)
        if not cards:
            _para(doc, none)
        for card in cards:
            _labelled(doc, f"{resource_label(card.resource)}:", card.text, style="List Bullet")

    doc.add_heading(_("Acties"), level=1)
    if not report.actions:
        _para(doc, _("Geen acties."))
    for act in report.actions:
        if act.no_action:
            _para(doc, _("{who}: geen actie", who=act.who), style="List Bullet")
            continue
        paragraph = doc.add_paragraph(style="List Bullet")
        paragraph.add_run(_t(act.what)).bold = True
        details = [f"{k}: {v}" for k, v in act.details()]
        if details:
            paragraph.add_run(_t("; " + "; ".join(details)))

    e = report.evaluation
    doc.add_heading(_("Evaluatie"), level=1)
    if e.count:
        _para(doc, report.evaluation_text)
        for n in range(5, 0, -1):
            _para(doc, f"{_(SMILEYS[n])}: {e.distribution.get(n, 0)}", style="List Bullet")
        for remark in e.remarks:
            _para(doc, remark, style="Quote")
    else:
        _para(doc, _("Geen evaluaties."))

    p = report.process
    doc.add_heading(_("Verloop"), level=1)
    _para(doc, p.statement)
    _para(doc, report.totals_text)
    _table(doc, [_("Fase"), _("Beurten"), _("Gepast"), _("Tijd")],
           [[ph.name, str(ph.turns), str(ph.passes), minutes(ph.seconds)]
            for ph in report.phases if ph.mode != "info"], [8.0, 2.5, 2.5, 2.5])
    _people_table(doc, p.people)
    doc.add_heading(_("Spreektijd per deelnemer"), level=2)
    if p.people and any(x.seconds > 0 for x in p.people):
        _chart(doc, [(x.listed_as, x.share, f"{minutes(x.seconds)} · {x.share:.0%}") for x in p.people])
    else:
        _para(doc, _("Er is geen spreektijd gemeten."), color=MUTED)
    _para(doc, report.gini_text)
    _para(doc, report.colophon, color=MUTED, size=9)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
