"""Setup, login, dashboard and console, as an organiser sees them."""

import io

from nicegui import ui
from nicegui.testing import User
from pypdf import PdfReader

from dialoog.sessions import facilitation, participation, views
from tests.ui.conftest import EMAIL, PASSWORD, log_in, press


async def test_first_visit_shows_setup_and_creates_the_organiser(user: User):
    await user.open("/")
    await user.should_see("Eerste account")
    user.find("E-mail").type("nieuw@example.nl")
    user.find("Wachtwoord").type("kort")
    press(user, "Account aanmaken")
    await user.should_see("minstens 10 tekens")
    await user.should_see("Eerste account")  # still on the form, nothing lost
    assert user.find("E-mail").elements.pop().value == "nieuw@example.nl"
    user.find("Wachtwoord").clear().type("lang genoeg wachtwoord")
    press(user, "Account aanmaken")
    await user.should_see("Jouw sessies")
    await user.should_see("Je hebt nog geen sessies.")


async def test_pages_require_login(user: User, live_session):
    await user.open("/dashboard")
    await user.should_see("Inloggen")
    await user.open(f"/sessie/{live_session.id}")
    await user.should_see("Inloggen")
    await user.should_not_see("Volgende fase")


async def test_wrong_password_keeps_the_email(user: User, organiser):
    await user.open("/login")
    user.find("E-mail").type(EMAIL)
    user.find("Wachtwoord").type("fout")
    press(user, "Inloggen")
    await user.should_see("horen niet bij elkaar")
    assert user.find("E-mail").elements.pop().value == EMAIL


async def test_new_session_opens_the_console(user: User, organiser):
    await log_in(user)
    press(user, "Nieuwe sessie")
    press(user, "Sessie aanmaken")
    await user.should_see("Geef de sessie een titel.")
    user.find("Titel").type("Buurtgesprek Oost")
    press(user, "Sessie aanmaken")
    await user.should_see("Gespreksleider")
    [row] = views.list_sessions(organiser.id)
    assert row.title == "Buurtgesprek Oost"
    await user.should_see(row.join_code)
    await user.should_see("Open scherm")
    await user.should_see(f"http://dialoog.test/j/{row.join_code}")
    await user.open("/dashboard")
    await user.should_see("Buurtgesprek Oost")
    await user.should_see("Nog niet begonnen")


async def test_console_moves_through_phases(user: User, live_session):
    await log_in(user)
    await user.open(f"/sessie/{live_session.id}")
    await user.should_see("Deelnemers scannen de QR-code op het scherm.")
    press(user, "Volgende fase")
    await user.should_see("Laat de ander uitpraten")
    press(user, "Volgende fase")
    await user.should_see("Wie ben je, en wat verbindt jou met deze buurt?")
    press(user, "Vorige fase")
    await user.should_see("Laat de ander uitpraten")
    assert views.load_snapshot(live_session.id).current_phase == 0


async def test_console_edits_details_and_questions(user: User, live_session):
    await log_in(user)
    await user.open(f"/sessie/{live_session.id}")
    user.find(kind=ui.expansion).click()
    user.find(kind=ui.input, content="Thema").type("Ontmoeten")
    press(user, "Gegevens opslaan")
    await user.should_see("Opgeslagen")
    assert views.load_snapshot(live_session.id).theme == "Ontmoeten"
    facilitation.go_to_phase(live_session.organiser_id, live_session.id, 2)
    await user.should_see("Vertel over een moment")
    user.find(marker="edit-question-ervaringen").click()
    user.find(kind=ui.textarea, content="Vraag").clear().type("Wanneer voelde je je thuis?")
    press(user, "Vraag opslaan")
    await user.should_see("Wanneer voelde je je thuis?")


async def test_console_sees_participants_and_cards_arrive(user: User, live_session):
    await log_in(user)
    await user.open(f"/sessie/{live_session.id}")
    await user.should_see("Deelnemers (0)")
    anna = participation.join(live_session.id, "Anna")
    await user.should_see("Anna")
    await user.should_see("Deelnemers (1)")
    facilitation.go_to_phase(live_session.organiser_id, live_session.id, 2)
    participation.add_card(live_session.id, anna.id, "De buurvrouw bracht soep <b>warm</b>")
    await user.should_see("De buurvrouw bracht soep <b>warm</b>")
    await user.should_see("(1)")


async def test_another_organisers_session_is_not_shown(user: User, live_session):
    from dialoog.sessions import accounts

    accounts.create_organiser("ander@example.nl", PASSWORD)
    await user.open("/login")
    user.find("E-mail").type("ander@example.nl")
    user.find("Wachtwoord").type(PASSWORD)
    press(user, "Inloggen")
    await user.should_see("Jouw sessies")
    await user.open(f"/sessie/{live_session.id}")
    await user.should_see("niet van jou")
    await user.should_not_see("Volgende fase")


async def test_the_paper_kit_downloads_from_the_dashboard(user: User, live_session):
    await log_in(user)
    press(user, "Papieren materiaal")
    response = await user.download.next(timeout=15)
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert live_session.join_code in text and live_session.phases[2].question[:30] in " ".join(text.split())
