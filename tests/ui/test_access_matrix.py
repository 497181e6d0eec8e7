"""Who may open what: every HTTP route, tried as each role. (Event handlers: test_handler_matrix.py.)

"facilitator_a" holds a facilitator link for session A, opened in their browser; no account."""

import pytest
from nicegui.testing import User

from dialoog.sessions import accounts, facilitation, facilitator_links, harvest, participation, turns
from tests.ui.conftest import EMAIL, PASSWORD, press
from tests.ui.test_phone import join

ROLES = ["anonymous", "participant_a", "participant_b", "facilitator_a", "owner", "other_organiser"]
LINK_GONE = "Deze link werkt niet meer. Vraag de organisator om een nieuwe."
SECRET_CONTACT = "geheim-contact@example.nl"


@pytest.fixture
async def world(user: User, create_user):
    """Session A (with an offer whose contact is shared) and session B, and one user per role."""
    owner = accounts.create_organiser(EMAIL, PASSWORD).id
    other = accounts.create_organiser("ander@example.nl", PASSWORD).id
    a = facilitation.create_session(owner, "Sessie A")
    b = facilitation.create_session(other, "Sessie B")
    from dialoog.sessions import views

    code_a, code_b = views.load_snapshot(a).join_code, views.load_snapshot(b).join_code
    users = {role: create_user() for role in ROLES}
    await join(users["participant_a"], code_a, "Anna")
    await join(users["participant_b"], code_b, "Bram")
    for role, email in (("owner", EMAIL), ("other_organiser", "ander@example.nl")):
        u = users[role]
        await u.open("/login")
        u.find("E-mail").type(email)
        u.find("Wachtwoord").type(PASSWORD)
        press(u, "Inloggen")
        await u.should_see("Jouw sessies")
    facilitation.go_to_phase(owner, a, 4)
    anna = views.load_snapshot(a).participants[0].id
    offer = participation.add_card(a, anna, "Ik kan koken", kind="aanbod", resource="tijd")
    harvest.share_contact(a, anna, offer.id, SECRET_CONTACT)
    turns.start_round(owner, a)
    token = facilitator_links.create(owner, a, "Fatima")
    await users["facilitator_a"].open(f"/f/{token}")
    await users["facilitator_a"].should_see("Volgende fase")
    revoked = facilitator_links.create(owner, a, "Oud")
    facilitator_links.revoke(owner, a, facilitator_links.listing(owner, a)[-1].id)
    return {"a": a, "b": b, "code_a": code_a, "code_b": code_b, "users": users, "owner": owner,
            "links": {"valid": token, "revoked": revoked, "garbage": "geraden-" + "x" * 24}}


@pytest.mark.parametrize("role", ROLES)
async def test_console_of_a(world, role):
    u = world["users"][role]
    await u.open(f"/sessie/{world['a']}")
    if role == "owner":
        await u.should_see("Volgende fase")
        await u.should_see("Verdeling van de spreektijd")
        await u.should_see("Gegevens van de sessie")
    elif role == "facilitator_a":  # runs the console, without the organiser's own parts
        await u.should_see("Volgende fase")
        await u.should_see("Verdeling van de spreektijd")
        for organisers_own in ("Gegevens van de sessie", "Gespreksleiders", "Contactgegevens", SECRET_CONTACT):
            await u.should_not_see(organisers_own)
    else:
        await u.should_not_see("Volgende fase")
        await u.should_not_see("Ik kan koken")
        await u.should_not_see("Verdeling van de spreektijd")


@pytest.mark.parametrize("role", ROLES)
async def test_console_of_b(world, role):
    """A link for A opens nothing of B."""
    u = world["users"][role]
    await u.open(f"/sessie/{world['b']}")
    if role == "other_organiser":
        await u.should_see("Volgende fase")
    else:
        await u.should_not_see("Volgende fase")
        await u.should_not_see("Sessie B")


@pytest.mark.parametrize("role", ROLES)
async def test_dashboard(world, role):
    u = world["users"][role]
    await u.open("/dashboard")
    if role == "owner":
        await u.should_see("Sessie A")
        await u.should_not_see("Sessie B")
    elif role == "other_organiser":
        await u.should_see("Sessie B")
        await u.should_not_see("Sessie A")
    else:
        await u.should_see("Inloggen")
        await u.should_not_see("Sessie A")


@pytest.mark.parametrize("role", ROLES)
async def test_projector_is_public_but_shows_no_controls_contacts_or_figures(world, role):
    u = world["users"][role]
    await u.open(f"/scherm/{world['code_a']}")
    await u.should_see("Ik kan koken")
    for hidden in ("Volgende fase", SECRET_CONTACT, "Verdeling van de spreektijd", "beurten"):
        await u.should_not_see(hidden)


@pytest.mark.parametrize("role", ROLES)
async def test_phone_page_of_a(world, role):
    u = world["users"][role]
    await u.open(f"/j/{world['code_a']}")
    if role == "participant_a":
        await u.should_see("Hoi Anna")
    else:
        await u.should_see("Je naam")  # anyone with the code may join; nobody is someone else
    await u.should_not_see(SECRET_CONTACT)
    await u.should_not_see("Verdeling van de spreektijd")


@pytest.mark.parametrize("role", ROLES)
async def test_summary_api(world, role):
    u = world["users"][role]
    expected = {"anonymous": 401, "participant_a": 401, "participant_b": 401, "facilitator_a": 401, "owner": 409,
                "other_organiser": 404}  # the API is the organiser's; a link exports from the console
    response = await u.http_client.get(f"/api/sessions/{world['a']}/summary.json")  # with this user's cookie
    assert response.status_code == expected[role]
    assert SECRET_CONTACT not in response.text


@pytest.mark.parametrize("link", ["valid", "revoked", "garbage"])
@pytest.mark.parametrize("role", ROLES)
async def test_facilitator_link_route(world, role, link):
    """A working link opens A's console for whoever holds it; any other link gets a calm 404."""
    u = world["users"][role]
    response = await u.http_client.get(f"/f/{world['links'][link]}")
    if link == "valid":
        assert response.status_code == 303 and response.headers["location"] == f"/sessie/{world['a']}"
        await u.open(f"/sessie/{world['a']}")
        await u.should_see("Volgende fase")
        if role != "owner":
            await u.should_not_see("Gegevens van de sessie")
    else:
        assert response.status_code == 404
        assert LINK_GONE in response.text and "Traceback" not in response.text
        await u.open(f"/sessie/{world['a']}")
        if role not in ("owner", "facilitator_a"):
            await u.should_not_see("Volgende fase")
