"""The console's turn-taking panel: who speaks, who is next, who has not been heard yet."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from nicegui import ui

from dialoog.i18n import _, decimal, ngettext
from dialoog.pages.common import ConsoleContext, labelled
from dialoog.sessions import engine, fairness, turns
from dialoog.sessions.views import SessionSnapshot


def clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


WAITING_SHOWN = 30  # rows in "Nog niet aan bod"; the title counts everyone


@dataclass
class WaitingRow:
    """A person in 'Nog niet aan bod', and the tag it shows ("tweede kans" or none)."""

    row: ui.row
    tag: str


class TurnsPanel:
    """Built once; ``paint`` updates it from a snapshot, ``tick`` refreshes the running time.

    In a session with tables the panel runs one table's rounds (``table``): a table host's own, or
    on the main console the table picked under "Beurten van". Without tables, the one group's."""

    def __init__(self, ctx: ConsoleContext, table: int | None = None, *, host: bool = False) -> None:
        self.ctx = ctx
        self.table = table
        self.host = host  # a table host's console: their table only, no settings for the projector
        self.snap: SessionSnapshot | None = None
        self.waiting_shown: tuple = ()
        self.all_waiting = False  # a big room: show the first WAITING_SHOWN, everyone on request
        self.waiting_rows: dict[int, WaitingRow] = {}
        self.figures_of: object = None
        self.hands_shown: tuple = ()
        self.painting = False  # while painting, value changes come from us, not from the facilitator
        self.round_done = False  # everyone in the round heard: "Start ronde" leads, not "Volgende spreker"
        with ui.column().classes("d-panel w-full gap-3") as self.root:
            self._build_title()
            self._build_no_round()
            with ui.column().classes("w-full gap-3") as self.in_round:
                self._build_speaker()
                self._build_controls()
                self._build_lists()
            self._build_settings()

    def _build_title(self) -> None:
        with ui.row().classes("w-full items-center"):
            ui.label(_("Beurten")).classes("text-xl font-bold").props("role=heading aria-level=2")
            self.status = ui.label().classes("d-muted")
            ui.space()
            self.undo = ui.button(_("Ongedaan maken"), icon="undo", on_click=self.act(turns.undo)).props("flat")
        self.picker = ui.select({}, label=_("Beurten van"), on_change=lambda ev: self.show_table(ev.value))
        self.picker.props("outlined dense options-dense").classes("w-64")
        self.picker.set_visibility(False)

    def _build_no_round(self) -> None:
        with ui.column().classes("w-full gap-2") as self.no_round:
            self.no_round_text = ui.label().classes("text-lg")
            with ui.row().classes("gap-2"):
                self.start = ui.button(_("Start ronde"), icon="play_arrow", on_click=self.act(turns.start_round))
                self.start.props("unelevated size=lg")
                self.open = ui.button(_("Open ronde"), icon="back_hand", on_click=self.act(turns.start_round, "open"))
                self.open.props("outline size=lg")

    def _build_speaker(self) -> None:
        with ui.row().classes("d-speaker w-full items-center no-wrap gap-4") as self.speaker_box:
            with ui.column().classes("gap-0 grow min-w-0"):
                ui.label(_("Aan het woord")).classes("text-sm uppercase tracking-wider d-muted")
                self.speaker = ui.label().classes("text-4xl font-bold truncate")
            with ui.column().classes("items-end gap-0"):
                self.elapsed = ui.label().classes("text-3xl font-bold tabular-nums")
                self.cue = ui.label(_("Loopt lang")).classes("d-cue text-sm font-bold")
        self.next_label = ui.label().classes("text-lg d-wrap")

    def _build_controls(self) -> None:
        with ui.row().classes("w-full gap-2"):
            self.next = ui.button(_("Volgende spreker"), icon="skip_next", on_click=self.act(turns.next_speaker))
            self.next.props("unelevated size=lg").classes("grow")
            self.pass_button = ui.button(_("Pas"), on_click=self.act(turns.record_pass)).props("outline size=lg")
            self.restart = ui.button(_("Start ronde"), icon="replay", on_click=self.act(turns.start_round))
            self.restart.props("flat size=lg")
            self.reopen = ui.button(_("Open ronde"), icon="back_hand", on_click=self.act(turns.start_round, "open"))
            self.reopen.props("flat size=lg")

    def _build_lists(self) -> None:
        with ui.element("div").classes("d-two-lists w-full"):
            with ui.column().classes("gap-1"):
                self.waiting_title = ui.label().classes("text-lg font-bold")
                self.waiting = ui.column().classes("w-full gap-1")
                self.waiting_more = ui.button(on_click=self.toggle_all_waiting).props("flat no-caps dense")
            with ui.column().classes("gap-1"):
                self.hands_title = ui.label().classes("text-lg font-bold")
                self.queue_mode = ui.toggle(
                    {"progressive": _("Wie het minst sprak eerst"), "fifo": _("Wie het eerst vroeg")},
                    value="progressive", on_change=lambda ev: self.set_queue_mode(ev.value),
                ).props("no-caps dense unelevated toggle-color=primary")
                self.hands = ui.column().classes("w-full gap-1")

    def _build_settings(self) -> None:
        with ui.row().classes("w-full items-center gap-x-6 gap-y-2 pt-2 border-t border-[var(--d-line)]") as self.settings:
            self.show_timer = ui.switch(_("Tijd tonen op scherm"), on_change=self.set_display)
            self.show_names = ui.switch(_("Namen tonen op scherm"), on_change=self.set_display)
            self.limit = ui.number(_("Richttijd per beurt (min)"), min=0.5, max=30, step=0.5, format="%.1f")
            self.limit.props("outlined dense").classes("w-44").on("change", self.set_limit)
        with ui.expansion(_("Cijfers voor de gespreksleider"), icon="bar_chart").classes("w-full"):
            self.gini = ui.label().classes("text-base")
            ui.label(_("Alleen voor jou: nooit op het scherm.")).classes("d-muted text-sm")
            self.phase_table = ui.column().classes("w-full gap-0 mt-2")

    def act(self, command, *args) -> Callable[[], object]:
        """A click handler running ``command(actor, session, *args)`` on this panel's table."""
        return self.ctx.action(lambda actor, session_id: command(actor, session_id, *args, table=self.table))

    def state(self, s: SessionSnapshot) -> engine.State:
        """The turns this panel runs."""
        return s.turns_at(self.table)

    def show_table(self, table_id: int | None) -> None:
        """The main console's "Beurten van": run another table's rounds."""
        if self.painting or table_id == self.table:
            return
        self._switch(table_id)
        if self.snap is not None:
            self.paint(self.snap)

    def _switch(self, table_id: int | None) -> None:
        """Forget what the lists show of the table before."""
        self.table = table_id
        self.waiting.clear()
        self.waiting_rows, self.waiting_shown, self.figures_of = {}, (), None
        self.hands.clear()
        self.hands_shown = ()

    # ---- the facilitator's settings ------------------------------------------------------------
    def toggle_all_waiting(self) -> None:
        self.all_waiting = not self.all_waiting
        if self.snap is not None:
            self.paint(self.snap)

    def set_queue_mode(self, mode: str) -> None:
        if self.painting:
            return
        if self.snap is not None and mode != self.state(self.snap).queue_mode:
            self.ctx.run(lambda actor, s: turns.set_queue_mode(actor, s, mode, table=self.table))

    def set_limit(self) -> None:
        if self.painting or self.snap is None or self.snap.phase is None or self.limit.value is None:
            return
        phase = self.snap.phase.position
        if round(float(self.limit.value) * 60) != engine.soft_limit(self.state(self.snap), phase):
            minutes = float(self.limit.value)
            self.ctx.run(lambda actor, s: turns.set_soft_limit(actor, s, phase, minutes, table=self.table))

    def set_display(self) -> None:
        if self.painting or self.snap is None:
            return
        timer, names = bool(self.show_timer.value), bool(self.show_names.value)
        state = self.state(self.snap)
        if (timer, names) != (state.show_timer, state.show_names):
            self.ctx.run(lambda actor, s: turns.set_display(actor, s, timer=timer, names=names, table=self.table))

    # ---- painting -------------------------------------------------------------------------
    def paint(self, s: SessionSnapshot) -> None:
        """Show ``s``'s turns: the round's controls, who speaks and is next, and both lists."""
        self.painting = True
        try:
            self.snap = s
            self._paint_picker(s)
            self._paint_controls(s)
            self.paint_figures(s)
            rnd = self.state(s).live_round
            if rnd is not None:
                self._paint_round(s, rnd)
                self._paint_waiting(s, rnd)
                self._paint_hands(s)
                self.tick()
            else:
                self.status.set_text("")
        finally:
            self.painting = False

    def _paint_picker(self, s: SessionSnapshot) -> None:
        """The main console of a session with tables picks the table whose rounds it runs."""
        if self.host:
            return
        ids = [t.id for t in s.tables]
        if self.table not in ids and self.table != (ids[0] if ids else None):
            self._switch(ids[0] if ids else None)  # tables came or went
        self.picker.set_visibility(bool(ids))
        options = {t.id: t.name for t in s.tables}
        if self.picker.options != options:
            self.picker.set_options(options, value=self.table)
        self.picker.set_value(self.table)

    def _paint_controls(self, s: SessionSnapshot) -> None:
        state, phase = self.state(s), s.phase_at(self.table)
        rnd = state.live_round
        takes_rounds = phase is not None and phase.mode != "info"
        self.root.set_visibility(takes_rounds)
        self.settings.set_visibility(self.table is None)  # the projector shows the one group's turns only
        self.no_round.set_visibility(takes_rounds and rnd is None)
        self.in_round.set_visibility(rnd is not None)
        self.undo.set_visibility(any(engine.undoable(ev) for ev in state.applied))
        self._paint_lead(rnd is not None and rnd.mode == "round" and state.speaker is None
                         and engine.round_complete(state))
        self.show_timer.set_value(state.show_timer)
        self.show_names.set_value(state.show_names)
        if phase is not None:
            self.no_round_text.set_text(
                _("Nog geen ronde in {phase}. Iedereen die er is, komt op volgorde aan de beurt.", phase=phase.name)
            )
            self.open.set_visibility("open" in phase.mode)
            self.reopen.set_visibility("open" in phase.mode and rnd is not None and rnd.mode == "round")
            self.limit.set_value(engine.soft_limit(state, phase.position) / 60)

    def _paint_lead(self, done: bool) -> None:
        """The filled button is the next useful step: "Volgende spreker" while someone is still to
        be heard, "Start ronde" once everyone was (the other would only answer that they were)."""
        if done == self.round_done:
            return
        self.round_done = done
        self.next.props(remove="unelevated outline").props("outline" if done else "unelevated")
        self.restart.props(remove="flat unelevated").props("unelevated" if done else "flat")

    def _paint_round(self, s: SessionSnapshot, rnd: engine.Round) -> None:
        state = self.state(s)
        if rnd.mode == "round":
            present = [p for p in rnd.order if p in state.present_set]
            heard = len([p for p in present if rnd.done(p)])
            self.status.set_text(
                _("· iedereen is gehoord") if engine.round_complete(state)
                else _("· {heard} van {total} gehoord", heard=heard, total=len(present))
            )
        else:
            self.status.set_text(_("· open ronde: handen omhoog"))
        self.speaker.set_text(s.name(state.speaker) if state.speaker is not None else _("Niemand"))
        self.speaker_box.classes(replace="d-speaker w-full items-center no-wrap gap-4" +
                                 (" active" if state.speaker is not None else ""))
        up = engine.next_up(state)
        self.next_label.set_text(_("Hierna: {name}", name=s.name(up)) if up is not None else (
            self._all_heard_text() if rnd.mode == "round" and state.speaker is None else ""))
        self.pass_button.set_visibility(rnd.mode == "round" and (state.speaker is not None or up is not None))
        self.restart.set_visibility(rnd.mode == "round" and engine.round_complete(state))
        self.queue_mode.set_visibility(rnd.mode == "open")
        self.queue_mode.set_value(state.queue_mode)

    def _all_heard_text(self) -> str:
        if self.host:  # the phases are the main console's
            return _("Iedereen aan deze tafel is gehoord. Start een nieuwe ronde als dat nodig is.")
        return _("Iedereen is gehoord. Start een nieuwe ronde of ga naar de volgende fase.")

    def _paint_waiting(self, s: SessionSnapshot, rnd: engine.Round) -> None:
        """'Nog niet aan bod', by difference: the next speaker leaves, one more comes into view."""
        listed = engine.still_to_hear(self.state(s)) if rnd.mode == "round" else []
        self.waiting_title.set_text(_("Nog niet aan bod ({n})", n=len(listed)) if rnd.mode == "round" else "")
        self.waiting_more.set_visibility(len(listed) > WAITING_SHOWN)
        self.waiting_more.set_text(_("Toon minder") if self.all_waiting else _("Toon alle {n}", n=len(listed)))
        shown = listed if self.all_waiting else listed[:WAITING_SHOWN]
        second = engine.second_chance(self.state(s))
        key = (tuple(shown), tuple(p for p in second if p in shown), rnd.mode)
        if key == self.waiting_shown:
            return
        self.waiting_shown = key
        tags = {pid: _("tweede kans") if pid in second else "" for pid in shown}
        for pid in [p for p, row in self.waiting_rows.items() if tags.get(p) != row.tag]:
            self.waiting.remove(self.waiting_rows.pop(pid).row)  # gone, or its tag changed
        for pid in shown:
            if pid not in self.waiting_rows:
                with self.waiting:
                    self.waiting_rows[pid] = WaitingRow(self._person_row(pid, s.name(pid), tags[pid]), tags[pid])
        desired = [self.waiting_rows[p].row for p in shown]
        if list(self.waiting) != desired:
            for index, row in enumerate(desired):
                row.move(self.waiting, target_index=index)

    def _paint_hands(self, s: SessionSnapshot) -> None:
        queue = engine.hand_queue(self.state(s))
        self.hands_title.set_text(_("Handen omhoog ({n})", n=len(queue)))
        if tuple(queue) != self.hands_shown:
            self.hands_shown = tuple(queue)
            self.hands.clear()
            with self.hands:
                for pid in queue:
                    self._person_row(pid, s.name(pid), "", hand=True)

    def paint_figures(self, s: SessionSnapshot) -> None:
        """The facilitator's own figures: the Gini of speaking time and the turns per phase."""
        state = self.state(s)
        if state is self.figures_of:
            return  # news about cards or people: the figures are the same
        self.figures_of = state
        now = time.time()
        self.gini.set_text(_(
            "Verdeling van de spreektijd (Gini): {gini}"
            " — 0 is precies gelijk verdeeld, 1 is één persoon aan het woord.",
            gini=decimal(fairness.speaking_gini(state, now), 2),
        ))
        lines = [ngettext(
            "{name}: {n} beurt, {passes}× gepast, {time}", "{name}: {n} beurten, {passes}× gepast, {time}",
            f.turns, name=s.phases[f.phase].name if 0 <= f.phase < len(s.phases) else "?", passes=f.passes,
            time=clock_text(f.seconds),
        ) for f in fairness.per_phase(state, now)]
        shown = list(self.phase_table)  # one label per phase, reused: every turn changes one line
        for label in shown[len(lines):]:
            self.phase_table.remove(label)
        for index, line in enumerate(lines):
            if index < len(shown):
                shown[index].set_text(line)
            else:
                with self.phase_table:
                    ui.label(line).classes("text-base")

    def _person_row(self, pid: int, name: str, tag: str, hand: bool = False) -> ui.row:
        with ui.row().classes("w-full items-center no-wrap gap-1") as row:
            give = ui.button(name, on_click=self.act(turns.give_turn, pid))
            labelled(give.props("flat no-caps dense align=left").classes("grow text-base d-wrap"), _("Geef de beurt aan {name}", name=name))
            if tag:
                ui.label(tag).classes("d-tag")
            if hand:
                lower = ui.button(icon="close", on_click=self.act(turns.lower_hand_for, pid))
                labelled(lower.props("flat round dense"), _("Hand van {name} laten zakken", name=name))
            else:
                earlier = ui.button(icon="arrow_upward",
                                    on_click=self.act(turns.move_in_order, pid, -1))
                labelled(earlier.props("flat round dense"), _("{name} eerder aan de beurt", name=name))
        return row

    def tick(self) -> None:
        """Once a second on the console only: the speaker's running time and the soft-limit cue."""
        if self.snap is None:
            return
        state = self.state(self.snap)
        if state.speaker is None:
            self.elapsed.set_text("")
            self.cue.set_visibility(False)
            return
        seconds = time.time() - state.speaker_since
        self.elapsed.set_text(clock_text(seconds))
        self.cue.set_visibility(seconds > engine.soft_limit(state))

