"""Small shared pieces: the look, who is logged in, and friendly error handling."""

from __future__ import annotations

import logging
import time
from datetime import date
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from fastapi.responses import RedirectResponse
from nicegui import app, ui

from dialoog import i18n
from dialoog.config import get_settings
from dialoog.i18n import N_, _
from dialoog.sessions import accounts, facilitator_links, templates
from dialoog.sessions.access import LINK_GONE, Actor, FacilitatorPass
from dialoog.sessions.errors import DomainError, InvalidInput, NotFound
from dialoog.sessions.gate import gate
from dialoog.sessions.views import SessionSnapshot

log = logging.getLogger("dialoog")
SORRY = N_("Er ging iets mis aan onze kant. Probeer het nog eens; wat je al had, is bewaard.")

STYLE = '<link rel="stylesheet" href="/assets/dialoog.css">'
ORGANISER_KEY = "organiser_id"
LOGGED_IN_AT = "logged_in_at"
PASSES_KEY = "facilitator_passes"  # user storage: {session id: token of a facilitator link}
LINK_GONE_PATH = "/link-ingetrokken"


def use_style(body_class: str) -> None:
    ui.add_head_html(STYLE)
    ui.colors(primary="#1d5c57", secondary="#b4472f", accent="#6f5fb0", positive="#2e8540", negative="#b3261e")
    ui.query("body").classes(body_class)


def logged_in_organiser() -> int | None:
    """The logged-in organiser's id, if the account still exists (call it while building a page)."""
    user = app.storage.user
    # Keep this browser's storage with the page: later event handlers may run in another
    # request's context (a live update started by a phone), where app.storage.user is not ours.
    app.storage.client["user_storage"] = user
    organiser_id = user.get(ORGANISER_KEY)
    if organiser_id is None:
        return None
    if _expired(user):
        user.pop(ORGANISER_KEY, None)  # the login has expired: log in again
        return None
    if accounts.get_organiser(organiser_id) is None:
        return None
    return organiser_id


def login_redirect() -> RedirectResponse:
    return RedirectResponse("/setup" if not accounts.has_organisers() else "/login", status_code=303)


def still_logged_in(organiser_id: Actor, *, link_checked_next: bool = False) -> Actor:
    """For console actions: the page may be older than a logout in another tab, or than the
    revocation of the facilitator link it was opened with. Checked again at every click.

    ``link_checked_next``: a service command follows that checks the link itself (``owned``), so
    the database is not asked twice per click; the caller then hands a refusal to ``link_gone``."""
    storage = app.storage.client.get("user_storage")
    if isinstance(organiser_id, FacilitatorPass):
        passport = organiser_id
        if not link_checked_next and facilitator_links.active_session(passport.token) is None:
            link_gone(passport)
            raise NotFound(LINK_GONE)
        if storage is None or passport.token not in storage.get(PASSES_KEY, {}).values():
            ui.navigate.to("/login")
            raise NotFound("Je bent uitgelogd. Open je link opnieuw om verder te gaan.")
        return passport
    if storage is None or storage.get(ORGANISER_KEY) != organiser_id:
        ui.navigate.to("/login")
        raise NotFound("Je bent uitgelogd. Log opnieuw in om verder te gaan.")
    if _expired(storage):  # a console left open overnight: the login ends here too, not only on a reload
        storage.pop(ORGANISER_KEY, None)
        ui.navigate.to("/login")
        raise NotFound("Je bent te lang ingelogd geweest. Log opnieuw in om verder te gaan.")
    return organiser_id


def link_gone(passport: FacilitatorPass) -> None:
    """The facilitator link of this page stopped working: this browser forgets it, and the page
    makes way for a calm one that says so."""
    storage = app.storage.client.get("user_storage")
    if storage is not None:
        forget_pass(storage, passport.token)
    ui.navigate.to(LINK_GONE_PATH)


def _expired(storage: dict) -> bool:
    return time.time() - storage.get(LOGGED_IN_AT, 0) > get_settings().login_hours * 3600


def remember_pass(session_id: int, token: str) -> None:
    """This browser may run session ``session_id`` with a facilitator link (call it in a page)."""
    passes = dict(app.storage.user.get(PASSES_KEY, {}))
    passes[str(session_id)] = token
    app.storage.user[PASSES_KEY] = passes


def stored_pass(session_id: int) -> FacilitatorPass | None:
    """The facilitator link this browser keeps for the session, if any (call it in a page)."""
    app.storage.client["user_storage"] = app.storage.user  # see logged_in_organiser
    token = app.storage.user.get(PASSES_KEY, {}).get(str(session_id))
    return FacilitatorPass(token) if isinstance(token, str) else None


def forget_pass(storage: dict, token: str) -> None:
    """Drop a link that stopped working from this browser's storage."""
    passes = {k: v for k, v in storage.get(PASSES_KEY, {}).items() if v != token}
    storage[PASSES_KEY] = passes


def attempt(action: Callable[[], Any], on_error: Callable[[str], None] | None = None) -> tuple[bool, Any]:
    """Run a service command; any error becomes a calm message in the page's language, never a stack trace."""
    try:
        return True, action()
    except DomainError as error:
        message = error.translated()
    except Exception:  # noqa: BLE001 - the person gets a message, the log gets the details
        log.exception("command failed")
        message = _(SORRY)
    if on_error is not None:
        on_error(message)
    else:
        ui.notify(message, type="warning", position="top", multi_line=True)
    return False, None


@dataclass
class ConsoleContext:
    """Who runs this console, for which session, and the read model it last painted."""

    actor: Actor
    session_id: int
    snap: SessionSnapshot

    @property
    def is_organiser(self) -> bool:
        """An organiser's own console (not one opened with a facilitator link)."""
        return not isinstance(self.actor, FacilitatorPass)

    def call(self, command: Callable[[Actor, int], Any]) -> Any:
        """``command(actor, session_id)``; the actor is checked again at every click. Raises what
        the command raises (for a ``FormDialog``'s save, which shows it in the dialog). Every service
        command checks a facilitator link itself, so that check is not made twice per click."""
        actor = still_logged_in(self.actor, link_checked_next=True)
        try:
            return command(actor, self.session_id)
        except NotFound as error:
            if isinstance(actor, FacilitatorPass) and error.msgid == LINK_GONE:
                link_gone(actor)
            raise

    def run(self, command: Callable[[Actor, int], Any], on_error: Callable[[str], None] | None = None) -> tuple[bool, Any]:
        """``call(command)`` through ``attempt``: a refusal becomes a calm message."""
        return attempt(lambda: self.call(command), on_error)

    def action(self, command: Callable[[Actor, int], Any]) -> Callable[[], object]:
        """``run(command)`` as a click handler."""
        return lambda: self.run(command)


@contextmanager
def organiser_frame(title: str, *, dashboard: bool = True, picker: bool = False):
    """The organiser's page: a header with the product name and a way out. Someone with a
    facilitator link (``dashboard=False``) has no dashboard, so the name is no link there.
    ``picker``: the page speaks the person's own language, and offers "Taal"."""
    use_style("d-org")
    with ui.header().classes("d-header items-center px-6 py-3"):
        if dashboard:
            ui.link("Dialoog", "/dashboard").classes("d-brand text-2xl no-underline")
        else:
            ui.label("Dialoog").classes("d-brand text-2xl")
        ui.label(title).classes("text-lg d-muted ml-4 truncate")
        ui.space()
        if picker:
            language_picker(i18n.current()).classes("mr-4")
        ui.link(_("Uitloggen"), "/logout").classes("text-base")
    with ui.column().classes("w-full max-w-7xl mx-auto p-6 gap-6"):
        yield


def card_box(text: str, kind: str, kind_label: str, author: str | None = None) -> tuple[ui.element, ui.label]:
    """One card as the room sees it. The text goes in as plain text, never as HTML."""
    with ui.column().classes(f"d-card kind-{kind} gap-1") as box:
        with ui.row().classes("w-full items-baseline gap-2"):
            ui.label(kind_label).classes("d-kind")
            if author:
                ui.label(f"· {author}").classes("d-kind normal-case")
        body = ui.label(text).classes("w-full")
    return box, body


class CardWall:
    """Cards of one phase in a container, newest first, updated by difference only."""

    def __init__(self, container: ui.element, *, show_author: bool) -> None:
        self.container = container
        self.show_author = show_author
        self.phase_id: int | None = None
        self.shown: dict[int, tuple[ui.element, ui.label, object]] = {}

    def show(self, phase_id: int | None, cards) -> int:
        """Make the wall show ``cards`` of ``phase_id``; returns how many it shows."""
        if phase_id != self.phase_id:
            self.container.clear()
            self.shown.clear()
            self.phase_id = phase_id
        wanted = {c.id: c for c in cards}
        for card_id in [i for i in self.shown if i not in wanted]:
            self.container.remove(self.shown.pop(card_id)[0])
        for card in cards:  # oldest first, each new one goes on top
            entry = self.shown.get(card.id)
            if entry is None:
                with self.container:
                    box, body = card_box(card.text, card.kind, card.kind_label, card.author if self.show_author else None)
                box.move(self.container, target_index=0)
                self.shown[card.id] = (box, body, card.updated_at)
            elif entry[2] != card.updated_at:
                entry[1].set_text(card.text)
                self.shown[card.id] = (entry[0], entry[1], card.updated_at)
        return len(self.shown)


def sync_rows(box: ui.element, rows: dict, items, build: Callable, update: Callable) -> None:
    """Keep ``box`` in step with ``items`` (oldest first, each with an ``id``) by difference, the
    newest on top: the rows of items that are gone are removed, a new item gets its row from
    ``build(item)`` (made inside ``box``; ``row.root`` is its outer element), and every item's row
    is handed to ``update(row, item)``. Nothing is rebuilt."""
    wanted = {item.id for item in items}
    for item_id in [i for i in rows if i not in wanted]:
        box.remove(rows.pop(item_id).root)
    for item in items:
        row = rows.get(item.id)
        if row is None:
            with box:
                row = rows[item.id] = build(item)
            row.root.move(box, target_index=0)
        update(row, item)


def resource_toggle() -> ui.toggle:
    """'Soort hulp': what an offer or a question is about (tijd, kennis, netwerk, ruimte, faciliteiten)."""
    options = {key: _(label) for key, label in templates.RESOURCES.items()}
    toggle = ui.toggle(options, value="tijd").props("no-caps unelevated toggle-color=primary").classes("flex-wrap")
    return labelled(toggle, _("Soort hulp"))


def labelled(element: ui.element, label: str) -> ui.element:
    """Give an element an accessible name. Set as a value, never parsed from a props string,
    so a participant's name with quotes or backslashes stays plain text."""
    element._props["aria-label"] = label
    element.update()
    return element


def qr_image(data_uri: str) -> ui.element:
    """A plain <img> (no fade-in, so a projector never shows a half-faded code)."""
    img = ui.element("img")
    img._props["alt"] = _("QR-code om mee te doen")  # a value, not a parsed props string
    img._props["src"] = data_uri  # set directly: a data URI is not a props string
    return img


def set_qr(img: ui.element, data_uri: str) -> None:
    img._props["src"] = data_uri
    img.update()


class GroupedWall:
    """The projector's cards of one phase, grouped under their themes (or, in "Tafelweergave", under
    the table they were written at), newest first in each group. Updated by difference: a card that
    changes theme moves; nothing is rebuilt unless the phase or the grouping changes."""

    OTHER = 0

    def __init__(self, container: ui.element) -> None:
        self.container = container
        self.phase_id: int | None = None
        self.by_table = False
        self.groups: dict[int, tuple[ui.element, ui.label, ui.element]] = {}
        self.shown: dict[int, tuple[ui.element, ui.label, object, int]] = {}

    def _group(self, theme_id: int, name: str) -> ui.element:
        found = self.groups.get(theme_id)
        if found is None:
            with self.container:
                with ui.column().classes("w-full gap-3") as section:
                    heading = ui.label(name).classes("d-screen-theme")
                    grid = ui.element("div").classes("d-screen-cards w-full")
            if theme_id == self.OTHER:
                section.move(self.container)  # "Overig" stays last
            found = self.groups[theme_id] = (section, heading, grid)
        found[1].set_text(name)
        return found[2]

    def show(self, phase_id: int | None, cards, themes, tables=None) -> None:
        """Show ``cards`` of ``phase_id`` under their ``themes``; with ``tables`` (a session's, for
        "Tafelweergave") under the table each was written at instead, in the tables' order."""
        by_table = tables is not None
        if phase_id != self.phase_id or by_table != self.by_table:
            self.container.clear()
            self.groups.clear()
            self.shown.clear()
            self.phase_id, self.by_table = phase_id, by_table
        names = {t.id: t.name for t in (tables if by_table else themes)}
        grouped = bool(names)
        for theme_id, name in names.items():
            self._group(theme_id, name)
        if self.OTHER in self.groups:
            self.groups[self.OTHER][0].move(self.container)
        wanted = {c.id: c for c in cards}
        for card_id in [i for i in self.shown if i not in wanted]:
            box = self.shown.pop(card_id)[0]
            box.parent_slot.parent.remove(box)
        for card in cards:
            key = card.table_id if by_table else card.theme_id
            group = key if key in names else self.OTHER
            grid = self._group(group, names.get(group, _("Overig") if grouped else ""))
            entry = self.shown.get(card.id)
            if entry is None:
                with grid:
                    box, body = card_box(card.text, card.kind, card.kind_label)
                box.move(grid, target_index=0)
                self.shown[card.id] = (box, body, card.updated_at, group)
                continue
            box, body, updated, old_group = entry
            if updated != card.updated_at:
                body.set_text(card.text)
            if old_group != group:
                box.move(grid, target_index=0)
            self.shown[card.id] = (box, body, card.updated_at, group)
        for theme_id, (section, heading, grid) in list(self.groups.items()):
            if theme_id != self.OTHER and theme_id not in names:
                self.container.remove(section)
                del self.groups[theme_id]
                continue
            section.set_visibility(bool(list(grid)))
            heading.set_visibility(grouped)


def not_found_page(message: str, link: tuple[str, str] | None = None) -> None:
    use_style("d-org")
    with ui.column().classes("w-full items-center p-6"):
        with ui.column().classes("d-panel w-full max-w-md gap-4 mt-12"):
            ui.label("Dialoog").classes("d-brand text-3xl").props("role=heading aria-level=1")
            ui.label(message).classes("text-xl")
            if link:
                ui.link(link[0], link[1]).classes("text-lg")


def parse_date(value: str | None) -> date | None:
    """A date field's ISO value, or None when empty; a clear message when it is not a date."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput("Deze datum klopt niet. Kies een datum in de kalender.") from None


def unheard_text(snap: SessionSnapshot, state=None) -> str:
    """Who is still to be heard, per phase: "Kennismaken: Anna, Bram; Dromen: Cor"; with tables per
    table: "Tafel 2: Anna, Bram" (see ``Gate.unheard_text``)."""
    return gate(snap, state).unheard_text()


LANGUAGE_KEY = "language"  # user storage: the language this browser picked ("Taal")


def page_language(session_language: str | None = None, *, personal: bool = True) -> str:
    """Call first while building a page: sets the language of its text, of its later updates, of
    Quasar's own texts and of ``<html lang>``. A person's pick ("Taal", remembered in this browser)
    comes first where ``personal``; the console and the projector follow the session's language."""
    picked = app.storage.user.get(LANGUAGE_KEY) if personal else None
    return i18n.set_page_language(picked or session_language)


class LanguagePicker:
    """ "Taal": a button; its menu names each language in itself, and the page opens again in the
    chosen one. The menu is made on the first tap: every phone page has the button, few use it
    (a select with its options cost 2 ms per page, a thousand phones joining at once felt that)."""

    def __init__(self, current: str) -> None:
        self.current, self.menu = current, None
        self.button = ui.button(_("Taal"), icon="language", on_click=self.open)
        self.button.props("flat no-caps").classes("d-language")

    def open(self) -> None:
        if self.menu is None:
            with self.button, ui.menu().props('role="menu"') as self.menu:
                for code, name in i18n.LANGUAGES.items():
                    chosen = code == self.current
                    item = ui.menu_item(name, on_click=lambda code=code: self.pick(code))
                    item.props(f"lang={code} role=menuitemradio aria-checked={str(chosen).lower()}")
                    item.classes("text-lg" + (" font-bold d-chosen" if chosen else ""))
        self.menu.open()

    def pick(self, language: str) -> None:
        if language != self.current:
            app.storage.user[LANGUAGE_KEY] = language
            ui.navigate.reload()


def language_picker(current: str) -> ui.button:
    """ "Taal" (see ``LanguagePicker``); returns its button."""
    return LanguagePicker(current).button
