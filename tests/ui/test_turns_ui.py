"""Turn-taking on the console and the phones, in NiceGUI's simulated browser."""

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from dialoog.sessions import engine, facilitation, turns, views
from tests.ui.conftest import log_in, press
from tests.ui.test_phone import join


async def console_in_round(user: User, snap) -> None:
    await log_in(user)
    await user.open(f"/sessie/{snap.id}")
    facilitation.go_to_phase(snap.organiser_id, snap.id, 1)
    await user.should_see("Nog geen ronde in Kennismaken")


def lead(user: User) -> str:
    """The text of the one filled (unelevated) button among the round's controls."""
    filled = [b.text for b in user.find(kind=ui.button).elements
              if b.text in ("Volgende spreker", "Start ronde") and b.visible and b.parent_slot.parent.visible
              and "unelevated" in b.props]
    assert len(filled) == 1, filled
    return filled[0]


async def test_round_from_console_and_phone(user: User, create_user, live_session):
    anna, bram = create_user(), create_user()
    await join(anna, live_session.join_code, "Anna")
    await join(bram, live_session.join_code, "Bram")
    await console_in_round(user, live_session)
    press(user, "Start ronde")
    await user.should_see("Nog niet aan bod (2)")
    press(user, "Volgende spreker")
    await anna.should_see("Jij bent aan de beurt")
    await bram.should_see("Nu aan het woord: Anna")
    await user.should_see("Hierna: Bram")
    await user.should_see("Kennismaken: 1 beurt, 0× gepast")  # the facilitator's figures, per phase
    press(anna, "Ik pas")  # Anna passes from her phone: she gets a second chance at the end
    await anna.should_not_see("Jij bent aan de beurt")
    await user.should_see("tweede kans")
    await user.should_see("Kennismaken: 0 beurten, 1× gepast")  # the same line: a pass is no turn
    await user.should_not_see("Kennismaken: 1 beurt, 0× gepast")
    press(user, "Volgende spreker")
    await bram.should_see("Jij bent aan de beurt")
    await anna.should_see("Nu aan het woord: Bram")
    press(bram, "Klaar met spreken")
    await bram.should_not_see("Jij bent aan de beurt")
    press(user, "Volgende spreker")
    await anna.should_see("Jij bent aan de beurt")
    assert lead(user) == "Volgende spreker"
    press(user, "Volgende spreker")
    await user.should_see("iedereen is gehoord")
    await user.should_see("Iedereen is gehoord in elke ronde")  # (the last turn has ended)
    assert lead(user) == "Start ronde"  # the filled button is the next useful step
    await user.should_see("Kennismaken: 2 beurten, 1× gepast")
    state = turns.state(live_session.id)
    assert engine.round_complete(state) and [t.pid for t in state.turns] == [2, 1]


async def test_pass_absent_and_undo_on_the_console(user: User, create_user, live_session):
    for name in ("Anna", "Bram", "Cor"):
        await join(create_user(), live_session.join_code, name)
    await console_in_round(user, live_session)
    press(user, "Start ronde")
    await user.should_see("Nog niet aan bod (3)")
    press(user, "Volgende spreker")
    await user.should_see("Hierna: Bram")
    press(user, "Pas")
    await user.should_see("tweede kans")
    press(user, "Ongedaan maken")
    await user.should_not_see("tweede kans")
    await user.should_see("Hierna: Bram")
    user.find(kind=ui.button, content="Afwezig").click()  # the first row: Anna
    await user.should_see("Aanwezig")
    assert turns.state(live_session.id).absent == {1}
    await user.should_see("Nog niet aan bod (2)")


async def test_participant_without_phone_joins_the_round(user: User, live_session):
    await console_in_round(user, live_session)
    press(user, "Deelnemer zonder telefoon toevoegen")
    press(user, "Toevoegen")
    await user.should_see("Vul je voornaam of een bijnaam in.")
    user.find(kind=ui.input, content="Naam").type("Opa Jan")
    press(user, "Toevoegen")
    await user.should_see("Deelnemers (1)")
    await user.should_see("zonder telefoon")
    press(user, "Start ronde")
    await user.should_see("Nog niet aan bod (1)")
    press(user, "Volgende spreker")
    await user.should_see("Aan het woord")
    assert turns.state(live_session.id).speaker is not None


async def test_open_round_raised_hands(user: User, create_user, live_session):
    anna = create_user()
    await join(anna, live_session.join_code, "Anna")
    await log_in(user)
    await user.open(f"/sessie/{live_session.id}")
    facilitation.go_to_phase(live_session.organiser_id, live_session.id, 4)
    await user.should_see("Nog geen ronde in Mogelijkheden")
    press(user, "Open ronde")
    await anna.should_see("Ik wil iets zeggen")
    press(anna, "Ik wil iets zeggen")
    await anna.should_see("Hand laten zakken")
    await user.should_see("Handen omhoog (1)")
    press(anna, "Hand laten zakken")
    await user.should_see("Handen omhoog (0)")
    press(anna, "Ik wil iets zeggen")
    await user.should_see("Handen omhoog (1)")
    press(user, "Volgende spreker")
    await anna.should_see("Jij bent aan de beurt")
    await anna.should_not_see("Ik pas")  # passing belongs to rounds, not to open turns


async def test_projector_shows_the_speaker_and_counts_not_names(user: User, create_user, live_session):
    anna, bram = create_user(), create_user()
    await join(anna, live_session.join_code, "Anna")
    await join(bram, live_session.join_code, "Bram")
    org, sid = live_session.organiser_id, live_session.id
    facilitation.go_to_phase(org, sid, 1)
    turns.start_round(org, sid)
    turns.next_speaker(org, sid)
    await user.open(f"/scherm/{live_session.join_code}")
    await user.should_see("Aan het woord")
    await user.should_see("Anna")
    await user.should_see("Hierna: Bram")
    await user.should_see("Nog 1 persoon te horen")
    turns.set_display(org, sid, timer=False, names=True)
    await user.should_see("Nog te horen: Bram")
    await user.should_not_see("Volgende spreker")  # no facilitator controls on the screen


async def test_facilitator_writes_a_card_for_someone_without_a_phone(user: User, live_session):
    """'Kaart toevoegen voor …': the card is the person's own, on the console like any other."""
    jan = facilitation.add_participant_without_phone(live_session.organiser_id, live_session.id, "Opa Jan")
    await log_in(user)
    await user.open(f"/sessie/{live_session.id}")
    await user.should_see("zonder telefoon")

    def write_button():  # (the user fixture finds visible elements only)
        return next((b for b in user.find(kind=ui.button).elements
                     if b.props.get("aria-label") == "Kaart toevoegen voor Opa Jan"), None)

    assert write_button() is None  # before the start nobody writes cards
    facilitation.go_to_phase(live_session.organiser_id, live_session.id, 2)  # Ervaringen
    await user.should_see("Nog geen ronde in Ervaringen")
    assert write_button() is not None
    UserInteraction(user, {write_button()}, None).click()
    await user.should_see("Kaart voor Opa Jan")
    press(user, "Kaart plaatsen")
    await user.should_see("Je kaart is nog leeg. Schrijf eerst iets op.")  # empty: the dialog says so and stays open
    user.find(kind=ui.textarea, content="Tekst van de kaart").type("De buurvrouw bracht soep toen ik ziek was.")
    press(user, "Kaart plaatsen")
    await user.should_see("De buurvrouw bracht soep toen ik ziek was.")
    cards = views.load_snapshot(live_session.id).cards_of(jan)
    assert [(c.text, c.kind) for c in cards] == [("De buurvrouw bracht soep toen ik ziek was.", "ervaring")]
