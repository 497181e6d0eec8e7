"""Who may do what: every event handler of every page, not only its HTTP route.

Generic, not hand-picked: a page is opened by a role that may use it, then *every* element on
that client with a Python event listener is fired, with plausible arguments (an option of a
select, the other state of a switch, a text for an input, a date for a date field), round after
round while new listeners appear (opening a dialog or painting a new card adds some).

- Allowed: the same handlers do act (so these tests can fail), and a participant's phone only
  ever touches that participant's own rows.
- Right lost (logged out in another tab, login expired, link revoked, session closed or deleted,
  participant removed): after firing everything, a full copy of every table is unchanged,
  nothing was downloaded, no error was logged (no exception escaped) and the page only said
  something in Dutch or went to the login or link-gone page.
- Everyone else cannot get a console client at all: whatever page they get has no handler that
  changes anything.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from nicegui import Client, background_tasks, ui
from nicegui.elements.mixins.value_element import ValueElement
from nicegui.events import GenericEventArguments, handle_event
from nicegui.testing import User
from nicegui.testing.user_download import UserDownload
from nicegui.testing.user_navigate import UserNavigate
from nicegui.testing.user_notify import UserNotify
from sqlalchemy import text

from dialoog import db
from dialoog.pages.common import LINK_GONE_PATH, LOGGED_IN_AT
from dialoog.sessions import accounts, facilitation, facilitator_links, harvest, participation, tables, turns, views
from tests.snapshots import all_rows, differences
from tests.ui.conftest import EMAIL, PASSWORD, log_in
from tests.ui.test_phone import join

TEXT = "kees@voorbeeld.nl"  # a valid name, card, title, reason and contact all at once
DATE = "2026-12-01"
MAX_ROUNDS = 5
DEBUG = __import__("os").environ.get("HANDLER_DEBUG")


@dataclass
class Outcome:
    """What firing the handlers did, apart from the database."""

    fired: int = 0
    navigations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    downloads: list[str] = field(default_factory=list)
    baseline: dict | None = None  # when set: the database is compared after every single event
    changes: list[tuple[str, list[str]]] = field(default_factory=list)  # (which event, tables changed)

    def check(self, what: str) -> None:
        """A toggle fired twice would undo itself: so look after each event, not only at the end."""
        if self.baseline is None:
            return
        tables = sorted(differences(self.baseline, all_rows()))
        if tables and (not self.changes or self.changes[-1][1] != tables):
            self.changes.append((what, tables))


@pytest.fixture
def outcome() -> Outcome:
    return Outcome()


@contextmanager
def recording(seen: Outcome):
    """While firing, navigations, notifications and downloads are recorded, not carried out, so
    one page keeps receiving every event (a real browser would have left; a stale tab can send)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(UserNavigate, "to", lambda self, target, new_tab=False: seen.navigations.append(str(target)))
        patch.setattr(UserNavigate, "reload", lambda self: seen.navigations.append("reload"))
        patch.setattr(UserNotify, "__call__", lambda self, message, **kwargs: seen.notes.append(str(message)))
        patch.setattr(UserDownload, "__call__", lambda self, src, filename=None, media_type="", **kw:
                      seen.downloads.append(str(filename)))
        yield


def answer_scripts(user: User) -> None:
    """The scripts a handler awaits (copying a link, a phone's kept draft) get an answer at once."""
    user.javascript_rules[re.compile(r"(?s).*(isSecureContext|localStorage\.getItem)")] = lambda _: None


def _plausible(element: ValueElement) -> list:
    """Values a person could choose for this element, other than the one it has."""
    if isinstance(element, (ui.select, ui.toggle, ui.radio)):
        options = list(element._values)
        return [v for v in options if v != element.value] or options[:1]
    if isinstance(element, (ui.checkbox, ui.switch, ui.dialog, ui.expansion, ui.menu)):
        return [not element.value]
    if isinstance(element, ui.number):
        low = element.min if element.min is not None else 0
        high = element.max if element.max is not None else low + 10
        return [min(high, max(low, (element.value or low) + 1))]
    if isinstance(element, (ui.input, ui.textarea)):
        return [DATE if element.props.get("type") == "date" else TEXT]
    return [element.value]


def _listeners(client: Client) -> list[tuple[ui.element, object]]:
    return [
        (element, listener)
        for element in list(client.elements.values())
        for listener in list(element._event_listeners.values())
        if listener.handler is not None
    ]


async def _settle(started: list[asyncio.Task]) -> None:
    """Let the handlers' own background tasks (async handlers) finish and the live hub repaint."""
    pending = [t for t in started if not t.done()]
    if pending:
        if DEBUG:
            print("WAIT", [t.get_name() for t in pending], flush=True)
        await asyncio.wait(pending, timeout=30)
    await asyncio.sleep(0.3)


async def fire_everything(client: Client, outcome: Outcome, passes: int = 2) -> None:
    """Fire every listener on the client, values first, then the rest; again for listeners that
    appeared meanwhile, until none are new. A second pass finds what the first one set up
    (a dialog opened for a session, a card selected), as a person clicking on would."""
    with recording(outcome):
        for _ in range(passes):
            await _fire_rounds(client, outcome)


def _refill(client: Client) -> None:
    """Opening a dialog empties its fields; a person types again before pressing its button."""
    for element in list(client.elements.values()):
        if isinstance(element, (ui.input, ui.textarea, ui.number)) and not element.is_deleted:
            if element.value in (None, ""):
                with client:
                    element.value = _plausible(element)[0]


async def _fire_rounds(client: Client, outcome: Outcome) -> None:
    done: set[str] = set()
    started: list[asyncio.Task] = []
    for _ in range(MAX_ROUNDS):
        fresh = [(e, l) for e, l in _listeners(client) if l.id not in done]
        if not fresh:
            return
        fresh.sort(key=lambda pair: (not (isinstance(pair[0], ValueElement) and pair[1].type.startswith("update:")),
                                     pair[0].id))
        for element, listener in fresh:
            done.add(listener.id)
            if element.is_deleted or client.is_deleted:
                continue
            if isinstance(element, ValueElement) and listener.type.startswith("update:"):
                argument_sets = [element._value_to_model_value(v) for v in _plausible(element)]
            else:
                argument_sets = [None]
                _refill(client)
            for args in argument_sets:
                if DEBUG:
                    print("FIRE", type(element).__name__, listener.type, getattr(element, "text", ""), args, flush=True)
                running = set(background_tasks.running_tasks)
                with client:
                    handle_event(listener.handler, GenericEventArguments(sender=element, client=client, args=args))
                started += [t for t in background_tasks.running_tasks if t not in running]
                outcome.fired += 1
                await asyncio.sleep(0)
                outcome.check(f"{type(element).__name__} {getattr(element, 'text', '')!r} {listener.type} {args!r}")
        await _settle(started)
        outcome.check("async handlers of this round")
    raise AssertionError(f"new listeners kept appearing after {MAX_ROUNDS} rounds")


def assert_refused(before: dict, outcome: Outcome, caplog) -> None:
    assert outcome.fired > 10, "the page had hardly any handlers: the test would prove nothing"
    assert outcome.changes == []
    assert differences(before, all_rows()) == {}
    assert outcome.downloads == []
    # only inside: a path of ours, or the same page again (a language was picked: "Taal" needs no login)
    assert all(place.startswith("/") or place == "reload" for place in outcome.navigations), outcome.navigations
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
    for note in outcome.notes:  # whatever was said, was said in Dutch and calmly
        assert not re.search(r"Traceback|Exception|Error\b", note), note


# ---- the world -------------------------------------------------------------------------------
@pytest.fixture
async def world(user: User, create_user):
    """Session A in 'Mogelijkheden' with voting open, a round, cards of Anna and Bram, an offer
    with a contact, a theme and an action; session B of another organiser; a link for A."""
    owner = accounts.create_organiser(EMAIL, PASSWORD).id
    other = accounts.create_organiser("ander@example.nl", PASSWORD).id
    a = facilitation.create_session(owner, "Sessie A")
    b = facilitation.create_session(other, "Sessie B")
    code_a = views.load_snapshot(a).join_code
    anna_user = create_user()
    answer_scripts(anna_user)
    await join(anna_user, code_a, "Anna")
    anna = views.load_snapshot(a).participants[0].id
    bram = participation.join(a, "Bram").id
    facilitation.go_to_phase(owner, a, 4)
    bram_card = participation.add_card(a, bram, "Bankje bij de speeltuin", kind="mogelijkheid").id
    participation.add_card(a, anna, "Buurtapp", kind="mogelijkheid")
    offer = participation.add_card(a, bram, "Ik heb een aanhanger", kind="aanbod", resource="ruimte").id
    harvest.share_contact(a, bram, offer, "bram@example.nl")
    theme = harvest.add_theme(owner, a, views.load_snapshot(a).phase.id, "Ontmoeten")
    harvest.set_theme(owner, a, bram_card, theme)
    harvest.action_from_card(owner, a, bram_card)
    harvest.set_voting(owner, a, open_=True)
    harvest.cast_vote(a, bram, bram_card)
    turns.start_round(owner, a, "open")
    turns.raise_hand(a, bram)
    token = facilitator_links.create(owner, a, "Fatima")
    await asyncio.sleep(0.3)
    return {"owner": owner, "other": other, "a": a, "b": b, "code_a": code_a, "anna": anna, "bram": bram,
            "token": token, "anna_user": anna_user}


async def _console_as_owner(user: User, world) -> Client:
    answer_scripts(user)
    await log_in(user)
    await user.open(f"/sessie/{world['a']}")
    await user.should_see("Volgende fase")
    await user.should_see("Gegevens van de sessie")
    return user.client


async def _console_by_link(user: User, world) -> Client:
    answer_scripts(user)
    await user.open(f"/f/{world['token']}")
    await user.should_see("Volgende fase")
    await user.should_not_see("Gegevens van de sessie")
    return user.client


async def _dashboard(user: User, world) -> Client:
    answer_scripts(user)
    await log_in(user)
    await user.should_see("Sessie A")
    return user.client


def _expire_login(client: Client) -> None:
    client.storage["user_storage"][LOGGED_IN_AT] = time.time() - 13 * 3600  # past DIALOOG_LOGIN_HOURS


# ---- allowed: the handlers act ----------------------------------------------------------------
async def test_console_handlers_act_for_the_owner(user: User, world, outcome, caplog):
    client = await _console_as_owner(user, world)
    before = all_rows()
    await fire_everything(client, outcome)
    changed = differences(before, all_rows())
    # phases and closing, turns, moderation, questions, and a link made: the organiser may do all of it
    assert {"dialogue_session", "turn_event", "card", "phase", "facilitator_link"} <= set(changed), set(changed)
    assert any(name.endswith(".csv") and "contact" in name for name in outcome.downloads), outcome.downloads
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_console_handlers_act_for_the_link_but_not_for_what_is_the_organisers(
    user: User, world, outcome, caplog
):
    client = await _console_by_link(user, world)
    before = all_rows()
    await fire_everything(client, outcome)
    changed = differences(before, all_rows())
    assert {"dialogue_session", "turn_event", "card", "phase"} <= set(changed), set(changed)
    assert "facilitator_link" not in changed and "api_token" not in changed
    rows = [dict(zip(_columns()["dialogue_session"], r)) for r in all_rows()["dialogue_session"]]
    assert [r["title"] for r in rows] == ["Sessie A", "Sessie B"]  # the details are the organiser's; no new session
    assert outcome.downloads and not [n for n in outcome.downloads if "contact" in n], outcome.downloads
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_dashboard_handlers_act_for_the_owner(user: User, world, outcome, caplog):
    client = await _dashboard(user, world)
    before = all_rows()
    await fire_everything(client, outcome)
    changed = differences(before, all_rows())
    assert {"dialogue_session", "facilitator_link", "participant"} <= set(changed), set(changed)  # made, deleted
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_console_handlers_of_a_table_host_act_on_their_own_table_only(user: User, world, outcome, caplog):
    a, owner = world["a"], world["owner"]
    tables.set_count(owner, a, 2)
    one, two = (t.id for t in views.load_snapshot(a).tables)
    token = facilitator_links.create(owner, a, "Fatima", table=one)
    answer_scripts(user)
    await user.open(f"/f/{token}")
    await user.should_see("Tafelleider")
    before = all_rows()
    await fire_everything(user.client, outcome)
    changed = differences(before, all_rows())
    assert {"turn_event", "participant"} <= set(changed), set(changed)  # their rounds, someone without a phone
    columns = _columns()
    for table, (gone, added) in changed.items():
        for row in gone + added:
            values = dict(zip(columns[table], row))
            if table in ("turn_event", "participant", "card"):
                assert values["table_id"] == one, (table, row)
            elif table != "card_revision":
                raise AssertionError(f"a table host changed {table}: {row}")
    assert outcome.downloads == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def _payload_pid(values: dict) -> int | None:
    return json.loads(values["payload"]).get("pid")


async def test_phone_handlers_touch_only_the_participants_own_rows(world, outcome, caplog):
    anna_user: User = world["anna_user"]
    await anna_user.open(f"/j/{world['code_a']}")
    await anna_user.should_see("Hoi Anna")
    client, anna = anna_user.client, world["anna"]
    before = all_rows()
    await fire_everything(client, outcome)
    after = all_rows()
    changed = differences(before, after)
    assert {"card", "vote", "contact", "turn_event"} <= set(changed), set(changed)
    columns = _columns()
    for table, (gone, added) in changed.items():
        for row in gone + added:
            values = dict(zip(columns[table], row))
            if table == "participant":
                assert values["id"] == anna, (table, row)
            elif "participant_id" in values:
                assert values["participant_id"] == anna, (table, row)
            elif table == "card_revision":
                assert values["card_id"] in {c.id for c in views.load_snapshot(world["a"]).cards_of(anna)}
            elif table == "turn_event":
                assert _payload_pid(values) == anna, (table, row)
            else:
                raise AssertionError(f"a phone changed {table}: {row}")
    assert outcome.downloads == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def _columns() -> dict[str, list[str]]:
    from sqlmodel import SQLModel

    return {t.name: [c.name for c in t.columns] for t in SQLModel.metadata.tables.values()}


# ---- right lost: nothing changes --------------------------------------------------------------
@pytest.mark.parametrize("lost", ["logged_out_in_another_tab", "login_expired"])
async def test_console_of_the_owner_after_losing_the_login(user: User, world, outcome, caplog, lost):
    client = await _console_as_owner(user, world)
    if lost == "logged_out_in_another_tab":
        await user.http_client.get("/logout")  # same browser, same cookie
    else:
        _expire_login(client)
    before = outcome.baseline = all_rows()
    await fire_everything(client, outcome)
    assert_refused(before, outcome, caplog)
    assert "/login" in outcome.navigations


@pytest.mark.parametrize("lost", ["link_revoked", "logged_out_in_another_tab"])
async def test_console_of_the_link_after_losing_it(user: User, world, outcome, caplog, lost):
    client = await _console_by_link(user, world)
    if lost == "link_revoked":
        link_id = facilitator_links.listing(world["owner"], world["a"])[0].id
        facilitator_links.revoke(world["owner"], world["a"], link_id)
    else:
        await user.http_client.get("/logout")
    before = outcome.baseline = all_rows()
    await fire_everything(client, outcome)
    assert_refused(before, outcome, caplog)
    if lost == "link_revoked":
        assert LINK_GONE_PATH in outcome.navigations
        assert "Deze link werkt niet meer. Vraag de organisator om een nieuwe." in outcome.notes


@pytest.mark.parametrize("lost", ["logged_out_in_another_tab", "login_expired"])
async def test_dashboard_after_losing_the_login(user: User, world, outcome, caplog, lost):
    client = await _dashboard(user, world)
    if lost == "logged_out_in_another_tab":
        await user.http_client.get("/logout")
    else:
        _expire_login(client)
    before = outcome.baseline = all_rows()
    await fire_everything(client, outcome)
    assert_refused(before, outcome, caplog)


@pytest.mark.parametrize("lost", ["session_closed", "session_deleted", "participant_removed"])
async def test_phone_after_losing_its_place(world, outcome, caplog, lost):
    anna_user: User = world["anna_user"]
    await anna_user.open(f"/j/{world['code_a']}")
    await anna_user.should_see("Hoi Anna")
    client = anna_user.client
    if lost == "session_closed":
        facilitation.close_session(world["owner"], world["a"])
    elif lost == "session_deleted":
        from dialoog.sessions import lifecycle

        lifecycle.delete_session(world["owner"], world["a"])
    else:
        with db.engine().begin() as connection:  # as if the organiser took her out
            connection.execute(text("delete from participant where id = :p"), {"p": world["anna"]})
    await asyncio.sleep(0.3)  # the phone repaints (or not): the stale handlers are still there
    before = outcome.baseline = all_rows()
    await fire_everything(client, outcome)
    assert_refused(before, outcome, caplog)


# ---- everyone else: no console client at all --------------------------------------------------
@pytest.mark.parametrize("role", ["anonymous", "participant_a", "other_organiser", "link_of_b"])
async def test_nobody_else_gets_a_console_that_can_do_anything(user: User, create_user, world, outcome, caplog, role):
    u = {"participant_a": world["anna_user"]}.get(role) or create_user()
    answer_scripts(u)
    if role == "other_organiser":
        await u.open("/login")
        u.find("E-mail").type("ander@example.nl")
        u.find("Wachtwoord").type(PASSWORD)
        u.find(kind=ui.button, content="Inloggen").click()
        await u.should_see("Jouw sessies")
    elif role == "link_of_b":
        await u.open(f"/f/{facilitator_links.create(world['other'], world['b'], 'Bob')}")
        await u.should_see("Volgende fase")
    await u.open(f"/sessie/{world['a']}")
    await u.should_not_see("Volgende fase")
    await u.should_not_see("Bankje bij de speeltuin")
    before = outcome.baseline = all_rows()
    await fire_everything(u.client, outcome)
    assert outcome.changes == []
    assert differences(before, all_rows()) == {}
    assert outcome.downloads == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
