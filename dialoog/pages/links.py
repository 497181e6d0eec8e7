"""Facilitator links: opening one (``/f/<token>``), the page when one stopped working, and the
organiser's 'Gespreksleiders' dialog that makes, shows once and revokes them."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import Client, ui

from dialoog.config import get_settings
from dialoog.i18n import N_, _
from dialoog.net import public_base_url, qr_data_uri
from dialoog.pages.common import (
    LINK_GONE_PATH,
    page_language,
    attempt,
    labelled,
    qr_image,
    remember_pass,
    set_qr,
    still_logged_in,
    use_style,
)
from dialoog.pages.dialogs import FormDialog
from dialoog.sessions import facilitator_links, tables, throttle
from dialoog.sessions.access import LINK_GONE
from dialoog.sessions.errors import NotFound

TOO_MANY = N_("Er zijn veel verkeerde links geprobeerd. Wacht een minuut en probeer het dan opnieuw.")
# The Clipboard API exists only on https or localhost; on the venue's Wi-Fi (http://192.168…)
# the old select-and-copy still works. Answers whether the text was copied.
COPY_JS = """(async () => {
  const text = TEXT;
  try {
    if (navigator.clipboard && window.isSecureContext) { await navigator.clipboard.writeText(text); return true; }
  } catch (error) {}
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let copied = false;
  try { copied = document.execCommand('copy'); } catch (error) {}
  area.remove();
  return copied;
})()"""


def link_url(token: str) -> str:
    """The address a facilitator opens; the same public or LAN base as the join QR code."""
    return f"{public_base_url()}/f/{token}"


def link_gone_page(message: str | None = None) -> None:
    """A calm page for a link that does not (or no longer) work: no details, two ways on.
    ``message`` is already in the page's language; none means ``LINK_GONE``."""
    if message is None:
        message = _(LINK_GONE)
    use_style("d-org")
    with ui.column().classes("w-full items-center p-6"):
        with ui.column().classes("d-panel w-full max-w-md gap-4 mt-12"):
            ui.label("Dialoog").classes("d-brand text-3xl").props("role=heading aria-level=1")
            ui.label(message).classes("text-xl font-bold").props("role=alert")
            ui.label(_("Een link voor de gespreksleider werkt alleen zolang de organisator hem niet intrekt.")).classes(
                "d-muted"
            )
            ui.link(_("Ben je de organisator? Log dan in."), "/login").classes("text-lg")
            ui.link(_("Doe je mee aan een gesprek? Vul hier je code in."), "/j").classes("text-lg")


@ui.page("/f/{token}", title="Dialoog – gespreksleider")
def open_link(token: str, client: Client, request: Request) -> RedirectResponse | None:
    """A working link is kept in this browser's storage and leads to the console; the token
    leaves the address bar with the redirect."""
    page_language()
    ip = request.client.host if request.client else "?"
    limit = get_settings().wrong_codes_per_minute
    if not throttle.allowed("wrong-link", ip, limit):  # nobody guesses 192 bits, but nobody tries a million either
        client.status_code = 429
        link_gone_page(_(TOO_MANY))
        return None
    try:
        session_id = facilitator_links.resolve(token)
    except NotFound as error:
        throttle.count("wrong-link", ip, limit)
        client.status_code = 404
        link_gone_page(error.translated())
        return None
    remember_pass(session_id, token)
    return RedirectResponse(f"/sessie/{session_id}", status_code=303)


@ui.page(LINK_GONE_PATH, title="Dialoog – link werkt niet meer")
def link_gone() -> None:
    """Where an open console goes when its link is revoked."""
    page_language()
    ui.page_title(_("Dialoog – link werkt niet meer"))
    link_gone_page()


def _when(moment: datetime | None) -> str:
    if moment is None:
        return _("nog niet")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone().strftime("%d-%m-%Y %H:%M")


class LinksDialog:
    """'Gespreksleiders' for one session at a time: make a link for a name, show it once (address,
    copy button, QR code), list the links that work, and revoke one after a confirmation."""

    def __init__(self, organiser_id: int) -> None:
        self.organiser_id = organiser_id
        self.session_id = 0
        self.table_names: dict[int, str] = {}
        self.fresh_url = ""
        self.doomed: tuple[int, str] = (0, "")
        with ui.dialog() as self.dialog, ui.card().classes("w-full max-w-2xl gap-3 p-6"):
            self.title = ui.label().classes("text-2xl font-bold").props("role=heading aria-level=2")
            self.dialog._props["aria-labelledby"] = f"c{self.title.id}"  # the dialog is named by its title
            ui.label(_(
                "Geef iemand een eigen link om dit gesprek te leiden: fasen, beurten, kaarten, stemmen, acties, "
                "afsluiten en het verslag. Contactgegevens, de gegevens van de sessie en verwijderen blijven "
                "alleen voor jou. Trek je een link in, dan werkt hij meteen niet meer."
            )).classes("d-muted")
            with ui.row().classes("w-full items-start gap-2 no-wrap"):
                self.name = ui.input(_("Naam van de gespreksleider"), placeholder=_("Bijvoorbeeld: Fatima")).props(
                    "outlined maxlength=80"
                ).classes("grow")
                self.name.on("keydown.enter", self.create)
                ui.button(_("Link maken"), icon="add_link", on_click=self.create).props("unelevated no-caps size=lg")
            self.scope = ui.select({0: ""}, value=0, label=_("Leidt")).props("outlined").classes("w-full")
            self.message = ui.label().classes("text-negative").props("role=alert")
            with ui.column().classes("d-panel w-full gap-2") as self.fresh:
                self.fresh_title = ui.label().classes("text-lg font-bold")
                ui.label(_("Alleen nu te zien: kopieer de link of laat de QR-code scannen, en geef hem alleen "
                           "aan deze persoon. Wie de link heeft, kan het gesprek leiden.")).classes("d-muted")
                with ui.row().classes("w-full items-center gap-4"):
                    self.qr = qr_image("").classes("w-40 h-40")
                    self.qr._props["alt"] = _("QR-code van de link voor de gespreksleider")
                    with ui.column().classes("grow min-w-0 gap-2"):
                        self.url = ui.label().classes("text-base break-all")
                        copy = ui.button(_("Link kopiëren"), icon="content_copy", on_click=self.copy)
                        copy.props("outline no-caps")
            ui.label(_("Links die nu werken")).classes("text-lg font-bold mt-2")
            self.list = ui.column().classes("w-full gap-2")
            with ui.row().classes("w-full justify-end"):
                ui.button(_("Sluiten"), on_click=self.dialog.close).props("flat no-caps")
        self.confirm = FormDialog("", _("Intrekken"), self._revoke, after=self._revoked, tone="negative")
        with self.confirm.fields:
            self.confirm_text = ui.label().classes("text-base")
        self.dialog.on("hide", self._forget_fresh)

    def open(self, session_id: int, title: str, *, table: int | None = None) -> None:
        """Open for this session; ``table`` picks "Leidt: Tafel 2" for a table host's link."""
        self.session_id = session_id
        self.title.set_text(_("Gespreksleiders van ‘{title}’", title=title))
        self.table_names = tables.names(session_id)
        scopes = {0: _("de hele sessie")} | {tid: _("alleen de beurten aan {table}", table=name)
                                               for tid, name in self.table_names.items()}
        self.scope.set_options(scopes, value=table if table in self.table_names else 0)
        self.scope.set_visibility(bool(self.table_names))
        self.name.set_value("")
        self.message.set_text("")
        self._forget_fresh()
        if self.paint():
            self.dialog.open()

    def _forget_fresh(self) -> None:
        """A new link is shown once: not again after the dialog closed."""
        self.fresh_url = ""
        self.url.set_text("")
        set_qr(self.qr, "")
        self.fresh.set_visibility(False)

    def create(self) -> None:
        label, table = self.name.value or "", self.scope.value or None
        ok, token = attempt(
            lambda: facilitator_links.create(still_logged_in(self.organiser_id), self.session_id, label, table=table),
            self.message.set_text,
        )
        if not ok:
            return
        self.fresh_url = link_url(token)
        name = " ".join(label.split())
        self.fresh_title.set_text(_("Link voor {name}, tafelleider van {table}", name=name, table=self.table_names[table])
                                  if table in self.table_names else _("Link voor {name}", name=name))
        self.url.set_text(self.fresh_url)
        set_qr(self.qr, qr_data_uri(self.fresh_url))
        self.fresh.set_visibility(True)
        self.name.set_value("")
        self.message.set_text("")
        self.paint()

    async def copy(self) -> None:
        if not self.fresh_url:
            return
        try:
            copied = await ui.run_javascript(COPY_JS.replace("TEXT", json.dumps(self.fresh_url)), timeout=3)
        except Exception:  # noqa: BLE001 - no answer from the browser: say so, the link is on screen
            copied = False
        if self.dialog.is_deleted:
            return  # the tab was closed meanwhile: there is nobody to tell
        if copied:
            ui.notify(_("De link is gekopieerd."), type="positive", position="top")
        else:
            ui.notify(_("Kopiëren lukte niet. Selecteer de link en kopieer hem zelf."), type="warning", position="top")

    def ask_revoke(self, link_id: int, label: str) -> None:
        self.doomed = (link_id, label)
        self.confirm.title.set_text(_("Link van {name} intrekken?", name=label))
        self.confirm_text.set_text(_(
            "{name} kan deze sessie dan niet meer leiden, ook niet op een console die nu openstaat. "
            "Je kunt later een nieuwe link maken.",
            name=label,
        ))
        self.confirm.open()

    def _revoke(self) -> None:
        facilitator_links.revoke(still_logged_in(self.organiser_id), self.session_id, self.doomed[0])

    def _revoked(self, _result: object) -> None:
        ui.notify(_("De link van {name} werkt niet meer.", name=self.doomed[1]), type="positive", position="top")
        self.paint()

    def paint(self) -> bool:
        """Show the links that work now; False (with a message) when the list cannot be read."""
        ok, links = attempt(lambda: facilitator_links.listing(still_logged_in(self.organiser_id), self.session_id))
        self.list.clear()
        if not ok:
            return False
        with self.list:
            if not links:
                ui.label(_("Nog geen links. Alleen jij kunt deze sessie nu leiden.")).classes("d-muted")
            for link in links:
                with ui.row().classes("w-full items-center no-wrap gap-3"):
                    with ui.column().classes("grow min-w-0 gap-0"):
                        where = self.table_names.get(link.table_id) if link.table_id is not None else None
                        ui.label(_("{name} · tafelleider van {table}", name=link.label, table=where or "?")
                                 if link.table_id is not None else link.label).classes("text-base font-bold truncate")
                        ui.label(_(
                            "Gemaakt {created} · laatst gebruikt: {used}",
                            created=_when(link.created_at), used=_when(link.last_used_at),
                        )).classes("d-muted text-sm")
                    revoke = ui.button(
                        _("Intrekken"), on_click=lambda i=link.id, n=link.label: self.ask_revoke(i, n)
                    ).props("flat no-caps color=negative")
                    labelled(revoke.mark("revoke-link"), _("Link van {name} intrekken", name=link.label))
        return True
