"""Comfort on the phone (issue #14) in real Chromium at 360 × 740: "Grotere letters" and "Voorlezen".

Speech is the browser's own: the test replaces ``speechSynthesis.speak`` with a recorder
(``window.__spoken``) before the page's scripts run, so it hears what the phone would say.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe_check import audit, axe_script
from tests.e2e.conftest import log_in_and_create

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
QUESTION = "Vertel over een moment in deze buurt"
RECORD_SPEECH = """
window.__spoken = [];
if (window.speechSynthesis) {
  window.speechSynthesis.speak = (u) => window.__spoken.push({ text: u.text, lang: u.lang });
  window.speechSynthesis.cancel = () => window.__spoken.push({ text: "<cancel>" });
}
"""
TAP_TARGETS = """() => [...document.querySelectorAll('.q-btn, .q-toggle')]
    .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
    .map(e => [e.innerText.trim().replace(/\\s+/g, ' '), Math.round(e.getBoundingClientRect().height)])
    .filter(([text, height]) => height < 56)"""
WIDER_THAN_THE_PHONE = """() => [...document.querySelectorAll('.d-phone-head *, .d-phone *')]
    .filter(e => e.getClientRects().length)
    .filter(e => { const r = e.getBoundingClientRect(); return r.left < -1 || r.right > 361; })
    .map(e => e.className + ' ' + (e.innerText || '').slice(0, 30))"""


def spoken(page) -> list[str]:
    return [u["text"] for u in page.evaluate("window.__spoken")]


def wait_spoken(page, text: str) -> None:
    page.wait_for_function("t => window.__spoken.some(u => u.text.includes(t))", arg=text, timeout=15_000)


def check_fits(page, where: str) -> None:
    """Larger letters at 360 px: nothing sticks out, every tap target at least 56 px, WCAG 2.2 AA (axe)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{where}: scrolls sideways"
    assert page.evaluate(WIDER_THAN_THE_PHONE) == [], f"{where}: sticks out"
    assert page.evaluate(TAP_TARGETS) == [], f"{where}: tap targets under 56 px"
    result = audit(page, f"comfort {where}", axe_script())
    assert not result.blocking, result.describe()


def listening_phone(browser, server, code: str):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="nl-NL")
    context.add_init_script(RECORD_SPEECH)
    page = context.new_page()
    page.goto(f"{server.url}/j/{code}")
    return page


def test_larger_letters_and_reading_aloud_on_a_small_phone(server, browser, shots):
    ctx, console, code = log_in_and_create(browser, server)
    phone = listening_phone(browser, server, code)

    larger = phone.get_by_role("switch", name="Grotere letters", exact=True)
    read_aloud = phone.get_by_role("switch", name="Voorlezen", exact=True)
    expect(larger).to_have_attribute("aria-checked", "false")
    larger.click()
    expect(phone.locator("body")).to_have_class(re.compile(r"\bd-comfort\b"))
    expect(larger).to_have_attribute("aria-checked", "true")
    shots(phone, "comfort-phone-join")
    check_fits(phone, "join form")

    phone.get_by_label("Je naam").fill("Anna")
    phone.get_by_role("button", name="Meedoen").click()
    expect(phone.get_by_text("Hoi Anna")).to_be_visible()
    expect(phone.get_by_text("Welkom bij Samen in de Akker!")).to_be_visible()
    assert spoken(phone) == []  # nothing is said before "Voorlezen" is on

    read_aloud.click()  # the tap itself says so, then the question on the screen
    wait_spoken(phone, "Welkom bij Samen in de Akker!")
    said = [t for t in spoken(phone) if t != "<cancel>"]
    assert said[:2] == ["Voorlezen staat aan.", "Welkom bij Samen in de Akker!"]
    assert all(u["lang"].startswith("nl") for u in phone.evaluate("window.__spoken") if u["text"] != "<cancel>")

    bram = listening_phone(browser, server, code)  # everyday letters, reading aloud on: hears only his own turn
    bram.get_by_label("Je naam").fill("Bram")
    bram.get_by_role("button", name="Meedoen").click()
    expect(bram.get_by_text("Hoi Bram")).to_be_visible()
    bram.get_by_role("switch", name="Voorlezen", exact=True).click()
    wait_spoken(bram, "Voorlezen staat aan.")

    for _ in range(3):  # to Ervaringen: a question, and cards to write
        console.get_by_role("button", name="Volgende fase").click()
    expect(console.get_by_text("Nog geen ronde in Ervaringen")).to_be_visible()
    expect(phone.get_by_text(QUESTION)).to_be_visible()
    wait_spoken(phone, QUESTION)
    expect(phone.get_by_role("button", name="Lees voor")).to_be_visible()
    shots(phone, "comfort-phone-writing")
    shots(phone, "comfort-phone-writing-full", full_page=True)
    check_fits(phone, "writing")

    phone.get_by_label("Jouw kaart").fill("De buurvrouw bracht soep toen ik ziek was.")
    phone.get_by_role("button", name="Plaats kaart").click()
    expect(phone.get_by_text("De buurvrouw bracht soep toen ik ziek was.").first).to_be_visible()

    console.get_by_role("button", name="Start ronde").click()
    console.get_by_role("button", name="Volgende spreker").click()
    expect(phone.get_by_text("Jij bent aan de beurt")).to_be_visible()
    wait_spoken(phone, "Jij bent aan de beurt")
    phone.wait_for_timeout(500)  # the re-renders of a turn and a card must not say anything again
    said = [t for t in spoken(phone) if t != "<cancel>"]
    assert said.count("Jij bent aan de beurt") == 1
    assert sum(QUESTION in t for t in said) == 1
    assert phone.evaluate("document.querySelector('.d-my-turn').getBoundingClientRect().top") < PHONE["height"] / 2
    expect(bram.get_by_text("Jij bent hierna aan de beurt.")).to_be_visible()
    assert "Jij bent aan de beurt" not in spoken(bram)  # it is Anna's turn, not his
    wait_spoken(bram, QUESTION)
    shots(bram, "comfort-phone-everyday-letters")
    shots(phone, "comfort-phone-your-turn")
    shots(phone, "comfort-phone-your-turn-full", full_page=True)
    check_fits(phone, "your turn")

    before = len(spoken(phone))
    phone.get_by_role("button", name="Lees voor").click()  # once more, on request
    phone.wait_for_function("n => window.__spoken.length > n", arg=before)
    assert QUESTION in spoken(phone)[-1]

    # Remembered in this browser, applied while the page is built; a reload says nothing twice.
    phone.reload()
    expect(phone.get_by_text("Jij bent aan de beurt")).to_be_visible()
    expect(phone.locator("body")).to_have_class(re.compile(r"\bd-comfort\b"))
    expect(phone.locator("body")).to_have_class(re.compile(r"\bd-read-aloud\b"))
    expect(larger).to_have_attribute("aria-checked", "true")
    expect(read_aloud).to_have_attribute("aria-checked", "true")
    phone.wait_for_timeout(500)
    assert [t for t in spoken(phone) if t != "<cancel>"] == []

    # Off: whatever is being said stops, and the next turn stays quiet.
    phone.get_by_role("switch", name="Voorlezen", exact=True).click()
    phone.wait_for_function("() => window.__spoken.some(u => u.text === '<cancel>')")
    expect(phone.locator("body")).not_to_have_class(re.compile(r"\bd-read-aloud\b"))
    phone.get_by_role("button", name="Klaar met spreken").click()
    expect(phone.get_by_text("Jij bent aan de beurt")).to_be_hidden()
    console.get_by_role("button", name="Volgende spreker").click()  # Bram's turn: his phone says so
    expect(bram.get_by_text("Jij bent aan de beurt")).to_be_visible()
    wait_spoken(bram, "Jij bent aan de beurt")
    phone.wait_for_timeout(300)
    assert [t for t in spoken(phone) if t != "<cancel>"] == []
