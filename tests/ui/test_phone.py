"""The participant's phone, in NiceGUI's simulated browser."""

import time

from nicegui import ui
from nicegui.testing import User

from dialoog.sessions import facilitation, participation, views
from tests.ui.conftest import log_in, press


async def join(user: User, code: str, name: str) -> None:
    await user.open(f"/j/{code}")
    user.find("Je naam").type(name)
    press(user, "Meedoen")
    await user.should_see(f"Hoi {name}")


def phase(snap, index: int) -> None:
    facilitation.go_to_phase(snap.organiser_id, snap.id, index)


async def test_join_with_a_name_and_wait_for_the_start(user: User, live_session):
    await user.open(f"/j/{live_session.join_code}")
    await user.should_see("Samen in de Akker")
    press(user, "Meedoen")
    await user.should_see("Vul je voornaam of een bijnaam in.")
    user.find("Je naam").type("   ")
    press(user, "Meedoen")
    await user.should_see("Vul je voornaam of een bijnaam in.")
    user.find("Je naam").clear().type("Anna")
    press(user, "Meedoen")
    await user.should_see("Hoi Anna")
    await user.should_see("Het gesprek begint zo")
    assert [p.display_name for p in views.load_snapshot(live_session.id).participants] == ["Anna"]


async def test_unknown_or_closed_code_gets_a_friendly_page(user: User, live_session):
    await user.open("/j/QQQQQQ")
    await user.should_see("Deze sessie bestaat niet of is afgelopen")
    user.find("Code").clear().type(live_session.join_code.lower())
    press(user, "Ga verder")
    await user.should_see("Samen in de Akker")
    facilitation.close_session(live_session.organiser_id, live_session.id)
    await user.open(f"/j/{live_session.join_code}")
    await user.should_see("Het gesprek is afgelopen")  # the same QR now shows the results
    await user.should_not_see("Je naam")


async def test_cards_bad_input_and_double_tap(user: User, live_session):
    await join(user, live_session.join_code, "Anna")
    phase(live_session, 2)
    await user.should_see("Vertel over een moment")
    press(user, "Plaats kaart")
    await user.should_see("Je kaart is nog leeg")
    too_long = "x" * 501
    user.find("Jouw kaart").type(too_long)
    press(user, "Plaats kaart")
    await user.should_see("Je kaart is 501 tekens")
    assert user.find("Jouw kaart").elements.pop().value == too_long  # kept in the field
    assert participation.count_cards(live_session.id) == 0
    user.find("Jouw kaart").clear().type("De buurvrouw bracht soep")
    press(user, "Plaats kaart")
    press(user, "Plaats kaart")  # the second tap of a double tap
    await user.should_see("Je kaart staat op het scherm")
    await user.should_see("De buurvrouw bracht soep")
    await user.should_not_see("Je kaart is nog leeg")
    assert participation.count_cards(live_session.id) == 1


async def test_own_cards_can_be_edited_and_deleted(user: User, live_session):
    await join(user, live_session.join_code, "Anna")
    phase(live_session, 3)
    await user.should_see("Stel: het is over drie jaar")
    user.find("Jouw kaart").type("Een moestuin op het plein")
    press(user, "Plaats kaart")
    await user.should_see("Een moestuin op het plein")
    press(user, "Wijzig")
    user.find(kind=ui.textarea, content="Tekst van je kaart").clear().type("Een moestuin en een bankje")
    press(user, "Opslaan")
    await user.should_see("Een moestuin en een bankje")
    press(user, "Verwijder")
    press(user, "Verwijderen")
    await user.should_not_see(kind=ui.button, content="Wijzig")
    await user.should_not_see("Jouw kaarten")
    assert participation.count_cards(live_session.id) == 0


async def test_phone_follows_phases_and_offers_kinds_in_mogelijkheden(user: User, live_session):
    await join(user, live_session.join_code, "Anna")
    phase(live_session, 1)
    await user.should_see("Wie ben je, en wat verbindt jou met deze buurt?")
    await user.should_see("Je hoeft niets te schrijven")
    await user.should_not_see("Plaats kaart")
    phase(live_session, 4)
    await user.should_see("Wat kunnen we samen doen?")
    toggle = next(t for t in user.find(kind=ui.toggle).elements if "vraag" in t.options)
    toggle.set_value("vraag")
    resource = min((t for t in user.find(kind=ui.toggle).elements if "kennis" in t.options), key=lambda t: t.id)
    resource.set_value("kennis")
    user.find("Jouw kaart").type("Wie kent iemand bij de gemeente?")
    press(user, "Plaats kaart")
    await user.should_see("Wie kent iemand bij de gemeente?")
    card = views.load_snapshot(live_session.id).cards[0]
    assert (card.kind, card.resource) == ("vraag", "kennis")


async def test_offer_with_explicit_contact_opt_in(user: User, live_session):
    await join(user, live_session.join_code, "Anna")
    phase(live_session, 4)
    await user.should_see("Aanbod toevoegen")
    press(user, "Aanbod toevoegen")
    user.find("Jouw aanbod").type("Ik heb een aanhanger")
    user.find(kind=ui.checkbox, content="contactgegevens").click()
    user.find("E-mail of telefoon").type("geen adres")
    press(user, "Aanbod opslaan")
    await user.should_see("Vul een e-mailadres of telefoonnummer in")
    assert participation.count_cards(live_session.id) == 0
    user.find("E-mail of telefoon").clear().type("anna@example.nl")
    press(user, "Aanbod opslaan")
    await user.should_see("Je aanbod is geplaatst")
    [card] = views.load_snapshot(live_session.id).cards
    assert (card.kind, card.resource) == ("aanbod", "tijd")
    from dialoog.sessions import harvest

    assert harvest.contacts(live_session.organiser_id, live_session.id)[0][2] == "anna@example.nl"


async def test_coming_back_is_the_same_participant_and_another_device_is_anna_2(
    user: User, create_user, live_session
):
    await join(user, live_session.join_code, "Anna")
    phase(live_session, 2)
    await user.should_see("Vertel over een moment")
    user.find("Jouw kaart").type("Eerste kaart")
    press(user, "Plaats kaart")
    await user.should_see("Eerste kaart")
    await user.open(f"/j/{live_session.join_code}")  # reload, or back from sleep
    await user.should_see("Hoi Anna")
    await user.should_see("Eerste kaart")
    await user.should_not_see("Je naam")
    other = create_user()
    await join(other, live_session.join_code, "Anna")
    names = [p.display_name for p in views.load_snapshot(live_session.id).participants]
    assert names == ["Anna", "Anna (2)"]


async def test_console_shows_connected_phones(user: User, create_user, live_session):
    phone = create_user()
    await join(phone, live_session.join_code, "Anna")
    await log_in(user)
    await user.open(f"/sessie/{live_session.id}")
    await user.should_see("Anna")
    dots = [e for e in user.find(kind=ui.element).elements if "d-dot" in e.classes]
    assert [("on" in d.classes) for d in dots] == [True]


async def test_fifty_phones_add_cards_that_all_reach_the_console(user: User, create_user, live_session):
    await log_in(user)
    await user.open(f"/sessie/{live_session.id}")
    phase(live_session, 2)
    await user.should_see("Vertel over een moment")
    started = time.perf_counter()
    phones = [create_user() for _ in range(50)]
    for number, phone in enumerate(phones, start=1):
        await join(phone, live_session.join_code, f"Buur {number}")
        phone.find("Jouw kaart").type(f"Kaart van buur {number}")
        press(phone, "Plaats kaart")
    await user.should_see("Deelnemers (50)", retries=50)
    await user.should_see("(50)", retries=50)
    for number in (1, 25, 50):
        await user.should_see(f"Kaart van buur {number}")
    elapsed = time.perf_counter() - started
    print(f"\n50 phones joined and posted; all 50 cards on the console after {elapsed:.2f} s")
    assert participation.count_cards(live_session.id) == 50
