"""Hostile names and card texts, end to end in real Chromium.

Each one is stored as plain text (after the service's own cleaning: ``clean_text`` for cards,
``clean_line`` for names) or refused with a Dutch message. The projector, the console and the
phones show it literally: no dialog fires, no payload's global is set, no element is injected,
and every card's and name's ``innerText`` equals the stored text exactly.

Most payloads are seeded through ``dialoog.sessions.participation`` (the service the phone
uses) on the server's own database, before the server has loaded the session; a few are typed
on real phone pages.
"""

from __future__ import annotations

from collections import Counter

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from sqlmodel import select

from dialoog import db
from dialoog.models import Card, DialogueSession, Organiser, Participant
from dialoog.sessions import facilitation, participation
from dialoog.sessions.errors import InvalidInput
from dialoog.sessions.text import clean_line, clean_text
from tests.e2e.conftest import ADMIN, phone_context

EMPTY_NAME = "Vul je voornaam of een bijnaam in."
LONG_NAME = f"Kies een kortere naam: hoogstens {participation.MAX_NAME} tekens."
EMPTY_CARD = "Je kaart is nog leeg. Schrijf eerst iets op."

LONG_UNBROKEN_NAME = "Wilhelminaoldenbarneveldtbuurtbewonersxy"  # 40 characters, no place to break
LONG_SPACED_NAME = "Maria Wilhelmina van Oldenbarnevelt-Smit"  # 40 characters

# Seated first, so the long names speak first and the "still to hear" list is long on the screenshot.
SEEDED_NAMES = [
    LONG_UNBROKEN_NAME,
    LONG_SPACED_NAME,
    "<svg onload=alert(1)>",
    "{{ 7*7 }}",
    "${alert(1)}",
    "\"'><b>x</b>",
    "C:\\buurt\\new\\x41\\",
    "Anna\u202eesreveR",  # the override is stripped: it would make the name read backwards
    "👩🏽‍🔧 Zoë",
    "Rene\u0301e",  # NFC: "Renée"
    "javascript:alert(1)",
    "Nul\x00ina\x07\x1b[31m\x7f",
    "  veel    spaties\t\n hier  ",
    "فاطمة",
]
PHONE_NAMES = ["<script>alert(1)</script>", '<img src=x onerror="window.__pwned=1">']


def near_max(limit: int) -> str:
    """Exactly ``limit`` characters: sentences, then one long run without a place to break."""
    unbroken = ("fietsenstalling" * 20)[:200]
    words = ("Een heel lang verhaal over de buurt en de mensen die er wonen. " * 20)[: limit - len(unbroken) - 1]
    return words.rstrip().ljust(limit - len(unbroken) - 1, "!") + " " + unbroken


SEEDED_CARDS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="window.__pwned=1">',
    "<svg onload=alert(1)>",
    '<svg/onload="window.__pwned=2">',
    "${alert(1)} en ${window.__pwned=3}",
    "{{ 7*7 }} en {{constructor.constructor('window.__pwned=4')()}}",
    "\"'><b>x</b>",
    "C:\\Users\\buurt\\new \\\" \\\\ \\u0041 \\n\\",
    "Fiets \u202egnilleh\u202c terug, \u2067geïsoleerd\u2069 en \u202bingebed\u202c",
    "שלום buurman, مرحبا جاري, hallo buur",
    "👩🏽‍🔧 repareert fietsen · 👨‍👩‍👧‍👦 · 🏳️‍🌈 · 👍🏿",
    "Cafe\u0301, n\u0303, a\u0308 en q\u0307",
    "javascript:alert(document.cookie)",
    "&lt;b&gt; &amp; &#x3C;script&#x3E; %s {0} {name} <!-- -->",
    "Nul\x00byte\x01\x02 bel\x07 esc\x1b[31mrood\x7f\x85 tab\tna\r\nnieuwe regel\rnog een",
    "  eerste regel\n\n   ingesprongen\nlaatste  ",
    "zero\u200bwidth\u200d en\ufeffbom, a\ud800b",
]
PHONE_CARDS = {
    PHONE_NAMES[0]: ["<img src=x onerror=alert(1)>"],
    PHONE_NAMES[1]: ["{{ 7*7 }} en ${alert(1)}", "👩🏽‍🔧 Fiets\u202eterug\u202c, Cafe\u0301 <b>vet</b>"],
}

# Selectors for the text of each card: the label next to the row with the kind (and on the
# console the row with buttons); names in the turn strip and the console's people list.
PROJECTOR_CARD_TEXT = ".d-screen-cards .d-card > div:not(.nicegui-row)"
CONSOLE_CARD_TEXT = ".d-card > div:not(.nicegui-row)"
CONSOLE_CARD_AUTHOR = ".d-card .d-kind.normal-case"
PHONE_CARD_TEXT = ".d-card > div:not(.nicegui-row):not(.d-kind)"
CONSOLE_PERSON = ".d-dot + .nicegui-column > div:first-child"
SPEAKER = ".d-screen-speaker"
UPCOMING = ".d-screen-speaker + div"
STILL_TO_HEAR = ".d-screen-turn .ml-auto"
CONSOLE_SPEAKER = ".d-speaker .text-4xl"
PHONE_TURN_INFO = ".d-phone > .d-turn-info"  # the "Nu aan het woord" line (TURN_TEXT_CLASS)

# Nothing a payload could have made: inside a card no markup at all; in the turn strip and the
# people list (which have their own icons and the timer ring) no markup that a payload names.
INJECTED_IN_CARDS = "b, script, img, svg, iframe, a, [onerror], [onload]"
INJECTED_NEAR_NAMES = "b, script, img, svg[onload], iframe, a, [onerror], [onload]"
LAYOUT = """([selectors, w]) => {
    const problems = [];
    if (document.documentElement.scrollWidth > w + 1)
        problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth}px > ${w}px`);
    for (const sel of selectors) {
        for (const el of document.querySelectorAll(sel)) {
            if (!el.offsetParent) continue;
            const r = el.getBoundingClientRect();
            const name = `${sel} "${el.innerText.slice(0, 30)}"`;
            const clipped = ['hidden', 'clip'].includes(getComputedStyle(el).overflowX);  // e.g. truncate: an ellipsis on purpose
            if (!clipped && el.scrollWidth > el.clientWidth + 1) problems.push(`${name} overflows (${el.scrollWidth} > ${el.clientWidth})`);
            if (r.left < -1 || r.right > w + 1) problems.push(`${name} sticks out (${r.left}..${r.right})`);
            if (getComputedStyle(el).direction !== 'ltr') problems.push(`${name} turned ${getComputedStyle(el).direction}`);
        }
    }
    return problems;
}"""
PROJECTOR_BOXES = [".d-card", ".d-screen-speaker", ".d-screen-turn", ".d-screen-turn .ml-auto", ".d-screen-question"]
PHONE_BOXES = [".d-card", ".d-phone > *", ".d-phone .text-lg"]
# The turns and people panels; not yet the "Verslag" panel: its "nog te horen <names>" text still
# runs out of the panel with a 40-character name without spaces (console.py's gate_text needs d-wrap).
CONSOLE_BOXES = [".d-card", ".d-speaker", ".d-panel:has(.d-speaker)", ".d-panel:has(.d-dot)"]


def layout_problems(page, boxes: list[str]) -> list[str]:
    """What sticks out, overflows its box, scrolls the page sideways or turned right-to-left."""
    width = page.viewport_size["width"]  # not innerWidth: a mobile viewport widens to fit what sticks out
    return [f"{page.url}: {problem}" for problem in page.evaluate(LAYOUT, [boxes, width])]


def refused(command, *args) -> str:
    """The Dutch message with which ``command(*args)`` refuses."""
    with pytest.raises(InvalidInput) as caught:
        command(*args)
    return caught.value.message


def inner_texts(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all("els => els.map(e => e.innerText)")


def text_contents(page, selector: str) -> list[str]:
    """The text of each element, also of those the projector's wall keeps on another page (hidden
    from view, so innerText is empty). Markup would still show: ``<b>vet</b>`` made bold loses its tags."""
    return page.locator(selector).evaluate_all("els => els.map(e => e.textContent)")


def same_texts(actual: list[str], expected: list[str], where: str) -> None:
    missing = Counter(expected) - Counter(actual)
    extra = Counter(actual) - Counter(expected)
    assert not missing and not extra, f"{where}: missing {list(missing)!r}, shown instead {list(extra)!r}"


def wait_text(page, selector: str, want: str) -> None:
    """Wait until the first ``selector`` has exactly ``want`` as innerText, then assert it."""
    try:
        page.wait_for_function(
            "([s, w]) => { const e = document.querySelector(s); return !!e && e.innerText === w; }",
            arg=[selector, want], timeout=15_000,
        )
    except PlaywrightTimeout:
        pass
    got = page.locator(selector).first.evaluate("e => e.innerText")
    assert got == want, f"{selector} on {page.url}: {got!r} != {want!r}"


# The projector names a dozen people, then "en 1 andere" or "en N anderen" (NAMES_SHOWN in pages/projector.py;
# importing a page module here would register its routes in the test process before the
# user fixture's app is built, and the UI tests would then find those pages missing).
NAMES_SHOWN = 12


def still_to_hear(names: list[str]) -> str:
    """The projector's line of who is still to be heard: a dozen names, then how many more."""
    if not names:
        return ""
    more = len(names) - NAMES_SHOWN
    rest = "" if more <= 0 else f" en {more} andere" if more == 1 else f" en {more} anderen"
    return "Nog te horen: " + ", ".join(names[:NAMES_SHOWN]) + rest


def test_hostile_names_and_cards_show_literally(server, browser, shots, services):
    limit = services.card_max_length
    with db.session() as s:
        organiser = s.exec(select(Organiser).where(Organiser.email == ADMIN[0])).one()
    session_id = facilitation.create_session(organiser.id, "Wijkavond <b>De Akker</b>")
    facilitation.go_to_phase(organiser.id, session_id, 2)  # Ervaringen: cards, and a round
    with db.session() as s:
        code = s.get(DialogueSession, session_id).join_code

    # ---- the service: refusals in Dutch, everything else stored as (cleaned) plain text --------------
    for empty in ("", "   ", " \t\n\r ", "\x00\x07\u202e\u2066"):
        assert refused(participation.join, session_id, empty) == EMPTY_NAME
    assert refused(participation.join, session_id, "x" * 10_000) == LONG_NAME
    assert refused(participation.join, session_id, LONG_SPACED_NAME + "!") == LONG_NAME

    people = [participation.join(session_id, name) for name in SEEDED_NAMES]
    names = [clean_line(name) for name in SEEDED_NAMES]
    assert [p.display_name for p in people] == names
    for raw in [*SEEDED_NAMES[:7], SEEDED_NAMES[8], SEEDED_NAMES[10], SEEDED_NAMES[13]]:
        assert clean_line(raw) == raw  # markup, braces and backslashes are kept as they are, never escaped
    assert len(LONG_UNBROKEN_NAME) == len(LONG_SPACED_NAME) == participation.MAX_NAME

    for empty in ("", "  \n\t  ", "\x00\x01\u202e\r\n"):
        assert refused(participation.add_card, session_id, people[0].id, empty) == EMPTY_CARD
    ten_thousand = ("<b>lang</b> verhaal " * 600)[:9_999] + "!"
    too_long = f"Je kaart is {len(clean_text(ten_thousand))} tekens. Maak hem korter: hoogstens {limit} tekens."
    assert refused(participation.add_card, session_id, people[0].id, ten_thousand) == too_long
    assert refused(participation.add_card, session_id, people[0].id, "x" * (limit + 1)).startswith(
        f"Je kaart is {limit + 1} tekens."
    )

    longest = near_max(limit)
    assert len(longest) == limit
    cards = [*SEEDED_CARDS, longest]
    expected_cards = []
    for index, raw in enumerate(cards):
        card = participation.add_card(session_id, people[index % len(people)].id, raw)
        assert card.text == clean_text(raw), raw
        expected_cards.append((card.text, names[index % len(people)]))
    for raw in [*cards[:8], *cards[9:11], *cards[12:14], longest]:
        assert clean_text(raw) == raw  # plain text: nothing escaped, nothing dropped
    assert participation.count_cards(session_id) == len(cards)

    # ---- the browsers: every page records dialogs and page errors -------------------------------------
    dialogs: list[str] = []
    errors: list[str] = []

    def watch(page, label: str):
        page.on("dialog", lambda d: (dialogs.append(f"{label}: {d.type} {d.message!r}"), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(f"{label}: {e}"))
        return page

    console_ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="nl-NL")
    console = watch(console_ctx.new_page(), "console")
    console.goto(f"{server.url}/login")
    console.get_by_label("E-mail").fill(ADMIN[0])
    console.get_by_label("Wachtwoord").fill(ADMIN[1])
    console.get_by_role("button", name="Inloggen").click()
    expect(console.get_by_role("button", name="Nieuwe sessie")).to_be_visible()
    console.goto(f"{server.url}/sessie/{session_id}")
    expect(console.get_by_role("button", name="Volgende fase")).to_be_visible()

    projector_ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nl-NL")
    projector = watch(projector_ctx.new_page(), "projector")
    projector.goto(f"{server.url}/scherm/{code}")
    expect(projector.get_by_text("Vertel over een moment in deze buurt")).to_be_visible()

    # ---- two real phones: refusals keep what was typed; hostile text goes through as typed --------------
    anna = watch(phone_context(browser).new_page(), "phone 1")
    anna.goto(f"{server.url}/j/{code}")
    name_field = anna.get_by_label("Je naam")
    name_field.fill("   ")
    anna.get_by_role("button", name="Meedoen").click()
    expect(anna.get_by_text(EMPTY_NAME, exact=True)).to_be_visible()
    name_field.fill("y" * 10_000)  # the field takes 60 characters; the service allows 40
    anna.get_by_role("button", name="Meedoen").click()
    expect(anna.get_by_text(LONG_NAME, exact=True)).to_be_visible()
    typed = name_field.input_value()
    assert typed and set(typed) == {"y"}, "the refused name was not kept in the field"
    name_field.fill(PHONE_NAMES[0])
    anna.get_by_role("button", name="Meedoen").click()
    expect(anna.get_by_text(f"Hoi {PHONE_NAMES[0]}", exact=True)).to_be_visible()

    card_field = anna.get_by_label("Jouw kaart")
    anna.get_by_role("button", name="Plaats kaart").click()
    expect(anna.get_by_text(EMPTY_CARD, exact=True)).to_be_visible()
    card_field.fill(ten_thousand)
    anna.get_by_role("button", name="Plaats kaart").click()
    expect(anna.get_by_text(too_long, exact=True)).to_be_visible()
    expect(card_field).to_have_value(ten_thousand)  # kept, to shorten
    shots(anna, "hostile-phone-too-long")
    for raw in PHONE_CARDS[PHONE_NAMES[0]]:
        card_field.fill(raw)
        anna.get_by_role("button", name="Plaats kaart").click()
        expect(card_field).to_have_value("")
        expect(anna.get_by_text(too_long, exact=True)).to_be_hidden()

    bram = watch(phone_context(browser).new_page(), "phone 2")
    bram_frames: list[str] = []  # what reaches this phone's socket: the turn broadcast among it
    bram.on("websocket", lambda ws: ws.on("framereceived", lambda payload: bram_frames.append(str(payload))))
    bram.goto(f"{server.url}/j/{code}")
    bram.get_by_label("Je naam").press_sequentially(PHONE_NAMES[1], delay=5)
    bram.get_by_role("button", name="Meedoen").click()
    expect(bram.get_by_text(f"Hoi {PHONE_NAMES[1]}", exact=True)).to_be_visible()
    first, second = PHONE_CARDS[PHONE_NAMES[1]]
    bram.get_by_label("Jouw kaart").press_sequentially(first, delay=5)  # key by key, then tap at once
    bram.get_by_role("button", name="Plaats kaart").click()
    expect(bram.get_by_label("Jouw kaart")).to_have_value("")
    bram.get_by_label("Jouw kaart").fill(second)
    bram.get_by_role("button", name="Plaats kaart").click()
    expect(bram.get_by_label("Jouw kaart")).to_have_value("")

    names += [clean_line(n) for n in PHONE_NAMES]
    for name, raws in PHONE_CARDS.items():
        expected_cards += [(clean_text(raw), clean_line(name)) for raw in raws]
    texts = [text for text, _ in expected_cards]
    for phone, name in ((anna, PHONE_NAMES[0]), (bram, PHONE_NAMES[1])):
        expect(phone.locator(PHONE_CARD_TEXT)).to_have_count(len(PHONE_CARDS[name]))
        same_texts(inner_texts(phone, PHONE_CARD_TEXT), [clean_text(raw) for raw in PHONE_CARDS[name]], f"phone of {name}")

    # What the database holds is what the service made of the input: plain text.
    with db.session() as s:
        assert Counter(c.text for c in s.exec(select(Card).where(Card.session_id == session_id))) == Counter(texts)
        stored_names = s.exec(select(Participant.display_name).where(Participant.session_id == session_id)).all()
    assert Counter(stored_names) == Counter(names)

    # ---- the projector and the console show every card literally ------------------------------------
    expect(projector.locator(PROJECTOR_CARD_TEXT)).to_have_count(len(texts))
    same_texts(text_contents(projector, PROJECTOR_CARD_TEXT), texts, "projector cards")  # the wall pages them
    expect(console.locator(CONSOLE_CARD_TEXT)).to_have_count(len(texts))
    same_texts(inner_texts(console, CONSOLE_CARD_TEXT), texts, "console cards")
    same_texts(inner_texts(console, CONSOLE_CARD_AUTHOR), [f"· {a}" for _, a in expected_cards], "console authors")
    expect(console.locator(CONSOLE_PERSON)).to_have_count(len(names))
    same_texts(inner_texts(console, CONSOLE_PERSON), names, "console participants")
    shots(projector, "hostile-projector-cards", full_page=True)

    # ---- a round with names on the screen: every name, literally, as speaker, next and still to hear ----
    console.get_by_role("button", name="Start ronde").click()
    wait_text(projector, STILL_TO_HEAR, f"Nog {len(names)} mensen te horen")  # names only when asked for
    console.get_by_text("Namen tonen op scherm").click()
    wait_text(projector, STILL_TO_HEAR, still_to_hear(names))
    wait_text(projector, UPCOMING, f"Hierna: {names[0]}")
    before_first = [*layout_problems(projector, PROJECTOR_BOXES), *layout_problems(console, CONSOLE_BOXES)]
    shots(console, "hostile-console-round", full_page=True)
    for index, name in enumerate(names):
        console.get_by_role("button", name="Volgende spreker").click()
        wait_text(projector, SPEAKER, name)
        wait_text(console, CONSOLE_SPEAKER, name)
        rest = names[index + 1:]
        wait_text(projector, UPCOMING, f"Hierna: {rest[0]}" if rest else "")
        wait_text(projector, STILL_TO_HEAR, still_to_hear(rest))  # every name comes up literally
        if index == 0:
            shots(projector, "hostile-projector-speaker")
            shots(console, "hostile-console-speaker", full_page=True)
            shots(bram, "hostile-phone-speaker", full_page=True)
            first_layout = [
                *layout_problems(projector, PROJECTOR_BOXES),
                *layout_problems(console, CONSOLE_BOXES),
                *layout_problems(anna, PHONE_BOXES),
                *layout_problems(bram, PHONE_BOXES),
            ]
        if name != clean_line(PHONE_NAMES[1]):
            wait_text(bram, PHONE_TURN_INFO, f"Nu aan het woord: {name}")
    expect(anna.get_by_text("Jij bent aan de beurt")).to_be_hidden()
    expect(bram.get_by_text("Jij bent aan de beurt")).to_be_visible()
    # From one speaker to the next only the name changed on this phone: that came in the room's one
    # broadcast (dialoog/live.py), every hostile name of it shown literally above, none of it run.
    assert sum("dialoogSetText" in f for f in bram_frames) >= len(names) - 3, bram_frames[-5:]

    # ---- nothing ran, nothing was injected, nothing broke the layout -------------------------------------
    projector.wait_for_timeout(500)
    pages = {"projector": projector, "console": console, "phone 1": anna, "phone 2": bram}
    for label, page in pages.items():
        assert page.evaluate("() => typeof window.__pwned") == "undefined", f"a payload ran on the {label}"
        for where, what in ((".d-card", INJECTED_IN_CARDS),
                            (".d-screen-turn, .d-speaker, .d-two-lists, .d-dot + .nicegui-column", INJECTED_NEAR_NAMES)):
            injected = page.locator(where).locator(what)
            assert injected.count() == 0, f"{label}: {injected.evaluate_all('els => els.map(e => e.outerHTML)')}"
        assert page.locator("b, img[src='x'], svg[onload], [onerror]").count() == 0, label
    assert dialogs == [], dialogs
    assert errors == [], errors
    assert before_first == [], before_first
    assert first_layout == [], first_layout
    problems = [
        *layout_problems(projector, PROJECTOR_BOXES),
        *layout_problems(console, CONSOLE_BOXES),
        *layout_problems(anna, PHONE_BOXES),
        *layout_problems(bram, PHONE_BOXES),
    ]
    assert problems == [], problems

    for ctx in (console_ctx, projector_ctx, anna.context, bram.context):
        ctx.close()
