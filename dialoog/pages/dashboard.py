"""The organiser's dashboard: their sessions, and a new one from the Wijkdialoog template."""

from __future__ import annotations

from fastapi.responses import RedirectResponse
from nicegui import ui

from dialoog.pages.common import attempt, labelled, logged_in_organiser, login_redirect, organiser_frame, still_logged_in
from dialoog.pages.harvest_panel import export_menu
from dialoog.pages.links import LinksDialog
from dialoog.sessions import api_tokens, facilitation, lifecycle, views


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
                    lambda: facilitation.create_session(still_logged_in(organiser_id), title.value or ""),
                    message.set_text,
                )
                if ok:
                    dialog.close()
                    ui.navigate.to(f"/sessie/{session_id}")

            title.on("keydown.enter", create)
            with ui.row().classes("w-full justify-end"):
                ui.button("Annuleren", on_click=dialog.close).props("flat")
                ui.button("Sessie aanmaken", on_click=create).props("unelevated")
        new_button.on_click(dialog.open)

        with ui.dialog() as delete_dialog, ui.card().classes("w-full max-w-md gap-3 p-6"):
            ui.label("Sessie verwijderen?").classes("text-xl font-bold")
            delete_text = ui.label().classes("text-base")
            ui.label("Alles van deze sessie gaat weg: deelnemers, kaarten, stemmen, contactgegevens en beurten. "
                     "Dit kan niet ongedaan worden.").classes("d-muted")
            doomed = {"id": 0}

            def really_delete() -> None:
                ok, _ = attempt(lambda: lifecycle.delete_session(still_logged_in(organiser_id), doomed["id"]))
                delete_dialog.close()
                if ok:
                    ui.notify("De sessie is verwijderd.", type="positive", position="top")
                    ui.navigate.reload()

            with ui.row().classes("w-full justify-end"):
                ui.button("Annuleren", on_click=delete_dialog.close).props("flat")
                ui.button("Definitief verwijderen", on_click=really_delete).props("unelevated color=negative")

        def ask_delete(row) -> None:
            doomed["id"] = row.id
            delete_text.set_text(f"‘{row.title}’ met {row.participant_count} deelnemers en {row.card_count} kaarten.")
            delete_dialog.open()

        def duplicate(row) -> None:
            ok, new_id = attempt(lambda: lifecycle.duplicate(still_logged_in(organiser_id), row.id))
            if ok:
                ui.navigate.to(f"/sessie/{new_id}")

        links = LinksDialog(organiser_id)
        rows = views.list_sessions(organiser_id)
        if not rows:
            with ui.column().classes("d-panel w-full items-center py-12 gap-2"):
                ui.label("Je hebt nog geen sessies.").classes("text-xl")
                ui.label("Klik op ‘Nieuwe sessie’ om je eerste wijkdialoog voor te bereiden.").classes("d-muted")
        with ui.column().classes("w-full gap-3"):
            for row in rows:
                with ui.row().classes("d-panel w-full items-center gap-x-6 gap-y-2"):
                    with ui.column().classes("gap-0 grow min-w-[240px]"):
                        ui.link(row.title, f"/sessie/{row.id}").classes("text-xl font-bold no-underline text-inherit")
                        ui.label(f"{_date(row.held_on)} · code {row.join_code}").classes("d-muted")
                    ui.label(row.status_label).classes("text-base")
                    ui.label(f"{row.participant_count} deelnemers").classes("text-base d-muted")
                    ui.label(f"{row.card_count} kaarten").classes("text-base d-muted")
                    with ui.row().classes("gap-1"):
                        ui.button("Openen", on_click=lambda r=row: ui.navigate.to(f"/sessie/{r.id}")).props(
                            "flat no-caps"
                        )
                        export_menu(organiser_id, row.id).props("flat")
                        leaders = ui.button("Gespreksleiders", on_click=lambda r=row: links.open(r.id, r.title))
                        labelled(leaders.props("flat no-caps"), f"Gespreksleiders van {row.title}")
                        ui.button("Dupliceren", on_click=lambda r=row: duplicate(r)).props("flat no-caps")
                        ui.button("Verwijderen", on_click=lambda r=row: ask_delete(r)).props(
                            "flat no-caps color=negative"
                        )
        _api_keys(organiser_id)
    return None


def _api_keys(organiser_id: int) -> None:
    """API keys for fetching summaries by script; a new key is shown once."""
    with ui.expansion("API-sleutels", icon="key").classes("d-panel w-full"):
        ui.label("Met een sleutel haalt een programma de samenvatting op: GET /api/sessions/<nummer>/summary.json "
                 "met de kop ‘Authorization: Bearer <sleutel>’. Zie /docs.").classes("d-muted")
        with ui.row().classes("items-center gap-2"):
            name = ui.input("Naam van de sleutel").props("outlined dense")
            shown = ui.label().classes("d-code text-base break-all")
            message = ui.label().classes("text-negative").props("role=alert")

            def create() -> None:
                ok, token = attempt(lambda: api_tokens.create(still_logged_in(organiser_id), name.value or ""),
                                    message.set_text)
                if ok:
                    message.set_text("")
                    shown.set_text(f"Nieuwe sleutel (alleen nu te zien): {token}")
                    name.set_value("")
                    listing.refresh()

            ui.button("Sleutel maken", on_click=create).props("unelevated no-caps")

        @ui.refreshable
        def listing() -> None:
            for key in api_tokens.listing(organiser_id):
                with ui.row().classes("items-center gap-3"):
                    used = key.last_used_at.strftime("%d-%m-%Y") if key.last_used_at else "nog niet"
                    ui.label(f"{key.name} · gemaakt {key.created_at.strftime('%d-%m-%Y')} · gebruikt: {used}")
                    revoke = ui.button("Intrekken", on_click=lambda k=key: (
                        attempt(lambda: api_tokens.revoke(still_logged_in(organiser_id), k.id)), listing.refresh()))
                    labelled(revoke.props("flat dense no-caps color=negative"), f"Sleutel {key.name} intrekken")

        listing()
