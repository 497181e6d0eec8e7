"""Console + projector + three phones in real Chromium, through joining and a card round."""

from playwright.sync_api import expect

from tests.e2e.conftest import log_in_and_create, phone_context

NAMES = ["Anna", "Bram", "Fatima"]
CARDS = {
    "Anna": "Toen mijn fiets gestolen was, leende de buurman me de zijne.",
    "Bram": "Bij de straatbarbecue kende ik opeens iedereen.",
    "Fatima": "De bakker vroeg hoe het met mijn moeder ging <b>echt</b> 😊",
}


def px(locator, prop: str = "font-size") -> float:
    return float(locator.evaluate(f"el => getComputedStyle(el).getPropertyValue('{prop}')").replace("px", ""))


def test_console_projector_and_three_phones(server, browser, shots):
    # The facilitator logs in and creates a session.
    console_ctx, console, code = log_in_and_create(browser, server)
    expect(console.get_by_text(code, exact=True)).to_be_visible()

    # The projector shows the big QR code, the code and the URL.
    projector_ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="nl-NL")
    projector = projector_ctx.new_page()
    projector.goto(f"{server.url}/scherm/{code}")
    expect(projector.get_by_text(f"{server.url}/j/{code}")).to_be_visible()
    expect(projector.get_by_role("img", name="QR-code om mee te doen").first).to_be_visible()
    shots(projector, "projector-1-lobby")

    # Three phones join; the console sees them arrive.
    phones = []
    for name in NAMES:
        ctx = phone_context(browser)
        phone = ctx.new_page()
        phone.goto(f"{server.url}/j/{code}")
        if name == "Anna":
            shots(phone, "phone-1-join")
        phone.get_by_label("Je naam").fill(name)
        phone.get_by_role("button", name="Meedoen").click()
        expect(phone.get_by_text(f"Hoi {name}")).to_be_visible()
        phones.append((name, phone))
    expect(console.get_by_text("Deelnemers (3)")).to_be_visible()
    expect(projector.get_by_text("3 mensen doen mee")).to_be_visible()
    shots(phones[0][1], "phone-2-waiting")
    # No round yet: the "Nu aan het woord" line is empty, and its style takes it out of the layout
    # (the turn broadcast then only has to set its text, on a thousand phones alike).
    turn_line = phones[0][1].locator(".d-turn-info")
    assert turn_line.text_content() == ""
    assert turn_line.evaluate("el => getComputedStyle(el).display") == "none"

    # Through the welcome and introductions to the experiences round.
    for _ in range(3):
        console.get_by_role("button", name="Volgende fase").click()
    question = "Vertel over een moment in deze buurt"
    expect(projector.get_by_text(question)).to_be_visible()
    for name, phone in phones:
        expect(phone.get_by_text(question)).to_be_visible()
        if name == "Bram":  # key by key, then tap at once: the debounced field must not lose the end
            phone.get_by_label("Jouw kaart").press_sequentially(CARDS[name], delay=5)
        else:
            phone.get_by_label("Jouw kaart").fill(CARDS[name])
        phone.get_by_role("button", name="Plaats kaart").click()
        expect(phone.get_by_text(CARDS[name], exact=True)).to_be_visible()

    # Every card reaches the projector and the console, as plain text.
    for text in CARDS.values():
        expect(projector.get_by_text(text, exact=True)).to_be_visible()
        expect(console.get_by_text(text, exact=True)).to_be_visible()
    expect(console.get_by_text("(3)", exact=True)).to_be_visible()
    assert projector.locator("b").count() == 0  # "<b>echt</b>" stayed text

    # Readable from the back of the room; comfortable on a phone.
    assert px(projector.get_by_text(question)) >= 40
    assert px(projector.get_by_text(CARDS["Anna"], exact=True)) >= 24
    assert px(phones[0][1].locator("body")) >= 18
    page_width = phones[0][1].evaluate("document.documentElement.scrollWidth")
    assert page_width <= 360, f"the phone page scrolls sideways ({page_width}px)"

    shots(projector, "projector-2-cards")
    shots(console, "console-1-cards", full_page=True)
    shots(phones[2][1], "phone-3-card-placed", full_page=True)

    # A phone that reloads comes back as the same person, with its card.
    anna = phones[0][1]
    anna.reload()
    expect(anna.get_by_text("Hoi Anna")).to_be_visible()
    expect(anna.get_by_text(CARDS["Anna"], exact=True)).to_be_visible()

    # The dashboard lists the session with its status and counts.
    console.goto(f"{server.url}/dashboard")
    expect(console.get_by_text("Bezig: Ervaringen")).to_be_visible()
    expect(console.get_by_text("3 deelnemers")).to_be_visible()
    shots(console, "dashboard")

    # A mistyped code gets a friendly page with a field, on a phone.
    anna.goto(f"{server.url}/j/QQQQQQ")
    expect(anna.get_by_text("Deze sessie bestaat niet of is afgelopen")).to_be_visible()
    shots(anna, "phone-4-unknown-code")

    for ctx in {console_ctx, projector_ctx, *(p.context for _, p in phones)}:
        ctx.close()


def test_a_typed_card_survives_a_reload(server, browser):
    ctx, console, code = log_in_and_create(browser, server)
    for _ in range(3):
        console.get_by_role("button", name="Volgende fase").click()
    phone = phone_context(browser).new_page()
    phone.goto(f"{server.url}/j/{code}")
    phone.get_by_label("Je naam").fill("Anna")
    phone.get_by_role("button", name="Meedoen").click()
    field = phone.get_by_label("Jouw kaart")
    expect(field).to_be_visible()
    phone.wait_for_timeout(500)  # the draft keeper hooks in once the socket is up
    field.press_sequentially("Half getypt, en toen viel de wifi weg", delay=10)
    phone.reload()
    expect(phone.get_by_label("Jouw kaart")).to_have_value("Half getypt, en toen viel de wifi weg")
    phone.get_by_role("button", name="Plaats kaart").click()
    expect(phone.get_by_text("Half getypt, en toen viel de wifi weg", exact=True)).to_be_visible()
    phone.reload()
    expect(phone.get_by_text("Hoi Anna")).to_be_visible()
    phone.wait_for_timeout(800)
    expect(phone.get_by_label("Jouw kaart")).to_have_value("")  # confirmed by the server: forgotten
