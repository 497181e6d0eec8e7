"""Three languages in real Chromium: a French session's console and projector speak French (and say
so in <html lang>), a phone picks English with "Taal" and keeps it; axe stays clean in French too."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dialoog import i18n
from tests.e2e.axe_check import audit, axe_script
from tests.e2e.conftest import log_in_and_create, phone_context

pytestmark = pytest.mark.e2e


def fr(text: str, **params) -> str:
    with i18n.use("fr"):
        return i18n._(text, **params)


def en(text: str, **params) -> str:
    with i18n.use("en"):
        return i18n._(text, **params)


def test_a_french_evening_with_an_english_phone(server, browser, shots):
    _ctx, console, code = log_in_and_create(browser, server, "Vivre ensemble", language="Français")

    # The console follows the session: French, and says so to the browser and to screen readers.
    expect(console.get_by_role("button", name=fr("Volgende fase"))).to_be_visible()
    assert console.evaluate("document.documentElement.lang") == "fr"
    console.get_by_role("button", name=fr("Volgende fase")).click()
    console.get_by_role("button", name=fr("Volgende fase")).click()
    expect(console.get_by_text(fr("Kennismaken")).first).to_be_visible()  # the template's phase, in French
    shots(console, "language-console-fr")
    result = audit(console, "console (fr)", axe_script())
    assert not result.blocking, result.describe()

    screen = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nl-NL").new_page()
    screen.goto(f"{server.url}/scherm/{code}")
    expect(screen.get_by_text(fr("Wie ben je, en wat verbindt jou met deze buurt?"))).to_be_visible()
    assert screen.evaluate("document.documentElement.lang") == "fr"
    shots(screen, "language-projector-fr")

    # A phone opens in the session's language, and picks English for itself.
    phone = phone_context(browser).new_page()
    phone.goto(f"{server.url}/j/{code}")
    expect(phone.get_by_label(fr("Je naam"))).to_be_visible()
    phone.get_by_role("button", name=fr("Taal"), exact=True).click()
    phone.get_by_role("menuitemradio", name="English").click()
    expect(phone.get_by_label(en("Je naam"))).to_be_visible()
    assert phone.evaluate("document.documentElement.lang") == "en-GB"
    phone.get_by_label(en("Je naam")).fill("Anna")
    phone.get_by_role("button", name=en("Meedoen")).click()
    expect(phone.get_by_text(en("Hoi {name}", name="Anna"))).to_be_visible()
    # The question is the session's text, written in French when the session was made: shown as written.
    expect(phone.get_by_text(fr("Wie ben je, en wat verbindt jou met deze buurt?"))).to_be_visible()
    shots(phone, "language-phone-en")
    result = audit(phone, "phone (en)", axe_script())
    assert not result.blocking, result.describe()

    phone.reload()  # remembered in this browser
    expect(phone.get_by_text(en("Hoi {name}", name="Anna"))).to_be_visible()
    assert phone.evaluate("document.documentElement.lang") == "en-GB"
