"""One dialog shape for every screen: a title, a line of explanation, the fields, a calm error line,
and two buttons. What was typed stays in the fields when the save is refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from dialoog.i18n import _
from dialoog.pages.common import attempt


class FormDialog:
    """A dialog whose save button runs ``save()`` through ``attempt``.

    A refused save shows its message in the dialog and keeps it open with everything typed;
    a save that works closes it and hands its result to ``after``. When ``after`` is a coroutine
    function, the button's handler returns its awaitable, so NiceGUI awaits it in the page's context
    (a download needs that). Put the fields in ``with dialog.fields:``. ``phone=True`` gives the
    phone's larger buttons and full width; ``tone`` colours the save button ("negative" for deleting
    or revoking, "secondary" for a step to think twice about). The cancel button says "Annuleren"
    (translated) unless ``cancel_label`` names it.
    """

    def __init__(
        self,
        title: str,
        save_label: str,
        save: Callable[[], Any],
        *,
        intro: str = "",
        cancel_label: str | None = None,
        after: Callable[[Any], Any] | None = None,
        width: str = "max-w-md",
        phone: bool = False,
        tone: str = "",
    ) -> None:
        self.save, self.after = save, after
        size = " size=lg" if phone else ""
        with ui.dialog() as self.dialog, ui.card().classes("w-full gap-3" if phone else f"w-full {width} gap-3 p-6"):
            self.title = ui.label(title).classes("text-xl font-bold").props("role=heading aria-level=2")
            self.dialog._props["aria-labelledby"] = f"c{self.title.id}"  # the dialog is named by its title
            self.intro = ui.label(intro).classes("d-muted")
            self.intro.set_visibility(bool(intro))
            self.fields = ui.column().classes("w-full gap-3")
            self.message = ui.label().classes("text-negative" + (" text-lg" if phone else "")).props("role=alert")
            with ui.row().classes("w-full justify-end") as self.buttons:
                cancel = _("Annuleren") if cancel_label is None else cancel_label
                ui.button(cancel, on_click=self.dialog.close).props("flat" + size)
                self.save_button = ui.button(save_label, on_click=self.submit)
                self.save_button.props("unelevated" + size + (f" color={tone}" if tone else ""))

    def open(self) -> None:
        """Open with no old error message (the fields are the caller's to fill)."""
        self.message.set_text("")
        self.dialog.open()

    def close(self) -> None:
        self.dialog.close()

    def submit(self) -> Any:
        """The save button: run ``save``; on success close, and hand the result to ``after``."""
        ok, result = attempt(self.save, self.message.set_text)
        if not ok:
            return None
        self.message.set_text("")
        self.dialog.close()
        return self.after(result) if self.after is not None else None
