"""Comfort on the phone (issue #14): "Grotere letters" and "Voorlezen" on every phone view,
remembered in the browser and applied while the page is built. Speech itself is the browser's
(tests/e2e/test_comfort.py hears it in Chromium); here: the switches, the classes, the memory."""

from nicegui import ui
from nicegui.elements.query import QueryElement
from nicegui.testing import User

from dialoog.pages.phone_comfort import COMFORT_CLASS, QUESTION_CLASS, READ_ALOUD_CLASS, SAY_TURN_CLASS
from dialoog.sessions import facilitation, turns
from tests.ui.conftest import press
from tests.ui.test_phone import join, phase

NAMES = ("Grotere letters", "Voorlezen")  # the UI contract: exactly these accessible names


def switch(user: User, name: str) -> ui.switch:
    [found] = [s for s in user.find(kind=ui.switch, content=name).elements if s.text == name]
    return found


def body_classes(user: User) -> list[str]:
    """The classes the page puts on <body> (NiceGUI's ui.query('body') sends them with the page)."""
    [body] = [e for e in user.client.elements.values() if isinstance(e, QueryElement) and e.props["selector"] == "body"]
    return body.props["classes"]


def assert_switches(user: User, larger: bool = False, read_aloud: bool = False) -> None:
    for name, on in zip(NAMES, (larger, read_aloud)):
        assert switch(user, name).value is on, name


async def test_both_switches_on_every_phone_view(user: User, live_session):
    await user.open("/j")  # typing a code by hand
    await user.should_see("Vul de code in die op het grote scherm staat.")
    assert_switches(user)
    await user.open(f"/j/{live_session.join_code}")  # the join form
    await user.should_see("Welkom! Hoe mogen we je noemen?")
    assert_switches(user)
    await join(user, live_session.join_code, "Anna")  # writing
    phase(live_session, 2)
    await user.should_see("Vertel over een moment")
    assert_switches(user)
    assert user.find(kind=ui.button, content="Lees voor").elements  # the question once more
    turns.start_round(live_session.organiser_id, live_session.id)  # Anna's turn
    turns.next_speaker(live_session.organiser_id, live_session.id)
    await user.should_see("Jij bent aan de beurt")
    assert_switches(user)
    facilitation.close_session(live_session.organiser_id, live_session.id)
    await user.open(f"/j/{live_session.join_code}")  # the results
    await user.should_see("Uitkomsten van Samen in de Akker")
    assert_switches(user)


async def test_larger_letters_is_a_body_class_remembered_on_a_reload(user: User, live_session):
    await join(user, live_session.join_code, "Anna")
    assert COMFORT_CLASS not in body_classes(user)
    user.find(kind=ui.switch, content="Grotere letters").click()
    assert COMFORT_CLASS in body_classes(user)
    assert READ_ALOUD_CLASS not in body_classes(user)

    await user.open(f"/j/{live_session.join_code}")  # a reload, or the phone back from sleep
    await user.should_see("Hoi Anna")
    assert COMFORT_CLASS in body_classes(user)  # built into the page: no flash of small letters
    assert_switches(user, larger=True)
    await user.open("/j")  # and on every other phone page of this browser
    assert COMFORT_CLASS in body_classes(user)

    user.find(kind=ui.switch, content="Grotere letters").click()
    assert COMFORT_CLASS not in body_classes(user)
    await user.open(f"/j/{live_session.join_code}")
    await user.should_see("Hoi Anna")
    assert COMFORT_CLASS not in body_classes(user)
    assert_switches(user)


async def test_read_aloud_is_remembered_and_another_browser_keeps_its_own(user: User, create_user, live_session):
    await join(user, live_session.join_code, "Anna")
    user.find(kind=ui.switch, content="Voorlezen").click()
    assert READ_ALOUD_CLASS in body_classes(user)
    await user.open(f"/j/{live_session.join_code}")
    await user.should_see("Hoi Anna")
    assert READ_ALOUD_CLASS in body_classes(user)
    assert_switches(user, read_aloud=True)

    other = create_user()  # Bram's phone: his own choice, nothing of Anna's
    await join(other, live_session.join_code, "Bram")
    assert READ_ALOUD_CLASS not in body_classes(other)
    assert_switches(other)


async def test_what_the_browser_reads_aloud_is_marked_and_speech_needs_no_server(user: User, live_session):
    await join(user, live_session.join_code, "Anna")
    phase(live_session, 2)
    await user.should_see("Vertel over een moment")
    [question] = [e for e in user.find(kind=ui.label).elements if QUESTION_CLASS in e.classes]
    assert question.text.startswith("Vertel over een moment")
    [turn] = [e for e in user.client.elements.values() if SAY_TURN_CLASS in e.classes]  # hidden until the turn
    assert turn.text == "Jij bent aan de beurt"
    # "Lees voor" and the "Voorlezen" switch speak in the browser, inside the tap (phones need the gesture).
    [say] = user.find(kind=ui.button, content="Lees voor").elements
    listeners = [listener for listener in say._event_listeners.values() if listener.type == "click"]
    assert [(listener.handler, "sayQuestion" in listener.js_handler) for listener in listeners] == [(None, True)]
    spoken_in_tap = [listener.js_handler for listener in switch(user, "Voorlezen")._event_listeners.values()
                     if listener.js_handler]
    assert len(spoken_in_tap) == 1 and "Voorlezen staat aan." in spoken_in_tap[0]
    press(user, "Lees voor")  # nothing for the server to do, and nothing goes wrong
    await user.should_see("Vertel over een moment")
