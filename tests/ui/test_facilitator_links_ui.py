"""Facilitator links in the simulated browser: the organiser makes one, someone else runs the
console with it, and a revoked link stops at once, also on a console that is open."""

import re

from nicegui import ui
from nicegui.testing import User

from dialoog.sessions import facilitation, facilitator_links, participation, views
from tests.snapshots import all_rows, differences
from tests.ui.conftest import log_in, press

LINK = re.compile(r"http://dialoog\.test/f/([A-Za-z0-9_-]{32})")


def _shown_link(user: User) -> str:
    """The token in the link the dialog shows once."""
    texts = [e.text for e in user.find(kind=ui.label).elements if LINK.search(e.text or "")]
    assert len(texts) == 1, texts
    return LINK.search(texts[0]).group(1)


async def test_organiser_makes_a_link_and_the_facilitator_runs_the_console(user: User, create_user, live_session):
    sid = live_session.id
    participation.join(sid, "Anna")
    await log_in(user)
    await user.open(f"/sessie/{sid}")
    press(user, "Gespreksleiders")
    await user.should_see("Gespreksleiders van ‘Samen in de Akker’")
    await user.should_see("Nog geen links")
    press(user, "Link maken")
    await user.should_see("Voor wie is de link?")  # a name is needed
    user.find("Naam van de gespreksleider").type("Fatima")
    press(user, "Link maken")
    await user.should_see("Link voor Fatima")
    token = _shown_link(user)
    await user.should_see("laatst gebruikt: nog niet")
    user.find(kind=ui.button, content="Link kopiëren").click()  # no browser here: it says so calmly
    await user.should_see(marker="revoke-link")
    # The organiser closes her tab. (NiceGUI's simulated users share one global ``ui.download``
    # that points at whichever user's page sent something last: her open console, updated
    # live by Fatima's clicks, would catch Fatima's export.)
    user.client.delete()

    fatima = create_user()
    await fatima.open(f"/f/{token}")  # redirected to the console, the token leaves the address
    await fatima.should_see("Volgende fase")
    await fatima.should_see("Je leidt deze sessie met een link van de organisator")
    assert fatima.back_history[-1] == f"/f/{token}"
    for organisers_own in ("Gegevens van de sessie", "Gespreksleiders", "Contactgegevens (alleen voor de organisator)"):
        await fatima.should_not_see(organisers_own)
    assert not [link for link in fatima.find(kind=ui.link).elements if link.props.get("href") == "/dashboard"]
    press(fatima, "Volgende fase")
    await fatima.should_see("1. Welkom", retries=5)
    assert views.load_snapshot(sid).current_phase == 0
    press(fatima, "Exporteer")
    fatima.find(marker="export-md").click()
    response = await fatima.download.next(timeout=15)
    assert "# Verslag: Samen in de Akker" in response.content.decode()
    assert facilitator_links.listing(live_session.organiser_id, sid)[0].last_used_at is not None

    await fatima.open(f"/sessie/{sid}")  # she comes back later: the browser remembers the link
    await fatima.should_see("Volgende fase")
    await fatima.open("/dashboard")  # but she has no account
    await fatima.should_see("Inloggen")


async def test_revoked_link_stops_an_open_console_at_once(user: User, create_user, live_session):
    org, sid = live_session.organiser_id, live_session.id
    token = facilitator_links.create(org, sid, "Fatima")
    fatima = create_user()
    await fatima.open(f"/f/{token}")
    await fatima.should_see("Volgende fase")
    console = fatima.client

    await log_in(user)
    press(user, "Gespreksleiders")
    await user.should_see("Fatima")
    user.find(marker="revoke-link").click()
    await user.should_see("Link van Fatima intrekken?")
    before = all_rows()
    press(user, "Intrekken")
    assert facilitator_links.active_session(token) is None
    revoked = differences(before, all_rows())
    assert list(revoked) == ["facilitator_link"]  # only the revocation itself

    before = all_rows()
    assert fatima.client is console  # the console is still open: nothing has been sent to it yet
    press(fatima, "Volgende fase")  # the click that was already on its way: refused, nothing changes
    assert differences(before, all_rows()) == {}
    assert fatima.notify.contains("Deze link werkt niet meer. Vraag de organisator om een nieuwe.")
    await fatima.should_see("Deze link werkt niet meer")  # the console made way for a calm page
    await fatima.should_not_see("Volgende fase")
    assert views.load_snapshot(sid).current_phase == -1

    await fatima.open(f"/sessie/{sid}")  # and it stays closed
    await fatima.should_see("Deze link werkt niet meer")
    await fatima.should_not_see("Volgende fase")


async def test_revocation_alone_sends_an_idle_console_away(user: User, create_user, live_session):
    org, sid = live_session.organiser_id, live_session.id
    link_token = facilitator_links.create(org, sid, "Fatima")
    await user.open(f"/f/{link_token}")
    await user.should_see("Volgende fase")
    facilitator_links.revoke(org, sid, facilitator_links.listing(org, sid)[0].id)
    await user.should_see("Deze link werkt niet meer")  # no click needed: the revocation is announced live


async def test_logging_out_forgets_the_link_in_this_browser(user: User, live_session):
    org, sid = live_session.organiser_id, live_session.id
    await user.open(f"/f/{facilitator_links.create(org, sid, 'Fatima')}")
    await user.should_see("Volgende fase")
    user.find(kind=ui.link, content="Uitloggen").click()
    await user.should_see("Inloggen")
    await user.open(f"/sessie/{sid}")
    await user.should_see("Inloggen")


async def test_links_are_also_on_the_dashboard(user: User, live_session):
    await log_in(user)
    press(user, "Gespreksleiders")
    user.find("Naam van de gespreksleider").type("Youssef")
    press(user, "Link maken")
    await user.should_see("Link voor Youssef")
    assert [v.label for v in facilitator_links.listing(live_session.organiser_id, live_session.id)] == ["Youssef"]
    press(user, "Sluiten")
    facilitation.close_session(live_session.organiser_id, live_session.id)  # a link still works to export later
