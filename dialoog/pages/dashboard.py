"""The organiser's dashboard: their sessions, and a new one from the Wijkdialoog template."""

from __future__ import annotations

from fastapi.responses import RedirectResponse
from nicegui import ui

from dialoog.pages.common import attempt, logged_in_organiser, login_redirect, organiser_frame
from dialoog.sessions import facilitation, views


def _date(d) -> str:
    return d.strftime("%d-%m-%Y") if d else "Geen datum"


@ui.page("/dashboard", title="Dialoog – sessies")
def dashboard() -> RedirectResponse | None:
    organiser_id = logged_in_organiser()
    if organiser_id is None:
        return login_redirect()

    with organiser_frame("Sessies"):
        with ui.row().classes("w-full items-center"):
            ui.label("Jouw sessies").classes("text-3xl font-bold")
            ui.space()
            new_button = ui.button("Nieuwe sessie", icon="add").props("size=lg unelevated")

        with ui.dialog() as dialog, ui.card().classes("w-full max-w-lg gap-4 p-6"):
            ui.label("Nieuwe sessie").classes("text-2xl font-bold")
            ui.label("Volgens het sjabloon Wijkdialoog: welkom, kennismaken, ervaringen, dromen, "
                     "mogelijkheden, doen en afronding. Je kunt alles later nog aanpassen.").classes("d-muted")
            title = ui.input("Titel", placeholder="Bijvoorbeeld: Samen in de Akker").props("outlined autofocus")
            title.classes("w-full")
            message = ui.label().classes("text-negative").props("role=alert")

            def create() -> None:
                ok, session_id = attempt(
                    lambda: facilitation.create_session(organiser_id, title.value or ""), message.set_text
                )
                if ok:
                    dialog.close()
                    ui.navigate.to(f"/sessie/{session_id}")

            title.on("keydown.enter", create)
            with ui.row().classes("w-full justify-end"):
                ui.button("Annuleren", on_click=dialog.close).props("flat")
                ui.button("Sessie aanmaken", on_click=create).props("unelevated")
        new_button.on_click(dialog.open)

        rows = views.list_sessions(organiser_id)
        if not rows:
            with ui.column().classes("d-panel w-full items-center py-12 gap-2"):
                ui.label("Je hebt nog geen sessies.").classes("text-xl")
                ui.label("Klik op ‘Nieuwe sessie’ om je eerste wijkdialoog voor te bereiden.").classes("d-muted")
            return None
        with ui.column().classes("w-full gap-3"):
            for row in rows:
                with ui.link(target=f"/sessie/{row.id}").classes("no-underline text-inherit w-full"):
                    with ui.row().classes("d-panel w-full items-center gap-6 hover:shadow-md"):
                        with ui.column().classes("gap-0 grow"):
                            ui.label(row.title).classes("text-xl font-bold")
                            ui.label(f"{_date(row.held_on)} · code {row.join_code}").classes("d-muted")
                        ui.label(row.status_label).classes("text-base")
                        ui.label(f"{row.participant_count} deelnemers").classes("text-base d-muted")
                        ui.label(f"{row.card_count} kaarten").classes("text-base d-muted")
    return None
