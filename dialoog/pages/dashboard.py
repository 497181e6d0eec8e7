"""The organiser's dashboard: their sessions, and a new one from the Wijkdialoog template."""

from __future__ import annotations

from fastapi.responses import RedirectResponse
from nicegui import ui

from dialoog import i18n
from dialoog.i18n import _, ngettext
from dialoog.pages.common import (
    attempt,
    labelled,
    logged_in_organiser,
    login_redirect,
    organiser_frame,
    page_language,
    still_logged_in,
)
from dialoog.pages.dialogs import FormDialog
from dialoog.pages.harvest_panel import ExportMenu
from dialoog.pages.links import LinksDialog
from dialoog.pages.paper import download_paper_kit
from dialoog.sessions import api_tokens, facilitation, lifecycle, views


def _date(d) -> str:
    return d.strftime("%d-%m-%Y") if d else _("Geen datum")


@ui.page("/dashboard", title="Dialoog – sessies")
def dashboard() -> RedirectResponse | None:
    organiser_id = logged_in_organiser()
    if organiser_id is None:
        return login_redirect()
    page_language()
    ui.page_title(_("Dialoog – sessies"))
    with organiser_frame(_("Sessies"), picker=True):
        creating = _new_session_dialog(organiser_id)
        with ui.row().classes("w-full items-center"):
            ui.label(_("Jouw sessies")).classes("text-3xl font-bold").props("role=heading aria-level=1")
            ui.space()
            ui.button(_("Nieuwe sessie"), icon="add", on_click=creating.open).props("size=lg unelevated")
        rows = views.list_sessions(organiser_id)
        if not rows:
            with ui.column().classes("d-panel w-full items-center py-12 gap-2"):
                ui.label(_("Je hebt nog geen sessies.")).classes("text-xl")
                ui.label(_("Klik op ‘Nieuwe sessie’ om je eerste wijkdialoog voor te bereiden.")).classes("d-muted")
        sessions = SessionList(organiser_id)
        with ui.column().classes("w-full gap-3"):
            for row in rows:
                sessions.row(row)
        _api_keys(organiser_id)
    return None


def _new_session_dialog(organiser_id: int) -> FormDialog:
    """'Nieuwe sessie': a title, and the session is made from the Wijkdialoog template."""
    dialog = FormDialog(
        _("Nieuwe sessie"), _("Sessie aanmaken"),
        lambda: facilitation.create_session(still_logged_in(organiser_id), title.value or "",
                                            language=language.value or i18n.DEFAULT),
        intro=_("Volgens het sjabloon Wijkdialoog: welkom, kennismaken, ervaringen, dromen, mogelijkheden, doen "
                "en afronding. Je kunt alles later nog aanpassen."),
        after=lambda session_id: ui.navigate.to(f"/sessie/{session_id}"), width="max-w-lg",
    )
    with dialog.fields:
        title = ui.input(_("Titel"), placeholder=_("Bijvoorbeeld: Samen in de Akker")).props("outlined autofocus")
        title.classes("w-full").on("keydown.enter", dialog.submit)
        language = ui.select(dict(i18n.LANGUAGES), label=_("Taal van de sessie"), value=i18n.current())
        language.props("outlined").classes("w-full")
        ui.label(_("Het scherm, de pagina van de gespreksleider en het verslag. Telefoons kiezen zelf hun taal."))\
            .classes("d-muted text-sm")
    return dialog


class SessionList:
    """The organiser's sessions, a row each: open, export, facilitator links, duplicate, delete."""

    def __init__(self, organiser_id: int) -> None:
        self.organiser_id, self.doomed = organiser_id, 0
        self.links = LinksDialog(organiser_id)
        self.deleting = FormDialog(_("Sessie verwijderen?"), _("Definitief verwijderen"), self._delete,
                                   after=lambda _result: self._deleted(), tone="negative")
        with self.deleting.fields:
            self.delete_text = ui.label().classes("text-base")
            ui.label(_("Alles van deze sessie gaat weg: deelnemers, kaarten, stemmen, contactgegevens en beurten. "
                       "Dit kan niet ongedaan worden.")).classes("d-muted")

    def row(self, row: views.SessionSummary) -> None:
        with ui.row().classes("d-panel w-full items-center gap-x-6 gap-y-2"):
            with ui.column().classes("gap-0 grow min-w-[240px]"):
                ui.link(row.title, f"/sessie/{row.id}").classes("text-xl font-bold no-underline text-inherit")
                ui.label(_("{date} · code {code}", date=_date(row.held_on), code=row.join_code)).classes("d-muted")
            ui.label(row.status_label).classes("text-base")
            ui.label(ngettext("{n} deelnemer", "{n} deelnemers", row.participant_count)).classes("text-base d-muted")
            ui.label(ngettext("{n} kaart", "{n} kaarten", row.card_count)).classes("text-base d-muted")
            with ui.row().classes("gap-1"):
                ui.button(_("Openen"), on_click=lambda: ui.navigate.to(f"/sessie/{row.id}")).props("flat no-caps")
                ExportMenu(self.organiser_id, row.id).props("flat")
                ui.button(_("Papieren materiaal"), icon="print",
                          on_click=lambda: download_paper_kit(row.id, self.organiser_id)).props("flat no-caps")
                leaders = ui.button(_("Gespreksleiders"), on_click=lambda: self.links.open(row.id, row.title))
                labelled(leaders.props("flat no-caps"), _("Gespreksleiders van {title}", title=row.title))
                ui.button(_("Dupliceren"), on_click=lambda: self.duplicate(row)).props("flat no-caps")
                ui.button(_("Verwijderen"), on_click=lambda: self.ask_delete(row)).props("flat no-caps color=negative")

    def ask_delete(self, row: views.SessionSummary) -> None:
        self.doomed = row.id
        self.delete_text.set_text(ngettext(
            "‘{title}’ met {n} deelnemer en {cards}.", "‘{title}’ met {n} deelnemers en {cards}.",
            row.participant_count, title=row.title, cards=ngettext("{n} kaart", "{n} kaarten", row.card_count),
        ))
        self.deleting.open()

    def _delete(self) -> None:
        lifecycle.delete_session(still_logged_in(self.organiser_id), self.doomed)

    @staticmethod
    def _deleted() -> None:
        ui.notify(_("De sessie is verwijderd."), type="positive", position="top")
        ui.navigate.reload()

    def duplicate(self, row: views.SessionSummary) -> None:
        ok, new_id = attempt(lambda: lifecycle.duplicate(still_logged_in(self.organiser_id), row.id))
        if ok:
            ui.navigate.to(f"/sessie/{new_id}")


def _api_keys(organiser_id: int) -> None:
    """API keys for fetching summaries by script; a new key is shown once."""
    with ui.expansion(_("API-sleutels"), icon="key").classes("d-panel w-full"):
        ui.label(_("Met een sleutel haalt een programma de samenvatting op: GET /api/sessions/<nummer>/summary.json "
                   "met de kop ‘Authorization: Bearer <sleutel>’. Zie /docs.")).classes("d-muted")
        with ui.row().classes("items-center gap-2"):
            name = ui.input(_("Naam van de sleutel")).props("outlined dense")
            shown = ui.label().classes("d-code text-base break-all")
            message = ui.label().classes("text-negative").props("role=alert")

            def create() -> None:
                ok, token = attempt(lambda: api_tokens.create(still_logged_in(organiser_id), name.value or ""),
                                    message.set_text)
                if ok:
                    message.set_text("")
                    shown.set_text(_("Nieuwe sleutel (alleen nu te zien): {token}", token=token))
                    name.set_value("")
                    listing.refresh()

            ui.button(_("Sleutel maken"), on_click=create).props("unelevated no-caps")

        @ui.refreshable
        def listing() -> None:
            for key in api_tokens.listing(organiser_id):
                with ui.row().classes("items-center gap-3"):
                    used = key.last_used_at.strftime("%d-%m-%Y") if key.last_used_at else _("nog niet")
                    ui.label(_("{name} · gemaakt {created} · gebruikt: {used}",
                               name=key.name, created=key.created_at.strftime("%d-%m-%Y"), used=used))
                    revoke = ui.button(_("Intrekken"), on_click=lambda k=key: (
                        attempt(lambda: api_tokens.revoke(still_logged_in(organiser_id), k.id)), listing.refresh()))
                    labelled(revoke.props("flat dense no-caps color=negative"), _("Sleutel {name} intrekken", name=key.name))

        listing()
