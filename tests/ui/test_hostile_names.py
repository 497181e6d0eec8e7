"""Names with quotes, backslashes and markup stay plain text on every screen."""

import pytest
from nicegui import ui
from nicegui.testing import User

from dialoog.sessions import facilitation, participation, turns
from tests.ui.conftest import log_in

NAMES = ['A" href="javascript:alert(1)', "C:\\Users", '"innerHTML="<img src=1 onerror=x>', "Jo 'Jr' {{ x }}"]


@pytest.mark.parametrize("name", NAMES)
async def test_a_hostile_name_is_shown_literally_on_the_console(user: User, live_session, name):
    org, sid = live_session.organiser_id, live_session.id
    person = participation.join(sid, name)
    participation.join(sid, "Bram")
    facilitation.go_to_phase(org, sid, 1)
    turns.start_round(org, sid)
    await log_in(user)
    await user.open(f"/sessie/{sid}")
    await user.should_see("Nog niet aan bod (2)")
    buttons = [b for b in user.find(kind=ui.button).elements if b.text == person.display_name]
    assert buttons and buttons[0].props["aria-label"] == f"Geef de beurt aan {person.display_name}"
    assert "href" not in buttons[0].props and "innerHTML" not in buttons[0].props
    turns.give_turn(org, sid, person.id)
    await user.open(f"/scherm/{live_session.join_code}")
    await user.should_see(person.display_name)
