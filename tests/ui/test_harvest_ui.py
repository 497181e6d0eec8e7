"""Moderation, themes, voting, export, dashboard, results page and the API, as people use them."""

import httpx
from nicegui import app, ui
from nicegui.testing import User

from dialoog.sessions import accounts, api_tokens, facilitation, harvest, participation, turns, views
from tests.ui.conftest import log_in, press
from tests.ui.test_phone import join


def phase(snap, index: int) -> None:
    facilitation.go_to_phase(snap.organiser_id, snap.id, index)


async def test_hidden_card_leaves_the_projector(user: User, create_user, live_session):
    anna = participation.join(live_session.id, "Anna")
    phase(live_session, 2)
    participation.add_card(live_session.id, anna.id, "Dit hoort niet op het scherm")
    participation.add_card(live_session.id, anna.id, "Deze wel")
    screen = create_user()
    await screen.open(f"/scherm/{live_session.join_code}")
    await screen.should_see("Dit hoort niet op het scherm")
    await log_in(user)
    await user.open(f"/sessie/{live_session.id}")
    await user.should_see("Dit hoort niet op het scherm")
    user.find(kind=ui.button, content="Verbergen").click()  # the oldest card's button comes first
    await screen.should_not_see("Dit hoort niet op het scherm")
    await screen.should_see("Deze wel")
    await user.should_see("verborgen")
    hidden = [c for c in views.load_snapshot(live_session.id).cards if c.hidden]
    assert [c.text for c in hidden] == ["Dit hoort niet op het scherm"]


async def test_facilitator_edit_keeps_the_original(user: User, live_session):
    anna = participation.join(live_session.id, "Anna")
    phase(live_session, 2)
    card = participation.add_card(live_session.id, anna.id, "Mijn buurman Piet de Vries is ziek")
    await log_in(user)
    await user.open(f"/sessie/{live_session.id}")
    press(user, "Bewerk")
    user.find(kind=ui.textarea, content="Tekst").clear().type("Mijn buurman is ziek")
    press(user, "Opslaan")
    await user.should_see("Mijn buurman is ziek")
    assert harvest.card_history(live_session.id, card.id) == ["Mijn buurman Piet de Vries is ziek"]


async def test_themes_group_the_cards_on_the_projector(user: User, create_user, live_session):
    anna = participation.join(live_session.id, "Anna")
    phase(live_session, 3)
    card = participation.add_card(live_session.id, anna.id, "Een moestuin")
    participation.add_card(live_session.id, anna.id, "Een bankje")
    await log_in(user)
    await user.open(f"/sessie/{live_session.id}")
    press(user, "Thema toevoegen")
    user.find("Naam van het thema").type("Groen")
    press(user, "Thema opslaan")
    await user.should_see("Groen")
    [theme] = views.load_snapshot(live_session.id).themes
    harvest.set_theme(live_session.organiser_id, live_session.id, card.id, theme.id)
    screen = create_user()
    await screen.open(f"/scherm/{live_session.join_code}")
    await screen.should_see("Groen")
    await screen.should_see("Overig")


async def test_dot_voting_limits_tally_and_results(user: User, create_user, live_session):
    org, sid = live_session.organiser_id, live_session.id
    bram = participation.join(sid, "Bram")
    phase(live_session, 4)
    first = participation.add_card(sid, bram.id, "Een buurtapp", kind="mogelijkheid")
    participation.add_card(sid, bram.id, "Een ruilkast", kind="mogelijkheid")
    await join(user, live_session.join_code, "Anna")
    await user.should_not_see("Stemmen")
    harvest.set_voting(org, sid, open_=True, per_person=3, per_card=2)
    await user.should_see("Je hebt nog 3 van je 3 stemmen.")
    def vote_button(text: str):
        return next(b for b in user.find(kind=ui.button).elements if b.props.get("aria-label") == f"Stem: {text}")

    assert vote_button("Een buurtapp").enabled
    for _ in range(2):
        user.find(kind=ui.button, content="Stem").click()  # the first card: Een buurtapp
        await user.should_see("●")
    await user.should_see("Je hebt nog 1 van je 3 stemmen.")
    assert vote_button("Een buurtapp").enabled is False  # at most 2 on one card
    assert vote_button("Een ruilkast").enabled
    tally = {c.text: c.votes for c in views.load_snapshot(sid).cards}
    assert tally == {"Een buurtapp": 2, "Een ruilkast": 0}
    console = create_user()
    await log_in(console)
    await console.open(f"/sessie/{sid}")
    await console.should_see("2 stemmen van 1 mensen")
    press(console, "Uitslag tonen")
    screen = create_user()
    await screen.open(f"/scherm/{live_session.join_code}")
    await screen.should_see("Uitslag van de stemming")
    assert first.id in [c.id for c in views.load_snapshot(sid).ranked_possibilities()][:1]


async def test_export_asks_for_a_reason_before_everyone_was_heard(user: User, live_session):
    org, sid = live_session.organiser_id, live_session.id
    for name in ("Anna", "Bram"):
        participation.join(sid, name)
    phase(live_session, 1)
    turns.start_round(org, sid)
    await log_in(user)
    await user.open(f"/sessie/{sid}")
    press(user, "Exporteer")
    user.find(marker="export-md").click()  # the menu item "Markdown"
    await user.should_see("Nog te horen — Kennismaken: Anna, Bram.")
    press(user, "Toch exporteren")
    await user.should_see("Schrijf op waarom")
    user.find(marker="export-reason").type("Bram moest eerder weg")  # the console has another "Reden" field
    press(user, "Toch exporteren")
    response = await user.download.next(timeout=15)
    text = response.content.decode()
    assert "# Verslag: Samen in de Akker" in text and "Bram moest eerder weg" in text


async def test_dashboard_duplicates_and_deletes_with_confirmation(user: User, live_session):
    await log_in(user)
    press(user, "Dupliceren")
    await user.should_see("Samen in de Akker (kopie)")
    await user.open("/dashboard")
    assert len(views.list_sessions(live_session.organiser_id)) == 2
    user.find(kind=ui.button, content="Verwijderen").click()
    await user.should_see("Dit kan niet ongedaan worden")
    press(user, "Definitief verwijderen")
    await user.should_see("De sessie is verwijderd.")
    assert len(views.list_sessions(live_session.organiser_id)) == 1


async def test_results_page_after_the_session_has_no_names(user: User, live_session):
    org, sid = live_session.organiser_id, live_session.id
    anna = participation.join(sid, "Anna Geheim")
    phase(live_session, 4)
    idea = participation.add_card(sid, anna.id, "Samen de speeltuin opknappen", kind="mogelijkheid")
    harvest.set_voting(org, sid, open_=True)
    harvest.cast_vote(sid, anna.id, idea.id)
    harvest.action_from_card(org, sid, idea.id)
    facilitation.close_session(org, sid)
    await user.open(f"/j/{live_session.join_code}")
    await user.should_see("Uitkomsten van Samen in de Akker")
    await user.should_see("Samen de speeltuin opknappen")
    await user.should_not_see("Anna Geheim")
    await user.should_not_see("Je naam")


async def test_summary_api(user: User, live_session):
    org, sid = live_session.organiser_id, live_session.id
    participation.join(sid, "Anna")
    phase(live_session, 1)
    turns.start_round(org, sid)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://test") as http:
        url = f"/api/sessions/{sid}/summary.json"
        assert (await http.get(url)).status_code == 401
        assert (await http.get(url, headers={"Authorization": "Bearer dlg_nope"})).status_code == 401
        token = api_tokens.create(org, "test")
        auth = {"Authorization": f"Bearer {token}"}
        assert (await http.get(url, headers=auth)).status_code == 409
        turns.override_gate(org, sid, "Test")
        response = await http.get(url, headers=auth)
        assert response.status_code == 200 and response.json()["header"]["title"] == "Samen in de Akker"
        stranger = accounts.create_organiser("b@example.nl", "een lang wachtwoord").id
        other = api_tokens.create(stranger, "ander")
        assert (await http.get(url, headers={"Authorization": f"Bearer {other}"})).status_code == 404
        assert (await http.get("/api/schema/summary.json")).json()["title"] == "Dialoog session summary"
        docs = await http.get("/openapi.json")
        assert "/api/sessions/{session_id}/summary.json" in docs.json()["paths"]


async def test_phone_action_no_action_and_evaluation(user: User, live_session):
    await join(user, live_session.join_code, "Anna")
    phase(live_session, 5)
    await user.should_see("Wat ga je doen?")
    press(user, "Actie opslaan")
    await user.should_see("Schrijf op wat je gaat doen")
    user.find("Wat ga je doen?").type("Ruilkast bij de school")
    user.find("Wat is je eerste stap?").type("Directeur bellen")
    press(user, "Actie opslaan")
    await user.should_see("Je actie is opgeslagen")
    [action] = views.load_snapshot(live_session.id).actions
    assert (action.what, action.first_step) == ("Ruilkast bij de school", "Directeur bellen")
    phase(live_session, 6)
    await user.should_see("Hoe vond je dit gesprek?")
    user.find(kind=ui.checkbox, content="Mijn voornaam mag in het verslag").click()
    face = next(b for b in user.find(kind=ui.button).elements if b.props.get("aria-label") == "Tevreden")
    from nicegui.testing.user_interaction import UserInteraction

    UserInteraction(user, {face}, None).click()
    press(user, "Verstuur")
    await user.should_see("Bedankt voor je mening!")
    snap = views.load_snapshot(live_session.id)
    assert snap.evaluated and snap.participants[0].name_in_report is True
