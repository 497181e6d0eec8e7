"""The PDF and Word summaries: same content as the Markdown reference, any text renders, fonts embed."""

from __future__ import annotations

import gettext
import io
import re
import unicodedata
from dataclasses import replace

import docx
import pytest
from pypdf import PdfReader

from dialoog import i18n
from dialoog.sessions import accounts, demo, facilitation, participation, report
from dialoog.sessions.exporters import pdf, render, word
from dialoog.sessions.views import load_snapshot

MIXED = "Café Één ğüzel şehir — مرحبا بالجيران"
ARABIC = "مرحبا بالجيران"
HEADINGS = ["Aanwezig", "Mogelijkheden op volgorde van stemmen", "Aanbod", "Vragen", "Acties", "Evaluatie", "Verloop"]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _pdf_fonts(data: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            names.add(str(ref.get_object()["/BaseFont"]))
    return names


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def seeded(database):
    org = accounts.create_organiser("org@example.nl", "een lang wachtwoord").id
    sid = demo.seed_session(org, people=8, cards=40, turn_count=30)
    facilitation.go_to_phase(org, sid, 2)  # "Ervaringen"
    pid = load_snapshot(sid).participants[0].id
    participation.add_card(sid, pid, MIXED)
    return report.build(sid)


def test_pdf_has_every_section_question_and_card(seeded):
    data = pdf.render(seeded)
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    flat = _norm(text)
    assert flat.startswith("Verslag: Samen in de Akker")
    for heading in HEADINGS:
        assert heading in text
    phases = [p for p in seeded.phases if p.mode != "info"]
    assert phases
    for phase in phases:
        assert _norm(phase.question)[:30] in flat, phase.question
    assert "Welkom! Dit zijn onze afspraken" not in flat  # info phases have no section
    cards = {_norm(c.text) for c in seeded.cards if not c.hidden and c.kind in ("ervaring", "droom", "actie")}
    latin_only = [c for c in cards if c.isascii()]
    assert len(latin_only) >= 3
    for card in latin_only:
        assert card in flat
    assert "Pagina 1 van" in text
    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert f"Pagina {pages} van {pages}" in text
    assert "Café Één ğüzel şehir" in flat  # precomposed accents extract as themselves
    assert "Çok güzel bir mahalle: één plek voor iedereen" in flat
    assert "Verdeling van de spreektijd (Gini)" in text
    assert "contactgegevens staan niet in dit verslag" in flat


def test_pdf_embeds_dejavu_and_arabic_survives_extraction(seeded):
    data = pdf.render(seeded)
    fonts = _pdf_fonts(data)
    assert any("DejaVuSansBook" in f for f in fonts), fonts
    assert any("DejaVuSansBold" in f for f in fonts), fonts
    text = _pdf_text(data)
    # Shaped Arabic is drawn in visual (right-to-left) order as joined glyph forms. fpdf2 maps each
    # glyph back to its source letters, and pypdf (today) returns the Arabic words intact, but the
    # neutral characters around the right-to-left run come out elsewhere: our line extracts as
    # "Café Één ğüzel şehir — ( مرحبا بالجيرانervaring)". So we do not demand the exact mixed string
    # (the Word test does); we demand that extraction does not crash, that every Arabic letter comes
    # back (NFKC folds presentation forms to letters) and that each word appears in logical or in
    # visual order.
    extracted = unicodedata.normalize("NFKC", text)
    arabic_out = {ch for ch in extracted if "\u0600" <= ch <= "\u06ff"}
    assert set(ARABIC.replace(" ", "")) <= arabic_out
    for word_ in ARABIC.split():
        assert word_ in extracted or word_[::-1] in extracted, word_


def test_pdf_chart_has_a_bar_per_participant(seeded):
    text = _pdf_text(pdf.render(seeded))
    assert "Spreektijd per deelnemer" in text
    assert "gelijke verdeling" in text
    for person in seeded.process.people:
        assert f"{report.minutes(person.seconds)} · {person.share:.0%}" in text


def test_docx_has_headings_questions_and_exact_card_texts(seeded):
    data = word.render(seeded)
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == "Verslag: Samen in de Akker"
    for heading in HEADINGS:
        assert heading in headings
    text = _docx_text(data)
    for phase in seeded.phases:
        if phase.mode != "info":
            assert phase.name in headings
            assert phase.question in text
    for card in seeded.cards:
        if not card.hidden:
            assert card.text in text
    assert MIXED in text  # Word keeps the logical order: the Arabic comes back exactly
    assert ARABIC in text
    assert "Aandeel" in text and "Beurten" in text  # the per-participant table
    assert "█" in text  # the chart
    assert "contactgegevens staan niet in dit verslag" in text


def test_both_formats_through_the_registry(seeded):
    pdf_bytes, pdf_name, pdf_mime = render(seeded, "pdf")
    docx_bytes, docx_name, docx_mime = render(seeded, "docx")
    assert pdf_bytes.startswith(b"%PDF") and pdf_name.endswith(".pdf") and pdf_mime == "application/pdf"
    assert docx_bytes.startswith(b"PK") and docx_name.endswith(".docx") and "word" in docx_mime


def test_empty_session_renders_in_both_formats(database):
    org = accounts.create_organiser("org@example.nl", "een lang wachtwoord").id
    sid = facilitation.create_session(org, "Lege avond")
    empty = report.build(sid)
    assert not empty.cards and not empty.process.rounds and not empty.evaluation.count

    text = _norm(_pdf_text(pdf.render(empty)))
    for line in ("Verslag: Lege avond", "Geen kaarten in deze fase.", "Geen mogelijkheden.", "Geen aanbod.",
                 "Geen vragen.", "Geen acties.", "Geen evaluaties.", "Er zijn geen rondes gehouden.",
                 "Pagina 1 van"):
        assert line in text
    text = _docx_text(word.render(empty))
    for line in ("Verslag: Lege avond", "Geen kaarten in deze fase.", "Geen evaluaties.", "Geen acties."):
        assert line in text


# Texts that must never make a renderer raise; a missing glyph (emoji) may print as a box or nothing.
NASTY = [
    "",
    " ",
    "x" * 500,
    ("Een heel lange kaart met gewone woorden die netjes moet afbreken. " * 8)[:500],
    "😀👍🏽👨‍👩‍👧 🇳🇱 emoji",
    "Tab\tnieuwe\nregel\r\nen\rzo",
    "control \x00\x01\x07\x1b\x7f chars",
    "lone \ud800 surrogate",
    "combining: e\u0301 a\u0308 \u0915\u094d\u0937 \u200d\u200c\ufeff",
    "rtl \u202e override \u202c and isolates \u2067x\u2069",
    "** __ -- ~~ [link](x) \\ markdown-ish",
    "مرحبا " * 80,
    "עברית ועוד",
    "中文字符 no glyphs in DejaVu",
]


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
def test_any_text_renders_without_error(seeded, text):
    card = replace(seeded.possibilities[0], text=text, resource="")
    phase = replace(seeded.phases[2], name=text, question=text, themes=[report.ReportTheme(text, [card] * 3)])
    person = replace(seeded.process.people[0], label=text)
    nasty = replace(
        seeded,
        header=replace(seeded.header, title=text, theme=text, place=text, follow_up=text),
        phases=[phase], possibilities=[card], offers=[card], asks=[card],
        actions=[report.ReportAction(text, text, text, text, text, None, False),
                 report.ReportAction("", text, "", "", "", None, True)],
        evaluation=replace(seeded.evaluation, remarks=[text]),
        process=replace(seeded.process, people=[person, *seeded.process.people[1:]], statement=text),
    )
    assert pdf.render(nasty).startswith(b"%PDF")
    assert word.render(nasty).startswith(b"PK")


class _Marked(gettext.NullTranslations):
    """A stand-in catalog that marks every text it translates, so a test sees which texts were."""

    def gettext(self, message):
        return "EN·" + message

    def ngettext(self, singular, plural, n):
        return "EN·" + (singular if n == 1 else plural)


def test_both_formats_in_the_report_language(seeded):
    english = replace(seeded, language="en")
    with i18n.use("en"):  # what the English catalog says (the Dutch source text while it is not filled in)
        title = i18n._("Verslag: {title}", title="Samen in de Akker")
        headings = [i18n.pgettext("report section", h) if h == "Aanbod" else i18n._(h) for h in HEADINGS]
        page_one = i18n._("Pagina {page} van {total}", page=1, total="")
    text = _pdf_text(pdf.render(english))
    assert _norm(text).startswith(title) and page_one in text
    assert all(heading in text for heading in headings)
    assert PdfReader(io.BytesIO(pdf.render(english))).trailer["/Root"]["/Lang"] == "en-GB"
    document = docx.Document(io.BytesIO(word.render(english)))
    found = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert found[0] == title and all(heading in found for heading in headings)
    assert document.core_properties.language == "en-GB"


def test_the_renderers_translate_in_the_report_language_only(seeded, monkeypatch):
    monkeypatch.setattr(i18n, "catalog", lambda language: _Marked())
    english = replace(seeded, language="en")
    text = _pdf_text(pdf.render(english))
    for line in ("EN·Verslag: Samen in de Akker", "EN·Aanwezig", "EN·Verloop", "EN·Pagina 1 van",
                 "EN·Spreektijd per deelnemer", "EN·gelijke verdeling", "EN·Beurten"):
        assert line in text, line
    docx_text = _docx_text(word.render(english))
    for line in ("EN·Verslag: Samen in de Akker", "EN·Aanwezig", "EN·Aandeel", "EN·Heel tevreden: "):
        assert line in docx_text, line
    with i18n.use("en"):  # a Dutch report stays Dutch whatever the caller's language
        assert "EN·" not in _pdf_text(pdf.render(seeded)) and "EN·" not in _docx_text(word.render(seeded))
