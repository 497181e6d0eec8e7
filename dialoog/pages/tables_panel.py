"""Tables on the console (issue #15, docs/tables.md): the main console's "Tafels" panel (how many,
choosing, the projector, "Bericht aan alle tafels", an overview card per table) and the message
banner that table hosts and phones show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nicegui import ui

from dialoog.i18n import _, ngettext
from dialoog.pages.common import ConsoleContext, labelled
from dialoog.pages.dialogs import FormDialog
from dialoog.pages.links import LinksDialog
from dialoog.sessions import engine, tables
from dialoog.sessions.views import SessionSnapshot, TableView


PERSON_DRAG = "application/x-dialoog-person"  # what a dragged row of the people list carries: the person's id


def draggable_person(row: ui.element, pid: int) -> None:
    """A row of the people list that can be dragged onto a table's card (``person_drop_target``).
    Only in the browser: the server hears of it once, at the drop. "Verplaats naar" does the same
    without a mouse."""
    row.on("dragstart", js_handler=(
        f"(e) => {{ e.dataTransfer.setData('{PERSON_DRAG}', '{int(pid)}'); e.dataTransfer.effectAllowed = 'move'; }}"))


def person_drop_target(box: ui.element, on_drop: Callable[[int], None]) -> None:
    """A table's card that takes a dragged person: outlined while someone hovers over it, and
    ``on_drop(person_id)`` at the drop. Other things dragged (text, files) are refused."""
    box.on("dragover", js_handler=(
        f"(e) => {{ if (!e.dataTransfer.types.includes('{PERSON_DRAG}')) return; e.preventDefault(); "
        "e.dataTransfer.dropEffect = 'move'; e.currentTarget.classList.add('d-drop'); }"))
    box.on("dragleave", js_handler=(
        "(e) => { if (!e.currentTarget.contains(e.relatedTarget)) e.currentTarget.classList.remove('d-drop'); }"))
    box.on("drop", lambda ev: on_drop(ev.args) if type(ev.args) is int else None, js_handler=(
        f"(e) => {{ e.preventDefault(); e.currentTarget.classList.remove('d-drop'); "
        f"const pid = parseInt(e.dataTransfer.getData('{PERSON_DRAG}'), 10); if (pid > 0) emit(pid); }}"))


def round_progress(state: engine.State) -> tuple[int, int] | None:
    """Of a round in turn (not an open round): how many of those present were heard, and of how many."""
    rnd = state.live_round
    if rnd is None or rnd.mode != "round":
        return None
    present = [p for p in rnd.order if p in state.present_set]
    return len([p for p in present if rnd.done(p)]), len(present)


def table_status(s: SessionSnapshot, table: TableView) -> str:
    """One line on how a table is doing: who speaks, or where its round stands; and its phase when
    it runs on in another one than the session's."""
    line = _round_status(s, table.turns)
    phase = s.phase_at(table.id)
    if phase is not None and phase.position != s.current_phase:
        return _("Nog in {phase}.", phase=phase.name) + " " + line
    return line


def _round_status(s: SessionSnapshot, state: engine.State) -> str:
    if state.speaker is not None:
        return _("Aan het woord: {name}", name=s.name(state.speaker))
    progress = round_progress(state)
    if progress is not None and progress[0] == progress[1]:
        return _("Iedereen is gehoord.")
    if state.live_round is not None:
        return _("Ronde loopt, niemand aan het woord.")
    return _("Nog geen ronde.")


def message_showing(s: SessionSnapshot) -> str:
    """The message to all tables, while it lasts."""
    return tables.message_now(s.table_message, s.table_message_at)


class MessageBanner:
    """The message to all tables at the top of a table host's console (a live region)."""

    def __init__(self) -> None:
        with ui.row().classes("d-message w-full items-center no-wrap gap-3").props("role=alert") as self.box:
            ui.icon("campaign").classes("text-3xl")
            self.text = ui.label().classes("text-xl font-bold d-wrap")
        self.box.set_visibility(False)

    def paint(self, s: SessionSnapshot) -> None:
        text = message_showing(s)
        if text != self.text.text:
            self.text.set_text(text)
        self.box.set_visibility(bool(text))


@dataclass
class TableCard:
    """A table's card in the overview, and what it shows now (sent only when that changes)."""

    box: ui.element
    name: ui.label
    status: ui.label
    figures: ui.label
    runs_on: ui.switch
    shown: tuple = ()


class TablesPanel:
    """"Tafels": set how many, let phones choose, "Plenair" or "Tafelweergave" on the projector,
    "Bericht aan alle tafels", and per table who speaks, how many were heard and the cards.
    ``on_pick(table_id)`` opens a table's rounds in the console's turns panel."""

    def __init__(self, ctx: ConsoleContext, on_pick: Callable[[int], None]) -> None:
        self.ctx, self.on_pick = ctx, on_pick
        self.cards: dict[int, TableCard] = {}
        self.built: tuple = ()
        self.painted_count: int | None = None  # the number of tables "Aantal tafels" was last set to
        self.painting = False
        self.links = LinksDialog(ctx.actor) if ctx.is_organiser else None
        self.renaming = RenameDialog(ctx)
        with ui.column().classes("d-panel w-full gap-3"):
            ui.label(_("Tafels")).classes("text-xl font-bold").props("role=heading aria-level=2")
            self.intro = ui.label(_(
                "Een grote groep? Zet mensen aan tafels van 6 tot 10. Elke tafel houdt eigen rondes, "
                "met een eigen tafelleider."
            )).classes("d-muted")
            with ui.row().classes("w-full items-center gap-x-6 gap-y-2"):
                self.count = ui.number(_("Aantal tafels"), min=0, max=tables.MAX_TABLES, step=1, format="%d")
                self.count.props("outlined dense").classes("w-36").on("change", self.set_count)
                self.choice = ui.switch(_("Deelnemers kiezen zelf hun tafel"), on_change=self.set_choice)
            with ui.column().classes("w-full gap-3") as self.with_tables:
                self._build_projector()
                self._build_message()
                ui.label(_("Iemand naar een andere tafel? Sleep de naam uit de lijst met deelnemers naar die tafel, "
                           "of kies ‘Verplaats naar’ bij de naam.")).classes("d-muted text-sm")
                self.grid = ui.element("div").classes("d-table-grid w-full")

    def _build_projector(self) -> None:
        with ui.row().classes("w-full items-center gap-3"):
            ui.label(_("Op het scherm:")).classes("text-base")
            self.view = ui.toggle({"plenair": _("Plenair"), "tafels": _("Tafelweergave")}, value="plenair",
                                  on_change=lambda ev: self.set_view(ev.value))
            self.view.props("no-caps unelevated toggle-color=primary role=radiogroup")
            labelled(self.view, _("Op het scherm"))

    def _build_message(self) -> None:
        with ui.row().classes("w-full items-start gap-2 no-wrap"):
            self.message = ui.input(_("Bericht aan alle tafels"), placeholder=_("Bijvoorbeeld: Nog 5 minuten"))
            self.message.props(f"outlined dense maxlength={tables.MAX_MESSAGE}").classes("grow")
            self.message.on("keydown.enter", self.send)
            ui.button(_("Versturen"), icon="send", on_click=self.send).props("unelevated no-caps")
        self.message_error = ui.label().classes("text-negative").props("role=alert")
        with ui.row().classes("w-full items-center gap-2") as self.sent:
            self.sent_text = ui.label().classes("text-base d-wrap grow")
            ui.button(_("Bericht intrekken"), on_click=self.ctx.action(tables.clear_message)).props("flat no-caps")

    # ---- the facilitator's changes -------------------------------------------------------------
    def set_count(self) -> None:
        if self.painting or self.count.value is None:
            return
        count = int(self.count.value)
        if count != len(self.ctx.snap.tables) and not (count < 2 and not self.ctx.snap.has_tables):
            ok, _result = self.ctx.run(lambda actor, s: tables.set_count(actor, s, count))
            if not ok:
                self.count.set_value(len(self.ctx.snap.tables))

    def set_choice(self) -> None:
        if not self.painting and bool(self.choice.value) != self.ctx.snap.table_choice:
            choose = bool(self.choice.value)
            self.ctx.run(lambda actor, s: tables.set_choice(actor, s, choose))

    def set_runs_on(self, table_id: int, runs_on: bool) -> None:
        table = self.ctx.snap.table(table_id)
        if not self.painting and table is not None and runs_on != table.runs_on:
            self.ctx.run(lambda actor, s: tables.set_runs_on(actor, s, table_id, runs_on))

    def move_here(self, table_id: int, pid: int) -> None:
        """Someone dragged onto a table's card: they sit there from now on."""
        s = self.ctx.snap
        person, table = s.participant(pid), s.table(table_id)
        if person is None or table is None or person.table_id == table_id:
            return
        ok, _result = self.ctx.run(lambda actor, sid: tables.move(actor, sid, pid, table_id))
        if ok:
            ui.notify(_("{name} zit nu aan {table}.", name=person.display_name, table=table.name),
                      type="positive", position="top")

    def set_view(self, view: str) -> None:
        if not self.painting and view != self.ctx.snap.projector_view:
            self.ctx.run(lambda actor, s: tables.set_projector_view(actor, s, view))

    def send(self) -> None:
        text = self.message.value or ""
        ok, _result = self.ctx.run(lambda actor, s: tables.send_message(actor, s, text), self.message_error.set_text)
        if ok:
            self.message.set_value("")
            self.message_error.set_text("")

    # ---- painting ------------------------------------------------------------------------------
    def paint(self, s: SessionSnapshot) -> None:
        self.painting = True
        try:
            if len(s.tables) != self.painted_count:  # not on every repaint: the facilitator may be typing
                self.painted_count = len(s.tables)
                self.count.set_value(self.painted_count)
            self.choice.set_value(s.table_choice)
            self.view.set_value(s.projector_view)
            self.intro.set_visibility(not s.has_tables)
            self.choice.set_visibility(s.has_tables)
            self.with_tables.set_visibility(s.has_tables)
            self.tick(s)
            self._paint_cards(s)
        finally:
            self.painting = False

    def tick(self, s: SessionSnapshot) -> None:
        """The message on its way, until it is taken back or its time is up."""
        text = message_showing(s)
        self.sent.set_visibility(bool(text))
        if text:
            self.sent_text.set_text(_("Op alle tafels en telefoons: ‘{text}’", text=text))

    def _paint_cards(self, s: SessionSnapshot) -> None:
        built = tuple((t.id, t.name) for t in s.tables)
        if built != self.built:  # tables came, went or were renamed: the names are in the buttons' labels
            self.built = built
            self.grid.clear()
            self.cards = {}
            with self.grid:
                for table in s.tables:
                    self.cards[table.id] = self._card(table)
        cards_at = s.cards_at
        for table in s.tables:
            card = self.cards[table.id]
            progress = round_progress(table.turns)
            people = len(s.people_at(table.id))
            figures = [ngettext("{n} persoon", "{n} mensen", people)]
            if progress is not None:
                figures.append(_("{heard} van {total} gehoord", heard=progress[0], total=progress[1]))
            figures.append(ngettext("{n} kaart", "{n} kaarten", len(cards_at(table.id))))
            shown = (table.name, table_status(s, table), " · ".join(figures), table.runs_on)
            if shown != card.shown:
                card.shown = shown
                card.name.set_text(shown[0])
                card.status.set_text(shown[1])
                card.figures.set_text(shown[2])
                card.runs_on.set_value(table.runs_on)

    def _card(self, table: TableView) -> TableCard:
        tid = table.id
        with ui.column().classes("d-table-card gap-1") as box:
            with ui.row().classes("w-full items-center no-wrap gap-1"):
                name = ui.label(table.name).classes("text-lg font-bold grow truncate")
                rename = ui.button(icon="edit", on_click=lambda: self.renaming.open(self.ctx.snap.table(tid)))
                labelled(rename.props("flat round dense"), _("Naam van {name} wijzigen", name=table.name))
            status = ui.label().classes("text-base d-wrap")
            figures = ui.label().classes("d-muted text-sm")
            runs_on = ui.switch(_("Laat doorlopen"), on_change=lambda ev: self.set_runs_on(tid, bool(ev.value)))
            labelled(runs_on.props("dense"), _("Laat doorlopen: {name}", name=table.name))
            with ui.row().classes("gap-1"):
                lead = ui.button(_("Beurten leiden"), on_click=lambda: self.on_pick(tid))
                labelled(lead.props("outline dense no-caps").mark(f"lead-table-{table.position + 1}"),
                         _("Beurten leiden aan {name}", name=table.name))
                if self.links is not None:
                    host = ui.button(_("Link tafelleider"), icon="add_link",
                                     on_click=lambda: self.links.open(self.ctx.session_id, self.ctx.snap.title, table=tid))
                    labelled(host.props("flat dense no-caps"), _("Link tafelleider van {name}", name=table.name))
        person_drop_target(box.mark(f"table-card-{table.position + 1}"), lambda pid: self.move_here(tid, pid))
        return TableCard(box, name, status, figures, runs_on)


class RenameDialog:
    """Another name for a table ("Bij het raam")."""

    def __init__(self, ctx: ConsoleContext) -> None:
        self.ctx, self.table_id = ctx, 0
        self.dialog = FormDialog(_("Naam van de tafel"), _("Naam opslaan"), self._save)
        with self.dialog.fields:
            self.name = ui.input(_("Naam")).props(f"outlined autofocus maxlength={tables.MAX_NAME}").classes("w-full")
        self.name.on("keydown.enter", self.dialog.submit)

    def open(self, table: TableView | None) -> None:
        if table is None:  # a stale click: the table is gone
            return
        self.table_id = table.id
        self.name.set_value(table.name)
        self.dialog.open()

    def _save(self) -> None:
        table_id, name = self.table_id, self.name.value or ""
        self.ctx.call(lambda actor, s: tables.rename(actor, s, table_id, name))
