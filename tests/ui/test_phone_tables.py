"""The phone at a session with tables (issue #15, docs/tables.md): "Kies je tafel", "Je zit aan
Tafel 1", the turns of one's own table, and the message to all tables. In NiceGUI's simulated
browser."""

import asyncio
import time
from datetime import timedelta

import pytest
from nicegui import ui
from nicegui.testing import User

from dialoog.live import hub
from dialoog.models import utcnow
from dialoog.sessions import facilitation, participation, tables, turns, views
from tests.ui.conftest import press
from tests.ui.test_phone import join


async def hub_caught_up(session_id: int) -> None:
    """Until the hub has flushed the news of the session (a flush follows within a tenth of a second)."""
    channel, deadline = hub.channel(session_id), time.monotonic() + 3
    while (channel.pending or channel.scheduled is not None) and time.monotonic() < deadline:
        await asyncio.sleep(0.02)


@pytest.fixture
async def evening(organiser):  # noqa: F811 - the fixture imported above
    """A session in Kennismaken (rounds) with two tables: its snapshot and the two table ids."""
    sid = facilitation.create_session(organiser.id, "Wijkavond")
    facilitation.go_to_phase(organiser.id, sid, 1)
    tables.set_count(organiser.id, sid, 2)
    snap = views.load_snapshot(sid)
    return snap, [t.id for t in snap.tables]


async def test_a_phone_shows_its_table_and_the_speaker_of_that_table_only(user: User, evening):
    snap, (one, two) = evening
    org, sid = snap.organiser_id, snap.id
    await user.open(f"/j/{snap.join_code}")
    await user.should_see("Je naam")
    await user.should_not_see("Kies je tafel")  # the session seats people where it is quietest
    user.find("Je naam").type("Anna")
    press(user, "Meedoen")
    await user.should_see("Je zit aan Tafel 1")  # the first of equals
    bram, cor, dirk, eva, fien = (participation.join(sid, name) for name in ("Bram", "Cor", "Dirk", "Eva", "Fien"))
    assert [p.table_id for p in (bram, cor, dirk, eva, fien)] == [two, one, two, one, two]
    for table, speaker in ((one, cor), (two, dirk)):
        turns.start_round(org, sid, table=table)
        turns.give_turn(org, sid, speaker.id, table=table)
    await user.should_see("Nu aan het woord: Cor")
    await user.should_not_see("Nu aan het woord: Dirk")

    anna = next(p for p in views.load_snapshot(sid).participants if p.display_name == "Anna")
    tables.move(org, sid, anna.id, two)  # "Verplaats naar": the line and the turns follow her
    await user.should_see("Je zit aan Tafel 2")
    await user.should_see("Nu aan het woord: Dirk")
    await user.should_not_see("Je zit aan Tafel 1")
    await user.should_not_see("Nu aan het woord: Cor")
    assert turns.next_speaker(org, sid, table=two) == bram.id  # Fien is next; Anna only hears a new name:
    await user.should_see("Nu aan het woord: Bram")  # the hub's cheap path for a new name (on_new_name)


async def test_the_join_form_lets_people_choose_their_table_when_allowed(user: User, evening):
    snap, (one, two) = evening
    org, sid = snap.organiser_id, snap.id
    tables.set_choice(org, sid, True)
    participation.join(sid, "Bram", table=one)
    await hub_caught_up(sid)  # a join form is built from the hub's snapshot, and then stays as it is
    await user.open(f"/j/{snap.join_code}")
    await user.should_see("Kies je tafel")
    await user.should_see("Tafel 1 (1 persoon)")
    assert user.find(kind=ui.radio).elements.pop().props["aria-label"] == "Kies je tafel"  # its accessible name
    user.find("Je naam").type("Anna")
    press(user, "Meedoen")
    await user.should_see("Kies eerst je tafel.")  # required before "Meedoen"
    user.find("Tafel 2 (0 mensen)").click()
    press(user, "Meedoen")
    await user.should_see("Hoi Anna")
    await user.should_see("Je zit aan Tafel 2")
    seated = {p.display_name: p.table_id for p in views.load_snapshot(sid).participants}
    assert seated == {"Bram": one, "Anna": two}


async def test_a_message_to_all_tables_shows_on_top_until_taken_back_or_too_old(user: User, evening, monkeypatch):
    snap, _tables = evening
    org, sid = snap.organiser_id, snap.id
    await join(user, snap.join_code, "Anna")
    from dialoog.pages import phone_view  # the app's own module, loaded with the page

    monkeypatch.setattr(phone_view, "MESSAGE_CHECK", 0.1)
    tables.send_message(org, sid, "Nog 5 minuten")
    await user.should_see("Nog 5 minuten")
    banner = user.find("Nog 5 minuten").elements.pop()
    assert banner.props["role"] == "alert"
    tables.clear_message(org, sid)
    await user.should_not_see("Nog 5 minuten")

    tables.send_message(org, sid, "<b>Koffie</b> staat klaar")
    await user.should_see("<b>Koffie</b> staat klaar")  # the text as text, never as HTML
    later = utcnow() + timedelta(minutes=6)
    monkeypatch.setattr(tables, "utcnow", lambda: later)  # five minutes pass: the phone's clock check
    await user.should_not_see("Koffie")


async def test_a_table_that_runs_on_keeps_its_question_on_the_phone(user: User, evening):
    snap, (one, _two) = evening
    org, sid = snap.organiser_id, snap.id
    facilitation.next_phase(org, sid)  # Ervaringen
    await join(user, snap.join_code, "Anna")  # at Tafel 1, the first of equals
    await user.should_see("Vertel over een moment")
    tables.set_runs_on(org, sid, one, True)  # "Laat doorlopen": Tafel 1 is not done yet
    facilitation.next_phase(org, sid)  # the other tables dream
    await hub_caught_up(sid)
    await user.should_see("Vertel over een moment")  # Anna's table still tells its experiences
    await user.should_not_see("Stel: het is over drie jaar")
    user.find("Jouw kaart").type("Het buurthuis ging dicht")
    press(user, "Plaats kaart")
    await user.should_see("Je kaart staat op het scherm")
    card = views.load_snapshot(sid).cards[-1]
    assert (card.kind, card.phase_id) == ("ervaring", views.load_snapshot(sid).phase_at(one).id)
    tables.set_runs_on(org, sid, one, False)  # and now Tafel 1 joins the others
    await user.should_see("Stel: het is over drie jaar")
    await user.should_not_see("Vertel over een moment")
