"""The console's panels around the turns and the cards: the header, the phases, the session's
details, the question, joining, the people and the export gate. Each is built once and has a
``paint(snapshot)`` that changes only its own elements."""

from __future__ import annotations

import time
from dataclasses import dataclass

from nicegui import ui

from dialoog import i18n
from dialoog.i18n import _, ngettext, pgettext
from dialoog.live import hub
from dialoog.net import join_url, qr_data_uri
from dialoog.pages.common import ConsoleContext, labelled, parse_date, qr_image, resource_toggle, set_qr, unheard_text
from dialoog.pages.dialogs import FormDialog
from dialoog.pages.harvest_panel import ExportMenu
from dialoog.pages.links import LinksDialog
from dialoog.pages.tables_panel import draggable_person
from dialoog.pages.turns_panel import clock_text
from dialoog.sessions import facilitation, fairness, harvest, tables, templates, turns
from dialoog.sessions.errors import InvalidInput
from dialoog.sessions.gate import GateState, gate
from dialoog.sessions.views import ParticipantView, PhaseView, SessionSnapshot

PEOPLE_SHOWN = 40  # rows of people at first; a big room is searched by name, or shown in steps of this many


def phase_label(index: int, phase: PhaseView | None) -> str:
    """How the phase list and the current phase name a phase (before the start: the QR code)."""
    return _("Voor de start: QR-code op het scherm") if phase is None else f"{index + 1}. {phase.name}"


class ConsoleHeader:
    """Title, open or closed, the facilitator links, the export, and closing or reopening the session."""

    def __init__(self, ctx: ConsoleContext) -> None:
        self.ctx = ctx
        links = LinksDialog(ctx.actor) if ctx.is_organiser else None
        with ui.row().classes("w-full items-center gap-4"):
            self.title = ui.label(ctx.snap.title).classes("text-3xl font-bold").props("role=heading aria-level=1")
            self.status = ui.label().classes("px-3 py-1 rounded-full text-sm font-bold")
            ui.space()
            if links is not None:
                ui.button(_("Gespreksleiders"), icon="group_add",
                          on_click=lambda: links.open(ctx.session_id, ctx.snap.title)).props("outline no-caps")
            ExportMenu(ctx.actor, ctx.session_id, contacts=ctx.is_organiser)
            closing = FormDialog(
                _("Sessie afsluiten?"), _("Afsluiten"), lambda: ctx.call(facilitation.close_session),
                intro=_("Daarna kan niemand meer meedoen of kaarten plaatsen. Je kunt de sessie later heropenen."),
                tone="secondary",
            )
            self.close = ui.button(_("Sessie afsluiten"), icon="lock", on_click=closing.open).props("outline")
            self.reopen = ui.button(_("Sessie heropenen"), icon="lock_open",
                                    on_click=ctx.action(facilitation.reopen_session)).props("outline")
        if not ctx.is_organiser:
            ui.label(_(
                "Je leidt deze sessie met een link van de organisator. De gegevens van de sessie en de "
                "contactgegevens blijven bij de organisator."
            )).classes("d-muted -mt-4")

    def paint(self, s: SessionSnapshot) -> None:
        self.title.set_text(s.title)
        self.status.set_text(_("Open") if s.is_open else _("Afgesloten"))
        colours = "bg-green-100 text-green-900" if s.is_open else "bg-stone-200 text-stone-800"
        self.status.classes(replace=f"px-3 py-1 rounded-full text-sm font-bold {colours}")
        self.close.set_visibility(s.is_open)
        self.reopen.set_visibility(not s.is_open)


class QuestionEditor:
    """The dialog that changes one phase's question (shared by every phase)."""

    def __init__(self, ctx: ConsoleContext) -> None:
        self.ctx, self.phase_id = ctx, 0
        self.dialog = FormDialog("", _("Vraag opslaan"), self.save, width="max-w-2xl")
        with self.dialog.fields:
            self.question = ui.textarea(pgettext("the question of a phase", "Vraag")).props("outlined autogrow").classes("w-full text-lg")

    def save(self) -> None:
        self.ctx.call(lambda actor, s: facilitation.update_question(actor, s, self.phase_id, self.question.value or ""))

    def edit(self, phase: PhaseView | None) -> None:
        if phase is None:  # a stale click: before the start there is no question to edit
            return
        self.phase_id = phase.id
        self.dialog.title.set_text(_("Vraag van {name}", name=phase.name))
        self.question.set_value(phase.question)
        self.dialog.open()


@dataclass
class PhaseRow:
    row: ui.row
    buttons: list[ui.button]


class PhaseList:
    """The phases: click one to go there, the pencil to change its question; previous and next."""

    def __init__(self, ctx: ConsoleContext, editor: QuestionEditor) -> None:
        self.rows: list[PhaseRow] = []
        with ui.column().classes("d-panel w-full gap-1"):
            ui.label(_("Fasen")).classes("text-xl font-bold mb-2").props("role=heading aria-level=2")
            for index, phase in [(-1, None), *enumerate(ctx.snap.phases)]:
                self.rows.append(self._row(ctx, editor, index, phase))
            with ui.row().classes("w-full gap-2 mt-3"):
                ui.button(_("Vorige fase"), icon="arrow_back", on_click=ctx.action(facilitation.previous_phase)).props(
                    "outline").classes("grow")
                ui.button(_("Volgende fase"), on_click=ctx.action(facilitation.next_phase)).props(
                    "unelevated icon-right=arrow_forward").classes("grow")

    @staticmethod
    def _row(ctx: ConsoleContext, editor: QuestionEditor, index: int, phase: PhaseView | None) -> PhaseRow:
        with ui.row().classes("d-phase-row w-full items-center no-wrap gap-2") as row:
            go = ui.button(phase_label(index, phase),
                           on_click=ctx.action(lambda actor, s: facilitation.go_to_phase(actor, s, index)))
            buttons = [go.props("flat no-caps align=left").classes("grow text-base")]
            if phase is not None:
                edit = ui.button(icon="edit", on_click=lambda: editor.edit(ctx.snap.phases[phase.position]))
                edit.props("flat round dense").mark(f"edit-question-{phase.key}")
                buttons.append(labelled(edit, _("Vraag aanpassen: {name}", name=phase.name)))
        return PhaseRow(row, buttons)

    def paint(self, s: SessionSnapshot) -> None:
        for index, phase_row in enumerate(self.rows, start=-1):
            current = index == s.current_phase
            if current:
                phase_row.row.classes(add="current")
            else:
                phase_row.row.classes(remove="current")
            for button in phase_row.buttons:  # Quasar's text colours win over CSS, so set the prop
                button.props(f"color={'white' if current else 'primary'}")


class SessionDetails:
    """'Gegevens van de sessie': what the report's header says (the organiser's only)."""

    def __init__(self, ctx: ConsoleContext) -> None:
        self.ctx, snap = ctx, ctx.snap
        header = facilitation.report_header(ctx.actor, ctx.session_id)
        with ui.expansion(_("Gegevens van de sessie"), icon="edit_note").classes("d-panel w-full"):
            with ui.column().classes("w-full gap-2"):
                self.title = self._input(_("Titel"), snap.title)
                self.theme = self._input(_("Thema"), snap.theme)
                self.hood = self._input(_("Buurt"), snap.neighbourhood)
                self.place = self._input(_("Plaats"), snap.place)
                self.held_on = self._input(_("Datum"), snap.held_on.isoformat() if snap.held_on else "")
                self.held_on.props("type=date stack-label")
                self.organisation = self._input(_("Organisatie"), header["organisation"])
                self.facilitator = self._input(_("Gespreksleider"), header["facilitator_name"])
                levels = {key: _(label) for key, label in harvest.PARTICIPATION_LEVELS.items()}
                self.level = ui.select(levels, label=_("Niveau van inspraak"),
                                       value=header["participation_level"]).props("outlined dense").classes("w-full")
                self.follow_up = ui.textarea(_("Wat gebeurt er met de inbreng?"), value=header["follow_up"]).props(
                    "outlined dense autogrow").classes("w-full")
                self.language = ui.select(dict(i18n.LANGUAGES), label=_("Taal van de sessie"), value=snap.language)
                self.language.props("outlined dense").classes("w-full").tooltip(
                    _("Het scherm, deze pagina en het verslag. Telefoons kiezen zelf hun taal."))
                self.message = ui.label().classes("text-negative").props("role=alert")
                ui.button(_("Gegevens opslaan"), on_click=self.save).props("unelevated")

    @staticmethod
    def _input(label: str, value: str) -> ui.input:
        return ui.input(label, value=value).props("outlined dense").classes("w-full")

    def _store(self, actor, session_id: int) -> None:
        facilitation.update_details(
            actor, session_id, title=self.title.value or "", theme=self.theme.value or "",
            neighbourhood=self.hood.value or "", place=self.place.value or "", held_on=parse_date(self.held_on.value),
        )
        harvest.update_report_header(
            actor, session_id, organisation=self.organisation.value or "", facilitator_name=self.facilitator.value or "",
            participation_level=self.level.value or "raadplegen", follow_up=self.follow_up.value or "",
        )
        if self.language.value != self.ctx.snap.language:  # last: the console then opens again in it
            facilitation.set_language(actor, session_id, self.language.value or "")

    def save(self) -> None:
        ok, _ignored = self.ctx.run(self._store, self.message.set_text)
        if ok:
            self.message.set_text("")
            ui.notify(_("Opgeslagen"), type="positive", position="top")


class CurrentQuestion:
    """The current phase's name and question, with the ground rules in the welcome phase."""

    def __init__(self, ctx: ConsoleContext, editor: QuestionEditor | None) -> None:
        """``editor`` None: the question is read only (a table host's console)."""
        self.editable = editor is not None
        with ui.column().classes("d-panel w-full gap-2"):
            self.phase_name = ui.label().classes("text-sm font-bold uppercase tracking-wider text-secondary")
            with ui.row().classes("w-full items-start no-wrap gap-2"):
                self.question = ui.label().classes("text-2xl font-bold grow")
                self.edit = ui.button(icon="edit", on_click=lambda: editor and editor.edit(ctx.snap.phase))
                labelled(self.edit.props("flat round"), _("Vraag aanpassen"))
            with ui.column().classes("gap-0") as self.rules:
                for rule in ctx.snap.ground_rules:
                    ui.label(f"• {_(rule)}").classes("text-base")  # a template's rule: in its catalog

    def paint(self, s: SessionSnapshot, table: int | None = None) -> None:
        """The session's phase, or the one ``table`` runs on in."""
        phase = s.phase_at(table)
        self.phase_name.set_text(phase_label(phase.position if phase else s.current_phase, phase))
        self.question.set_text(phase.question if phase else _("Deelnemers scannen de QR-code op het scherm."))
        self.edit.set_visibility(self.editable and phase is not None)
        self.rules.set_visibility(phase is not None and phase.mode == "info")


class JoinPanel:
    """'Meedoen': the QR code, the code and the address to join, and the link to the projector."""

    def __init__(self) -> None:
        with ui.column().classes("d-panel w-full gap-2 items-center"):
            ui.label(_("Meedoen")).classes("text-xl font-bold self-start").props("role=heading aria-level=2")
            self.qr = qr_image("").classes("w-48 h-48")
            self.code = ui.label().classes("d-code text-5xl")
            self.url = ui.label().classes("text-base break-all text-center")
            ui.label(_(
                "Opent deze link op je eigen telefoon (op de wifi van de zaal)? Dan werkt hij ook voor de deelnemers."
            )).classes("d-muted text-sm text-center")
            self.screen = ui.link(_("Open scherm"), "#", new_tab=True).classes("d-link-button")

    def paint(self, s: SessionSnapshot) -> None:
        url = join_url(s.join_code)
        if self.code.text != s.join_code:
            set_qr(self.qr, qr_data_uri(url))
        self.code.set_text(s.join_code)
        self.url.set_text(url)
        self.screen.props["href"] = f"/scherm/{s.join_code}"  # a value, not a parsed props string
        self.screen.update()


@dataclass
class PersonRow:
    """One person in the list, and what it shows now (a row is sent only when that changes)."""

    row: ui.row
    dot: ui.element
    name: ui.label
    numbers: ui.label
    write: ui.button
    away: ui.button
    move: ui.button
    shown: tuple = ()


class PeoplePanel:
    """Everyone in the session: connected or not, absent, turns and share of the speaking time.
    A big room shows the first rows, more on request, or those searched for by name. With tables
    the list goes table by table, each row with "Verplaats naar"; a table host's console
    (``table``) lists the people at that table only, and adds newcomers there."""

    def __init__(self, ctx: ConsoleContext, table: int | None = None) -> None:
        self.ctx = ctx
        self.table = table
        self.max_shown = PEOPLE_SHOWN
        self.rows: dict[int, PersonRow] = {}
        with ui.column().classes("d-panel w-full gap-2"):
            self.title = ui.label().classes("text-xl font-bold").props("role=heading aria-level=2")
            ui.label(_("Een open rondje = telefoon niet verbonden. Dat is niet hetzelfde als afwezig.")).classes(
                "d-muted text-sm")
            self.summary = ui.label().classes("text-base")
            self.search = ui.input(_("Zoek een deelnemer"), on_change=lambda: self.paint(ctx.snap))
            self.search.props("outlined dense clearable debounce=300 autocomplete=off").classes("w-full")
            self.box = ui.column().classes("w-full gap-1")
            self.more = ui.button(on_click=self.show_more).props("outline no-caps").classes("self-center")
            self.adding = self._add_dialog()
            self.card_for = CardForDialog(ctx)
            self.moving = MoveDialog(ctx)
            ui.button(_("Deelnemer zonder telefoon toevoegen"), icon="person_add", on_click=self.adding.open).props(
                "outline no-caps").classes("w-full mt-2")

    def _add_dialog(self) -> FormDialog:
        dialog = FormDialog(_("Deelnemer zonder telefoon"), _("Toevoegen"), self._add,
                            after=lambda _result: self.name.set_value(""),
                            intro=_("Deze persoon doet mee via jouw scherm: jij geeft de beurt en noteert passen."))
        with dialog.fields:
            self.name = ui.input(_("Naam")).props("outlined autofocus").classes("w-full")
        self.name.on("keydown.enter", dialog.submit)
        return dialog

    def _add(self) -> int:
        name, table = self.name.value or "", self.table
        return self.ctx.call(lambda actor, s: facilitation.add_participant_without_phone(actor, s, name, table=table))

    def show_more(self) -> None:
        self.max_shown += PEOPLE_SHOWN
        self.paint(self.ctx.snap)

    def people(self, s: SessionSnapshot) -> list[ParticipantView]:
        """Who this list shows, in order: table by table (in seating order) when there are tables."""
        if self.table is not None:
            return s.people_at(self.table)
        if not s.has_tables:
            return list(s.participants)
        return [p for t in (None, *(t.id for t in s.tables)) for p in s.people_at(t)]

    def paint(self, s: SessionSnapshot) -> None:
        everyone = self.people(s)
        self.title.set_text(_("Deelnemers ({n})", n=len(everyone)))
        big = len(everyone) > PEOPLE_SHOWN
        self.search.set_visibility(big)
        wanted = (self.search.value or "").strip().casefold() if big else ""
        matching = [p for p in everyone if wanted in p.display_name.casefold()] if wanted else everyone
        shown = matching[:self.max_shown]
        hidden = len(matching) - len(shown)
        self.more.set_visibility(hidden > 0)
        self.more.set_text(_("Toon meer deelnemers (nog {n})", n=hidden))
        self.summary.set_visibility(big)
        if big:
            self.summary.set_text(self._summary(s, everyone) + ("" if shown else " · " + _("niemand gevonden")))
        self._paint_rows(s, shown)

    @staticmethod
    def _summary(s: SessionSnapshot, everyone: list[ParticipantView]) -> str:
        with_phone = [p for p in everyone if p.has_phone]
        connected = sum(1 for p in with_phone if hub.is_connected(s.id, p.id))
        absent = sum(1 for p in everyone if p.id in s.turns_at(p.table_id).absent)
        return _("{connected} van {total} telefoons verbonden · {absent} afwezig",
                 connected=connected, total=len(with_phone), absent=absent)

    def _paint_rows(self, s: SessionSnapshot, shown: list[ParticipantView]) -> None:
        keep = {p.id for p in shown}
        for pid in [pid for pid in self.rows if pid not in keep]:
            self.box.remove(self.rows.pop(pid).row)
        now, figures = time.time(), {}
        for table in {p.table_id for p in shown}:  # each person's figures at the table they sit at now
            figures[table] = {f.pid: f for f in fairness.per_person(s.turns_at(table), now)}
        writable = s.is_open and bool(CardForDialog.kinds(s))
        movable = s.has_tables and self.table is None
        for p in shown:
            person = self.rows.get(p.id) or self._new_row(p)
            connected, absent = hub.is_connected(s.id, p.id), p.id in s.turns_at(p.table_id).absent
            where = s.table_name(p.table_id) if movable else ""
            numbers = self._numbers(p, absent, figures[p.table_id].get(p.id), where)
            shown_now = (connected, p.has_phone, absent, numbers, writable, movable)
            if person.shown != shown_now:
                self._paint_row(person, p, shown_now)
        order = [self.rows[p.id].row for p in shown]
        if list(self.box) != order:  # a search or a newcomer with an earlier seat
            for index, element in enumerate(order):
                element.move(self.box, target_index=index)

    def _new_row(self, p: ParticipantView) -> PersonRow:
        with self.box:
            with ui.row().classes("w-full items-center gap-3 no-wrap") as row:
                dot = ui.element("span").classes("d-dot").props("role=img")
                with ui.column().classes("gap-0 grow min-w-0"):
                    name = ui.label(p.display_name).classes("text-lg truncate")
                    numbers = ui.label().classes("d-muted text-sm")
                write = ui.button(icon="note_add", on_click=lambda: self.card_for.open(self.ctx.snap.participant(p.id)))
                labelled(write.props("flat round dense"), _("Kaart toevoegen voor {name}", name=p.display_name))
                away = ui.button(_("Afwezig"), on_click=lambda: self.toggle_absent(p.id)).props("flat dense no-caps")
                move = ui.button(icon="swap_horiz", on_click=lambda: self.moving.open(self.ctx.snap.participant(p.id)))
                labelled(move.props("flat round dense").mark(f"move-{p.id}"), _("Verplaats naar"))
                with move:
                    ui.tooltip(_("Verplaats naar een andere tafel"))
        if self.table is None:  # the main console: onto a table's card in "Tafels"
            draggable_person(row, p.id)
        person = self.rows[p.id] = PersonRow(row, dot, name, numbers, write, away, move)
        return person

    @staticmethod
    def _numbers(p: ParticipantView, absent: bool, figures, where: str) -> str:
        parts = [where] if where else []
        if absent:
            parts.append(_("afwezig"))
        if not p.has_phone:
            parts.append(_("zonder telefoon"))
        if figures is not None:
            said = ngettext("{n} beurt", "{n} beurten", figures.turns)
            passes = " · " + _("{n}× gepast", n=figures.passes) if figures.passes else ""
            parts.append(f"{said} · {clock_text(figures.seconds)} · {figures.share:.0%}{passes}")
        return " · ".join(parts)

    @staticmethod
    def _paint_row(person: PersonRow, p: ParticipantView, shown: tuple) -> None:
        person.shown = shown
        connected, has_phone, absent, numbers, writable, movable = shown
        person.write.set_visibility(writable)
        person.move.set_visibility(movable)
        if movable:
            person.row.props("draggable").classes(add="d-draggable")
        else:
            person.row.props(remove="draggable").classes(remove="d-draggable")
        person.dot.classes(replace=f"d-dot {'on' if connected or not has_phone else 'off'}")
        labelled(person.dot, _("zonder telefoon") if not has_phone else _("verbonden") if connected else _("niet verbonden"))
        person.numbers.set_text(numbers)
        person.away.set_text(_("Aanwezig") if absent else _("Afwezig"))
        person.name.classes(replace=f"text-lg truncate {'line-through d-muted' if absent else ''}")

    def toggle_absent(self, pid: int) -> None:
        person = self.ctx.snap.participant(pid)
        table = person.table_id if person is not None else None
        returning = pid in self.ctx.snap.turns_at(table).absent
        command = turns.mark_returned if returning else turns.mark_absent
        self.ctx.run(lambda actor, s: command(actor, s, pid, table=table))


class MoveDialog:
    """"Verplaats naar": another table for one person. Their cards and turns so far stay theirs."""

    def __init__(self, ctx: ConsoleContext) -> None:
        self.ctx, self.pid = ctx, 0
        self.dialog = FormDialog("", _("Verplaatsen"), self._save,
                                 intro=_("Wat deze persoon al zei en schreef, blijft bewaard."))
        with self.dialog.fields:
            self.table = ui.select({}, label=_("Naar tafel")).props("outlined").classes("w-full")

    def open(self, person: ParticipantView | None) -> None:
        s = self.ctx.snap
        if person is None or not s.has_tables:  # a stale click
            return
        self.pid = person.id
        self.dialog.title.set_text(_("{name} verplaatsen", name=person.display_name))
        others = {t.id: t.name for t in s.tables if t.id != person.table_id}
        self.table.set_options(others, value=next(iter(others), None))
        self.dialog.open()

    def _save(self) -> None:
        pid, table = self.pid, self.table.value
        if table is None:
            raise InvalidInput("Kies een tafel.")
        self.ctx.call(lambda actor, s: tables.move(actor, s, pid, table))


class CardForDialog:
    """'Kaart toevoegen voor …': the facilitator writes down what someone says, as that person's
    own card (for someone without a phone, or whose phone gave up). The report does not set it apart."""

    def __init__(self, ctx: ConsoleContext) -> None:
        self.ctx, self.pid = ctx, 0
        self.dialog = FormDialog(
            "", _("Kaart plaatsen"), self._save, after=lambda _result: self.text.set_value(""), width="max-w-xl",
            intro=_("Schrijf op wat deze persoon zegt, in haar of zijn woorden. De kaart komt op het scherm zoals elke andere."),
        )
        with self.dialog.fields:
            self.kind = ui.toggle({}, value=None).props("no-caps unelevated toggle-color=primary role=radiogroup")
            labelled(self.kind, _("Soort kaart"))
            self.text = ui.textarea(_("Tekst van de kaart")).props("outlined autogrow").classes("w-full text-lg")
            self.resource = resource_toggle()
        self.kind.on_value_change(lambda e: self.resource.set_visibility(e.value in templates.RESOURCE_KINDS))

    @staticmethod
    def kinds(s: SessionSnapshot) -> list[str]:
        """The kinds of card the facilitator can write in the current phase (actions have a form of their own)."""
        return [k for k in s.phase.card_kinds if k != "actie"] if s.phase is not None else []

    def open(self, person: ParticipantView | None) -> None:
        kinds = self.kinds(self.ctx.snap)
        if person is None or not kinds:  # a stale click: the person or the phase has gone
            return
        self.pid = person.id
        self.dialog.title.set_text(_("Kaart voor {name}", name=person.display_name))
        labels = templates.KIND_LABELS
        self.kind.set_options({k: _(labels[k]) if k in labels else k for k in kinds}, value=kinds[0])
        self.kind.set_visibility(len(kinds) > 1)
        self.resource.set_visibility(kinds[0] in templates.RESOURCE_KINDS)
        self.text.set_value("")
        self.dialog.open()

    def _save(self) -> int:
        pid, text, kind = self.pid, self.text.value or "", self.kind.value or ""
        resource = (self.resource.value or "") if kind in templates.RESOURCE_KINDS else ""
        return self.ctx.call(lambda actor, s: facilitation.add_card_for(actor, s, pid, text, kind=kind, resource=resource))


class GatePanel:
    """'Verslag': whether everyone was heard, and the override with a reason when not."""

    def __init__(self, ctx: ConsoleContext) -> None:
        self.ctx = ctx
        with ui.column().classes("d-panel w-full gap-2"):
            ui.label(_("Verslag")).classes("text-xl font-bold").props("role=heading aria-level=2")
            self.text = ui.label().classes("text-base")
            self.dialog = FormDialog(
                _("Afronden terwijl niet iedereen gehoord is"), _("Reden opslaan"), self._override, width="max-w-lg",
                intro=_("Schrijf kort op waarom. Deze reden komt in het verslag."),
            )
            with self.dialog.fields:
                self.reason = ui.textarea(_("Reden")).props("outlined autogrow").classes("w-full")
            self.override = ui.button(_("Toch afronden, met reden"), on_click=self.dialog.open).props("flat no-caps")

    def _override(self) -> None:
        self.ctx.call(lambda actor, s: turns.override_gate(actor, s, self.reason.value or ""))

    def paint(self, s: SessionSnapshot) -> None:
        status = gate(s)
        if status.state is GateState.OVERRIDDEN:
            self.text.set_text(_("Afgerond met een reden: {reason}", reason=status.reason))
        elif status.state is GateState.NO_ROUNDS:
            self.text.set_text(_("Er is nog geen ronde gehouden."))
        elif status.state is GateState.EVERYONE_HEARD:
            self.text.set_text(_("Iedereen is gehoord in elke ronde. Het verslag kan worden gemaakt."))
        else:
            self.text.set_text(_("Nog niet iedereen gehoord — {unheard}.", unheard=unheard_text(s)))
        self.override.set_visibility(status.state is GateState.WAITING)
