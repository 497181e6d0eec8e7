"""First-run setup, login and logout for organisers."""

from __future__ import annotations

import time

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import app, ui

from dialoog import i18n
from dialoog.i18n import _
from dialoog.pages.common import (
    language_picker,
    page_language,
    LOGGED_IN_AT,
    ORGANISER_KEY,
    PASSES_KEY,
    attempt,
    logged_in_organiser,
    login_redirect,
    use_style,
)
from dialoog.sessions import accounts


@ui.page("/")
def index() -> RedirectResponse:
    if logged_in_organiser() is not None:
        return RedirectResponse("/dashboard", status_code=303)
    return login_redirect()


def _auth_card(title: str, intro: str):
    use_style("d-org")
    with ui.column().classes("w-full items-center p-6"):
        with ui.column().classes("d-panel w-full max-w-md gap-4 mt-12") as card:
            with ui.row().classes("w-full items-center justify-between no-wrap"):
                ui.label("Dialoog").classes("d-brand text-3xl")
                language_picker(i18n.current())
            ui.label(title).classes("text-2xl font-bold").props("role=heading aria-level=1")
            ui.label(intro).classes("d-muted")
    return card


def _credentials() -> tuple[ui.input, ui.input]:
    email = ui.input(_("E-mail")).props('type=email autocomplete=username outlined').classes("w-full")
    password = ui.input(_("Wachtwoord"), password=True, password_toggle_button=True).props(
        "autocomplete=current-password outlined"
    ).classes("w-full")
    return email, password


@ui.page("/setup", title="Dialoog – eerste account")
def setup() -> RedirectResponse | None:
    page_language()
    ui.page_title(_("Dialoog – eerste account"))
    if accounts.has_organisers():
        return RedirectResponse("/login", status_code=303)
    with _auth_card(_("Eerste account"), _("Maak het account van de organisator. Daarmee maak je sessies aan.")):
        email, password = _credentials()
        password.props("autocomplete=new-password")
        ui.label(_("Minstens {n} tekens.", n=accounts.MIN_PASSWORD)).classes("d-muted text-sm -mt-2")
        message = ui.label().classes("text-negative").props('role=alert')

        def create() -> None:
            ok, organiser = attempt(lambda: accounts.create_first_organiser(email.value, password.value), message.set_text)
            if ok:
                app.storage.user.update({ORGANISER_KEY: organiser.id, LOGGED_IN_AT: time.time()})
                ui.navigate.to("/dashboard")

        password.on("keydown.enter", create)
        ui.button(_("Account aanmaken"), on_click=create).classes("w-full").props("size=lg unelevated")
    return None


@ui.page("/login", title="Dialoog – inloggen")
def login(request: Request) -> RedirectResponse | None:
    page_language()
    ui.page_title(_("Dialoog – inloggen"))
    if not accounts.has_organisers():
        return RedirectResponse("/setup", status_code=303)
    if logged_in_organiser() is not None:
        return RedirectResponse("/dashboard", status_code=303)
    with _auth_card(_("Inloggen"), _("Voor organisatoren en gespreksleiders.")):
        email, password = _credentials()
        message = ui.label().classes("text-negative").props('role=alert')

        ip = request.client.host if request.client else ""
        storage = app.storage.user

        def enter() -> None:
            ok, organiser = attempt(
                lambda: accounts.authenticate(email.value or "", password.value or "", ip=ip), message.set_text
            )
            if not ok:
                return
            if organiser is None:
                message.set_text(_("Dit e-mailadres en wachtwoord horen niet bij elkaar. Probeer het opnieuw."))
                return
            storage.update({ORGANISER_KEY: organiser.id, LOGGED_IN_AT: time.time()})
            ui.navigate.to("/dashboard")

        password.on("keydown.enter", enter)
        ui.button(_("Inloggen"), on_click=enter).classes("w-full").props("size=lg unelevated")
        ui.separator()
        ui.link(_("Doe je mee aan een gesprek? Vul hier je code in."), "/j").classes("text-base")
    return None


@ui.page("/logout")
def logout() -> RedirectResponse:
    app.storage.user.pop(ORGANISER_KEY, None)
    app.storage.user.pop(PASSES_KEY, None)  # facilitator links opened in this browser too (a shared laptop)
    return RedirectResponse("/login", status_code=303)
