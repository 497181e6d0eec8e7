"""The session screen for the projector: QR and code to join, then the question and the cards."""

from __future__ import annotations

from nicegui import ui

from dialoog.live import hub
from dialoog.net import join_url, qr_data_uri
from dialoog.pages.common import CardWall, not_found_page, qr_image, use_style
from dialoog.sessions import participation
from dialoog.sessions.views import SessionSnapshot


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
        with ui.row().classes("w-full items-center justify-center gap-16 no-wrap min-h-[85vh]") as lobby:
            qr_image(qr).classes("w-[560px] h-[560px] rounded-2xl bg-white p-4 shadow-sm")
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
            cards = ui.element("div").classes("d-screen-cards w-full")
            wall = CardWall(cards, show_author=False)
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
        wall.show(phase.id if phase else None, s.cards_in(phase.id) if phase else [])

    paint(snap)
    hub.channel(session_id).changed.subscribe(paint)
