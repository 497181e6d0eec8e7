"""The paper kit: everything a table needs to run without phones, or beside them, as one PDF.

Pages, in order:

1. the table sign (A4 portrait): title, a big QR code of the join address, the address and the
   six-letter code in large type, one line on how to join;
2. a question card per phase (A4 landscape), in the phase's colour: its number and name on a colour
   band, the question in large black type on a light tint of that colour;
3. the ground rules, "Onze afspraken" (A4 portrait), each with a small pictogram drawn with lines and
   shapes;
4. the pledge sheet (A4 landscape) for offers and actions, with ruled rows to write on.

The look follows the app (``assets/dialoog.css``) and the fonts of the PDF summary
(``exporters/pdf.py``). Everything is drawn as vectors (the QR code too), so it prints crisply at any
size. The text comes out in the session's language (``SessionSnapshot.language``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import qrcode
from fpdf import FPDF
from fpdf.enums import MethodReturnValue, PathPaintRule, StrokeCapStyle, StrokeJoinStyle, XPos, YPos

from dialoog import i18n
from dialoog.i18n import _
from dialoog.sessions.exporters.pdf import FAMILY, FONT_DIR, _complex, _t
from dialoog.sessions.views import PhaseView, SessionSnapshot

RGB = tuple[int, int, int]

PT = 25.4 / 72  # mm per point
MARGIN = 12  # mm from every edge (most printers cannot print the outer 4-5 mm)


def _hex(value: str) -> RGB:
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


# The app's colours (assets/dialoog.css, pages/common.use_style).
INK = _hex("#1f2328")
MUTED = _hex("#545b63")
PRIMARY = _hex("#1d5c57")
PRIMARY_SOFT = _hex("#e3efed")
SECONDARY = _hex("#b4472f")
LINE = _hex("#e6ddd0")
WHITE = (255, 255, 255)

# A card's colour: the colour of the first card kind its phase takes (as on the screens), else the
# colour at the phase's position, so the Wijkdialoog's seven phases get seven calm colours.
KIND_COLOURS = {
    "ervaring": _hex("#d98c1f"),
    "droom": _hex("#6f5fb0"),
    "mogelijkheid": _hex("#23897d"),
    "aanbod": _hex("#4f8a3a"),
    "vraag": _hex("#2f6f9f"),
    "actie": _hex("#b4472f"),
}
PHASE_COLOURS = (
    PRIMARY, _hex("#2f6f9f"), _hex("#d98c1f"), _hex("#6f5fb0"), _hex("#23897d"), _hex("#b4472f"), _hex("#4f8a3a"),
)

QUESTION_MAX, QUESTION_MIN = 48, 28  # pt: a question shrinks from the first towards the second, then wraps
QUESTION_FLOOR = 12  # pt: only a question far longer than any read aloud goes below QUESTION_MIN
PLEDGE_ROWS = 10


# --- colour ----------------------------------------------------------------------------------------


def _tint(colour: RGB, amount: float) -> RGB:
    """``colour`` mixed with white: ``amount`` 0 is white, 1 the colour itself."""
    return tuple(round(255 - (255 - c) * amount) for c in colour)  # type: ignore[return-value]


def _luminance(colour: RGB) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: RGB, b: RGB) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _readable(colour: RGB, background: RGB, ratio: float = 4.5) -> RGB:
    """``colour``, darkened just enough to read as text on ``background`` (WCAG contrast ``ratio``)."""
    while _contrast(colour, background) < ratio and any(colour):
        colour = tuple(int(c * 0.9) for c in colour)  # type: ignore[assignment]
    return colour


def _text_on(colour: RGB) -> RGB:
    """White or ink, whichever reads better on ``colour``."""
    return WHITE if _contrast(WHITE, colour) >= 4.5 else INK


def phase_colour(phase: PhaseView) -> RGB:
    for kind in phase.card_kinds:
        if kind in KIND_COLOURS:
            return KIND_COLOURS[kind]
    return PHASE_COLOURS[phase.position % len(PHASE_COLOURS)]


# --- the document ----------------------------------------------------------------------------------


class _Kit(FPDF):
    """An A4 document in the app's fonts; text shaping only for text that needs it."""

    def __init__(self, snap: SessionSnapshot) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.add_font(FAMILY, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.shaping = False
        self.set_margins(MARGIN, MARGIN, MARGIN)
        # Anything drawn below the bottom margin would start a new page: the tests count pages.
        self.set_auto_page_break(True, margin=5)
        self.c_margin = 0
        self.set_title(_t(_("Papieren materiaal: {title}", title=snap.title)))
        self.set_creator("Dialoog")
        self.set_lang(i18n.normalise(snap.language))

    def shape_for(self, *texts: str) -> None:
        on = any(_complex(t) for t in texts)
        if on != self.shaping:
            self.set_text_shaping(on)
            self.shaping = on

    def font(self, size: float, bold: bool = False, colour: RGB = INK) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*colour)

    def lines(self, text: str, width: float, size: float, bold: bool = False, leading: float = 1.2) -> list[str]:
        """``text`` broken into the lines it takes in ``width`` at ``size`` points. Broken without shaping,
        as the summary does (``exporters/pdf.py``): fpdf2 re-shapes for every character while it breaks
        lines, and unshaped Arabic is a little wider than shaped, so no shaped line overflows."""
        self.shape_for("")
        self.font(size, bold)
        return self.multi_cell(width, size * PT * leading, text, dry_run=True, output=MethodReturnValue.LINES)

    def fit(self, text: str, width: float, height: float, largest: float, smallest: float, *, bold: bool = False,
            leading: float = 1.2, step: float = 2) -> float:
        """The largest size from ``largest`` down to ``smallest`` (in steps) at which ``text`` fits the box;
        ``smallest`` when none does."""
        size = largest
        while size > smallest:
            if len(self.lines(text, width, size, bold, leading)) * size * PT * leading <= height:
                return size
            size = max(smallest, size - step)
        return smallest

    def clamp(self, text: str, width: float, size: float, *, max_lines: int, bold: bool = False,
              leading: float = 1.2) -> str:
        """``text``, cut short with an ellipsis where it would need more than ``max_lines`` lines."""
        if len(self.lines(text, width, size, bold, leading)) <= max_lines:
            return text
        words = text.split()
        while len(words) > 1:
            words.pop()
            shorter = " ".join(words).rstrip(",.;:-–—") + "…"
            if len(self.lines(shorter, width, size, bold, leading)) <= max_lines:
                return shorter
        while len(text) > 1 and len(self.lines(text + "…", width, size, bold, leading)) > max_lines:
            text = text[: len(text) * 3 // 4]
        return text + "…"

    def text_box(self, text: str, x: float, y: float, width: float, size: float, *, bold: bool = False,
                 colour: RGB = INK, align: str = "L", leading: float = 1.2) -> float:
        """``text`` wrapped in ``width`` from (x, y); returns the height it took. Text that needs shaping is
        printed a line at a time, each a left-to-right line (see ``exporters/pdf._ltr``)."""
        line = size * PT * leading
        if _complex(text):
            broken = self.lines(text, width, size, bold, leading)
            self.shape_for(text)
            self.font(size, bold, colour)
            for i, part in enumerate(broken):
                self.set_xy(x, y + i * line)
                self.cell(width, line, "\u200e" + part, align=align)
            return len(broken) * line
        self.shape_for(text)
        self.font(size, bold, colour)
        self.set_xy(x, y)
        self.multi_cell(width, line, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return self.get_y() - y

    def one_line(self, text: str, x: float, y: float, width: float, size: float, *, bold: bool = False,
                 colour: RGB = INK, align: str = "L", smallest: float = 8) -> float:
        """``text`` on one line, shrunk (down to ``smallest``) to fit ``width``; returns the size used."""
        self.shape_for(text)
        self.font(size, bold, colour)
        while size > smallest and self.get_string_width(text) > width:
            size = max(smallest, size - 1)
            self.font(size, bold, colour)
        while self.get_string_width(text) > width and len(text) > 1:  # even the smallest is too wide
            text = text[:-2].rstrip() + "…"
        self.set_xy(x, y)
        self.cell(width, size * PT * 1.2, text, align=align)
        return size

    def footer_line(self, snap: SessionSnapshot, what: str) -> None:
        """The small line at the bottom of every page: what this page is, and the session."""
        y = self.h - MARGIN + 2
        half = (self.w - 2 * MARGIN) / 2
        self.one_line(what, MARGIN, y, half - 4, 9, colour=MUTED, smallest=9)
        self.one_line(_t(snap.title), MARGIN + half, y, half, 9, colour=MUTED, align="R", smallest=9)


# --- pictograms ------------------------------------------------------------------------------------


class _Pen:
    """Draws on a 24 × 24 grid placed at (x, y) with side ``size`` mm (like an icon font's grid)."""

    def __init__(self, pdf: FPDF, x: float, y: float, size: float, colour: RGB, background: RGB = WHITE) -> None:
        self.pdf, self.x, self.y, self.k = pdf, x, y, size / 24
        self.colour, self.background = colour, background

    def p(self, u: float, v: float) -> tuple[float, float]:
        return self.x + u * self.k, self.y + v * self.k

    @contextmanager
    def path(self, *, fill: RGB | None = None, stroke: RGB | None = None, width: float = 1.9) -> Iterator[_Path]:
        with self.pdf.new_path() as path:
            path.style.auto_close = False
            path.style.stroke_cap_style = StrokeCapStyle.ROUND
            path.style.stroke_join_style = StrokeJoinStyle.ROUND
            if fill is not None and stroke is not None:
                path.style.paint_rule = PathPaintRule.STROKE_FILL_NONZERO
            elif fill is not None:
                path.style.paint_rule = PathPaintRule.FILL_NONZERO
            else:
                path.style.paint_rule = PathPaintRule.STROKE
            if fill is not None:
                path.style.fill_color = "#%02x%02x%02x" % fill
            if stroke is not None:
                path.style.stroke_color = "#%02x%02x%02x" % stroke
                path.style.stroke_width = width * self.k
            yield _Path(self, path)

    def stroke(self, width: float = 1.9):
        return self.path(stroke=self.colour, width=width)

    def fill(self, colour: RGB | None = None):
        return self.path(fill=colour or self.colour)


class _Path:
    """A path in grid units (see ``_Pen``)."""

    def __init__(self, pen: _Pen, path) -> None:
        self.pen, self.path = pen, path

    def move(self, u: float, v: float) -> _Path:
        self.path.move_to(*self.pen.p(u, v))
        return self

    def line(self, u: float, v: float) -> _Path:
        self.path.line_to(*self.pen.p(u, v))
        return self

    def curve(self, u1: float, v1: float, u2: float, v2: float, u: float, v: float) -> _Path:
        self.path.curve_to(*self.pen.p(u1, v1), *self.pen.p(u2, v2), *self.pen.p(u, v))
        return self

    def arc(self, r: float, u: float, v: float, *, large: bool = False, sweep: bool = True) -> _Path:
        """An arc of radius ``r`` to (u, v); ``sweep`` True turns clockwise on the page."""
        k = self.pen.k
        self.path.arc_to(r * k, r * k, 0, large, sweep, *self.pen.p(u, v))
        return self

    def close(self) -> _Path:
        self.path.close()
        return self

    def circle(self, u: float, v: float, r: float) -> _Path:
        self.path.circle(*self.pen.p(u, v), r * self.pen.k)
        return self

    def rect(self, u: float, v: float, w: float, h: float, r: float = 0) -> _Path:
        k = self.pen.k
        self.path.rectangle(*self.pen.p(u, v), w * k, h * k, r * k, r * k)
        return self


def _bubble(path: _Path, u: float, v: float, w: float, h: float, *, tail_left: bool = True) -> None:
    """A rounded speech bubble with a small tail below."""
    r = min(3.0, h / 2)
    right, bottom = u + w, v + h
    path.move(u + r, v).line(right - r, v).arc(r, right, v + r).line(right, bottom - r).arc(r, right - r, bottom)
    if tail_left:
        path.line(u + 7, bottom).line(u + 3.5, bottom + 3.5).line(u + 4, bottom)
    else:
        path.line(right - 4, bottom).line(right - 3.5, bottom + 3.5).line(right - 7, bottom)
    path.line(u + r, bottom).arc(r, u, bottom - r).line(u, v + r).arc(r, u + r, v).close()


def _person(pen: _Pen, u: float, v: float, scale: float = 1.0, colour: RGB | None = None) -> None:
    """Head and shoulders, filled, with the top of the head at (u, v) and about 8 × 14 units big."""
    s = scale
    with pen.fill(colour) as path:
        path.circle(u, v + 3.2 * s, 3.2 * s)
    with pen.fill(colour) as path:
        top = v + 7.6 * s
        path.move(u - 6 * s, top + 6.4 * s).curve(u - 6 * s, top + 1.2 * s, u - 3.5 * s, top, u, top)
        path.curve(u + 3.5 * s, top, u + 6 * s, top + 1.2 * s, u + 6 * s, top + 6.4 * s).close()


def _no(pen: _Pen, u: float = 18.5, v: float = 18.5, r: float = 4.6) -> None:
    """"Not": a small prohibition sign (a ring with a stroke) in the secondary colour, centred at (u, v)."""
    with pen.path(fill=pen.background) as path:
        path.circle(u, v, r + 1.2)
    with pen.path(fill=WHITE, stroke=SECONDARY, width=1.7) as path:
        path.circle(u, v, r)
    d = r * math.sqrt(0.5)
    with pen.path(stroke=SECONDARY, width=1.7) as path:
        path.move(u - d, v - d).line(u + d, v + d)


def icon_ear(pen: _Pen) -> None:
    """Listening: an ear."""
    with pen.stroke() as path:
        path.move(7, 9.5).arc(6, 19, 9.5).curve(19, 13.5, 16, 14.5, 15.2, 17.5)
        path.curve(14.6, 19.8, 13.2, 21.5, 10.8, 21.5).curve(9.2, 21.5, 8.2, 20.6, 7.8, 19.5)
    with pen.stroke() as path:
        path.move(10.2, 10).arc(2.8, 15.8, 10).curve(15.8, 12, 13.4, 12.6, 13, 14.4)
    with pen.stroke(1.5) as path:  # the sound coming in
        path.move(3.6, 6.5).curve(2.2, 8.5, 2.2, 11.5, 3.6, 13.5)


def icon_wait(pen: _Pen) -> None:
    """Not straight away your own story: a speech bubble and an hourglass."""
    with pen.stroke() as path:
        _bubble(path, 1.5, 1.5, 12, 8)
    with pen.stroke() as path:  # the hourglass
        path.move(13, 12.5).line(22, 12.5).move(13, 22.5).line(22, 22.5)
        path.move(14.3, 12.5).line(14.3, 13.7).curve(14.3, 15.9, 17.5, 16.5, 17.5, 17.5)
        path.curve(17.5, 18.5, 14.3, 19.1, 14.3, 21.3).line(14.3, 22.5)
        path.move(20.7, 12.5).line(20.7, 13.7).curve(20.7, 15.9, 17.5, 16.5, 17.5, 17.5)
        path.curve(17.5, 18.5, 20.7, 19.1, 20.7, 21.3).line(20.7, 22.5)
    with pen.fill() as path:
        path.move(15.3, 21.7).curve(15.7, 20.1, 19.3, 20.1, 19.7, 21.7).close()


def icon_self(pen: _Pen) -> None:
    """Speak for yourself: a person whose speech bubble holds themselves."""
    _person(pen, 6.5, 9, 1.0)
    with pen.stroke(1.7) as path:
        _bubble(path, 10.5, 1, 12.5, 10.5)
    _person(pen, 16.75, 3.1, 0.42)


def icon_not_for_others(pen: _Pen) -> None:
    """Not for someone else: a person whose speech bubble holds another person, struck through."""
    _person(pen, 6.5, 9, 1.0)
    with pen.stroke(1.7) as path:
        _bubble(path, 10.5, 1, 12.5, 10.5)
    _person(pen, 16.75, 3.1, 0.42, _tint(pen.colour, 0.5))
    _no(pen, 19, 17.5)


def icon_no_advice(pen: _Pen) -> None:
    """No advice: a signpost (someone else's directions), and "not"."""
    with pen.stroke() as path:
        path.move(10.5, 3).line(10.5, 22).move(6.5, 22).line(14.5, 22)
    with pen.fill() as path:
        path.move(2.5, 4.5).line(15.5, 4.5).line(19, 7.25).line(15.5, 10).line(2.5, 10).close()
    with pen.fill() as path:
        path.move(17, 11.5).line(5.5, 11.5).line(2, 14.25).line(5.5, 17).line(17, 17).close()
    _no(pen, 19, 18.5)


def icon_ask(pen: _Pen) -> None:
    """Hold your judgement and ask on: a speech bubble with a question mark."""
    with pen.stroke() as path:
        _bubble(path, 2.5, 2.5, 19, 15)
    with pen.stroke(2.1) as path:
        path.move(9.4, 7.8).curve(9.4, 6, 10.6, 5.2, 12, 5.2).curve(13.6, 5.2, 14.7, 6.2, 14.7, 7.6)
        path.curve(14.7, 9.4, 12, 9.6, 12, 11.6)
    with pen.fill() as path:
        path.circle(12, 14.2, 1.25)


def icon_silence(pen: _Pen) -> None:
    """Silences are fine: a quiet speech bubble with three dots."""
    with pen.stroke() as path:
        _bubble(path, 2.5, 3.5, 19, 13)
    with pen.fill() as path:
        for u in (7.5, 12, 16.5):
            path.circle(u, 10, 1.35)


def icon_lock(pen: _Pen) -> None:
    """What is shared here stays here: a padlock."""
    with pen.stroke(2.2) as path:
        path.move(7.5, 11).line(7.5, 7.5).arc(4.5, 16.5, 7.5).line(16.5, 11)
    with pen.fill() as path:
        path.rect(4.5, 10.5, 15, 11.5, 2)
    with pen.fill(WHITE) as path:
        path.circle(12, 15, 1.7)
        path.move(11.1, 15.5).line(12.9, 15.5).line(13.3, 19).line(10.7, 19).close()


def icon_hand(pen: _Pen) -> None:
    """You may always pass: an open hand."""
    with pen.fill() as path:
        path.rect(8, 11, 11.5, 10, 3.2)  # the palm
        for u, top in ((8.1, 6), (11, 3.2), (13.9, 2.8), (16.8, 5)):
            path.rect(u, top, 2.6, 12.5 - top + 2, 1.3)
    with pen.fill() as path:  # the thumb, from the palm out to the left
        path.move(9.3, 19.3).curve(7.3, 18.1, 5.7, 16.1, 4.4, 13.9).curve(3.7, 12.7, 5.1, 11.7, 6.1, 12.5)
        path.curve(7.1, 13.3, 8.1, 14.5, 9.1, 15.1).close()


def icon_talk(pen: _Pen) -> None:
    """Any other rule: a speech bubble."""
    with pen.stroke() as path:
        _bubble(path, 2.5, 3.5, 19, 13)
    with pen.stroke(1.6) as path:
        path.move(7, 8.5).line(17, 8.5).move(7, 12).line(14, 12)


# The template's rules are Dutch text: the first pictogram whose words occur in a rule is its pictogram.
PICTOGRAMS: tuple[tuple[tuple[str, ...], Callable[[_Pen], None]], ...] = (
    (("uitpraten", "luister"), icon_ear),
    (("verhaal tegenover", "niet meteen"), icon_wait),
    (("voor een ander",), icon_not_for_others),
    (("vanuit jezelf", "ik-taal"), icon_self),
    (("advies",), icon_no_advice),
    (("vraag door", "oordeel", "doorvragen"), icon_ask),
    (("stilte",), icon_silence),
    (("blijft hier", "vertrouwelijk", "gedeeld"), icon_lock),
    (("passen", "overslaan"), icon_hand),
)


def pictogram_for(rule: str) -> Callable[[_Pen], None]:
    text = rule.lower()
    for words, draw in PICTOGRAMS:
        if any(word in text for word in words):
            return draw
    return icon_talk


def _badge(pdf: FPDF, rule: str, x: float, y: float, size: float) -> None:
    """A rule's pictogram on a soft round badge, its top left corner at (x, y)."""
    pdf.set_fill_color(*PRIMARY_SOFT)
    pdf.circle(x + size / 2, y + size / 2, size / 2, style="F")
    inset = size * 0.2
    pictogram_for(rule)(_Pen(pdf, x + inset, y + inset, size - 2 * inset, PRIMARY, PRIMARY_SOFT))


# --- the QR code -----------------------------------------------------------------------------------


def _qr(pdf: FPDF, data: str, x: float, y: float, size: float) -> None:
    """The QR code of ``data`` as one vector path of dark squares filling ``size`` mm (quiet zone included)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    quiet = 3  # modules of white around it (scanners want some; the sign's own white adds more)
    cell = size / (len(matrix) + 2 * quiet)
    pdf.set_fill_color(*WHITE)
    pdf.rect(x, y, size, size, style="F")
    with pdf.new_path() as path:
        path.style.paint_rule = PathPaintRule.FILL_NONZERO
        path.style.fill_color = "#%02x%02x%02x" % INK
        for row, modules in enumerate(matrix):
            col = 0
            while col < len(modules):
                if not modules[col]:
                    col += 1
                    continue
                start = col
                while col < len(modules) and modules[col]:
                    col += 1
                path.rectangle(x + (quiet + start) * cell, y + (quiet + row) * cell, (col - start) * cell, cell)


# --- the pages -------------------------------------------------------------------------------------


def _date(snap: SessionSnapshot) -> str:
    return snap.held_on.strftime("%d-%m-%Y") if snap.held_on else ""


def _sign(pdf: _Kit, snap: SessionSnapshot, url: str) -> None:
    """The table sign: how to join with a phone. The QR code takes the room the texts leave, up to 128 mm."""
    pdf.add_page(orientation="P")
    width = pdf.w - 2 * MARGIN
    centre = pdf.w / 2
    pdf.set_fill_color(*PRIMARY)
    pdf.rect(MARGIN, MARGIN, width, 3, style="F", round_corners=True, corner_radius=1.5)

    title = _t(snap.title)
    title_size = pdf.fit(title, width, 2 * 36 * PT * 1.15, 36, 20, bold=True, leading=1.15)
    title = pdf.clamp(title, width, title_size, max_lines=3, bold=True, leading=1.15)
    details = " · ".join(_t(part) for part in (snap.theme, snap.place, _date(snap)) if part and part.strip())
    scan = _("Scan de code met je telefoon, of typ het adres over")
    no_phone = _("Geen telefoon? Je kunt ook gewoon zonder meedoen.")
    code = _t(snap.join_code)
    box, gap = 22, 4

    def height(text: str, size: float, bold: bool = False) -> float:
        return len(pdf.lines(text, width, size, bold)) * size * PT * 1.2

    above = 11 + len(pdf.lines(title, width, title_size, True, 1.15)) * title_size * PT * 1.15 + 2
    above += (8 if details else 0) + 10
    below = 13 + height(scan, 18, True) + 4 + 17 + 7 + box + 4 + 10 + height(no_phone, 14)
    qr = max(70.0, min(128.0, pdf.h - 2 * MARGIN - 10 - above - below))
    spare = pdf.h - 2 * MARGIN - 10 - above - below - qr  # shared out above and below the code
    y = MARGIN + 11 + spare * 0.25

    y += pdf.text_box(title, MARGIN, y, width, title_size, bold=True, align="C", leading=1.15) + 2
    if details:
        pdf.one_line(details, MARGIN, y, width, 14, colour=MUTED, align="C")
        y += 8
    y += 10 + spare * 0.25

    pdf.set_draw_color(*PRIMARY)
    pdf.set_line_width(1.2)
    pdf.rect(centre - qr / 2 - 4, y - 4, qr + 8, qr + 8, style="D", round_corners=True, corner_radius=6)
    _qr(pdf, url, centre - qr / 2, y, qr)
    y += qr + 13

    y += pdf.text_box(scan, MARGIN, y, width, 18, bold=True, align="C") + 4
    shown = re.sub(r"^https?://", "", url)
    pdf.one_line(shown, MARGIN, y, width, 26, bold=True, colour=PRIMARY, align="C", smallest=12)
    y += 17

    pdf.one_line(_("Code"), MARGIN, y, width, 13, colour=MUTED, align="C")
    y += 7
    left = centre - (len(code) * box + (len(code) - 1) * gap) / 2
    pdf.set_draw_color(*PRIMARY)
    pdf.set_line_width(0.8)
    pdf.set_fill_color(*PRIMARY_SOFT)
    for i, letter in enumerate(code):
        bx = left + i * (box + gap)
        pdf.rect(bx, y, box, box + 4, style="DF", round_corners=True, corner_radius=3)
        pdf.font(40, bold=True, colour=INK)
        pdf.set_xy(bx, y + 2)
        pdf.cell(box, box, letter, align="C")
    y += box + 4 + 10 + spare * 0.25

    pdf.text_box(no_phone, MARGIN, y, width, 14, colour=MUTED, align="C")
    pdf.footer_line(snap, _("Tafelbord"))


def _question_card(pdf: _Kit, snap: SessionSnapshot, phase: PhaseView, total: int) -> None:
    """One phase's question card, in the phase's colour."""
    pdf.add_page(orientation="L")
    colour = phase_colour(phase)
    tint = _tint(colour, 0.13)
    x, y = MARGIN, MARGIN
    w, h = pdf.w - 2 * MARGIN, pdf.h - 2 * MARGIN - 8  # the footer line below the card
    band = 24
    pdf.set_fill_color(*tint)
    pdf.rect(x, y, w, h, style="F", round_corners=True, corner_radius=7)
    pdf.set_fill_color(*colour)
    pdf.rect(x, y, w, band, style="F", round_corners=True, corner_radius=7)
    pdf.rect(x, y + band - 8, w, 8, style="F")  # square bottom corners where the band meets the tint

    on_band = _text_on(colour)
    number = phase.position + 1
    disc = 15
    pdf.set_fill_color(*WHITE)
    pdf.circle(x + 10 + disc / 2, y + band / 2, disc / 2, style="F")
    pdf.font(20, bold=True, colour=_readable(colour, WHITE))
    pdf.set_xy(x + 10, y + band / 2 - disc / 2)
    pdf.cell(disc, disc, str(number), align="C")
    right_text = _("Fase {number} van {total}", number=number, total=total)
    pdf.font(14, colour=on_band)
    right_w = pdf.get_string_width(right_text) + 1
    pdf.one_line(right_text, x + w - 10 - right_w, y + band / 2 - 14 * PT * 0.6, right_w, 14, colour=on_band,
                 align="R")
    name_x = x + 10 + disc + 6
    name_w = x + w - 10 - right_w - 8 - name_x
    name = _t(phase.name)
    pdf.shape_for(name)
    pdf.font(24, bold=True)
    if pdf.get_string_width(name) * 18 / 24 <= name_w:  # fits on one line at 18 pt or more
        pdf.one_line(name, name_x, y + band / 2 - 24 * PT * 0.6, name_w, 24, bold=True, colour=on_band, smallest=18)
    else:
        name = pdf.clamp(name, name_w, 16, max_lines=2, bold=True, leading=1.1)
        lines = len(pdf.lines(name, name_w, 16, True, 1.1))
        pdf.text_box(name, name_x, y + band / 2 - lines * 16 * PT * 1.1 / 2, name_w, 16, bold=True, colour=on_band,
                     leading=1.1)

    hint = {
        "round": _("Om de beurt: iedereen komt aan het woord. Je mag altijd passen."),
        "round+open": _("Eerst om de beurt, daarna open gesprek. Je mag altijd passen."),
    }.get(phase.mode, "")
    text_x, text_w = x + 14, w - 28
    top = y + band + 10
    bottom = y + h - (18 if hint else 10)
    question = _t(phase.question).strip()
    size = pdf.fit(question, text_w, bottom - top, QUESTION_MAX, QUESTION_MIN, bold=True, leading=1.22)
    lines = pdf.lines(question, text_w, size, bold=True, leading=1.22)
    while len(lines) * size * PT * 1.22 > bottom - top and size > QUESTION_FLOOR:
        size -= 1  # only for a question far longer than any read aloud at a table
        lines = pdf.lines(question, text_w, size, bold=True, leading=1.22)
    height = len(lines) * size * PT * 1.22
    pdf.text_box(question, text_x, top + max(0.0, (bottom - top - height) / 2 - 3), text_w, size, bold=True,
                 leading=1.22)
    if hint:
        pdf.one_line(hint, text_x, y + h - 12, text_w, 13, colour=_readable(colour, tint, 7))
    pdf.footer_line(snap, _("Vraagkaart"))


def _rules(pdf: _Kit, snap: SessionSnapshot) -> None:
    """'Onze afspraken': the template's ground rules, each with a pictogram."""
    pdf.add_page(orientation="P")
    width = pdf.w - 2 * MARGIN
    pdf.set_fill_color(*PRIMARY)
    pdf.rect(MARGIN, MARGIN, width, 3, style="F", round_corners=True, corner_radius=1.5)
    pdf.one_line(_("Onze afspraken"), MARGIN, MARGIN + 9, width, 34, bold=True, colour=PRIMARY)
    pdf.one_line(_("Zo praten we met elkaar aan deze tafel."), MARGIN, MARGIN + 25, width, 15, colour=MUTED)
    top = MARGIN + 38
    bottom = pdf.h - MARGIN - 8
    rules = [_t(i18n._(rule)) for rule in snap.ground_rules]
    row = min(27.0, (bottom - top) / max(1, len(rules)))
    badge = min(20.0, row - 4)
    text_x = MARGIN + badge + 8
    text_w = MARGIN + width - text_x
    size = min(pdf.fit(rule, text_w, row - 3, 22, 11, step=1) for rule in rules) if rules else 22
    pdf.set_draw_color(*LINE)
    pdf.set_line_width(0.4)
    for i, rule in enumerate(rules):
        y = top + i * row
        if i:
            pdf.line(text_x, y, MARGIN + width, y)
        _badge(pdf, snap.ground_rules[i], MARGIN + 1, y + (row - badge) / 2, badge)
        height = len(pdf.lines(rule, text_w, size)) * size * PT * 1.2
        pdf.text_box(rule, text_x, y + (row - height) / 2, text_w, size)
    pdf.footer_line(snap, _("Onze afspraken"))


def _pledge(pdf: _Kit, snap: SessionSnapshot) -> None:
    """The pledge sheet: offers and actions, written by hand and typed in later by the facilitator."""
    pdf.add_page(orientation="L")
    width = pdf.w - 2 * MARGIN
    pdf.set_fill_color(*SECONDARY)
    pdf.rect(MARGIN, MARGIN, width, 3, style="F", round_corners=True, corner_radius=1.5)
    pdf.one_line(_("Wat bied ik aan / Wat ga ik doen"), MARGIN, MARGIN + 8, width, 28, bold=True, colour=PRIMARY)
    pdf.one_line(_("Schrijf op wat je aanbiedt of wat je gaat doen. De gespreksleider neemt het over."),
                 MARGIN, MARGIN + 22, width, 14, colour=MUTED)

    columns = (
        (_("Naam"), "", 52),
        (_("Aanbod of actie"), "", 112),
        (_("Wanneer"), "", 40),
        (_("Hoe bereik je mij?"), _("(niet verplicht)"), width - 52 - 112 - 40),
    )
    top = MARGIN + 34
    head = 15
    pdf.set_fill_color(*PRIMARY_SOFT)
    pdf.rect(MARGIN, top, width, head, style="F", round_corners=True, corner_radius=3)
    x = MARGIN
    for label, note, w in columns:
        pdf.one_line(label, x + 3, top + (2.2 if note else 4.2), w - 6, 14, bold=True, colour=PRIMARY)
        if note:
            pdf.one_line(note, x + 3, top + 8.6, w - 6, 10, colour=MUTED)
        x += w
    bottom_note = pdf.h - MARGIN - 16
    row = min(14.0, (bottom_note - 4 - (top + head)) / PLEDGE_ROWS)
    pdf.set_draw_color(*_tint(MUTED, 0.45))
    pdf.set_line_width(0.35)
    for i in range(1, PLEDGE_ROWS + 1):
        y = top + head + i * row
        pdf.line(MARGIN, y, MARGIN + width, y)
    table_bottom = top + head + PLEDGE_ROWS * row
    pdf.set_draw_color(*LINE)
    x = MARGIN
    for _label, _note, w in columns[:-1]:
        x += w
        pdf.line(x, top + 2, x, table_bottom)

    note_y = table_bottom + 5
    lock = 9
    pdf.set_fill_color(*PRIMARY_SOFT)
    pdf.circle(MARGIN + lock / 2, note_y + lock / 2, lock / 2, style="F")
    icon_lock(_Pen(pdf, MARGIN + 1.6, note_y + 1.6, lock - 3.2, PRIMARY, PRIMARY_SOFT))
    pdf.text_box(_("Je contactgegevens gebruiken we alleen om je over je aanbod of actie te bereiken. "
                   "Ze komen niet in het verslag."), MARGIN + lock + 4, note_y + 1.6, width - lock - 4,
                 13, colour=MUTED)
    pdf.footer_line(snap, _("Aanbod en acties"))


# --- the kit ---------------------------------------------------------------------------------------


def render(snap: SessionSnapshot, join_url: str) -> bytes:
    """The paper kit of the session as a PDF, in the session's language."""
    with i18n.use(snap.language):
        pdf = _Kit(snap)
        _sign(pdf, snap, join_url)
        phases = [p for p in snap.phases if p.question.strip()]
        for phase in phases:
            _question_card(pdf, snap, phase, len(snap.phases))
        if snap.ground_rules:
            _rules(pdf, snap)
        _pledge(pdf, snap)
        return bytes(pdf.output())


def filename(snap: SessionSnapshot) -> str:
    """The download's file name, e.g. papieren-materiaal-samen-in-de-akker.pdf"""
    with i18n.use(snap.language):
        slug = re.sub(r"[^a-z0-9]+", "-", snap.title.lower()).strip("-")[:50].strip("-") or _("sessie")
        return _("papieren-materiaal-{slug}.pdf", slug=slug)


def page_count(snap: SessionSnapshot) -> int:
    """How many pages ``render`` makes: the sign, a card per phase, the rules, the pledge sheet."""
    return 1 + sum(1 for p in snap.phases if p.question.strip()) + (1 if snap.ground_rules else 0) + 1


