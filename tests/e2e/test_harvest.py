"""The harvest in real Chromium: a hidden card leaves the screen, dot voting on a phone, results, export."""

from playwright.sync_api import expect

from tests.e2e.conftest import join_phone, log_in_and_create


def test_moderation_voting_and_export(server, browser, shots):
    ctx, console, code = log_in_and_create(browser, server)
    phones = {name: join_phone(browser, server, code, name) for name in ("Anna", "Bram")}
    projector = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    projector.goto(f"{server.url}/scherm/{code}")
    for _ in range(5):
        console.get_by_role("button", name="Volgende fase").click()
    # The console's current phase, not its button in the list of phases (always there: waiting
    # for that passed before the clicks had arrived, and failed once the label said the same).
    expect(console.locator("div:text-is('5. Mogelijkheden')")).to_be_visible()
    ideas = {"Anna": ["Een buurtapp voor klusjes", "Bel mij: 06 12345678"], "Bram": ["Een ruilkast bij de school"]}
    for name, texts in ideas.items():
        phone = phones[name]
        expect(phone.get_by_text("Wat kunnen we samen doen?")).to_be_visible()
        for text in texts:
            phone.get_by_label("Jouw kaart").fill(text)
            phone.get_by_role("button", name="Plaats kaart").click()
            expect(phone.get_by_text(text, exact=True)).to_be_visible()
    expect(projector.get_by_text("Bel mij: 06 12345678", exact=True)).to_be_visible()

    # The facilitator hides a card with a phone number: it leaves the screen at once.
    card = console.locator(".d-card", has_text="Bel mij: 06 12345678")
    card.get_by_role("button", name="Verbergen").click()
    expect(card.get_by_role("button", name="Tonen")).to_be_visible()
    expect(projector.get_by_text("Bel mij: 06 12345678", exact=True)).to_be_hidden()

    # Dot voting on the phones, a live tally on the console, results on the screen.
    console.get_by_role("button", name="Stemmen openen").click()
    anna = phones["Anna"]
    expect(anna.get_by_text("Je hebt nog 3 van je 3 stemmen.")).to_be_visible()
    anna.get_by_role("button", name="Stem: Een buurtapp voor klusjes").click()
    expect(anna.get_by_text("Je hebt nog 2 van je 3 stemmen.")).to_be_visible()
    anna.get_by_role("button", name="Stem: Een ruilkast bij de school").click()
    phones["Bram"].get_by_role("button", name="Stem: Een ruilkast bij de school").click()
    expect(console.get_by_text("3 stemmen van 2 mensen")).to_be_visible()
    shots(anna, "harvest-phone-voting", full_page=True)
    console.get_by_role("button", name="Uitslag tonen").click()
    expect(projector.get_by_text("Uitslag van de stemming")).to_be_visible()
    shots(projector, "harvest-projector-results")
    shots(console, "harvest-console", full_page=True)

    # Export: with a round not finished, the gate explains first; a reason lets it through.
    console.get_by_role("button", name="Start ronde").click()
    expect(console.get_by_text("Nog niet aan bod (2)")).to_be_visible()
    console.get_by_role("button", name="Exporteer").click()
    console.locator(".q-menu").get_by_text("PDF", exact=True).click()
    expect(console.get_by_text("Nog te horen — Mogelijkheden: Anna, Bram.")).to_be_visible()
    console.get_by_role("button", name="Toch exporteren").click()
    expect(console.get_by_text("Schrijf op waarom")).to_be_visible()
    with console.expect_download() as download:
        console.get_by_label("Reden", exact=True).fill("Proef: de ronde is niet afgemaakt")
        console.get_by_role("button", name="Toch exporteren").click()
    path = download.value.path()
    assert open(path, "rb").read(5) == b"%PDF-"
