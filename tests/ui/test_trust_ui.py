"""Flooding and guessing, as a phone sees it: a calm message, nothing typed is lost."""

from nicegui import ui
from nicegui.testing import User

from dialoog.sessions import facilitation, participation
from tests.ui.conftest import press
from tests.ui.test_phone import join


async def test_flooding_phone_gets_a_kind_message_and_keeps_its_text(user: User, live_session):
    await join(user, live_session.join_code, "Anna")
    facilitation.go_to_phase(live_session.organiser_id, live_session.id, 2)
    await user.should_see("Vertel over een moment")
    for n in range(10):
        user.find(kind=ui.textarea, content="Jouw kaart").type(f"Kaart {n}")
        press(user, "Plaats kaart")
        await user.should_see(f"Kaart {n}")
    user.find(kind=ui.textarea, content="Jouw kaart").type("De elfde")
    press(user, "Plaats kaart")
    await user.should_see("Rustig aan")
    assert user.find(kind=ui.textarea, content="Jouw kaart").elements.pop().value == "De elfde"
    assert participation.count_cards(live_session.id) == 10


async def test_guessing_codes_is_slowed_down(user: User, live_session):
    for n in range(20):
        await user.open(f"/j/QQQQ{n:02d}")
    await user.open(f"/j/{live_session.join_code}")  # even the right code waits a minute now
    await user.should_see("veel verkeerde codes")
