"""The organiser's dashboard: their sessions, and a new one from the Wijkdialoog template."""

from __future__ import annotations

from fastapi.responses import RedirectResponse
from nicegui import ui

from dialoog.pages.common import attempt, labelled, logged_in_organiser, login_redirect, organiser_frame, still_logged_in
from dialoog.pages.dialogs import FormDialog
from dialoog.pages.harvest_panel import ExportMenu
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
        creating = _new_session_dialog(organiser_id)
        with ui.row().classes("w-full items-center"):
            ui.label("Jouw sessies").classes("text-3xl font-bold")
            ui.space()
            ui.button("Nieuwe sessie", icon="add", on_click=creating.open).props("size=lg unelevated")
        rows = views.list_sessions(organiser_id)
        if not rows:
            with ui.column().classes("d-panel w-full items-center py-12 gap-2"):
                ui.label("Je hebt nog geen sessies.").classes("text-xl")
                ui.label("Klik op ‘Nieuwe sessie’ om je eerste wijkdialoog voor te bereiden.").classes("d-muted")
        sessions = SessionList(organiser_id)
        with ui.column().classes("w-full gap-3"):
            for row in rows:
                sessions.row(row)
        _api_keys(organiser_id)
    return None


def _new_session_dialog(organiser_id: int) -> FormDialog:
    """'Nieuwe sessie': a title, and the session is made from the Wijkdialoog template."""
    dialog = FormDialog(
        "Nieuwe sessie", "Sessie aanmaken",
        lambda: facilitation.create_session(still_logged_in(organiser_id), title.value or ""),
        intro="Volgens het sjabloon Wijkdialoog: welkom, kennismaken, ervaringen, dromen, mogelijkheden, doen "
              "en afronding. Je kunt alles later nog aanpassen.",
        after=lambda session_id: ui.navigate.to(f"/sessie/{session_id}"), width="max-w-lg",
    )
    with dialog.fields:
        title = ui.input("Titel", placeholder="Bijvoorbeeld: Samen in de Akker").props("outlined autofocus")
        title.classes("w-full").on("keydown.enter", dialog.submit)
    return dialog


class SessionList:
    """The organiser's sessions, a row each: open, export, facilitator links, duplicate, delete."""

    def __init__(self, organiser_id: int) -> None:
        self.organiser_id, self.doomed = organiser_id, 0
        self.links = LinksDialog(organiser_id)
        self.deleting = FormDialog("Sessie verwijderen?", "Definitief verwijderen", self._delete,
                                   after=lambda _: self._deleted(), tone="negative")
        with self.deleting.fields:
            self.delete_text = ui.label().classes("text-base")
            ui.label("Alles van deze sessie gaat weg: deelnemers, kaarten, stemmen, contactgegevens en beurten. "
                     "Dit kan niet ongedaan worden.").classes("d-muted")

    def row(self, row: views.SessionSummary) -> None:
        with ui.row().classes("d-panel w-full items-center gap-x-6 gap-y-2"):
            with ui.column().classes("gap-0 grow min-w-[240px]"):
                ui.link(row.title, f"/sessie/{row.id}").classes("text-xl font-bold no-underline text-inherit")
                ui.label(f"{_date(row.held_on)} · code {row.join_code}").classes("d-muted")
            ui.label(row.status_label).classes("text-base")
            ui.label(f"{row.participant_count} deelnemers").classes("text-base d-muted")
            ui.label(f"{row.card_count} kaarten").classes("text-base d-muted")
            with ui.row().classes("gap-1"):
                ui.button("Openen", on_click=lambda: ui.navigate.to(f"/sessie/{row.id}")).props("flat no-caps")
                ExportMenu(self.organiser_id, row.id).props("flat")
                leaders = ui.button("Gespreksleiders", on_click=lambda: self.links.open(row.id, row.title))
                labelled(leaders.props("flat no-caps"), f"Gespreksleiders van {row.title}")
                ui.button("Dupliceren", on_click=lambda: self.duplicate(row)).props("flat no-caps")
                ui.button("Verwijderen", on_click=lambda: self.ask_delete(row)).props("flat no-caps color=negative")

    def ask_delete(self, row: views.SessionSummary) -> None:
        self.doomed = row.id
        self.delete_text.set_text(f"‘{row.title}’ met {row.participant_count} deelnemers en {row.card_count} kaarten.")
        self.deleting.open()

    def _delete(self) -> None:
        lifecycle.delete_session(still_logged_in(self.organiser_id), self.doomed)

    @staticmethod
    def _deleted() -> None:
        ui.notify("De sessie is verwijderd.", type="positive", position="top")
        ui.navigate.reload()

    def duplicate(self, row: views.SessionSummary) -> None:
        ok, new_id = attempt(lambda: lifecycle.duplicate(still_logged_in(self.organiser_id), row.id))
        if ok:
            ui.navigate.to(f"/sessie/{new_id}")


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
