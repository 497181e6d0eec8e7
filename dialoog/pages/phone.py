"""The participant's phone: join with a name, then read the question and write cards.

Made for 360×640, thumbs and older eyes: 18 px base text, big buttons, one thing at a time.
Identity lives in NiceGUI user storage (a cookie), so a phone that sleeps or reloads comes
back as the same participant; everything shown is rebuilt from the hub's read model.
"""

from __future__ import annotations

from fastapi import Request
from nicegui import Client, app, ui

from dialoog import i18n
from dialoog.config import get_settings
from dialoog.i18n import _, ngettext
from dialoog.live import TURN_TEXT_SCRIPT, hub
from dialoog.pages.common import attempt, labelled, language_picker, page_language, use_style
from dialoog.pages.phone_comfort import ComfortSwitches
from dialoog.pages.phone_view import Phone, PhonePage
from dialoog.sessions import codes, participation, throttle
from dialoog.sessions.views import SessionSnapshot

PARTICIPATIONS = "participations"  # user storage: {session id: participant id}


def _remember(session_id: int, participant_id: int) -> None:
    known = dict(app.storage.user.get(PARTICIPATIONS, {}))
    known[str(session_id)] = participant_id
    app.storage.user[PARTICIPATIONS] = known


def _remembered(session_id: int) -> int | None:
    return app.storage.user.get(PARTICIPATIONS, {}).get(str(session_id))


def _frame() -> ui.column:
    """The phone's header (the name of the app and the comfort switches) and, below it, the column
    that each view fills (and a join empties)."""
    use_style("d-phone-body")
    with ui.column().classes("d-phone-head w-full gap-2"):
        with ui.row().classes("d-phone-bar w-full items-center justify-between no-wrap"):
            ui.label("Dialoog").classes("d-brand text-2xl")
            language_picker(i18n.current())
        ComfortSwitches()
    return ui.column().classes("d-phone w-full gap-5")


def _code_form(message: str | None, typed: str = "") -> None:
    """Where a person types a code by hand (also the answer to a wrong or old code)."""
    with _frame():
        if message:
            ui.label(message).classes("text-xl font-bold").props("role=alert")
        ui.label(_("Meedoen")).classes("text-2xl font-bold").props("role=heading aria-level=1")
        ui.label(_("Vul de code in die op het grote scherm staat.")).classes("text-lg")
        field = ui.input(_("Code"), value=typed).props(
            'outlined autocapitalize=characters autocomplete=off spellcheck=false input-class="d-code text-2xl"'
        ).classes("w-full")

        def go() -> None:
            code = codes.normalise(field.value or "")
            if len(code) != codes.LENGTH:
                hint.set_text(_("Een code heeft {length} tekens, bijvoorbeeld {example}.",
                                length=codes.LENGTH, example=codes.ALPHABET[:6]))
                return
            ui.navigate.to(f"/j/{code}")

        field.on("keydown.enter", go)
        hint = ui.label().classes("text-negative").props("role=alert")
        ui.button(_("Ga verder"), on_click=go).classes("w-full").props("unelevated size=lg")


@ui.page("/j", title="Dialoog – meedoen")
def enter_code() -> None:
    page_language()
    ui.page_title(_("Dialoog – meedoen"))
    _code_form(None)


@ui.page("/j/{code}", title="Dialoog – meedoen", reconnect_timeout=get_settings().phone_reconnect_timeout)
def phone(code: str, client: Client, request: Request) -> None:
    page_language()  # until the session is known: this person's pick, or Dutch
    ui.page_title(_("Dialoog – meedoen"))
    ip = request.client.host if request.client else "?"
    limit = get_settings().wrong_codes_per_minute
    if not throttle.allowed("wrong-code", ip, limit):  # guessing codes: wait a minute
        _code_form(_("Er zijn veel verkeerde codes geprobeerd. Wacht een minuut en probeer het dan opnieuw."),
                   codes.normalise(code)[:12])
        return
    session_id = participation.find_open_session(code)
    if session_id is None:
        ended = participation.find_ended_session(code)
        if ended is not None:
            _results_page(ended)
            return
        throttle.count("wrong-code", ip, limit)
        _code_form(_(participation.CLOSED), codes.normalise(code)[:12])
        return
    snap = hub.snapshot(session_id)
    page_language(snap.language)  # this person's pick, else the session's language
    page = _frame()
    ui.add_head_html(TURN_TEXT_SCRIPT)
    participant_id = _remembered(session_id)
    if participant_id is not None and participation.get_participant(session_id, participant_id) is None:
        participant_id = None
    if participant_id is None:
        _join_form(page, snap, client)
    else:
        PhonePage(page, snap, Phone(session_id, participant_id, client))


def _results_page(session_id: int) -> None:
    """After the session the same QR shows what came out of it: no names, no contact details."""
    snap = hub.snapshot(session_id)
    page_language(snap.language)
    with _frame():
        ui.label(_("Uitkomsten van {title}", title=snap.title)).classes("text-2xl font-bold").props(
            "role=heading aria-level=1")
        ui.label(_("Het gesprek is afgelopen. Bedankt voor je bijdrage! Dit kwam eruit.")).classes("text-lg")
        top = [c for c in snap.ranked_possibilities() if c.votes][:5]
        if top:
            ui.label(_("Wat we samen willen doen")).classes("text-xl font-bold mt-2").props("role=heading aria-level=2")
            for card in top:
                with ui.row().classes("d-card kind-mogelijkheid w-full items-center no-wrap gap-3"):
                    ui.label(str(card.votes)).classes("d-result-votes text-[28px] min-w-[40px]")
                    ui.label(card.text).classes("text-lg")
        actions = [a for a in snap.actions if not a.no_action]
        if actions:
            ui.label(_("Acties")).classes("text-xl font-bold mt-2").props("role=heading aria-level=2")
            for action in actions:
                with ui.column().classes("d-card kind-actie w-full gap-1"):
                    ui.label(action.what).classes("text-lg font-bold")
                    details = [x for x in (action.first_step, action.when) if x]
                    if details:
                        ui.label(" · ".join(details)).classes("d-muted")
        for phase in snap.phases:
            cards = snap.cards_in(phase.id)
            if not cards or phase.key == "doen":
                continue
            ui.label(phase.name).classes("text-xl font-bold mt-2").props("role=heading aria-level=2")
            for card in cards:
                with ui.column().classes(f"d-card kind-{card.kind} w-full gap-1"):
                    ui.label(card.kind_label).classes("d-kind")
                    ui.label(card.text).classes("text-lg")


def _table_choice(snap: SessionSnapshot) -> ui.radio | None:
    """"Kies je tafel": the tables, each with how many sit there, when the session lets people
    choose; None when it seats them itself (or has no tables)."""
    if not (snap.has_tables and snap.table_choice):
        return None
    ui.label(_("Kies je tafel")).classes("text-lg font-bold")
    options = {t.id: ngettext("{table} ({n} persoon)", "{table} ({n} mensen)", len(snap.people_at(t.id)),
                              table=t.name) for t in snap.tables}
    choice = ui.radio(options).classes("text-lg -mt-3").props("role=radiogroup")
    labelled(choice, _("Kies je tafel"))
    return choice


def _join_form(page: ui.column, snap: SessionSnapshot, client: Client) -> None:
    with page:
        ui.label(snap.title).classes("text-2xl font-bold").props("role=heading aria-level=1")
        ui.label(_("Welkom! Hoe mogen we je noemen?")).classes("text-lg")
        name = ui.input(_("Je naam")).props('outlined autocomplete=given-name maxlength=60').classes("w-full")
        ui.label(_("Je voornaam of een bijnaam is genoeg.")).classes("d-muted -mt-3")
        choice = _table_choice(snap)
        message = ui.label().classes("text-negative text-lg").props("role=alert")

        def join() -> None:
            table = choice.value if choice is not None else None
            if choice is not None and table is None:
                message.set_text(_("Kies eerst je tafel."))
                return
            ok, participant = attempt(lambda: participation.join(snap.id, name.value or "", table=table),
                                      message.set_text)
            if not ok:
                return
            _remember(snap.id, participant.id)
            page.clear()
            PhonePage(page, hub.snapshot(snap.id) or snap, Phone(snap.id, participant.id, client),
                      participant.display_name, participant.table_id)

        name.on("keydown.enter", join)
        ui.button(_("Meedoen"), on_click=join).classes("w-full").props("unelevated size=lg")
