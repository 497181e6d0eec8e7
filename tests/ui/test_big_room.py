"""A big room: the console, the projector and the phones stay light and still show everything asked for."""

from nicegui import ui
from nicegui.testing import User

from dialoog.sessions import facilitation, participation, turns
from tests.ui.conftest import log_in, press

# Page modules register their routes when the app is built: a test may import them only after
# that. These mirror CARDS_SHOWN, WALL_SHOWN, WAITING_SHOWN and PEOPLE_SHOWN; each test checks its own.
CARDS_SHOWN, WALL_SHOWN, WAITING_SHOWN, PEOPLE_SHOWN = 40, 60, 30, 40
PEOPLE = 45  # enough for every cap below, few enough for a quick test
CARDS = WALL_SHOWN + 5


def _fill(session) -> list[int]:
    people = [participation.join(session.id, f"Bewoner {n + 1}").id for n in range(PEOPLE)]
    facilitation.go_to_phase(session.organiser_id, session.id, 2)
    for n in range(CARDS):
        participation.add_card(session.id, people[n % PEOPLE], f"Kaart nummer {n + 1}")
    return people


def _card_labels(user: User) -> list[str]:
    """The card texts in the order the page shows them (tree order, not creation order)."""
    return [e.text for e in user.client.layout.descendants()
            if isinstance(e, ui.label) and e.visible and e.text.startswith("Kaart nummer ")]


async def test_console_shows_the_newest_cards_and_the_rest_on_request(user: User, live_session):
    _fill(live_session)
    await log_in(user)
    await user.open(f"/sessie/{live_session.id}")
    from dialoog.pages.harvest_panel import CARDS_SHOWN as used

    assert used == CARDS_SHOWN
    await user.should_see(f"Kaart nummer {CARDS}")
    await user.should_see(f"({CARDS})")  # the count is of all cards, not of those on screen
    shown = _card_labels(user)
    assert shown == [f"Kaart nummer {n}" for n in range(CARDS, CARDS - CARDS_SHOWN, -1)]  # newest first
    older = CARDS - CARDS_SHOWN
    press(user, f"Toon {min(older, CARDS_SHOWN)} eerdere kaarten (nog {older} niet getoond)")
    await user.should_see("Kaart nummer 1")
    assert _card_labels(user) == [f"Kaart nummer {n}" for n in range(CARDS, 0, -1)]  # older ones below


async def test_projector_shows_the_newest_cards_and_says_how_many_more(user: User, live_session):
    _fill(live_session)
    await log_in(user)  # (any first page starts the app; the projector itself needs no login)
    await user.open(f"/scherm/{live_session.join_code}")
    from dialoog.pages.projector import WALL_SHOWN as used

    assert used == WALL_SHOWN
    await user.should_see(f"Kaart nummer {CARDS}")
    await user.should_see(f"En nog {CARDS - WALL_SHOWN} eerdere kaarten. Ze staan allemaal in het verslag.")
    shown = set(_card_labels(user))
    assert shown == {f"Kaart nummer {n}" for n in range(CARDS - WALL_SHOWN + 1, CARDS + 1)}


async def test_console_lists_the_first_people_still_to_hear_and_everyone_on_request(user: User, live_session):
    people = _fill(live_session)
    turns.start_round(live_session.organiser_id, live_session.id)
    await log_in(user)
    await user.open(f"/sessie/{live_session.id}")
    await user.should_see(f"Nog niet aan bod ({PEOPLE})")
    from dialoog.pages.turns_panel import WAITING_SHOWN as used

    assert used == WAITING_SHOWN
    give = [b for b in user.find(kind=ui.button).elements if b.props.get("aria-label", "").startswith("Geef de beurt")]
    assert len(give) == WAITING_SHOWN
    press(user, f"Toon alle {PEOPLE}")
    await user.should_see("Toon minder")
    give = [b for b in user.find(kind=ui.button).elements if b.props.get("aria-label", "").startswith("Geef de beurt")]
    assert len(give) == PEOPLE
    user.find(kind=ui.button, content=f"Bewoner {PEOPLE}").click()  # anyone can be called, also the last
    await user.should_see(f"Nog niet aan bod ({PEOPLE - 1})")
    assert turns.state(live_session.id).speaker == people[-1]


def _people_rows(user: User) -> list[str]:
    """The names in the console's list of people (each row has an Afwezig/Aanwezig button)."""
    names = []
    for button in user.client.layout.descendants():  # tree order: the order on screen
        if isinstance(button, ui.button) and button.text in ("Afwezig", "Aanwezig") and button.visible:
            row = button.parent_slot.parent
            names += [e.text for e in row.descendants() if isinstance(e, ui.label) and e.text.startswith("Bewoner")]
    return names


async def test_console_lists_the_first_people_and_finds_anyone_by_name(user: User, live_session):
    _fill(live_session)
    await log_in(user)
    await user.open(f"/sessie/{live_session.id}")
    from dialoog.pages.console import PEOPLE_SHOWN as used

    assert used == PEOPLE_SHOWN
    await user.should_see(f"Deelnemers ({PEOPLE})")
    await user.should_see(f"0 van {PEOPLE} telefoons verbonden · 0 afwezig")
    assert _people_rows(user) == [f"Bewoner {n}" for n in range(1, PEOPLE_SHOWN + 1)]  # in seating order
    user.find("Zoek een deelnemer").type("bewoner 45")
    await user.should_see("Bewoner 45")
    assert _people_rows(user) == ["Bewoner 45"]
    user.find("Zoek een deelnemer").clear().type("niemand")
    await user.should_see("niemand gevonden")
    assert _people_rows(user) == []
    user.find("Zoek een deelnemer").clear()
    press(user, f"Toon meer deelnemers (nog {PEOPLE - PEOPLE_SHOWN})")
    await user.should_not_see("Toon meer deelnemers")
    assert _people_rows(user) == [f"Bewoner {n}" for n in range(1, PEOPLE + 1)]


async def test_console_catches_up_with_a_flood_of_cards_a_few_rows_at_a_time(user: User, live_session):
    """Cards pouring in are built into the console's list a few rows per tick (ROWS_PER_PAINT), the
    newest first and on top, until the newest CARDS_SHOWN are there: no one long stop of the server."""
    import asyncio

    from dialoog.pages.console import ROWS_PER_PAINT

    people = [participation.join(live_session.id, f"Bewoner {n + 1}").id for n in range(PEOPLE)]
    facilitation.go_to_phase(live_session.organiser_id, live_session.id, 2)
    await log_in(user)
    await user.open(f"/sessie/{live_session.id}")
    await user.should_see("Nog geen kaarten. Ze verschijnen hier zodra iemand er een plaatst.")
    for n in range(CARDS):
        participation.add_card(live_session.id, people[n % PEOPLE], f"Kaart nummer {n + 1}")
    newest = [f"Kaart nummer {n}" for n in range(CARDS, CARDS - CARDS_SHOWN, -1)]
    seen: list[list[str]] = []
    for _ in range(200):  # the first step waits for the 2 s gap; then a step every quarter second
        await asyncio.sleep(0.05)
        shown = _card_labels(user)
        assert shown == sorted(shown, key=lambda t: int(t.split()[-1]), reverse=True)  # newest on top, always
        assert len(shown) <= CARDS_SHOWN
        if not seen or seen[-1] != shown:
            seen.append(shown)
        if shown == newest:
            break
    assert seen[-1] == newest
    steps = [len(s) for s in seen if s]
    assert steps[0] == ROWS_PER_PAINT and len(steps) >= CARDS_SHOWN // ROWS_PER_PAINT  # in steps, not at once
