"""PDF: the summary to print or send on, A4 portrait, calm and readable.

Same sections, order and wording (the report's language) as the Markdown export (``markdown.py`` is
the reference; with tables a section per table first), plus a
bar chart of the speaking time per participant, drawn with plain fpdf2 shapes. DejaVu Sans covers
Latin with diacritics, Greek, Cyrillic and Arabic; text shaping (HarfBuzz) joins Arabic letters and
places combining marks. A glyph the font lacks (most emoji) prints as an empty box, never an error.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import MethodReturnValue, TableBordersLayout, TableCellFillMode, XPos, YPos

import dialoog
from dialoog.i18n import _, pgettext
from dialoog.sessions.report import (
    SMILEYS,
    Report,
    ReportCard,
    ReportPerson,
    ReportTable,
    in_report_language,
    minutes,
    resource_label,
    votes_label,
)

FONT_DIR = Path(dialoog.__file__).resolve().parent.parent / "assets" / "fonts"
FAMILY = "DejaVu"

BASE = 11  # pt
SMALL = 9
LINE = 5.6  # mm per line of base text
MARGIN = 20  # mm

INK = (33, 37, 41)
MUTED = (96, 103, 112)
ACCENT = (31, 78, 121)
RULE = (196, 202, 208)
SHADE = (241, 244, 247)
BAR = (74, 128, 170)
BAR_SOFT = (160, 190, 214)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Latin (with precomposed accents), Greek, Cyrillic and common punctuation print right without the
# shaping engine; anything else (Arabic, Hebrew, combining marks, Indic scripts, emoji, bidi marks)
# is shaped. Shaping every line costs seconds for a big session: fpdf2 re-shapes while breaking lines.
_NEEDS_SHAPING = re.compile(r"[^\x00-\u02ff\u0370-\u03ff\u0400-\u04ff\u1e00-\u1fff\u2010-\u2027\u2030-\u205e\u20a0-\u20bf]")


def _t(value) -> str:
    """Any value as printable text: no control characters, no lone surrogates, tabs as spaces."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL.sub("", text)
    if any(unicodedata.category(ch) == "Cs" for ch in text):
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cs")
    return text


def _complex(text: str) -> bool:
    return _NEEDS_SHAPING.search(text) is not None


def _iso(text: str) -> str:
    """Participant text inside our own sentence, closed with a left-to-right mark: an Arabic card
    followed by " — 6 stemmen" must not pull the dash and the number into its right-to-left run.
    (Not the isolate characters FSI/PDI: DejaVu has no glyphs for them, LRM it has.)"""
    return f"{text}\u200e" if _complex(text) else text


class _Doc(FPDF):
    def __init__(self, footer_title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_title = footer_title
        self.shaping = False

    def shape_for(self, *texts: str) -> None:
        """Text shaping on for what needs it (see ``_NEEDS_SHAPING``), off for plain text."""
        self.set_shaping(any(_complex(t) for t in texts))

    def set_shaping(self, on: bool) -> None:
        """Turn text shaping on or off (a no-op when it already is)."""
        if on != self.shaping:
            self.set_text_shaping(on)
            self.shaping = on

    def footer(self) -> None:
        """Every page's footer: the title on the left, the page number on the right."""
        before = self.shaping
        self.shape_for(self.footer_title)
        self.set_y(-13)
        self.set_font(FAMILY, size=8)
        self.set_text_color(*MUTED)
        half = self.epw / 2
        self.cell(half, 5, _fit(self, self.footer_title, half - 4), align="L")
        # "{nb}" is fpdf2's alias for the number of pages, filled in when the document is done
        self.cell(half, 5, _("Pagina {page} van {total}", page=self.page_no(), total="{nb}"), align="R")
        self.set_shaping(before)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """``text`` shortened with an ellipsis so it fits ``width`` in the current font."""
    text = text.replace("\n", " ")
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[: max(0, len(text) - max(1, len(text) // 8))]
    return text.rstrip() + "…"


def _new_document(report: Report) -> _Doc:
    h = report.header
    pdf = _Doc(_t(_("Verslag: {title}", title=h.title)) + (f" · {report.date_label}" if h.held_on else ""))
    pdf.add_font(FAMILY, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_shaping(True)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.alias_nb_pages("{nb}")
    pdf.set_title(_t(_("Verslag: {title}", title=h.title)))
    pdf.set_author(_t(h.organisation or h.facilitator))
    pdf.set_subject(_t(h.theme))
    pdf.set_creator("Dialoog")
    pdf.set_lang(report.language_tag)
    pdf.set_creation_date(report.generated_at)
    pdf.set_draw_color(*RULE)
    pdf.add_page()
    return pdf


def _font(pdf: FPDF, size: float = BASE, bold: bool = False, color=INK) -> None:
    pdf.set_font(FAMILY, "B" if bold else "", size)
    pdf.set_text_color(*color)


def _ltr(text: str) -> str:
    """Every paragraph is left-to-right, like the report's text around it; Arabic inside it reads
    right-to-left as a run. (Left to the bidi algorithm, a paragraph starting with Arabic would be
    right-to-left, with our own "(ervaring)" or "— 3 stemmen" at its far left.)"""
    return "\u200e" + text if _complex(text) else text


def _block(pdf: _Doc, x: float, width: float, text: str, *, size: float = BASE, bold: bool = False, color=INK,
           line: float = LINE, before=None) -> None:
    """``text`` at ``x``, wrapping within ``width``; a block of up to 4 lines is not split over pages.

    ``before`` (optional) draws something at the start, e.g. a bullet, once the page is certain.
    Plain text is wrapped and printed by ``multi_cell``. Text that needs shaping is wrapped by
    ``multi_cell`` too, as a dry run without shaping (unshaped Arabic is a little wider than shaped,
    so no line overflows), and each line is then printed shaped: fpdf2 re-shapes the line for every
    character while it breaks lines, which took a second for the Arabic cards of a big session.
    Each such line starts with a left-to-right mark (see ``_ltr``): the bidi algorithm sees one line
    at a time, and a continuation line starting with Arabic must still be a left-to-right line.
    """
    text = _t(text)
    shaped = _complex(text)
    pdf.set_shaping(False)
    _font(pdf, size, bold, color)
    if shaped:
        lines = pdf.multi_cell(width - 1.5, line, text, align="L", dry_run=True, output=MethodReturnValue.LINES)
        count = len(lines)
    else:
        room = width - 2 * pdf.c_margin - 0.5
        count = 1 + text.count("\n") + int(pdf.get_string_width(text) / room)
    if pdf.will_page_break(line * min(count, 4)):
        pdf.add_page()
    if before is not None:
        before()
        _font(pdf, size, bold, color)
    pdf.set_x(x)
    if not shaped:
        if count == 1:  # fits on one line: no line breaking needed at all
            pdf.cell(width, line, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        else:
            pdf.multi_cell(width, line, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return
    pdf.set_shaping(True)
    for i, text_line in enumerate(lines):
        if i and pdf.will_page_break(line):
            pdf.add_page()
        pdf.set_x(x)
        pdf.cell(width, line, _ltr(text_line), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _para(pdf: _Doc, text: str, *, size: float = BASE, bold: bool = False, color=INK, indent: float = 0,
          line: float = LINE, after: float = 1.5) -> None:
    _block(pdf, pdf.l_margin + indent, pdf.epw - indent, text, size=size, bold=bold, color=color, line=line)
    pdf.ln(after)


def _heading(pdf: _Doc, text: str, level: int = 2) -> None:
    """A section heading, kept together with at least a few lines of what follows."""
    size, room, before = {2: (15, 32, 5), 3: (12, 22, 2.5)}[level]
    if pdf.will_page_break(room + before):
        pdf.add_page()
    elif pdf.get_y() > pdf.t_margin + 1:
        pdf.ln(before)
    text = _ltr(_t(text))
    pdf.shape_for(text)
    _font(pdf, size, bold=True, color=ACCENT if level == 2 else INK)
    pdf.multi_cell(pdf.epw, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if level == 2:
        y = pdf.get_y() + 1
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.3)
        pdf.line(pdf.l_margin, y, pdf.l_margin + pdf.epw, y)
        pdf.ln(3.5)
    else:
        pdf.ln(1.5)


def _bullet(pdf: _Doc, text: str, *, marker: str = "•", marker_w: float = 6, indent: float = 1.5,
            color=INK, after: float = 1.2) -> None:
    """One list item; the text wraps under itself, not under the marker."""
    x = pdf.l_margin + indent + marker_w + 1

    def draw_marker() -> None:
        pdf.set_shaping(False)
        _font(pdf, BASE, color=MUTED)
        pdf.set_x(pdf.l_margin + indent)
        pdf.cell(marker_w, LINE, marker, align="R" if marker != "•" else "L")

    _block(pdf, x, pdf.l_margin + pdf.epw - x, text, color=color, before=draw_marker)
    pdf.ln(after)


def _label_line(pdf: _Doc, label: str, value: str, *, label_w: float = 47) -> None:
    """'Label   value' in two columns; the value wraps in its own column."""
    label, value = _t(label), _ltr(_t(value))
    pdf.shape_for(label, value)
    if pdf.will_page_break(LINE):
        pdf.add_page()
    y = pdf.get_y()
    _font(pdf, BASE, color=MUTED)
    pdf.multi_cell(label_w, LINE, label, align="L", new_x=XPos.RIGHT, new_y=YPos.TOP)
    _font(pdf, BASE)
    pdf.set_xy(pdf.l_margin + label_w, y)
    pdf.multi_cell(pdf.epw - label_w, LINE, value, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(0.8)


def _card(card: ReportCard) -> str:
    return f"{_iso(_t(card.text))} ({card.kind_label.lower()})"


def _table(pdf: _Doc, headings: list[str], rows: list[list[str]], widths: tuple[float, ...]) -> None:
    rows = [[_t(text) for text in values] for values in rows]
    pdf.shape_for(*(text for values in rows for text in values))  # the table prints as a whole
    _font(pdf, 10)
    if len(rows) <= 12 and pdf.will_page_break(8 * (len(rows) + 1)):
        pdf.add_page()  # a short table stays on one page
    align = ["LEFT"] + ["RIGHT"] * (len(headings) - 1)
    heading_style = FontFace(emphasis="BOLD", color=INK, fill_color=(226, 232, 238))
    with pdf.table(
        col_widths=widths, width=pdf.epw, text_align=align, borders_layout=TableBordersLayout.HORIZONTAL_LINES,
        cell_fill_color=SHADE, cell_fill_mode=TableCellFillMode.EVEN_ROWS, headings_style=heading_style,
        line_height=5.2, padding=(1.2, 2, 1.2, 2), repeat_headings=1, align="LEFT",
    ) as table:
        row = table.row()
        for text in headings:
            row.cell(text)
        for values in rows:
            row = table.row()
            for text in values:
                row.cell(text)
    pdf.ln(4)


def _bars(pdf: _Doc, rows: list[tuple[str, float, str]], *, reference: float | None = None,
          reference_label: str = "", label_w: float = 46, value_w: float = 30) -> None:
    """A horizontal bar chart: per row a label, a bar of length ``fraction`` of the widest, a value.

    ``reference`` (a fraction on the same scale) draws a dashed vertical line, e.g. an equal share.
    Rows continue on the next page when the page is full; the reference line is drawn per page.
    """
    row_h, bar_h = 6.2, 4.0
    top = max([f for _label, f, _value in rows] + [reference or 0.0]) or 1.0
    x0 = pdf.l_margin + label_w + 2
    span = pdf.epw - label_w - 2 - value_w
    segment_start = None

    def close_segment(y_end: float) -> None:
        if reference is None or segment_start is None:
            return
        x = x0 + span * reference / top
        pdf.set_draw_color(*ACCENT)
        pdf.set_line_width(0.35)
        pdf.set_dash_pattern(dash=1.2, gap=1.0)
        pdf.line(x, segment_start - 1, x, y_end)
        pdf.set_dash_pattern()
        pdf.set_draw_color(*RULE)

    def open_segment() -> float:
        y = pdf.get_y()
        if reference is not None and reference_label:
            pdf.shape_for(reference_label)
            _font(pdf, 8, color=ACCENT)
            x = x0 + span * reference / top
            w = pdf.get_string_width(reference_label) + 1
            pdf.set_xy(min(max(x - w / 2, x0), x0 + span + value_w - w), y)
            pdf.cell(w, 4, reference_label)
            y += 5
            pdf.set_y(y)
        return y

    if pdf.will_page_break(row_h * min(len(rows), 3) + 5):
        pdf.add_page()
    segment_start = open_segment()
    for label, fraction, value in rows:
        if pdf.will_page_break(row_h):
            close_segment(pdf.get_y())
            pdf.add_page()
            segment_start = open_segment()
        y = pdf.get_y()
        label, value = _t(label), _t(value)
        pdf.shape_for(label, value)
        _font(pdf, SMALL)
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(label_w, row_h, _fit(pdf, label, label_w - 1), align="R")
        pdf.set_fill_color(*SHADE)
        pdf.rect(x0, y + (row_h - bar_h) / 2, span, bar_h, style="F")
        width = span * max(0.0, fraction) / top
        if width > 0:
            pdf.set_fill_color(*BAR)
            pdf.rect(x0, y + (row_h - bar_h) / 2, max(width, 0.4), bar_h, style="F")
        _font(pdf, SMALL, color=MUTED)
        pdf.set_xy(x0 + span + 2, y)
        pdf.cell(value_w - 2, row_h, value, align="L")
        pdf.set_y(y + row_h)
    close_segment(pdf.get_y())
    pdf.set_x(pdf.l_margin)
    pdf.ln(3)


def _people_table(pdf: _Doc, people: list[ReportPerson]) -> None:
    """Turns, passes and speaking time per person, as a table."""
    _table(pdf, [_("Deelnemer"), _("Beurten"), _("Gepast"), _("Spreektijd"), _("Aandeel")],
           [[x.listed_as, str(x.turns), str(x.passes), minutes(x.seconds), f"{x.share:.0%}"] for x in people],
           (40, 15, 15, 15, 15))


def _table_section(pdf: _Doc, report: Report, table: ReportTable) -> None:
    """A table's section: who sat there, its own rounds and fairness figures, its cards per phase."""
    p = table.process
    _heading(pdf, table.name)
    _para(pdf, report.seated_text(table.people), after=2)
    _para(pdf, p.statement, after=2)
    _para(pdf, report.totals_of(p), after=3)
    if p.people:
        if pdf.will_page_break(20):
            pdf.add_page()
        _people_table(pdf, p.people)
    _para(pdf, report.gini_of(p), after=3)
    for phase in table.phases:
        _heading(pdf, phase.name, level=3)
        for card in phase.cards:
            _bullet(pdf, _card(card))
        pdf.ln(1)
    if not table.phases:
        _para(pdf, _("Geen kaarten aan deze tafel."))


@in_report_language
def render(report: Report) -> bytes:
    """The report as an A4 PDF, in the report's language."""
    pdf = _new_document(report)
    h = report.header

    # Title and header block (page 1)
    title = _t(_("Verslag: {title}", title=h.title))
    pdf.shape_for(title)
    _font(pdf, 22, bold=True, color=ACCENT)
    pdf.multi_cell(pdf.epw, 10, title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    for label, value in report.header_rows():
        _label_line(pdf, label, value)
    if h.follow_up:
        pdf.ln(3)
        y = pdf.get_y()
        follow_up = _ltr(_t(h.follow_up))
        pdf.shape_for(follow_up)
        _font(pdf, BASE, bold=True)
        pdf.set_fill_color(*SHADE)
        pdf.multi_cell(pdf.epw, LINE + 1, _("Wat er met de inbreng gebeurt:"), align="L", fill=True,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT, padding=(2.5, 4, 0, 4))
        _font(pdf, BASE)
        pdf.multi_cell(pdf.epw, LINE, follow_up, align="L", fill=True,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT, padding=(0.5, 4, 3, 4))
        if pdf.get_y() > y:  # a thin accent line down the left of the box (when it stayed on one page)
            pdf.set_fill_color(*ACCENT)
            pdf.rect(pdf.l_margin, y, 1.2, pdf.get_y() - y, style="F")
        pdf.ln(1)

    _heading(pdf, _("Aanwezig"))
    _para(pdf, report.attendance_text)

    for table in report.tables:  # with tables: a section per table before the plenary harvest
        _table_section(pdf, report, table)

    # One section per phase with cards
    for phase in report.phases:
        if phase.mode == "info":
            continue
        _heading(pdf, phase.name)
        _para(pdf, phase.question, color=MUTED, after=3)
        if not phase.themes:
            _para(pdf, _("Geen kaarten in deze fase."))
        for theme in phase.themes:
            if theme.name:
                _heading(pdf, theme.name, level=3)
            for card in theme.cards:
                _bullet(pdf, _card(card))
            pdf.ln(1)

    _heading(pdf, _("Mogelijkheden op volgorde van stemmen"))
    if not report.possibilities:
        _para(pdf, _("Geen mogelijkheden."))
    width = 6 + 2 * len(str(len(report.possibilities)))
    for i, card in enumerate(report.possibilities, 1):
        _bullet(pdf, f"{_iso(_t(card.text))} — {votes_label(card.votes)}", marker=f"{i}.", marker_w=width)

    for title, cards, none in ((pgettext("report section", "Aanbod"), report.offers, _("Geen aanbod.")),
                               (_("Vragen"), report.asks, _("Geen vragen."))):
        _heading(pdf, title)
        if not cards:
            _para(pdf, none)
        current = None
        for card in cards:
            label = resource_label(card.resource)
            if label != current:
                current = label
                if pdf.will_page_break(LINE * 3):
                    pdf.add_page()
                _para(pdf, f"{label}:", bold=True, after=0.8)
            _bullet(pdf, card.text)

    _heading(pdf, _("Acties"))
    if not report.actions:
        _para(pdf, _("Geen acties."))
    for act in report.actions:
        if act.no_action:
            _bullet(pdf, _("{who}: geen actie", who=_iso(_t(act.who))), color=MUTED)
            continue
        if pdf.will_page_break(LINE * 2):
            pdf.add_page()
        _bullet(pdf, act.what or _("(zonder omschrijving)"), after=0.4)
        for key, value in act.details():
            _para(pdf, f"{key.capitalize()}: {_iso(_t(value))}", size=10, color=MUTED, indent=8.5, line=5, after=0.3)
        pdf.ln(1.5)

    e = report.evaluation
    _heading(pdf, _("Evaluatie"))
    if e.count:
        _para(pdf, report.evaluation_text, after=2.5)
        most = max(e.distribution.values()) or 1
        _bars(pdf, [(_(SMILEYS[n]), e.distribution.get(n, 0) / most, str(e.distribution.get(n, 0)))
                    for n in range(5, 0, -1)], label_w=34)
        for remark in e.remarks:
            _para(pdf, f"“{_iso(_t(remark))}”", color=MUTED, indent=6, after=1.2)
    else:
        _para(pdf, _("Geen evaluaties."))

    p = report.process
    shown = sum(1 for ph in report.phases if ph.mode != "info")
    if shown <= 12 and pdf.will_page_break(45 + 8 * (shown + 1)):
        pdf.add_page()  # the heading, the statement and the phase table together
    _heading(pdf, _("Verloop"))
    _para(pdf, p.statement, after=2)
    _para(pdf, report.totals_text, after=4)
    if pdf.will_page_break(20):
        pdf.add_page()
    _table(pdf, [_("Fase"), _("Beurten"), _("Gepast"), _("Tijd")],
           [[ph.name, str(ph.turns), str(ph.passes), minutes(ph.seconds)]
            for ph in report.phases if ph.mode != "info"], (52, 16, 16, 16))
    if pdf.will_page_break(20):
        pdf.add_page()
    _people_table(pdf, p.people)

    _heading(pdf, _("Spreektijd per deelnemer"), level=3)
    if p.people and any(x.seconds > 0 for x in p.people):
        _bars(pdf, [(x.listed_as, x.share, f"{minutes(x.seconds)} · {x.share:.0%}") for x in p.people],
              reference=1 / len(p.people), reference_label=_("gelijke verdeling"))
    else:
        _para(pdf, _("Er is geen spreektijd gemeten."), color=MUTED)
    _para(pdf, report.gini_text, after=6)

    if pdf.will_page_break(12):
        pdf.add_page()
    pdf.set_draw_color(*RULE)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
    pdf.ln(2)
    _para(pdf, report.colophon, size=SMALL, color=MUTED, line=4.5)
    return bytes(pdf.output())
