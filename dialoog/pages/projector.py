"""The session screen for the projector: QR and code to join, then the question and the cards."""

from __future__ import annotations

import time

from nicegui import ui

from dialoog.live import hub
from dialoog.net import join_url, qr_data_uri
from dialoog.pages.common import GroupedWall, not_found_page, qr_image, use_style
from dialoog.sessions import engine, participation
from dialoog.sessions.views import SessionSnapshot


WALL_SHOWN = 60  # the newest cards of a phase; more would not fit a wall, and cost every screen
NAMES_SHOWN = 12  # a room reads a dozen names; a longer list would push the question off the screen


def _people(count: int) -> str:
    return "Nog niemand doet mee" if count == 0 else ("1 persoon doet mee" if count == 1 else f"{count} mensen doen mee")


@ui.page("/scherm/{code}", title="Dialoog – scherm")
def projector(code: str) -> None:
    session_id = participation.find_open_session(code)
    if session_id is None:
        not_found_page(participation.CLOSED)
        return
    Projector(hub.snapshot(session_id))


class Projector:
    """The room's screen: a lobby to join before the first phase; then the question, who speaks,
    the vote's outcome and the cards; a thank-you when the session is closed."""

    def __init__(self, snap: SessionSnapshot) -> None:
        self.snap = snap
        qr = qr_data_uri(join_url(snap.join_code))
        use_style("d-screen-body")
        with ui.column().classes("d-screen w-full gap-8"):
            self._build_lobby(snap, qr)
            with ui.column().classes("w-full gap-6 pr-[220px]") as self.stage:
                self._build_question(snap)
                self._build_turn_strip()
                with ui.column().classes("w-full gap-3") as self.results:
                    ui.label("Uitslag van de stemming").classes("d-screen-theme")
                    self.results_list = ui.column().classes("w-full gap-2")
                self.wall = GroupedWall(ui.column().classes("w-full gap-6"))
                self.earlier = ui.label().classes("text-3xl d-muted")
            with ui.column().classes("d-screen-corner items-center gap-1") as self.corner:
                qr_image(qr).classes("w-44 h-44")
                ui.label(snap.join_code).classes("d-code text-3xl")
            self.closed = ui.label("Het gesprek is afgelopen. Bedankt voor jullie bijdrage!")
            self.closed.classes("d-screen-title m-auto")
        self.paint(snap)
        hub.channel(snap.id).changed.subscribe(lambda s, topics: self.paint(s))
        ui.timer(1.0, self.tick)  # a projector or two per session: the calm ring moves on by itself

    def _build_lobby(self, snap: SessionSnapshot, qr: str) -> None:
        """Before the first phase: everything is about joining."""
        with ui.row().classes("w-full items-center justify-center gap-16 min-h-[85vh]") as self.lobby:
            qr_image(qr).classes("w-[min(560px,42vw)] h-auto aspect-square rounded-2xl bg-white p-4 shadow-sm")
            with ui.column().classes("gap-6 max-w-[900px]"):
                self.lobby_title = ui.label().classes("d-screen-title")
                ui.label("Doe mee met je telefoon").classes("text-7xl font-bold leading-tight")
                ui.label("Scan de QR-code, of ga naar").classes("text-4xl d-muted")
                ui.label(join_url(snap.join_code)).classes("d-screen-url font-bold")
                ui.label("en vul deze code in").classes("text-4xl d-muted")
                ui.label(snap.join_code).classes("d-code d-screen-code")
                self.lobby_count = ui.label().classes("text-3xl d-muted")

    def _build_question(self, snap: SessionSnapshot) -> None:
        self.phase = ui.label().classes("d-screen-phase")
        self.question = ui.label().classes("d-screen-question")
        with ui.element("ul").classes("d-screen-rules list-none pl-0") as self.rules:
            for rule in snap.ground_rules:
                with ui.element("li"):
                    ui.label(f"• {rule}")

    def _build_turn_strip(self) -> None:
        with ui.row().classes("d-screen-turn w-full items-center no-wrap gap-8") as self.turn_strip:
            self.ring = ui.circular_progress(value=0, min=0, max=1, show_value=False, size="88px").props(
                'thickness=0.22 color=primary track-color=grey-4 aria-label="Spreektijd"'
            )
            with ui.column().classes("gap-1 min-w-0"):
                self.speaking_title = ui.label("Aan het woord").classes("d-screen-phase text-[26px]")
                self.speaking = ui.label().classes("d-screen-speaker")
                self.upcoming = ui.label().classes("text-[32px] d-muted")
            self.waiting = ui.label().classes("text-3xl d-muted ml-auto text-right max-w-[45%]")

    def paint(self, s: SessionSnapshot) -> None:
        """Show ``s``: which part of the screen, the question, the cards, the vote and the turns."""
        self.snap = s
        phase = s.phase
        self.lobby.set_visibility(s.is_open and phase is None)
        self.stage.set_visibility(s.is_open and phase is not None)
        self.corner.set_visibility(s.is_open and phase is not None)
        self.closed.set_visibility(not s.is_open)
        self.lobby_title.set_text(s.title)
        self.lobby_count.set_text(_people(len(s.participants)))
        if phase is not None:
            self.phase.set_text(phase.name)
            self.question.set_text(phase.question)
            self.rules.set_visibility(phase.mode == "info")
        in_phase = s.cards_in(phase.id) if phase else []
        self.wall.show(phase.id if phase else None, in_phase[-WALL_SHOWN:], s.themes_in(phase.id) if phase else [])
        hidden = len(in_phase) - WALL_SHOWN
        self.earlier.set_text(f"En nog {hidden} eerdere kaarten. Ze staan allemaal in het verslag." if hidden > 0 else "")
        self.earlier.set_visibility(hidden > 0)
        self.paint_results(s)
        self.paint_turn(s)

    def paint_results(self, s: SessionSnapshot) -> None:
        phase = s.phase
        show = s.results_shown and phase is not None and "mogelijkheid" in phase.card_kinds
        self.results.set_visibility(show)
        if not show:
            return
        self.results_list.clear()
        with self.results_list:
            for card in [c for c in s.ranked_possibilities() if c.votes][:8]:
                with ui.row().classes("d-result w-full items-center no-wrap gap-6"):
                    ui.label(str(card.votes)).classes("d-result-votes")
                    ui.label(card.text).classes("text-[30px] leading-snug")

    def paint_turn(self, s: SessionSnapshot) -> None:
        t, rnd = s.turns, s.round_here
        self.turn_strip.set_visibility(s.is_open and rnd is not None)
        if rnd is None:
            return
        self.speaking_title.set_visibility(t.speaker is not None)
        self.speaking.set_text(s.name(t.speaker) if t.speaker is not None else (
            "Wie steekt een hand op?" if rnd.mode == "open" else "Even stil"))
        up = engine.next_up(t)
        self.upcoming.set_text(f"Hierna: {s.name(up)}" if up is not None else "")
        self.waiting.set_text(_still_to_hear(s) if rnd.mode == "round" else _hands(len(t.hands)))
        self.tick()

    def tick(self) -> None:
        t = self.snap.turns
        show = t.show_timer and t.speaker is not None
        self.ring.set_visibility(show)
        if show:
            self.ring.set_value(min(1.0, (time.time() - t.speaker_since) / max(1, engine.soft_limit(t))))


def _still_to_hear(s: SessionSnapshot) -> str:
    """Who is still to be heard in this round: names (a dozen at most) if the facilitator shows them, else a count."""
    todo = engine.still_to_hear(s.turns)
    if not todo:
        return "Iedereen is gehoord" if s.turns.speaker is None else ""
    if not s.turns.show_names:
        return "Nog 1 persoon te horen" if len(todo) == 1 else f"Nog {len(todo)} mensen te horen"
    names = ", ".join(s.name(p) for p in todo[:NAMES_SHOWN])
    more = len(todo) - NAMES_SHOWN
    return f"Nog te horen: {names}" + (f" en {more} anderen" if more > 0 else "")


def _hands(count: int) -> str:
    return "" if not count else ("1 hand omhoog" if count == 1 else f"{count} handen omhoog")
