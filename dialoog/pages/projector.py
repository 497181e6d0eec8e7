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
    snap = hub.snapshot(session_id)
    url = join_url(snap.join_code)
    qr = qr_data_uri(url)
    use_style("d-screen-body")

    with ui.column().classes("d-screen w-full gap-8"):
        # Before the first phase: everything is about joining.
        with ui.row().classes("w-full items-center justify-center gap-16 min-h-[85vh]") as lobby:
            qr_image(qr).classes("w-[min(560px,42vw)] h-auto aspect-square rounded-2xl bg-white p-4 shadow-sm")
            with ui.column().classes("gap-6 max-w-[900px]"):
                lobby_title = ui.label().classes("d-screen-title")
                ui.label("Doe mee met je telefoon").classes("text-7xl font-bold leading-tight")
                ui.label("Scan de QR-code, of ga naar").classes("text-4xl d-muted")
                ui.label(url).classes("d-screen-url font-bold")
                ui.label("en vul deze code in").classes("text-4xl d-muted")
                ui.label(snap.join_code).classes("d-code d-screen-code")
                lobby_count = ui.label().classes("text-3xl d-muted")

        # During a phase: the question and what people wrote.
        with ui.column().classes("w-full gap-6 pr-[220px]") as stage:
            phase_label = ui.label().classes("d-screen-phase")
            question = ui.label().classes("d-screen-question")
            with ui.element("ul").classes("d-screen-rules list-none pl-0") as rules:
                for rule in snap.ground_rules:
                    with ui.element("li"):
                        ui.label(f"• {rule}")
            with ui.row().classes("d-screen-turn w-full items-center no-wrap gap-8") as turn_strip:
                ring = ui.circular_progress(value=0, min=0, max=1, show_value=False, size="88px").props(
                    'thickness=0.22 color=primary track-color=grey-4 aria-label="Spreektijd"'
                )
                with ui.column().classes("gap-1 min-w-0"):
                    speaking_title = ui.label("Aan het woord").classes("d-screen-phase text-[26px]")
                    speaking = ui.label().classes("d-screen-speaker")
                    upcoming = ui.label().classes("text-[32px] d-muted")
                waiting = ui.label().classes("text-3xl d-muted ml-auto text-right max-w-[45%]")
            with ui.column().classes("w-full gap-3") as results:
                ui.label("Uitslag van de stemming").classes("d-screen-theme")
                results_list = ui.column().classes("w-full gap-2")
            cards = ui.column().classes("w-full gap-6")
            wall = GroupedWall(cards)
            earlier = ui.label().classes("text-3xl d-muted")
        with ui.column().classes("d-screen-corner items-center gap-1") as corner:
            qr_image(qr).classes("w-44 h-44")
            ui.label(snap.join_code).classes("d-code text-3xl")

        closed = ui.label("Het gesprek is afgelopen. Bedankt voor jullie bijdrage!").classes("d-screen-title m-auto")

    def paint(s: SessionSnapshot, topics: frozenset = frozenset({"session"})) -> None:
        phase = s.phase
        lobby.set_visibility(s.is_open and phase is None)
        stage.set_visibility(s.is_open and phase is not None)
        corner.set_visibility(s.is_open and phase is not None)
        closed.set_visibility(not s.is_open)
        lobby_title.set_text(s.title)
        lobby_count.set_text(_people(len(s.participants)))
        if phase is not None:
            phase_label.set_text(phase.name)
            question.set_text(phase.question)
            rules.set_visibility(phase.mode == "info")
        in_phase = s.cards_in(phase.id) if phase else []
        wall.show(phase.id if phase else None, in_phase[-WALL_SHOWN:], s.themes_in(phase.id) if phase else [])
        hidden = len(in_phase) - WALL_SHOWN
        earlier.set_text(f"En nog {hidden} eerdere kaarten. Ze staan allemaal in het verslag." if hidden > 0 else "")
        earlier.set_visibility(hidden > 0)
        paint_results(s)
        paint_turn(s)

    def paint_results(s: SessionSnapshot) -> None:
        phase = s.phase
        show = s.results_shown and phase is not None and "mogelijkheid" in phase.card_kinds
        results.set_visibility(show)
        if not show:
            return
        results_list.clear()
        with results_list:
            for card in [c for c in s.ranked_possibilities() if c.votes][:8]:
                with ui.row().classes("d-result w-full items-center no-wrap gap-6"):
                    ui.label(str(card.votes)).classes("d-result-votes")
                    ui.label(card.text).classes("text-[30px] leading-snug")

    def paint_turn(s: SessionSnapshot) -> None:
        t, rnd = s.turns, s.round_here
        turn_strip.set_visibility(s.is_open and rnd is not None)
        if rnd is None:
            return
        speaking_title.set_visibility(t.speaker is not None)
        speaking.set_text(s.name(t.speaker) if t.speaker is not None else (
            "Wie steekt een hand op?" if rnd.mode == "open" else "Even stil"))
        up = engine.next_up(t)
        upcoming.set_text(f"Hierna: {s.name(up)}" if up is not None else "")
        if rnd.mode == "round":
            todo = engine.still_to_hear(t)
            if not todo:
                waiting.set_text("Iedereen is gehoord" if t.speaker is None else "")
            elif t.show_names:
                names = ", ".join(s.name(p) for p in todo[:NAMES_SHOWN])
                more = len(todo) - NAMES_SHOWN
                waiting.set_text(f"Nog te horen: {names}" + (f" en {more} anderen" if more > 0 else ""))
            else:
                waiting.set_text("Nog 1 persoon te horen" if len(todo) == 1 else f"Nog {len(todo)} mensen te horen")
        else:
            hands = len(t.hands)
            waiting.set_text("" if not hands else ("1 hand omhoog" if hands == 1 else f"{hands} handen omhoog"))
        tick()

    def tick() -> None:
        t = state["snap"].turns
        show = t.show_timer and t.speaker is not None
        ring.set_visibility(show)
        if show:
            ring.set_value(min(1.0, (time.time() - t.speaker_since) / max(1, engine.soft_limit(t))))

    state = {"snap": snap}

    def on_change(s: SessionSnapshot, topics: frozenset) -> None:
        state["snap"] = s
        paint(s)

    paint(snap)
    hub.channel(session_id).changed.subscribe(on_change)
    ui.timer(1.0, tick)  # a projector or two per session: the calm ring moves on by itself
