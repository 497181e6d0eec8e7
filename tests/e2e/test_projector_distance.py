"""The projector at a distance (issue #14): 30 cards at 1920×1080 and at 1280×720, in real Chromium.

Nothing is cut off or leaves the screen; the letters are large enough for the back of a room; a
wall with more cards than fit shows them in calm pages ("Pagina 1 van 3") that turn in the browser
without a word from the server; a new card comes into view at once. Long texts fit: a 280-character
card, the longest name a person may take (40 characters; 60 is refused), a 60-character theme and a
long question. Screenshots go to screenshots/projector-distance-*.png, for people to look at.

The sessions are seeded through the service layer on the server's own database before the server
has loaded them (as in test_hostile_projector.py); one card comes from a real phone.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from dialoog import db
from dialoog.models import DialogueSession, Organiser, Phase
from dialoog.sessions import facilitation, harvest, participation, throttle, turns
from dialoog.sessions.errors import InvalidInput
from tests.e2e.conftest import ADMIN, SCREENSHOTS, join_phone

# (width, height, smallest card letters in px). At 1280×720 the screen shows the same picture as at
# 1920×1080, two thirds the pixels: 28 px there is 18.7 px here, as large on the wall.
VIEWPORTS = [(1920, 1080, 24.0), (1280, 720, 18.0)]
PAGE_SECONDS = 12  # mirrors PAGE_SECONDS in dialoog/pages/projector.py (importing a page module
# here would register its routes in the test process; see test_hostile_projector.py)

SPEAKER_NAME = "Maria Wilhelmina van Oldenbarnevelt-Smit"  # 40 characters: the longest name allowed
NEXT_NAME = "Wilhelminaoldenbarneveldtbuurtbewonersxy"  # 40 characters, no place to break
TOO_LONG_NAME = "Maria Wilhelmina Johanna van Oldenbarnevelt-Smit de la Court"  # 60 characters
OTHER_NAMES = ["Anna", "Bram", "Fatima", "Henk", "Yusuf", "Ineke", "Mohamed", "Sanne", "Kees", "Lotte",
               "Priya", "Gerrit", "Noor", "Dirk"]
THEME_60 = "Groen en spelen op het pleintje achter de bibliotheek, samen"  # 60 characters
THEME_SHORT = "Veiligheid"
LONG_QUESTION = (
    "Vertel over een moment in deze buurt waarop je je thuis, gezien of geholpen voelde: bij de "
    "bakker, op het schoolplein, in de bus of gewoon op straat. Wat gebeurde er precies, wie was "
    "erbij, en wat maakte dat het je is bijgebleven?"
)
CARD_280 = (
    "Toen onze verwarming midden in de winter uitviel, kwam de buurvrouw van drie hoog met een "
    "elektrisch kacheltje en een pan soep. Ze bleef die hele avond, we hebben samen naar de radio "
    "geluisterd. Sindsdien drinken we elke dinsdag koffie en weet ik wie ik kan bellen als er iets is."
)
CARD_500 = (  # as long as a card may be (card_max_length)
    "Vorig jaar ben ik in het ziekenhuis beland, en ik woon alleen. Ik dacht dat niemand het zou merken. "
    "Maar de buurman zag dat mijn gordijnen dicht bleven en belde aan, en toen niemand opendeed, belde hij "
    "mijn dochter. De vrouw van de overkant heeft drie weken lang mijn planten water gegeven en mijn post "
    "bewaard. Toen ik thuiskwam stond er een pan erwtensoep op het aanrecht en een kaart van de "
    "hele galerij. Ik woon hier al dertig jaar, maar pas toen voelde ik dat ik hier thuishoor. Dank jullie wel."
)
CARDS = [
    CARD_500,
    "Bij de straatbarbecue kende ik opeens iedereen.",
    "Toen mijn fiets gestolen was, leende de buurman me de zijne.",
    "Op het pleintje spelen de kinderen van alle kleuren samen.",
    "De buurtapp hielp toen mijn kat weg was: binnen een uur was hij terug.",
    "Iemand veegde mijn stoep toen ik mijn been had gebroken.",
    "Koningsdag op de Akkerstraat: de hele straat vol kleedjes.",
    "De bibliotheek is mijn huiskamer.",
    "Bij de voedselbank werd ik niet als nummer behandeld, maar als mens.",
    "Mijn buurjongen hielp mijn moeder met haar telefoon, elke week weer.",
    "De moestuin achter de kerk: daar praat iedereen met iedereen.",
    "Toen de lift kapot was, droegen de buren mijn boodschappen naar boven.",
    "Een onbekende bracht mijn portemonnee terug, met alles er nog in.",
    "Het buurthuis was open tijdens de hittegolf, met koud water en schaduw.",
    "Bij het schoolhek groeten de ouders elkaar nu, dat was vroeger niet zo.",
    "De wijkagent kent de jongeren bij naam.",
    "Na de brand in nummer 12 stond de hele straat klaar met spullen.",
    "De kapper op de hoek vraagt altijd naar mijn kleinkinderen.",
    "Samen de speeltuin opknappen: drie zaterdagen, twintig mensen.",
    "Ik voelde me gezien toen de buren mijn Suikerfeestkoekjes kwamen proeven.",
    "Het Repair Café maakte mijn radio, en ik leerde hoe.",
    "De oude man op het bankje zegt elke ochtend goedemorgen.",
    "Toen ik hier net woonde, nodigde de overbuurvrouw me uit voor de koffie.",
    "Bij de sportschool in de wijk helpen ze elkaar, ook als je niks kunt.",
    "De kerstmarkt in het park, met chocolademelk van de scouting.",
    "Mijn dochter mocht mee met de buren naar het zwembad.",
    "In de wachtkamer van de huisarts raakte ik aan de praat, nu zijn we vrienden.",
    "De straatfeestcommissie vroeg mij om mee te doen, gewoon zomaar.",
    "Een buurman leerde mij fietsen, op mijn vijfendertigste.",
    CARD_280,
]
PHONE_NAMES = {"1920x1080": "Eva", "1280x720": "Ruben"}
PHONE_CARDS = {
    "1920x1080": ["Net binnen: de kinderboerderij zoekt vrijwilligers voor de zaterdag!",
                  "Ik kan koken voor het straatdiner.", "Wie helpt mee met de bloembakken?"],
    "1280x720": ["De buurvrouw van nummer 8 bracht bloemen toen mijn vader overleed."],
}
# Counts how often the wall fades out (projector.py's WALL_SCRIPT sets data-fade="out").
COUNT_FADES = """() => {
    const wall = document.querySelector('.d-wall');
    window.__fades = 0;
    new MutationObserver(() => { if (wall.dataset.fade === 'out') window.__fades++; })
        .observe(wall, {attributes: true, attributeFilter: ['data-fade']});
}"""

# What may not be cut or leave the screen: the question and everything around it, the turn strip,
# the corner with the code, the wall's footer (the cards and the themes on the wall are judged apart).
HEAD = [".d-screen-phase", ".d-screen-question", ".d-screen-turn", ".d-screen-speaker", ".d-screen-upcoming",
        ".d-screen-waiting", ".d-screen-corner", ".d-screen-corner-code", ".d-wall-page", ".d-wall-earlier"]
LOBBY = [".d-lobby-qr", ".d-lobby-text", ".d-lobby-text > *"]

GEOMETRY = """(head) => {
    const vw = window.innerWidth, vh = window.innerHeight, problems = [];
    const de = document.documentElement;
    if (de.scrollWidth > vw + 1) problems.push(`the page scrolls sideways: ${de.scrollWidth} > ${vw}`);
    if (de.scrollHeight > vh + 1) problems.push(`the page scrolls down: ${de.scrollHeight} > ${vh}`);
    const seen = el => !!el.offsetParent && el.getClientRects().length > 0;
    const name = el => `${[...el.classList].find(c => c.startsWith('d-')) || el.tagName} "${el.innerText.slice(0, 40)}"`;
    const px = el => parseFloat(getComputedStyle(el).fontSize);
    const boxes = {};
    for (const sel of head) {
        for (const el of document.querySelectorAll(sel)) {
            if (!seen(el)) continue;
            const r = el.getBoundingClientRect();
            if (!(sel in boxes)) boxes[sel] = {left: r.left, top: r.top, right: r.right, bottom: r.bottom, font: px(el)};
            if (r.left < -1 || r.right > vw + 1 || r.top < -1 || r.bottom > vh + 1)
                problems.push(`${name(el)} leaves the screen: (${r.left | 0}, ${r.top | 0})-(${r.right | 0}, ${r.bottom | 0})`);
            if (el.scrollWidth > el.clientWidth + 1) problems.push(`${name(el)} overflows sideways (${el.scrollWidth} > ${el.clientWidth})`);
            if (el.scrollHeight > el.clientHeight + 1) problems.push(`${name(el)} is cut (${el.scrollHeight} > ${el.clientHeight})`);
        }
    }
    const wall = document.querySelector('.d-wall');
    const cards = [], headings = [];
    let window_ = null;
    if (wall && seen(wall)) {
        const w = wall.getBoundingClientRect();
        const clip = /inset\\(\\s*0(?:px)?\\s+0(?:px)?\\s+([\\d.]+)px/.exec(wall.style.clipPath || '');
        const top = w.top, bottom = Math.min(w.top + wall.clientHeight - (clip ? parseFloat(clip[1]) : 0), vh);
        window_ = {top, bottom, wall: wall.clientHeight};
        const judge = (el, label) => {
            const r = el.getBoundingClientRect();
            const shown = r.top >= top - 1 && r.bottom <= bottom + 1;
            const away = r.bottom <= top + 1 || r.top >= bottom - 1;
            if (!shown && !away) problems.push(`${label} is cut by the page: ${r.top | 0}..${r.bottom | 0}, window ${top | 0}..${bottom | 0}`);
            if (shown && (r.left < -1 || r.right > vw + 1)) problems.push(`${label} leaves the screen sideways: ${r.left | 0}..${r.right | 0}`);
            return {shown, top: r.top, bottom: r.bottom, left: r.left, right: r.right};
        };
        for (const card of wall.querySelectorAll('.d-card')) {
            if (!seen(card)) continue;
            const text = card.querySelector(':scope > div:not(.nicegui-row)');
            const label = `card "${text.innerText.slice(0, 40)}"`;
            const where = judge(card, label), r = card.getBoundingClientRect();
            if (text.scrollHeight > text.clientHeight + 1 || text.scrollWidth > text.clientWidth + 1)
                problems.push(`${label}: its text is cut (${text.scrollWidth}x${text.scrollHeight} > ${text.clientWidth}x${text.clientHeight})`);
            if (card.scrollWidth > card.clientWidth + 1) problems.push(`${label} overflows sideways`);
            cards.push({...where, id: card.id, text: text.innerText, font: px(text), fit: card.dataset.fit || '', width: r.width});
        }
        for (const heading of wall.querySelectorAll('.d-screen-theme')) {
            if (!seen(heading)) continue;
            const where = judge(heading, `theme "${heading.innerText}"`);
            if (heading.scrollWidth > heading.clientWidth + 1) problems.push(`theme "${heading.innerText}" overflows sideways`);
            const mine = [...heading.parentElement.querySelectorAll('.d-card')].map(c => c.getBoundingClientRect());
            if (where.shown && !mine.some(r => r.top >= top - 1 && r.bottom <= bottom + 1))
                problems.push(`theme "${heading.innerText}" is alone at the bottom of its page`);
            headings.push({...where, text: heading.innerText, font: px(heading)});
        }
    }
    const label = document.querySelector('.d-wall-page');
    return {problems, boxes, cards, headings, window: window_, label: label ? label.textContent : null,
            page: window.dialoogWall ? window.dialoogWall.page : null, pages: window.dialoogWall ? window.dialoogWall.pages : null,
            fade: wall ? getComputedStyle(wall).transitionDuration : null};
}"""


def seed(organiser_id: int, title: str, *, themes: bool) -> tuple[int, str]:
    """A session in its experiences round with 30 cards (one of 280 characters) and a long question;
    with ``themes`` two themes (one of 60 characters) group most cards, else a round is on, with
    the longest names speaking and next, and the names still to hear shown. Returns (id, join code)."""
    session_id = facilitation.create_session(organiser_id, title)
    with db.session() as s:
        code = s.get(DialogueSession, session_id).join_code
        phase_id = s.exec(select(Phase.id).where(Phase.session_id == session_id, Phase.position == 2)).one()
    facilitation.update_question(organiser_id, session_id, phase_id, LONG_QUESTION)
    facilitation.go_to_phase(organiser_id, session_id, 2)
    people = [participation.join(session_id, name) for name in [SPEAKER_NAME, NEXT_NAME, *OTHER_NAMES]]
    cards = []
    for index, text in enumerate(CARDS):
        throttle.reset()
        cards.append(participation.add_card(session_id, people[index % len(people)].id, text))
    if themes:
        green = harvest.add_theme(organiser_id, session_id, phase_id, THEME_60)
        safe = harvest.add_theme(organiser_id, session_id, phase_id, THEME_SHORT)
        for index, card in enumerate(cards):
            if index % 3 != 2:
                harvest.set_theme(organiser_id, session_id, card.id, green if index % 3 == 0 else safe)
    else:
        turns.start_round(organiser_id, session_id)
        turns.set_display(organiser_id, session_id, timer=True, names=True)
        turns.next_speaker(organiser_id, session_id)
    return session_id, code


POSSIBILITIES = [
    "Een buurtapp voor klusjes en kleine hulp, zodat je weet wie er kan helpen.",
    "Een ruilkast bij de school.",
    "Elke maand een straatdiner op het pleintje, iedereen neemt iets mee.",
    "Een moestuin achter de bibliotheek, met bakken op hoogte voor wie slecht ter been is.",
    "Een taalcafé op zaterdagochtend.",
    "Een buurtfonds voor kleine plannen, met een jury van bewoners.",
    "Samen de speeltuin onderhouden.",
    "Een wandelgroep voor ouderen.",
    "Een gereedschapsbibliotheek in de schuur van het buurthuis.",
    "Een welkomstpakket voor nieuwe buren.",
]


def seed_results(organiser_id: int) -> str:
    """A session in its possibilities phase: ten possibilities, votes on eight, the outcome shown."""
    session_id = facilitation.create_session(organiser_id, "Wijkavond De Akker, de keuze")
    with db.session() as s:
        code = s.get(DialogueSession, session_id).join_code
    facilitation.go_to_phase(organiser_id, session_id, 4)
    people = [participation.join(session_id, name) for name in [SPEAKER_NAME, *OTHER_NAMES]]
    cards = []
    for index, text in enumerate(POSSIBILITIES):
        throttle.reset()
        cards.append(participation.add_card(session_id, people[index % len(people)].id, text, kind="mogelijkheid"))
    harvest.set_voting(organiser_id, session_id, open_=True)
    for index, person in enumerate(people):  # two dots each, on two of the first eight
        for card in (cards[index % 8], cards[(index + 3) % 8]):
            harvest.cast_vote(session_id, person.id, card.id)
    harvest.set_voting(organiser_id, session_id, show_results=True)
    return code


def geometry(page) -> dict:
    page.wait_for_function(  # not while the wall fades out or in
        "() => { const w = document.querySelector('.d-wall');"
        " return !w || (w.dataset.fade !== 'out' && getComputedStyle(w).opacity === '1'); }"
    )
    return page.evaluate(GEOMETRY, HEAD)


def show_page(page, index: int) -> dict:
    page.evaluate("k => window.dialoogWall.go(k)", index)
    page.wait_for_timeout(100)
    return geometry(page)


def check_every_page(page, shots, name: str, min_font: float, texts: list[str]) -> dict:
    """Step through the wall's pages: nothing cut, each card whole on exactly one page, big enough letters."""
    page.evaluate("() => window.dialoogWall.layout()")
    first = geometry(page)
    pages = first["pages"]
    on_page: dict[str, list[int]] = {}
    problems, fonts, windows = [], [], []
    for index in range(pages):
        g = show_page(page, index)
        assert g["page"] == index
        assert g["label"] == (f"Pagina {index + 1} van {pages}" if pages > 1 else ""), g["label"]
        problems += [f"{name} page {index + 1}: {p}" for p in g["problems"]]
        shown = [c for c in g["cards"] if c["shown"]]
        assert shown, f"{name} page {index + 1} shows no card"
        for card in shown:
            on_page.setdefault(card["text"], []).append(index)
        fonts += [c["font"] for c in g["cards"] if not c["fit"]]
        smaller = [c for c in g["cards"] if c["fit"]]  # higher than the wall: a step smaller, not cut
        assert all(c["text"] == CARD_500 and c["font"] >= min_font * 23 / 28 for c in smaller), smaller
        windows.append(g["window"])
        shots(page, f"projector-distance-{name}-page-{index + 1}")
    assert problems == [], "\n".join(problems)
    assert sorted(on_page) == sorted(texts), f"{name}: not every card is on a page"
    twice = {t: p for t, p in on_page.items() if len(p) > 1}
    assert not twice, f"{name}: cards on more than one page: {twice}"
    assert min(fonts) >= min_font, f"{name}: card letters of {min(fonts)} px"
    page.evaluate("() => window.dialoogWall.go(0)")
    longest = [c for c in g["cards"] if c["text"] == CARD_500]
    narrow = min(c["width"] for c in g["cards"])
    return {"pages": pages, "card_font": min(fonts), "windows": windows, "first": first,
            "longest": {"font": longest[0]["font"], "columns": round(longest[0]["width"] / narrow, 1)} if longest else None}


def test_projector_at_a_distance(server, browser, shots, services):
    started = time.monotonic()
    for old in SCREENSHOTS.glob("projector-distance-*.png"):  # a page fewer than last time leaves none behind
        old.unlink()
    with db.session() as s:
        organiser = s.exec(select(Organiser).where(Organiser.email == ADMIN[0])).one()
    with pytest.raises(InvalidInput):
        participation.clean_name(TOO_LONG_NAME)  # 60 characters: refused, so the screen never shows it
    assert len(TOO_LONG_NAME) == 60 and len(SPEAKER_NAME) == len(NEXT_NAME) == participation.MAX_NAME
    assert len(THEME_60) == 60 and len(CARD_280) == 280 and len(CARD_500) == services.card_max_length
    assert len(CARDS) == 30
    round_id, round_code = seed(organiser.id, "Wijkavond De Akker", themes=False)
    themed_id, themed_code = seed(organiser.id, "Wijkavond De Akker, de oogst", themes=True)
    lobby_title = "Buurtgesprek over de toekomst van de Akkerwijk en het Julianapark"  # 65 characters
    lobby_id = facilitation.create_session(organiser.id, lobby_title)
    rules_id = facilitation.create_session(organiser.id, "Wijkavond De Akker, het begin")
    facilitation.go_to_phase(organiser.id, rules_id, 0)  # "Welkom & afspraken": the ground rules
    with db.session() as s:
        lobby_code = s.get(DialogueSession, lobby_id).join_code
        rules_code = s.get(DialogueSession, rules_id).join_code
    results_code = seed_results(organiser.id)
    measured: dict[str, dict] = {}
    texts = list(CARDS)  # on the round's wall, with the phones' cards as they come

    for width, height, min_font in VIEWPORTS:
        size = f"{width}x{height}"
        small = width < 1920
        ctx = browser.new_context(viewport={"width": width, "height": height}, locale="nl-NL",
                                  reduced_motion="reduce" if small else "no-preference")
        errors: list[str] = []

        # ---- the lobby: the QR code, the address and the code, all on the screen ----------------------
        lobby = ctx.new_page()
        lobby.on("pageerror", lambda e: errors.append(f"lobby: {e}"))
        lobby.goto(f"{server.url}/scherm/{lobby_code}")
        expect(lobby.get_by_text(lobby_title)).to_be_visible()
        g = lobby.evaluate(GEOMETRY, LOBBY)
        assert g["problems"] == [], g["problems"]
        shots(lobby, f"projector-distance-{size}-lobby")
        measured[f"{size} lobby"] = {k: round(v["font"], 1) for k, v in g["boxes"].items()}
        lobby.close()

        # ---- the ground rules, and the vote's outcome (in the wall's place): all of it on the screen -----
        for name, code, sign, boxes in (("rules", rules_code, "Laat de ander uitpraten", [*HEAD, ".d-screen-rules li"]),
                                        ("results", results_code, "Uitslag van de stemming", [*HEAD, ".d-result"])):
            other = ctx.new_page()
            other.on("pageerror", lambda e: errors.append(f"{name}: {e}"))
            other.goto(f"{server.url}/scherm/{code}")
            expect(other.get_by_text(sign)).to_be_visible()
            other.wait_for_timeout(300)
            g = other.evaluate(GEOMETRY, boxes)
            assert g["problems"] == [], g["problems"]
            shots(other, f"projector-distance-{size}-{name}")
            other.close()

        # ---- a round: the long question, the longest names, 30 cards in pages ----------------------------
        screen = ctx.new_page()
        screen.on("pageerror", lambda e: errors.append(f"round: {e}"))
        screen.goto(f"{server.url}/scherm/{round_code}")
        expect(screen.get_by_text(LONG_QUESTION)).to_be_visible()
        expect(screen.locator(".d-screen-speaker")).to_have_text(SPEAKER_NAME)
        expect(screen.locator(".d-screen-upcoming")).to_have_text(f"Hierna: {NEXT_NAME}")
        expect(screen.locator(".d-wall .d-card")).to_have_count(len(texts))
        screen.wait_for_function("() => window.dialoogWall && window.dialoogWall.pages > 1")
        result = check_every_page(screen, shots, f"{size}-round", min_font, texts)
        first = result["first"]
        assert first["boxes"][".d-screen-question"]["font"] >= 40 * height / 1080 - 0.5
        assert first["boxes"][".d-screen-speaker"]["font"] >= 48 * height / 1080 - 0.5  # a 40-character name
        assert first["fade"] == ("0s" if small else "0.45s")  # no fade for who asked for less motion
        measured[f"{size} round"] = {
            "pages": result["pages"], "card font": result["card_font"], "500-character card": result["longest"],
            "wall window": [f"{w['top']:.0f}..{w['bottom']:.0f}" for w in result["windows"]],
            **{k: round(v["font"], 1) for k, v in first["boxes"].items()},
        }

        # New cards from a phone while the wall shows its last page: their page (the first) comes at
        # once. Three in a row move the cards at most twice (one fade each, none with reduced motion).
        show_page(screen, result["pages"] - 1)
        screen.evaluate(COUNT_FADES)
        phone = join_phone(browser, server, round_code, PHONE_NAMES[size])
        placed = time.monotonic()
        for text in PHONE_CARDS[size]:
            phone.get_by_label("Jouw kaart").fill(text)
            phone.get_by_role("button", name="Plaats kaart").click()
            expect(phone.get_by_label("Jouw kaart")).to_have_value("")
        for text in PHONE_CARDS[size]:
            expect(screen.get_by_text(text, exact=True)).to_be_attached()
        screen.wait_for_function(
            "texts => window.dialoogWall.page === 0 && [...document.querySelectorAll('.d-wall .d-card[data-placed]')]"
            ".filter(c => texts.some(t => c.innerText.includes(t))).length === texts.length",
            arg=PHONE_CARDS[size], timeout=6_000,
        )
        g = geometry(screen)
        waited = time.monotonic() - placed
        new = [c for c in g["cards"] if c["text"] in PHONE_CARDS[size]]
        assert len(new) == len(PHONE_CARDS[size]) and all(c["shown"] for c in new), new
        assert g["problems"] == [], g["problems"]
        assert g["label"].startswith("Pagina 1 van "), g["label"]
        fades = screen.evaluate("() => window.__fades")
        assert (fades == 0) if small else (1 <= fades <= 2), fades
        measured[f"{size} new cards"] = {"cards": len(new), "seconds until all shown": round(waited, 2), "fades": fades}
        shots(screen, f"projector-distance-{size}-new-card")
        phone.context.close()
        texts += PHONE_CARDS[size]
        screen.close()

        # ---- themes: a 60-character theme, headings kept with their cards; the pages turn by themselves ----
        themed = ctx.new_page()
        themed.on("pageerror", lambda e: errors.append(f"themes: {e}"))
        frames: list[str] = []
        themed.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload))))
        themed.goto(f"{server.url}/scherm/{themed_code}")
        expect(themed.get_by_text(THEME_60, exact=True)).to_be_attached()
        expect(themed.locator(".d-wall .d-card")).to_have_count(len(CARDS))
        themed.wait_for_function("() => window.dialoogWall && window.dialoogWall.pages > 1")
        result = check_every_page(themed, shots, f"{size}-themes", min_font, CARDS)
        headings = result["first"]["headings"]
        assert headings and min(h["font"] for h in headings) >= 28 * height / 1080 - 0.5
        measured[f"{size} themes"] = {"pages": result["pages"], "card font": result["card_font"],
                                      "theme font": headings[0]["font"]}
        if not small:
            # The pages turn in the browser: the server sends no update while they do.
            themed.evaluate("() => window.dialoogWall.go(0)")
            themed.wait_for_timeout(300)
            before, turned_at = len(frames), time.monotonic()
            themed.wait_for_function("() => window.dialoogWall.page === 1", timeout=(PAGE_SECONDS + 5) * 1000)
            waited = time.monotonic() - turned_at
            assert PAGE_SECONDS - 1 <= waited <= PAGE_SECONDS + 3, waited
            g = geometry(themed)
            assert g["label"] == f"Pagina 2 van {result['pages']}" and g["problems"] == [], g
            updates = [f for f in frames[before:] if re.search(r'"update"', f)]
            assert updates == [], updates[:3]
            measured[f"{size} themes"]["seconds to the next page"] = round(waited, 1)
        themed.close()
        assert errors == [], errors
        ctx.close()

    for where, values in measured.items():
        print(f"{where}: {values}")
    print(f"took {time.monotonic() - started:.1f} s")
