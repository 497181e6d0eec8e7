"""The console's harvest: cards with moderation and themes, dot voting, actions, and the export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from nicegui import run, ui

from dialoog.pages.common import SORRY, attempt, labelled, log, still_logged_in
from dialoog.sessions import engine, exporters, harvest, report, turns
from dialoog.sessions.access import Actor
from dialoog.sessions.errors import DomainError
from dialoog.sessions.views import CardView, SessionSnapshot


CARDS_SHOWN = 40  # cards on the console at first; a big room's hundreds come in steps of this many


class ConsoleCards:
    """This phase's cards, newest first; each with hide/show, edit, theme, merge and 'Maak actie'."""

    def __init__(self, organiser_id: int, session_id: int) -> None:
        self.organiser_id, self.session_id = organiser_id, session_id
        self.phase_id: int | None = None
        self.rows: dict[int, dict] = {}
        self.theme_options: dict = {}
        self.snap: SessionSnapshot | None = None
        with ui.row().classes("w-full items-center gap-2"):
            ui.label("Kaarten in deze fase").classes("text-xl font-bold")
            self.count = ui.label().classes("d-muted")
            ui.space()
            self.add_theme_button = ui.button("Thema toevoegen", icon="label", on_click=self.ask_theme).props(
                "outline no-caps"
            )
        self.themes_row = ui.row().classes("w-full gap-2")
        self.box = ui.column().classes("w-full gap-3")
        self.more = ui.button(on_click=self.show_more).props("outline no-caps").classes("self-center")
        self.shown_max = CARDS_SHOWN
        self.empty = ui.label().classes("d-muted")
        self._dialogs()

    def run(self, command: Callable[[int, int], object], on_error=None) -> tuple[bool, object]:
        return attempt(lambda: command(still_logged_in(self.organiser_id), self.session_id), on_error)

    # ---- dialogs ---------------------------------------------------------------------------
    def _dialogs(self) -> None:
        with ui.dialog() as self.theme_dialog, ui.card().classes("w-full max-w-md gap-3 p-6"):
            ui.label("Nieuw thema").classes("text-xl font-bold")
            self.theme_name = ui.input("Naam van het thema").props("outlined autofocus").classes("w-full")
            self.theme_message = ui.label().classes("text-negative").props("role=alert")
            with ui.row().classes("w-full justify-end"):
                ui.button("Annuleren", on_click=self.theme_dialog.close).props("flat")
                ui.button("Thema opslaan", on_click=self.save_theme).props("unelevated")
        with ui.dialog() as self.edit_dialog, ui.card().classes("w-full max-w-xl gap-3 p-6"):
            ui.label("Kaart bewerken").classes("text-xl font-bold")
            ui.label("De oorspronkelijke tekst blijft bewaard in de geschiedenis van de kaart.").classes("d-muted")
            self.edit_text = ui.textarea("Tekst").props("outlined autogrow").classes("w-full")
            self.edit_message = ui.label().classes("text-negative").props("role=alert")
            with ui.row().classes("w-full justify-end"):
                ui.button("Annuleren", on_click=self.edit_dialog.close).props("flat")
                ui.button("Opslaan", on_click=self.save_edit).props("unelevated")
        with ui.dialog() as self.merge_dialog, ui.card().classes("w-full max-w-xl gap-3 p-6"):
            ui.label("Dubbele kaart samenvoegen").classes("text-xl font-bold")
            ui.label("Deze kaart verdwijnt; haar stemmen gaan naar de kaart die je kiest.").classes("d-muted")
            self.merge_target = ui.select({}, label="Samenvoegen met").props("outlined").classes("w-full")
            with ui.row().classes("w-full justify-end"):
                ui.button("Annuleren", on_click=self.merge_dialog.close).props("flat")
                ui.button("Samenvoegen", on_click=self.do_merge).props("unelevated")
        self.target = 0

    def ask_theme(self) -> None:
        self.theme_name.set_value("")
        self.theme_message.set_text("")
        self.theme_dialog.open()

    def save_theme(self) -> None:
        if self.phase_id is None:
            return
        ok, _ = self.run(lambda o, s: harvest.add_theme(o, s, self.phase_id, self.theme_name.value or ""),
                         self.theme_message.set_text)
        if ok:
            self.theme_dialog.close()

    def start_edit(self, card_id: int) -> None:
        card = self._card(card_id)
        if card:
            self.target = card_id
            self.edit_text.set_value(card.text)
            self.edit_message.set_text("")
            self.edit_dialog.open()

    def save_edit(self) -> None:
        ok, _ = self.run(lambda o, s: harvest.edit_as_facilitator(o, s, self.target, self.edit_text.value or ""),
                         self.edit_message.set_text)
        if ok:
            self.edit_dialog.close()

    def start_merge(self, card_id: int) -> None:
        others = {c.id: c.text[:80] for c in self.snap.cards_in(self.phase_id) if c.id != card_id} if self.snap else {}
        if not others:
            ui.notify("Er is geen andere kaart om mee samen te voegen.", position="top")
            return
        self.target = card_id
        self.merge_target.set_options(others, value=None)
        self.merge_dialog.open()

    def do_merge(self) -> None:
        if self.merge_target.value is None:
            return
        ok, _ = self.run(lambda o, s: harvest.merge(o, s, int(self.merge_target.value), self.target))
        if ok:
            self.merge_dialog.close()

    def _card(self, card_id: int) -> CardView | None:
        return next((c for c in self.snap.cards if c.id == card_id), None) if self.snap else None

    # ---- painting ---------------------------------------------------------------------------
    def paint(self, s: SessionSnapshot) -> None:
        self.snap = s
        phase = s.phase
        phase_id = phase.id if phase else None
        if phase_id != self.phase_id:
            self.box.clear()
            self.rows.clear()
            self.phase_id = phase_id
        takes = phase is not None and phase.takes_cards
        self.add_theme_button.set_visibility(takes)
        themes = s.themes_in(phase_id) if phase_id else []
        options = {0: "Geen thema", **{t.id: t.name for t in themes}}
        themes_changed = options != self.theme_options
        self.theme_options = options
        if themes_changed:
            self.themes_row.clear()
            with self.themes_row:
                for t in themes:
                    with ui.row().classes("d-tag items-center gap-1 no-wrap"):
                        ui.label(t.name)
                        remove = ui.button(icon="close", on_click=lambda tid=t.id: self.run(
                            lambda o, s_: harvest.remove_theme(o, s_, tid)))
                        labelled(remove.props("flat round dense size=xs"), f"Thema {t.name} verwijderen")
        cards = s.cards_in(phase_id, include_hidden=True) if phase_id else []
        cards = [c for c in cards if c.merged_into is None]
        all_cards, cards = cards, cards[-self.shown_max:]  # newest first on screen; older ones on request
        older = len(all_cards) - len(cards)
        self.more.set_visibility(older > 0)
        self.more.set_text(f"Toon {min(older, CARDS_SHOWN)} eerdere kaarten (nog {older} niet getoond)")
        wanted = {c.id for c in cards}
        for card_id in [i for i in self.rows if i not in wanted]:
            self.box.remove(self.rows.pop(card_id)["root"])
        for card in cards:
            row = self.rows.get(card.id)
            if row is None:
                row = self._build(card)
                row["root"].move(self.box, target_index=0)
                self.rows[card.id] = row
            self._update(row, card, themes_changed)
        desired = [self.rows[c.id]["root"] for c in reversed(cards)]
        if list(self.box) != desired:  # older cards shown on request go below, not on top
            for index, element in enumerate(desired):
                element.move(self.box, target_index=index)
        visible = sum(1 for c in all_cards if c.visible)
        self.count.set_text(f"({visible})")
        if phase is None or not phase.takes_cards:
            self.empty.set_text("In deze fase schrijven deelnemers geen kaarten.")
        else:
            self.empty.set_text("" if cards else "Nog geen kaarten. Ze verschijnen hier zodra iemand er een plaatst.")

    def show_more(self) -> None:
        self.shown_max += CARDS_SHOWN
        if self.snap is not None:
            self.paint(self.snap)

    def _build(self, card: CardView) -> dict:
        row: dict = {"key": None}
        with self.box:
            with ui.column().classes(f"d-card kind-{card.kind} w-full gap-1") as row["root"]:
                with ui.row().classes("w-full items-baseline gap-2") as row["meta"]:
                    ui.label(card.kind_label).classes("d-kind")
                    ui.label(f"· {card.author}").classes("d-kind normal-case")
                    row["votes"] = row["hidden_tag"] = None  # made when first needed: most cards get neither
                row["text"] = ui.label(card.text).classes("w-full")
                with ui.row().classes("w-full items-center gap-1") as row["tools"]:
                    row["theme"] = None  # a theme picker only once the phase has themes (a select is heavy)
                    row["hide"] = ui.button("Verbergen", on_click=lambda cid=card.id: self._toggle_hidden(cid))
                    row["hide"].props("flat dense no-caps")
                    ui.button("Bewerk", on_click=lambda cid=card.id: self.start_edit(cid)).props("flat dense no-caps")
                    ui.button("Samenvoegen", on_click=lambda cid=card.id: self.start_merge(cid)).props(
                        "flat dense no-caps"
                    )
                    if card.kind == "mogelijkheid":
                        ui.button("Maak actie", on_click=lambda cid=card.id: self.run(
                            lambda o, s: harvest.action_from_card(o, s, cid))).props("flat dense no-caps")
        return row

    def _theme_picker(self, row: dict, card: CardView) -> ui.select:
        with row["tools"]:
            picker = ui.select(
                self.theme_options, value=card.theme_id or 0,
                on_change=lambda e, cid=card.id: self._set_theme(cid, e.value),
            ).props("dense outlined options-dense").classes("w-44")
            labelled(picker, "Thema van deze kaart")
        picker.move(row["tools"], target_index=0)
        row["theme"] = picker
        return picker

    def _update(self, row: dict, card: CardView, themes_changed: bool) -> None:
        key = (card.text, card.hidden, card.theme_id, card.votes)
        if row["theme"] is None and len(self.theme_options) > 1:
            self._theme_picker(row, card)
        elif themes_changed and row["theme"] is not None:
            row["theme"].set_options(self.theme_options, value=card.theme_id or 0)
        if key == row["key"]:
            return
        row["key"] = key
        row["text"].set_text(card.text)
        if card.votes and row["votes"] is None:
            with row["meta"]:
                row["votes"] = ui.label().classes("d-tag")
        if row["votes"] is not None:
            row["votes"].set_text(f"{card.votes} stem{'men' if card.votes != 1 else ''}")
            row["votes"].set_visibility(card.votes > 0)
        if card.hidden and row["hidden_tag"] is None:
            with row["meta"]:
                row["hidden_tag"] = ui.label("verborgen").classes("d-tag")
        if row["hidden_tag"] is not None:
            row["hidden_tag"].set_visibility(card.hidden)
            row["hidden_tag"].move(row["meta"])  # after the votes, as it always stood
        row["hide"].set_text("Tonen" if card.hidden else "Verbergen")
        row["root"].classes(replace=f"d-card kind-{card.kind} w-full gap-1" + (" opacity-50" if card.hidden else ""))
        if row["theme"] is not None:
            row["theme"].set_visibility(len(self.theme_options) > 1)
            if row["theme"].value != (card.theme_id or 0):
                row["theme"].set_value(card.theme_id or 0)

    def _set_theme(self, card_id: int, value) -> None:
        card = self._card(card_id)
        wanted = (int(value) or None) if value is not None else None
        if card is not None and card.theme_id != wanted:
            self.run(lambda o, s: harvest.set_theme(o, s, card_id, wanted))

    def _toggle_hidden(self, card_id: int) -> None:
        card = self._card(card_id)
        if card is not None:
            self.run(lambda o, s: harvest.set_hidden(o, s, card_id, not card.hidden))


class VotingPanel:
    """Dot voting on the possibilities: open, close, reveal, and the live tally."""

    def __init__(self, organiser_id: int, session_id: int) -> None:
        self.organiser_id, self.session_id = organiser_id, session_id
        self.painting = False
        with ui.column().classes("d-panel w-full gap-2") as self.root:
            with ui.row().classes("w-full items-center gap-2"):
                ui.label("Stemmen").classes("text-xl font-bold")
                self.status = ui.label().classes("d-muted")
            with ui.row().classes("gap-2"):
                self.open = ui.button("Stemmen openen", icon="how_to_vote", on_click=lambda: self.set(open_=True))
                self.open.props("unelevated no-caps")
                self.close = ui.button("Stemmen sluiten", on_click=lambda: self.set(open_=False)).props("outline no-caps")
                self.reveal = ui.button("Uitslag tonen", icon="leaderboard", on_click=lambda: self.set(show_results=True))
                self.reveal.props("outline no-caps")
                self.hide = ui.button("Uitslag verbergen", on_click=lambda: self.set(show_results=False)).props(
                    "flat no-caps"
                )
            with ui.row().classes("gap-3 items-center"):
                self.per_person = ui.number("Stemmen per persoon", min=1, max=20, step=1, precision=0).props(
                    "outlined dense"
                ).classes("w-40")
                self.per_card = ui.number("Hoogstens per kaart", min=1, max=20, step=1, precision=0).props(
                    "outlined dense"
                ).classes("w-40")
                self.per_person.on("change", self.set_limits)
                self.per_card.on("change", self.set_limits)
            self.tally = ui.column().classes("w-full gap-0")

    def set(self, **values) -> None:
        attempt(lambda: harvest.set_voting(still_logged_in(self.organiser_id), self.session_id, **values))

    def set_limits(self) -> None:
        if self.painting or self.per_person.value is None or self.per_card.value is None:
            return
        self.set(per_person=int(self.per_person.value), per_card=int(self.per_card.value))

    def paint(self, s: SessionSnapshot) -> None:
        phase = s.phase
        self.root.set_visibility(phase is not None and "mogelijkheid" in phase.card_kinds)
        self.painting = True
        try:
            self.per_person.set_value(s.votes_per_person)
            self.per_card.set_value(s.votes_per_card)
        finally:
            self.painting = False
        voters = len({pid for _, pid in s.votes})
        self.status.set_text(("· open" if s.voting_open else "· gesloten") + f" · {len(s.votes)} stemmen van {voters} mensen")
        self.open.set_visibility(not s.voting_open)
        self.close.set_visibility(s.voting_open)
        self.reveal.set_visibility(not s.results_shown)
        self.hide.set_visibility(s.results_shown)
        self.tally.clear()
        with self.tally:
            for card in s.ranked_possibilities()[:10]:
                ui.label(f"{card.votes} · {card.text[:90]}").classes("text-base")


class ActionsPanel:
    """The actions so far; the facilitator fills in trekker, steps and a follow-up date."""

    def __init__(self, organiser_id: int, session_id: int) -> None:
        self.organiser_id, self.session_id = organiser_id, session_id
        self.key: tuple = ()
        with ui.column().classes("d-panel w-full gap-2") as self.root:
            self.title = ui.label().classes("text-xl font-bold")
            self.list = ui.column().classes("w-full gap-2")
        with ui.dialog() as self.dialog, ui.card().classes("w-full max-w-xl gap-2 p-6"):
            ui.label("Actie").classes("text-xl font-bold")
            self.what = ui.textarea("Wat").props("outlined autogrow").classes("w-full")
            self.who = ui.input("Wie (trekker)").props("outlined").classes("w-full")
            self.first = ui.input("Eerste stap").props("outlined").classes("w-full")
            self.when = ui.input("Wanneer").props("outlined").classes("w-full")
            self.needs = ui.input("Wat is er nodig").props("outlined").classes("w-full")
            self.follow = ui.input("Terugkoppelen op").props("outlined type=date stack-label").classes("w-full")
            self.message = ui.label().classes("text-negative").props("role=alert")
            with ui.row().classes("w-full justify-end"):
                ui.button("Verwijderen", on_click=self.remove).props("flat color=negative")
                ui.button("Annuleren", on_click=self.dialog.close).props("flat")
                ui.button("Actie opslaan", on_click=self.save).props("unelevated")
        self.editing = 0

    def open_action(self, action) -> None:
        self.editing = action.id
        for field, value in ((self.what, action.what), (self.who, action.who), (self.first, action.first_step),
                             (self.when, action.when), (self.needs, action.needs)):
            field.set_value(value)
        self.follow.set_value(action.follow_up_on.isoformat() if action.follow_up_on else "")
        self.message.set_text("")
        self.dialog.open()

    def save(self) -> None:
        try:
            follow = date.fromisoformat(self.follow.value) if self.follow.value else None
        except ValueError:
            self.message.set_text("Deze datum klopt niet. Kies een datum in de kalender.")
            return
        ok, _ = attempt(lambda: harvest.update_action(
            still_logged_in(self.organiser_id), self.session_id, self.editing, what=self.what.value or "",
            who=self.who.value or "", first_step=self.first.value or "", when=self.when.value or "",
            needs=self.needs.value or "", follow_up_on=follow), self.message.set_text)
        if ok:
            self.dialog.close()

    def remove(self) -> None:
        ok, _ = attempt(lambda: harvest.remove_action(
            self.session_id, self.editing, organiser_id=still_logged_in(self.organiser_id)))
        if ok:
            self.dialog.close()

    def paint(self, s: SessionSnapshot) -> None:
        self.root.set_visibility(bool(s.actions) or (s.phase is not None and "actie" in s.phase.card_kinds))
        self.title.set_text(f"Acties ({len(s.actions)})")
        key = tuple(s.actions)
        if key == self.key:
            return
        self.key = key
        self.list.clear()
        with self.list:
            if not s.actions:
                ui.label("Nog geen acties. ‘Geen actie’ is ook een goed antwoord.").classes("d-muted")
            for action in s.actions:
                who = s.name(action.participant_id) if action.participant_id else action.who
                text = f"{who}: geen actie" if action.no_action else f"{action.what}" + (f" — {who}" if who else "")
                with ui.row().classes("w-full items-center no-wrap gap-2"):
                    ui.label(text).classes("grow text-base")
                    if not action.no_action:
                        edit = ui.button(icon="edit", on_click=lambda a=action: self.open_action(a))
                        labelled(edit.props("flat round dense"), f"Actie bewerken: {action.what[:40]}")


def export_menu(organiser_id: Actor, session_id: int, *, gate: bool = True, contacts: bool = True) -> ui.button:
    """The 'Exporteer' menu. Before everyone was heard it explains who is missing and offers the override.
    ``contacts=False`` leaves out the contact details (for someone with a facilitator link)."""
    with ui.dialog() as gate_dialog, ui.card().classes("w-full max-w-lg gap-3 p-6"):
        ui.label("Nog niet iedereen is gehoord").classes("text-xl font-bold")
        gate_text = ui.label().classes("text-base")
        ui.label("Je kunt eerst de ronde afmaken, of het verslag toch maken met een reden. "
                 "Die reden komt in het verslag.").classes("d-muted")
        reason = ui.textarea("Reden").props("outlined autogrow").classes("w-full").mark("export-reason")
        message = ui.label().classes("text-negative").props("role=alert")
        chosen = {"key": "pdf"}

        async def override_and_export() -> None:
            ok, _ = attempt(lambda: turns.override_gate(still_logged_in(organiser_id), session_id, reason.value or ""),
                            message.set_text)
            if ok:
                gate_dialog.close()
                await download(chosen["key"])

        with ui.row().classes("w-full justify-end"):
            ui.button("Terug naar de ronde", on_click=gate_dialog.close).props("flat")
            ui.button("Toch exporteren", on_click=override_and_export).props("unelevated")

    async def download(key: str) -> None:
        ok, _ = attempt(lambda: still_logged_in(organiser_id))
        if not ok:
            return
        try:
            built = await run.io_bound(report.build, session_id, organiser_id=organiser_id)
            content, name, mime = await run.io_bound(exporters.render, built, key)
        except DomainError as error:  # e.g. the link was revoked between the click and the build
            ui.notify(error.message, type="warning", position="top", multi_line=True)
            return
        except Exception:  # noqa: BLE001 - a message for the person, details in the log
            log.exception("export %s of session %s failed", key, session_id)
            ui.notify(SORRY, type="warning", position="top", multi_line=True)
            return
        ui.download(content, name, mime)

    async def choose(key: str) -> None:
        ok, _ = attempt(lambda: still_logged_in(organiser_id))  # the gate names people: not for a stale page
        if not ok:
            return
        state = turns.state(session_id)
        if gate and not engine.summary_ready(state):
            from dialoog.sessions.views import load_snapshot

            snap = load_snapshot(session_id)
            rounds = engine.round_phases(state)
            parts = []
            for phase in engine.incomplete_phases(state):
                names = ", ".join(snap.name(p) for p in engine.pending(state, rounds[phase]))
                parts.append(f"{snap.phases[phase].name}: {names}")
            gate_text.set_text("Nog te horen — " + "; ".join(parts) + ".")
            chosen["key"], message.text = key, ""
            gate_dialog.open()
            return
        await download(key)

    async def download_contacts() -> None:
        import csv
        import io

        ok, rows = attempt(lambda: harvest.contacts(still_logged_in(organiser_id), session_id))
        if not ok:
            return
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["naam", "aanbod", "contact", "toestemming"])
        writer.writerows(rows)
        ui.download(("\ufeff" + out.getvalue()).encode("utf-8"), f"contactgegevens-sessie-{session_id}.csv",
                    "text/csv; charset=utf-8")

    with ui.button("Exporteer", icon="download").props("unelevated no-caps") as button:
        with ui.menu():
            for fmt in exporters.FORMATS.values():
                ui.menu_item(fmt.label, on_click=lambda k=fmt.key: choose(k)).mark(f"export-{fmt.key}")
            if contacts:
                ui.separator()
                ui.menu_item("Contactgegevens (alleen voor de organisator)", on_click=download_contacts)
    return button
