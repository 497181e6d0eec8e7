"""The facilitator's console: join code, phases, participants and the cards arriving live.

The page is a grid of panels (console_panels.py, turns_panel.py, harvest_panel.py), each built
once with a ``paint(snapshot)``. ``Console`` lays them out and sends each change of the session
to the panels it concerns."""

from __future__ import annotations

import asyncio
import time

from fastapi.responses import RedirectResponse
from nicegui import app, ui

from dialoog.i18n import _
from dialoog.live import hub
from dialoog.pages.common import (
    LINK_GONE_PATH,
    ConsoleContext,
    forget_pass,
    logged_in_organiser,
    login_redirect,
    not_found_page,
    organiser_frame,
    page_language,
    stored_pass,
)
from dialoog.pages.console_panels import (
    PEOPLE_SHOWN,  # noqa: F401 - tests read the page's limits where the page keeps them
    ConsoleHeader,
    CurrentQuestion,
    GatePanel,
    JoinPanel,
    PeoplePanel,
    PhaseList,
    QuestionEditor,
    SessionDetails,
)
from dialoog.pages.harvest_panel import CARDS_SHOWN, ActionsPanel, ConsoleCards, VotingPanel
from dialoog.pages.links import link_gone_page
from dialoog.pages.tables_panel import MessageBanner, TablesPanel
from dialoog.pages.turns_panel import TurnsPanel
from dialoog.sessions import facilitation, facilitator_links
from dialoog.sessions.access import Actor, FacilitatorPass
from dialoog.sessions.views import SessionSnapshot, load_snapshot

PEOPLE_TOPICS = frozenset({"participants", "turns", "presence", "session"})
CARD_TOPICS = frozenset({"cards", "card-added", "session"})
CARD_NEWS_GAP = 2.0  # seconds: cards placed on phones repaint the console's cards at most this often
ROWS_PER_PAINT = 8  # new card rows built at once when cards pour in (~5 ms); the rest at the next ticks
TABLE_NEWS_GAP = 1.0  # seconds: with tables, the rounds at other tables repaint the overview at most this often


@ui.page("/sessie/{session_id}", title="Dialoog – gespreksleider")
def console(session_id: int) -> RedirectResponse | None:
    page_language()  # until the session is known: the person's own pick
    actor = _actor(session_id)
    if actor is None or isinstance(actor, RedirectResponse):
        return actor
    snap = hub.snapshot(session_id)
    page_language(snap.language, personal=False)  # the console speaks the session's language
    ui.page_title(_("Dialoog – gespreksleider"))
    ctx = ConsoleContext(actor, session_id, snap)
    table = facilitator_links.table_of(actor) if isinstance(actor, FacilitatorPass) else None
    if table is not None and snap.table(table) is None:  # tables made a moment ago: the hub's news is on its way
        ctx.snap = snap = load_snapshot(session_id)
    if table is None:
        Console(ctx)
    elif snap.table(table) is None:
        not_found_page(_("Deze tafel bestaat niet (meer)."))
    else:
        HostConsole(ctx, table)
    return None


def _actor(session_id: int) -> Actor | RedirectResponse | None:
    """Who opens this console: its organiser, or someone with a working facilitator link kept in
    this browser. Otherwise the login, or a calm page (then None)."""
    organiser_id = logged_in_organiser()
    if organiser_id is not None and facilitation.owns(organiser_id, session_id):
        return organiser_id
    passport = stored_pass(session_id)
    if passport is not None and facilitator_links.opens(passport, session_id):
        return passport
    if passport is not None:
        forget_pass(app.storage.user, passport.token)
        link_gone_page()
    elif organiser_id is None:
        return login_redirect()
    else:
        not_found_page(_("Deze sessie bestaat niet, of is niet van jou."), (_("Naar je sessies"), "/dashboard"))
    return None


class Console:
    """The console's layout, and which panels each change of the session repaints."""

    def __init__(self, ctx: ConsoleContext) -> None:
        self.ctx = ctx
        self.cards_waiting, self.cards_painted = False, 0.0
        self.cards_behind = False  # the card list caught up only partly at its last paint (``paint_cards``)
        self.people_waiting, self.people_painted = False, 0.0
        self.deferred = False  # ``soon`` asked for a paint right after the hub's flush
        self.build()
        self.on_change(ctx.snap, frozenset({"session"}))
        hub.channel(ctx.session_id).changed.subscribe(self.on_change)
        ui.timer(1.0, self.tick)  # one console per session: a running clock here is cheap
        self.anchor = ui.timer(CARD_NEWS_GAP / 8, self.paint_soon)

    def build(self) -> None:
        ctx = self.ctx
        editor = QuestionEditor(ctx)
        with organiser_frame(_("Gespreksleider"), dashboard=ctx.is_organiser):
            self.header = ConsoleHeader(ctx)
            with ui.element("div").classes("d-console-grid w-full"):
                with ui.column().classes("gap-4"):  # left: phases and details
                    self.phases = PhaseList(ctx, editor)
                    if ctx.is_organiser:  # the session's details are the organiser's
                        SessionDetails(ctx)
                with ui.column().classes("gap-4 min-w-0"):  # middle: the current phase and its cards
                    self.question = CurrentQuestion(ctx, editor)
                    self.tables = TablesPanel(ctx, on_pick=lambda table: self.turns.show_table(table))
                    self.turns = TurnsPanel(ctx)
                    self.harvest = (VotingPanel(ctx), ActionsPanel(ctx), ConsoleCards(ctx))
                with ui.column().classes("gap-4"):  # right: joining, the people, the report
                    self.join = JoinPanel()
                    self.people = PeoplePanel(ctx)
                    self.gate = GatePanel(ctx)

    def on_change(self, s: SessionSnapshot, topics: frozenset) -> None:
        """The hub's news: repaint what ``topics`` can have changed."""
        if "links" in topics and isinstance(self.ctx.actor, FacilitatorPass) and not self.link_still_works():
            return
        if s.language != self.ctx.snap.language:  # the organiser chose another language: paint it all anew
            ui.navigate.reload()
            return
        self.ctx.snap = s
        self.paint(s, topics)

    def paint(self, s: SessionSnapshot, topics: frozenset) -> None:
        if "session" in topics:
            for panel in (self.header, self.phases, self.question, self.join):
                panel.paint(s)
        card_topics = topics & CARD_TOPICS  # (a turn or who is connected changes no card)
        if card_topics == {"card-added"}:
            self.cards_waiting = True
            self.soon()
        elif card_topics:
            self.paint_cards()  # the facilitator's own changes show at once
        if topics & PEOPLE_TOPICS:  # a card changes no row of the (maybe long) list of people, nor the round
            self.turns.paint(s)
            if s.has_tables and "session" not in topics:  # 100 tables change speaker 33 times a second
                self.people_waiting = True
                self.soon()
            else:
                self.paint_people()

    def soon(self) -> None:
        """What waits for its gap (cards placed on phones, the rounds at other tables) is painted
        right after the hub's flush, not inside it: in a full room that paint took 30–50 ms every two
        seconds, and the projector and the phones of the same flush waited for it."""
        if not self.deferred:
            self.deferred = True
            asyncio.get_running_loop().call_soon(self._after_flush)

    def _after_flush(self) -> None:
        self.deferred = False
        if not self.anchor.is_deleted and self.anchor.parent_slot is not None:
            with self.anchor.parent_slot:  # the page's context, as in its timer: its language, its client
                self.paint_soon()

    def paint_people(self) -> None:
        """The overview of the tables, the people and who is still to be heard."""
        self.people_waiting, self.people_painted = False, time.monotonic()
        for panel in (self.tables, self.people, self.gate):
            panel.paint(self.ctx.snap)

    def paint_people_soon(self) -> None:
        if self.people_waiting and time.monotonic() - self.people_painted >= TABLE_NEWS_GAP:
            self.paint_people()

    def paint_soon(self) -> None:
        self.paint_cards_soon()
        self.paint_people_soon()

    def tick(self) -> None:
        self.turns.tick()
        self.tables.tick(self.ctx.snap)

    def paint_cards(self, rows: int | None = None) -> None:
        """The cards, the vote and the actions; ``rows``: at most this many new card rows at once."""
        going_on = self.cards_behind and not self.cards_waiting  # only the card list has rows to catch up
        self.cards_waiting, self.cards_painted = False, time.monotonic()
        voting, actions, cards = self.harvest
        if not going_on:
            voting.paint(self.ctx.snap)
            actions.paint(self.ctx.snap)
            if self.ctx.snap.has_tables:  # the cards counted per table
                self.tables.paint(self.ctx.snap)
        self.cards_behind = not cards.paint(self.ctx.snap, rows)

    def paint_cards_soon(self) -> None:
        """Cards that phones placed, at most every CARD_NEWS_GAP: in a full room fifty arrive a
        second, and rebuilding the newest rows for each flush cost more than the projector did.
        A list that caught up only partly goes on ROWS_PER_PAINT rows at a time, as often as keeps
        the rows built to CARDS_SHOWN per CARD_NEWS_GAP (every 0.4 s): no more work than one paint of
        the whole list, cut into short steps."""
        gap = CARD_NEWS_GAP * ROWS_PER_PAINT / CARDS_SHOWN if self.cards_behind else CARD_NEWS_GAP
        if (self.cards_behind or self.cards_waiting) and time.monotonic() - self.cards_painted >= gap:
            self.paint_cards(ROWS_PER_PAINT)

    def link_still_works(self) -> bool:
        """A revoked link leaves the console at once, not only at its next click."""
        if facilitator_links.active_session(self.ctx.actor.token) == self.ctx.session_id:
            return True
        forget_pass(app.storage.client.get("user_storage") or {}, self.ctx.actor.token)
        ui.navigate.to(LINK_GONE_PATH)
        return False


class HostConsole(Console):
    """A table host's console: the question, their table's rounds with the same buttons as the
    main console, and their table's people. One column: it works on a phone of 360 px."""

    def __init__(self, ctx: ConsoleContext, table: int) -> None:
        self.table = table
        self.shown: tuple = ()  # what the table's panels show now: its turns, its people, who is connected
        self.turn_key: tuple = ()  # of the table's round as last painted (``turn_moved``)
        super().__init__(ctx)

    def build(self) -> None:
        ctx = self.ctx
        with organiser_frame(_("Tafelleider"), dashboard=False):
            with ui.column().classes("d-host w-full max-w-xl mx-auto gap-4"):
                self.banner = MessageBanner()
                with ui.column().classes("gap-0"):
                    self.where = ui.label().classes("text-3xl font-bold").props("role=heading aria-level=1")
                    self.title = ui.label().classes("d-muted text-base")
                self.question = CurrentQuestion(ctx, None)
                self.turns = TurnsPanel(ctx, self.table, host=True)
                self.people = PeoplePanel(ctx, self.table)

    def paint(self, s: SessionSnapshot, topics: frozenset) -> None:
        if s.table(self.table) is None:  # the organiser took the table away
            ui.navigate.reload()
            return
        if "session" in topics:
            self.where.set_text(s.table_name(self.table))
            self.title.set_text(s.title)
            self.question.paint(s, self.table)
            self.banner.paint(s)
        if topics & PEOPLE_TOPICS and (self.table_changed(s) or "session" in topics):
            if "session" in topics or self.turn_moved(s):
                self.paint_people()
            else:  # someone joined the table or their phone (re)connected: within a second is soon enough
                self.people_waiting = True
                self.paint_people_soon()

    def paint_people(self) -> None:
        self.people_waiting, self.people_painted = False, time.monotonic()
        for panel in (self.people, self.turns):
            panel.paint(self.ctx.snap)

    def table_changed(self, s: SessionSnapshot) -> bool:
        """Whether the news is about this table. A room of 100 tables changes speaker 33 times a
        second; repainting every host's panels for each of them cost the server a sixth of its time."""
        people = s.people_at(self.table)
        shown = (s.turns_at(self.table), people, tuple(hub.is_connected(s.id, p.id) for p in people))
        if len(shown) == len(self.shown) and shown[0] is self.shown[0] and shown[1:] == self.shown[1:]:
            return False
        self.shown = shown
        return True

    def turn_moved(self, s: SessionSnapshot) -> bool:
        """Whether the table's round moved (a speaker, a pass, a hand, someone absent): the host sees
        that at once. A newcomer or a phone connecting waits for the next repaint (at most a second)."""
        state = s.turns_at(self.table)
        key = (state.speaker, len(state.rounds), state.live_round, state.hands, state.absent, state.phase)
        moved, self.turn_key = key != self.turn_key, key
        return moved

    def tick(self) -> None:
        self.turns.tick()
        self.banner.paint(self.ctx.snap)

    def paint_cards(self, rows: int | None = None) -> None:
        self.cards_waiting = False  # a table host's console shows no cards
