"""The paper kit: a table sign, a card per phase, the ground rules and the pledge sheet, all on their pages."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from dialoog import i18n
from dialoog.net import join_url
from dialoog.sessions import accounts, demo, facilitation, paper_kit
from dialoog.sessions.facilitation import MAX_QUESTION
from dialoog.sessions.views import load_snapshot


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pages(data: bytes) -> list[str]:
    return [_norm(page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def session(database):
    org = accounts.create_organiser("org@example.nl", "een lang wachtwoord").id
    sid = demo.seed_session(org, people=4, cards=8, turn_count=5)
    return org, sid


def test_kit_has_a_sign_a_card_per_phase_the_rules_and_the_pledge_sheet(session):
    org, sid = session
    snap = load_snapshot(sid)
    url = join_url(snap.join_code)
    data = paper_kit.render(snap, url)
    assert data.startswith(b"%PDF")
    pages = _pages(data)
    assert len(pages) == 1 + len(snap.phases) + 1 + 1 == paper_kit.page_count(snap)

    sign = pages[0]
    assert snap.title in sign
    assert snap.join_code in sign.replace(" ", "")
    assert url.removeprefix("http://") in sign
    assert "Scan de code met je telefoon, of typ het adres over" in sign

    for phase, page in zip(snap.phases, pages[1:], strict=False):
        assert phase.name in page
        assert _norm(phase.question) in page, phase.question
        assert f"Fase {phase.position + 1} van {len(snap.phases)}" in page
    assert any(p.mode == "info" for p in snap.phases)  # the welcome has its card too

    rules = pages[-2]
    assert "Onze afspraken" in rules
    for rule in snap.ground_rules:
        assert _norm(rule) in rules

    pledge = pages[-1]
    for heading in ("Wat bied ik aan / Wat ga ik doen", "Naam", "Aanbod of actie", "Wanneer", "Hoe bereik je mij?"):
        assert heading in pledge
    assert "Ze komen niet in het verslag." in pledge


def test_a_very_long_question_stays_on_its_card(session):
    org, sid = session
    snap = load_snapshot(sid)
    sentence = "Wat zou je willen veranderen aan het plein, de straat en de buurt, en met wie wil je dat doen? "
    question = (sentence * 20)[:MAX_QUESTION].strip()
    facilitation.update_question(org, sid, snap.phases[3].id, question)
    unbroken = "Buurtbewonersparticipatiebijeenkomstverslaglegging" * 3  # one word wider than the card
    facilitation.update_question(org, sid, snap.phases[4].id, f"Kort: {unbroken}?")
    snap = load_snapshot(sid)
    data = paper_kit.render(snap, join_url(snap.join_code))
    pages = _pages(data)
    assert len(pages) == paper_kit.page_count(snap)  # nothing ran over onto a page of its own
    assert _norm(question) in pages[4]
    assert unbroken in pages[5].replace(" ", "")


def test_long_title_and_phase_name_and_other_scripts_still_fit(session):
    org, sid = session
    facilitation.update_details(org, sid, title="Buurtgesprek over het speelplein, de bomen en de bankjes " * 3
                                + "— مرحبا بالجيران", theme="", neighbourhood="", place="")
    snap = load_snapshot(sid)
    data = paper_kit.render(snap, join_url(snap.join_code))
    assert len(_pages(data)) == paper_kit.page_count(snap)


def test_kit_speaks_the_sessions_language(session):
    org, sid = session
    facilitation.set_language(org, sid, "en")
    snap = load_snapshot(sid)
    assert snap.language == "en"
    data = paper_kit.render(snap, join_url(snap.join_code))
    with i18n.use("en"):
        expected = i18n._("Onze afspraken")
        rule = i18n._(snap.ground_rules[0])
    text = " ".join(_pages(data))
    assert expected in text
    assert _norm(rule) in text
    assert i18n.current() == "nl"  # the kit's language does not leak out
    assert paper_kit.filename(snap).endswith(".pdf")


def test_file_name_comes_from_the_title(session):
    org, sid = session
    assert paper_kit.filename(load_snapshot(sid)) == "papieren-materiaal-samen-in-de-akker.pdf"


def test_every_rule_of_the_template_has_its_own_pictogram(session):
    org, sid = session
    rules = load_snapshot(sid).ground_rules
    drawings = [paper_kit.pictogram_for(rule) for rule in rules]
    assert paper_kit.icon_talk not in drawings  # the fallback is for rules a template adds
    assert len(set(drawings)) == len(rules)
