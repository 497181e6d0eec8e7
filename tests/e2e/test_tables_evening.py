"""A neighbourhood evening at three tables in real Chromium (issue #15's "done when"): three table
hosts each run a full round with a pass on their phone, the plenary projector shows the cards of
all three tables, one vote over all tables ranks them, and the report has a section per table."""

import re

from playwright.sync_api import expect

from tests.e2e.axe_check import assert_clean, audit, axe_script
from tests.e2e.conftest import join_phone, log_in_and_create, phone_context

TABLES = {1: ("Anna", "Dirk", "Gijs"), 2: ("Bram", "Eva", "Hanna"), 3: ("Cor", "Fien", "Ilse")}
ARRIVING = sorted(name for names in TABLES.values() for name in names)  # each sits at the quietest table
LINK = re.compile(r"http://127\.0\.0\.1:\d+/f/[A-Za-z0-9_-]{32}")


def host_link(console, table: int, host: str) -> str:
    """The organiser makes a table host's link from the table's card in "Tafels"."""
    console.get_by_role("button", name=f"Link tafelleider van Tafel {table}").click()
    dialog = console.get_by_role("dialog")
    expect(dialog.get_by_text(f"alleen de beurten aan Tafel {table}")).to_be_visible()
    dialog.get_by_label("Naam van de gespreksleider").fill(host)
    dialog.get_by_role("button", name="Link maken").click()
    expect(dialog.get_by_text(f"Link voor {host}, tafelleider van Tafel {table}")).to_be_visible()
    url = LINK.search(dialog.get_by_text(LINK).inner_text()).group(0)
    dialog.get_by_role("button", name="Sluiten").click()
    expect(dialog).to_be_hidden()
    return url


def run_round_with_a_pass(host, names: tuple[str, str, str]) -> None:
    """Start ronde; the first speaker passes, the others speak, the one who passed speaks last."""
    first, second, third = names
    host.get_by_role("button", name="Start ronde").click()
    expect(host.get_by_text("Nog niet aan bod (3)")).to_be_visible()
    next_speaker = host.get_by_role("button", name="Volgende spreker")
    next_speaker.click()
    expect(host.get_by_text(f"Hierna: {second}")).to_be_visible()
    host.get_by_role("button", name="Pas").click()
    expect(host.get_by_text("tweede kans")).to_be_visible()
    next_speaker.click()
    expect(host.get_by_text(f"Hierna: {third}")).to_be_visible()
    next_speaker.click()
    expect(host.get_by_text(f"Hierna: {first}")).to_be_visible()  # the second chance comes last
    next_speaker.click()
    expect(host.locator(".d-speaker")).to_contain_text(first)
    next_speaker.click()
    expect(host.get_by_text("· iedereen is gehoord", exact=True)).to_be_visible()


def test_three_tables_one_plenary(server, browser, shots):
    axe = axe_script()  # every new screen is checked against WCAG 2.2 AA on the way
    ctx, console, code = log_in_and_create(browser, server, "Wijkavond De Akker")
    console.get_by_label("Aantal tafels").fill("3")
    console.get_by_label("Aantal tafels").press("Tab")
    expect(console.get_by_text("Tafel 3", exact=True)).to_be_visible()
    phones = {name: join_phone(browser, server, code, name) for name in ARRIVING}
    for table, names in TABLES.items():
        for name in names:
            expect(phones[name].get_by_text(f"Je zit aan Tafel {table}")).to_be_visible()
    projector = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    projector.goto(f"{server.url}/scherm/{code}")
    hosts = {}
    for table in TABLES:
        page = phone_context(browser).new_page()
        page.goto(host_link(console, table, f"Host {table}"))
        expect(page.get_by_role("heading", name=f"Tafel {table}")).to_be_visible()
        hosts[table] = page
    for _ in range(5):  # the whole room, all tables together, to "Mogelijkheden"
        console.get_by_role("button", name="Volgende fase").click()
    expect(console.locator("div:text-is('5. Mogelijkheden')")).to_be_visible()

    for table, host in hosts.items():
        run_round_with_a_pass(host, TABLES[table])
        expect(console.get_by_text("3 mensen · 3 van 3 gehoord · 0 kaarten")).to_have_count(table)
    shots(hosts[2], "tables-host-360", full_page=True)
    audits = [audit(hosts[2], "table host (360 px)", axe), audit(console, "console with tables", axe)]

    console.get_by_label("Bericht aan alle tafels").fill("Nog 5 minuten")
    console.get_by_role("button", name="Versturen").click()
    for page in (hosts[1], phones["Ilse"]):
        expect(page.get_by_role("alert").filter(has_text="Nog 5 minuten")).to_be_visible()
    shots(phones["Ilse"], "tables-phone-message")
    audits += [audit(phones["Ilse"], "phone at a table, with the message", axe),
               audit(hosts[1], "table host with the message", axe)]

    for names in TABLES.values():
        for name in names:
            phone = phones[name]
            phone.get_by_label("Jouw kaart").fill(f"Idee van {name}")
            phone.get_by_role("button", name="Plaats kaart").click()
            expect(phone.get_by_text(f"Idee van {name}", exact=True)).to_be_visible()
    for names in TABLES.values():  # the plenary: every table's cards on one screen
        for name in names:
            expect(projector.get_by_text(f"Idee van {name}", exact=True)).to_be_visible()
    expect(console.get_by_text("3 mensen · 3 van 3 gehoord · 3 kaarten")).to_have_count(3)
    shots(projector, "tables-projector-plenary")
    console.get_by_role("button", name="Tafelweergave").click()
    for table in TABLES:
        expect(projector.get_by_text(f"Tafel {table}", exact=True)).to_be_visible()
    shots(projector, "tables-projector-per-table")
    audits.append(audit(projector, "projector per table", axe))
    shots(console, "tables-console-overview", full_page=True)

    # One vote over all tables' possibilities: their ranking is shared.
    console.get_by_role("button", name="Stemmen openen").click()
    for voter in ("Anna", "Dirk", "Gijs", "Hanna"):
        phones[voter].get_by_role("button", name="Stem: Idee van Eva").click()
        expect(phones[voter].get_by_text("Je hebt nog 2 van je 3 stemmen.")).to_be_visible()
    phones["Bram"].get_by_role("button", name="Stem: Idee van Cor").click()
    console.get_by_role("button", name="Uitslag tonen").click()
    expect(projector.get_by_text("Uitslag van de stemming")).to_be_visible()
    first = projector.locator(".d-result").first
    expect(first).to_contain_text("Idee van Eva")

    # Everyone was heard at every table: the report comes without the gate's question.
    console.get_by_role("button", name="Exporteer").click()
    with console.expect_download() as download:
        console.locator(".q-menu").get_by_text("Markdown", exact=True).click()
    report = open(download.value.path(), encoding="utf-8").read()
    for table in TABLES:
        assert f"Tafel {table}" in report
    assert report.index("Idee van Eva") < report.index("Idee van Cor")  # the shared ranking
    assert_clean(audits)


def test_dragging_a_name_onto_a_table_moves_that_person(server, browser, shots):
    """"Verplaats naar" with the mouse: a row of the people list dragged onto a table's card."""
    ctx, console, code = log_in_and_create(browser, server, "Schuiven aan tafel")
    console.get_by_label("Aantal tafels").fill("2")
    console.get_by_label("Aantal tafels").press("Tab")
    expect(console.get_by_text("Tafel 2", exact=True)).to_be_visible()
    phones = {name: join_phone(browser, server, code, name) for name in ("Anna", "Bram", "Cor")}
    expect(phones["Anna"].get_by_text("Je zit aan Tafel 1")).to_be_visible()
    anna = console.locator(".d-draggable", has_text="Anna")
    target = console.locator(".d-table-card", has_text="Tafel 2")
    expect(target).to_contain_text("1 persoon · 0 kaarten")  # Bram
    anna.hover()
    console.mouse.down()
    box = target.bounding_box()
    for step in range(3):  # Chromium sends "dragover" as the mouse moves on
        console.mouse.move(box["x"] + 30 + 5 * step, box["y"] + 30)
    expect(target).to_have_class(re.compile(r"\bd-drop\b"))  # the card shows where she will go
    shots(console, "tables-drag-to-table")
    console.mouse.up()
    expect(console.get_by_text("Anna zit nu aan Tafel 2.")).to_be_visible()
    expect(target).not_to_have_class(re.compile(r"\bd-drop\b"))
    expect(phones["Anna"].get_by_text("Je zit aan Tafel 2")).to_be_visible()
    expect(target).to_contain_text("2 mensen · 0 kaarten")  # Anna and Bram

    console.get_by_role("textbox", name="Bericht aan alle tafels").drag_to(target)  # not a person: nothing moves
    expect(phones["Anna"].get_by_text("Je zit aan Tafel 2")).to_be_visible()
