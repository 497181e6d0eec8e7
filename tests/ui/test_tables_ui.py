"""Tables on the consoles (issue #15) in NiceGUI's simulated browser: the main console's "Tafels"
panel and a table host's console, which runs its own table's rounds and nothing else."""

import pytest
from nicegui import ui
from nicegui.testing import User

from dialoog.sessions import facilitation, facilitator_links, participation, tables, turns, views
from tests.ui.conftest import log_in, press


@pytest.fixture
def two_tables(live_session):
    """Anna, Bram, Cor and Dirk in Kennismaken at two tables: (session, organiser, table 1, table 2)."""
    sid, org = live_session.id, live_session.organiser_id
    for name in ("Anna", "Bram", "Cor", "Dirk"):
        participation.join(sid, name)
    facilitation.go_to_phase(org, sid, 1)
    tables.set_count(org, sid, 2)
    one, two = (t.id for t in views.load_snapshot(sid).tables)
    return sid, org, one, two


def seated(session_id: int) -> dict[str, str]:
    snap = views.load_snapshot(session_id)
    return {p.display_name: snap.table_name(p.table_id) for p in snap.participants}


async def test_main_console_sets_tables_moves_people_and_talks_to_all_tables(user: User, live_session):
    sid, org = live_session.id, live_session.organiser_id
    for name in ("Anna", "Bram", "Cor", "Dirk"):
        participation.join(sid, name)
    facilitation.go_to_phase(org, sid, 1)
    await log_in(user)
    await user.open(f"/sessie/{sid}")
    await user.should_see("Tafels")
    await user.should_not_see("Tafelweergave")  # one group: nothing about tables but the number
    user.find("Aantal tafels").clear().type("2").trigger("change")
    await user.should_see("Tafel 2")
    assert seated(sid) == {"Anna": "Tafel 1", "Bram": "Tafel 2", "Cor": "Tafel 1", "Dirk": "Tafel 2"}
    await user.should_see("2 mensen · 0 kaarten")

    screen = next(t for t in user.find(kind=ui.toggle).elements if "tafels" in t.options)
    assert screen.options == {"plenair": "Plenair", "tafels": "Tafelweergave"}
    screen.value = "tafels"  # the projector: per table
    assert views.load_snapshot(sid).projector_view == "tafels"

    press(user, "Versturen")
    await user.should_see("Schrijf eerst een kort bericht")
    user.find("Bericht aan alle tafels").type("Nog 5 minuten")
    press(user, "Versturen")
    await user.should_see("Op alle tafels en telefoons: ‘Nog 5 minuten’")
    assert views.load_snapshot(sid).table_message == "Nog 5 minuten"
    press(user, "Bericht intrekken")
    await user.should_not_see("Op alle tafels en telefoons")

    moves = [b for b in user.find(kind=ui.button).elements if b.props.get("aria-label") == "Verplaats naar"]
    assert len([b for b in moves if b.visible]) == 4  # one on every row
    anna = views.load_snapshot(sid).participants[0]
    user.find(marker=f"move-{anna.id}").click()
    await user.should_see("Anna verplaatsen")
    press(user, "Verplaatsen")
    await user.should_see("3 mensen · 0 kaarten")
    assert views.load_snapshot(sid).participant(anna.id).table_id == views.load_snapshot(sid).tables[1].id

    user.find(marker="lead-table-2").click()  # "Beurten leiden aan Tafel 2"
    press(user, "Start ronde")
    await user.should_see("0 van 3 gehoord")
    assert turns.state(sid, views.load_snapshot(sid).tables[1].id).live_round is not None
    assert turns.state(sid, views.load_snapshot(sid).tables[0].id).live_round is None


async def test_a_table_host_runs_their_table_on_a_console_of_their_own(user: User, create_user, two_tables):
    sid, org, one, two = two_tables
    token = facilitator_links.create(org, sid, "Fatima", table=one)

    fatima = create_user()
    await fatima.open(f"/f/{token}")
    await fatima.should_see("Tafel 1")
    await fatima.should_see("Tafelleider")
    for not_hers in ("Volgende fase", "Aantal tafels", "Bericht aan alle tafels", "Dirk", "Exporteer"):
        await fatima.should_not_see(not_hers)
    press(fatima, "Start ronde")
    await fatima.should_see("Nog niet aan bod (2)")
    press(fatima, "Volgende spreker")
    await fatima.should_see("Hierna: Cor")
    press(fatima, "Pas")
    await fatima.should_see("tweede kans")
    press(fatima, "Ongedaan maken")
    await fatima.should_not_see("tweede kans")
    assert turns.state(sid, one).speaker is not None and turns.state(sid, two).round is None

    press(fatima, "Deelnemer zonder telefoon toevoegen")
    fatima.find("Naam").type("Kees")
    press(fatima, "Toevoegen")
    await fatima.should_see("Kees")
    assert seated(sid)["Kees"] == "Tafel 1"

    tables.send_message(org, sid, "Nog 5 minuten")
    await fatima.should_see("Nog 5 minuten")
    tables.clear_message(org, sid)
    await fatima.should_not_see("Nog 5 minuten")


async def test_one_table_runs_on_while_the_console_moves_the_others_on(user: User, two_tables):
    sid, org, one, two = two_tables
    await log_in(user)
    await user.open(f"/sessie/{sid}")
    await user.should_see("Tafel 2")
    switch = next(s for s in user.find(kind=ui.switch).elements
                  if s.props.get("aria-label") == "Laat doorlopen: Tafel 1")
    switch.value = True
    assert views.load_snapshot(sid).table(one).runs_on
    press(user, "Volgende fase")
    await user.should_see("Nog in Kennismaken. Nog geen ronde.")
    assert turns.state(sid, one).phase == 1 and turns.state(sid, two).phase == 2
    switch.value = False
    await user.should_not_see("Nog in Kennismaken")
    assert turns.state(sid, one).phase == 2


async def test_what_the_facilitator_types_in_aantal_tafels_stays_while_news_comes_in(user: User, live_session):
    sid = live_session.id
    await log_in(user)
    await user.open(f"/sessie/{sid}")
    await user.should_see("Aantal tafels")
    count = user.find("Aantal tafels").elements.pop()
    count.value = 1  # half-way through typing "12": no change event yet
    participation.join(sid, "Anna")  # the console repaints its people, and the panel
    await user.should_see("Deelnemers (1)")
    assert count.value == 1 and views.load_snapshot(sid).tables == ()


async def test_dragging_a_person_onto_a_table_card_moves_them(user: User, two_tables):
    """The drop's server side; the dragging itself is tested in Chromium (test_tables_evening)."""
    sid, org, one, two = two_tables
    await log_in(user)
    await user.open(f"/sessie/{sid}")
    await user.should_see("Sleep de naam uit de lijst met deelnemers")
    snap = views.load_snapshot(sid)
    anna = next(p for p in snap.participants if p.display_name == "Anna")
    assert anna.table_id == one
    rows = [r for r in user.find(kind=ui.row).elements if r.props.get("draggable")]
    assert len(rows) == 4  # every row of the people list can be dragged

    card_two = user.find(marker="table-card-2")
    card_two.trigger("drop", "not a person")  # something else dropped: nothing happens
    card_two.trigger("drop", 999_999)  # nobody of this session
    user.find(marker="table-card-1").trigger("drop", anna.id)  # where she sits already
    assert seated(sid)["Anna"] == "Tafel 1"

    card_two.trigger("drop", anna.id)
    await user.should_see("Anna zit nu aan Tafel 2.")
    assert seated(sid) == {"Anna": "Tafel 2", "Bram": "Tafel 2", "Cor": "Tafel 1", "Dirk": "Tafel 2"}
    await user.should_see("3 mensen · 0 kaarten")


async def test_a_table_hosts_people_list_cannot_be_dragged(user: User, create_user, two_tables):
    sid, org, one, _two = two_tables
    token = facilitator_links.create(org, sid, "Fatima", table=one)
    fatima = create_user()
    await fatima.open(f"/f/{token}")
    await fatima.should_see("Anna")
    assert not [r for r in fatima.find(kind=ui.row).elements if r.props.get("draggable")]
    assert not [e for e in fatima.find(kind=ui.column).elements if "drop" in {ls.type for ls in e._event_listeners.values()}]
