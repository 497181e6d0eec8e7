"""Comfort on the phone (issue #14): "Grotere letters" and "Voorlezen", on every phone view.

Both are switches in the phone's header, remembered in this browser (``app.storage.user``) and
applied while the page is built, so a reload shows no flash of small text and no silent phone.

- "Grotere letters" is a body class, ``d-comfort`` (``assets/comfort.css``): about 1.3 times the
  text, tap targets of at least 56 px, stronger colours and borders, no light grey.
- "Voorlezen" is the body class ``d-read-aloud`` plus the browser's own speech synthesis
  (``assets/comfort.js``): no server and no audio over the network. The script reads the question
  (``QUESTION_CLASS``) when it appears or changes and the turn line (``SAY_TURN_CLASS``) when this
  phone's turn comes, however the page changed. The switch calls the script inside its own tap,
  because phones speak only after a gesture; "Lees voor" (``say_button``) reads the question again.
"""

from __future__ import annotations

import json

from nicegui import app, ui

from dialoog.i18n import _

COMFORT = "comfort"  # user storage: larger letters on or off
READ_ALOUD = "read_aloud"  # user storage: reading aloud on or off
COMFORT_CLASS = "d-comfort"
READ_ALOUD_CLASS = "d-read-aloud"
QUESTION_CLASS = "d-phone-question"  # comfort.js: read aloud when it appears or changes
SAY_TURN_CLASS = "d-say-turn"  # comfort.js: read aloud when this phone's turn comes
HEAD = '<link rel="stylesheet" href="/assets/comfort.css">\n<script src="/assets/comfort.js" defer></script>'


class ComfortSwitches:
    """The two switches, in a row of their own; build it while building the page."""

    def __init__(self) -> None:
        ui.add_head_html(HEAD)
        self.storage = app.storage.user  # this browser's storage, kept for the handlers
        self.body = ui.query("body")
        larger, read_aloud = bool(self.storage.get(COMFORT)), bool(self.storage.get(READ_ALOUD))
        for css, on in ((COMFORT_CLASS, larger), (READ_ALOUD_CLASS, read_aloud)):
            if on:  # while the page is built: it arrives in the browser with its first render, no flash
                self.body.classes(add=css)
        with ui.row().classes("d-comfort-bar w-full gap-2"):
            self.larger = ui.switch(_("Grotere letters"), value=larger, on_change=lambda e: self._set(COMFORT, e.value))
            self.larger.classes("d-comfort-switch d-larger-switch").props("dense checked-icon=check")
            self.read_aloud = ui.switch(_("Voorlezen"), value=read_aloud,
                                        on_change=lambda e: self._set(READ_ALOUD, e.value))
            self.read_aloud.classes("d-comfort-switch d-speech-switch").props("dense checked-icon=check")
            # In the tap itself, before the server hears of it: the confirmation is the gesture phones need.
            confirmation = json.dumps(_("Voorlezen staat aan."))
            self.read_aloud.on("update:model-value",
                               js_handler=f"(on) => window.dialoogComfort?.switched(on, {confirmation})")

    def _set(self, key: str, on: bool) -> None:
        self.storage[key] = bool(on)
        css = COMFORT_CLASS if key == COMFORT else READ_ALOUD_CLASS
        if on:
            self.body.classes(add=css)
        else:
            self.body.classes(remove=css)


def say_button() -> ui.button:
    """ "Lees voor": the question once more, read by the browser (no round trip to the server)."""
    button = ui.button(_("Lees voor"), icon="volume_up").props("outline dense no-caps")
    button.classes("d-say-button self-start")
    button.on("click", js_handler="() => window.dialoogComfort?.sayQuestion()")
    return button
