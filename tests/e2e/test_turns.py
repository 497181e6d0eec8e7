"""A full round in real Chromium, and a round that survives kill -9 of the server."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import join_phone, log_in_and_create


def to_phase(console, name: str, clicks: int) -> None:
    for _ in range(clicks):
        console.get_by_role("button", name="Volgende fase").click()
    expect(console.get_by_text(f"Nog geen ronde in {name}")).to_be_visible()


def test_full_round_with_a_pass_and_its_second_chance(server, browser, shots):
    ctx, console, code = log_in_and_create(browser, server)
    phones = {name: join_phone(browser, server, code, name) for name in ("Anna", "Bram", "Cor")}
    projector = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    projector.goto(f"{server.url}/scherm/{code}")
    to_phase(console, "Kennismaken", 2)

    console.get_by_role("button", name="Start ronde").click()
    expect(console.get_by_text("Nog niet aan bod (3)")).to_be_visible()
    console.get_by_role("button", name="Volgende spreker").click()
    expect(phones["Anna"].get_by_text("Jij bent aan de beurt")).to_be_visible()
    expect(phones["Bram"].get_by_text("Jij bent hierna aan de beurt.")).to_be_visible()
    expect(projector.locator(".d-screen-speaker")).to_have_text("Anna")
    shots(phones["Anna"], "turns-phone-your-turn")

    phones["Anna"].get_by_role("button", name="Ik pas").click()  # Anna passes; she gets a second chance
    expect(console.get_by_text("tweede kans")).to_be_visible()
    console.get_by_role("button", name="Volgende spreker").click()
    expect(phones["Bram"].get_by_text("Jij bent aan de beurt")).to_be_visible()
    phones["Bram"].get_by_role("button", name="Klaar met spreken").click()
    expect(console.get_by_text("Hierna: Cor")).to_be_visible()
    console.get_by_role("button", name="Volgende spreker").click()
    expect(phones["Cor"].get_by_text("Jij bent aan de beurt")).to_be_visible()
    expect(console.get_by_text("1 van 3 gehoord")).to_be_visible()
    expect(console.get_by_text("Hierna: Anna")).to_be_visible()  # the second chance comes last
    console.get_by_text("Tijd tonen op scherm").click()  # the calm ring appears only when asked for
    expect(projector.locator(".q-circular-progress")).to_be_visible()
    shots(console, "turns-console-mid-round", full_page=True)
    shots(projector, "turns-projector-mid-round")

    console.get_by_role("button", name="Volgende spreker").click()
    expect(phones["Anna"].get_by_text("Jij bent aan de beurt")).to_be_visible()
    phones["Anna"].get_by_role("button", name="Klaar met spreken").click()
    expect(console.get_by_text("· iedereen is gehoord", exact=True)).to_be_visible()
    expect(projector.get_by_text("Iedereen is gehoord", exact=True)).to_be_visible()
    expect(console.get_by_text("Iedereen is gehoord in elke ronde")).to_be_visible()
    for phone in phones.values():
        expect(phone.get_by_text("Jij bent aan de beurt")).to_be_hidden()


def test_round_state_survives_kill_9(server, browser):
    ctx, console, code = log_in_and_create(browser, server)
    phones = {name: join_phone(browser, server, code, name) for name in ("Anna", "Bram", "Cor")}
    to_phase(console, "Kennismaken", 2)
    console.get_by_role("button", name="Start ronde").click()
    console.get_by_role("button", name="Volgende spreker").click()
    expect(console.get_by_text("Hierna: Bram")).to_be_visible()
    console.get_by_role("button", name="Pas", exact=True).click()  # Anna passes
    console.get_by_role("button", name="Volgende spreker").click()  # Bram speaks
    expect(phones["Bram"].get_by_text("Jij bent aan de beurt")).to_be_visible()
    phones["Anna"].wait_for_timeout(2200)  # Bram talks a while
    before_elapsed = console.locator(".d-speaker .tabular-nums").inner_text()

    server.kill()
    server.start()

    # A fresh tab: the old one reloads by itself once its socket is back, which would race a reload here.
    url = console.url
    console = ctx.new_page()
    console.goto(url)
    expect(console.locator(".d-speaker").get_by_text("Bram")).to_be_visible()
    expect(console.get_by_text("Hierna: Cor")).to_be_visible()
    expect(console.get_by_text("tweede kans")).to_be_visible()
    expect(console.get_by_text("Nog niet aan bod (2)")).to_be_visible()
    elapsed = console.locator(".d-speaker .tabular-nums").inner_text()
    assert re.fullmatch(r"\d+:\d\d", elapsed)
    seconds = int(elapsed.split(":")[0]) * 60 + int(elapsed.split(":")[1])
    before = int(before_elapsed.split(":")[0]) * 60 + int(before_elapsed.split(":")[1])
    assert seconds >= before  # Bram's time runs on from the stored start, not from zero
    # The phones come back by themselves and show the same turn.
    expect(phones["Bram"].get_by_text("Jij bent aan de beurt")).to_be_visible(timeout=20_000)
