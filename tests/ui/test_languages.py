"""Dutch, English and French in the simulated browser: the phone picks its own language (and keeps
it), the console and the projector follow the session's, errors arrive in the reader's language."""

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from dialoog import i18n
from dialoog.i18n import _
from dialoog.sessions import facilitation, views
from tests.ui.conftest import log_in, press


def in_(language: str, text: str, **params) -> str:
    with i18n.use(language):
        return _(text, **params)


def french_session(organiser) -> views.SessionSnapshot:
    return views.load_snapshot(facilitation.create_session(organiser.id, "Vivre ensemble", language="fr"))


async def test_projector_and_console_speak_the_sessions_language(user: User, organiser):
    snap = french_session(organiser)
    await user.open(f"/scherm/{snap.join_code}")
    await user.should_see(in_("fr", "Doe mee met je telefoon"))
    await user.should_not_see("Doe mee met je telefoon")
    assert user.client.page.resolve_language() == "fr"  # Quasar's language pack and <html lang>

    facilitation.go_to_phase(organiser.id, snap.id, 2)
    french_phase = in_("fr", "Ervaringen")
    assert french_phase != "Ervaringen"
    await user.should_see(french_phase)  # the template's phase names were written in French

    await log_in(user)  # the organiser's own pages: Dutch (nothing picked in this browser)
    await user.open(f"/sessie/{snap.id}")
    await user.should_see(in_("fr", "Volgende fase"))
    assert user.client.page.resolve_language() == "fr"


async def test_a_phone_picks_its_language_and_keeps_it(user: User, live_session):
    await user.open(f"/j/{live_session.join_code}")
    await user.should_see("Je naam")
    user.find(kind=ui.button, content="Taal").click()
    english = next(item for item in user.find(kind=ui.menu_item).elements if item.props.get("lang") == "en")
    UserInteraction(user, {english}, None).click()  # remembered in this browser; the page opens again
    await user.should_see(in_("en", "Je naam"))
    assert user.client.page.resolve_language() == "en-GB"
    user.find(in_("en", "Je naam")).type("Anna")
    press(user, in_("en", "Meedoen"))
    await user.should_see(in_("en", "Hoi {name}", name="Anna"))

    facilitation.go_to_phase(live_session.organiser_id, live_session.id, 2)
    await user.should_see(live_session.phases[2].question)  # the session's own text, as written
    press(user, in_("en", "Plaats kaart"))
    await user.should_see(in_("en", "Je kaart is nog leeg. Schrijf eerst iets op."))  # a domain error, in English

    await user.open(f"/j/{live_session.join_code}")  # another visit: still English
    await user.should_see(in_("en", "Plaats kaart"))


async def test_dutch_stays_the_default(user: User, live_session):
    await user.open(f"/j/{live_session.join_code}")
    await user.should_see("Je naam")
    assert user.client.page.resolve_language() == "nl"


async def test_the_organiser_writes_a_new_session_in_english(user: User, organiser):
    await log_in(user)
    press(user, "Nieuwe sessie")
    user.find("Titel").type("Living together")
    language = next(e for e in user.find(kind=ui.select).elements if e.props.get("label") == "Taal van de sessie")
    language.set_value("en")
    press(user, "Sessie aanmaken")
    await user.should_see(in_("en", "Volgende fase"))
    (summary,) = views.list_sessions(organiser.id)
    snap = views.load_snapshot(summary.id)
    assert snap.language == "en"
    assert snap.phases[1].name == in_("en", "Kennismaken") != "Kennismaken"
