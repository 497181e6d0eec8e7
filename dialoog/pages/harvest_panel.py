"""The console's harvest: cards with moderation and themes, dot voting, actions, and the export."""

from __future__ import annotations

from dataclasses import dataclass

from nicegui import run, ui

from dialoog.live import hub
from dialoog.i18n import _, ngettext
from dialoog.pages.common import (
    SORRY,
    ConsoleContext,
    attempt,
    labelled,
    log,
    parse_date,
    still_logged_in,
    sync_rows,
)
from dialoog.pages.dialogs import FormDialog
from dialoog.sessions import exporters, harvest, report, turns
from dialoog.sessions import gate as export_gate
from dialoog.sessions.access import Actor
from dialoog.sessions.errors import DomainError
from dialoog.sessions.exporters.contacts import contacts_csv
from dialoog.sessions.views import ActionView, CardView, SessionSnapshot, ThemeView


CARDS_SHOWN = 40  # cards on the console at first; a big room's hundreds come in steps of this many


@dataclass
class CardRow:
    """One card on the console and its tools; the votes, hidden tag and theme picker are made when
    first needed (most cards get none of them)."""

    root: ui.column
    meta: ui.row
    text: ui.label
    tools: ui.row
    hide: ui.button
    votes: ui.label | None = None
    hidden_tag: ui.label | None = None
    theme: ui.select | None = None
    shown: tuple | None = None  # (text, hidden, theme, votes) as painted


class ConsoleCards:
    """This phase's cards, newest first; each with hide/show, edit, theme, merge and 'Maak actie'."""

    def __init__(self, ctx: ConsoleContext) -> None:
        self.ctx = ctx
        self.phase_id: int | None = None
        self.rows: dict[int, CardRow] = {}
        self.theme_options: dict = {}
        self.target = 0  # the card being edited or merged
        with ui.row().classes("w-full items-center gap-2"):
            ui.label(_("Kaarten in deze fase")).classes("text-xl font-bold").props("role=heading aria-level=2")
            self.count = ui.label().classes("d-muted")
            ui.space()
            self.add_theme_button = ui.button(_("Thema toevoegen"), icon="label", on_click=self.ask_theme).props(
                "outline no-caps"
            )
        self.themes_row = ui.row().classes("w-full gap-2")
        self.box = ui.column().classes("w-full gap-3")
        self.more = ui.button(on_click=self.show_more).props("outline no-caps").classes("self-center")
        self.shown_max = CARDS_SHOWN
        self.empty = ui.label().classes("d-muted")
        self._dialogs()

    @property
    def snap(self) -> SessionSnapshot:
        return self.ctx.snap

    # ---- dialogs ---------------------------------------------------------------------------
    def _dialogs(self) -> None:
        self.theme_dialog = FormDialog(_("Nieuw thema"), _("Thema opslaan"), self.save_theme)
        with self.theme_dialog.fields:
            self.theme_name = ui.input(_("Naam van het thema")).props("outlined autofocus").classes("w-full")
        self.edit_dialog = FormDialog(
            _("Kaart bewerken"), _("Opslaan"), self.save_edit, width="max-w-xl",
            intro=_("De oorspronkelijke tekst blijft bewaard in de geschiedenis van de kaart."),
        )
        with self.edit_dialog.fields:
            self.edit_text = ui.textarea(_("Tekst")).props("outlined autogrow").classes("w-full")
        self.merge_dialog = FormDialog(
            _("Dubbele kaart samenvoegen"), _("Samenvoegen"), self.do_merge, width="max-w-xl",
            intro=_("Deze kaart verdwijnt; haar stemmen gaan naar de kaart die je kiest."),
        )
        with self.merge_dialog.fields:
            self.merge_target = ui.select({}, label=_("Samenvoegen met")).props("outlined").classes("w-full")

    def ask_theme(self) -> None:
        self.theme_name.set_value("")
        self.theme_dialog.open()

    def save_theme(self) -> None:
        if self.phase_id is not None:
            phase_id, name = self.phase_id, self.theme_name.value or ""
            self.ctx.call(lambda actor, s: harvest.add_theme(actor, s, phase_id, name))

    def start_edit(self, card_id: int) -> None:
        card = self._card(card_id)
        if card:
            self.target = card_id
            self.edit_text.set_value(card.text)
            self.edit_dialog.open()

    def save_edit(self) -> None:
        card_id, text = self.target, self.edit_text.value or ""
        self.ctx.call(lambda actor, s: harvest.edit_as_facilitator(actor, s, card_id, text))

    def start_merge(self, card_id: int) -> None:
        others = {c.id: c.text[:80] for c in self.snap.cards_in(self.phase_id) if c.id != card_id}
        if not others:
            ui.notify(_("Er is geen andere kaart om mee samen te voegen."), position="top")
            return
        self.target = card_id
        self.merge_target.set_options(others, value=None)
        self.merge_dialog.open()

    def do_merge(self) -> None:
        if self.merge_target.value is not None:
            keep, duplicate = int(self.merge_target.value), self.target
            self.ctx.call(lambda actor, s: harvest.merge(actor, s, keep, duplicate))

    def _card(self, card_id: int) -> CardView | None:
        return next((c for c in self.snap.cards if c.id == card_id), None)

    # ---- painting ---------------------------------------------------------------------------
    def paint(self, s: SessionSnapshot, rows: int | None = None) -> bool:
        """Show the current phase's cards (the newest ``shown_max``), updating rows by difference;
        ``rows``: build at most this many new rows, the newest (False: more are still to come)."""
        phase = s.phase
        phase_id = phase.id if phase else None
        if phase_id != self.phase_id:
            self.box.clear()
            self.rows.clear()
            self.phase_id = phase_id
        self.add_theme_button.set_visibility(phase is not None and phase.takes_cards)
        themes_changed = self._paint_themes(s.themes_in(phase_id) if phase_id else [])
        all_cards = [c for c in (s.cards_in(phase_id, include_hidden=True) if phase_id else []) if c.merged_into is None]
        cards = all_cards[-self.shown_max:]  # newest first on screen; older ones on request
        older = len(all_cards) - len(cards)
        self.more.set_visibility(older > 0)
        self.more.set_text(ngettext("Toon {n} eerdere kaart (nog {older} niet getoond)",
                                    "Toon {n} eerdere kaarten (nog {older} niet getoond)", min(older, CARDS_SHOWN),
                                    older=older))
        done = self._paint_rows(cards, themes_changed, rows)
        self.count.set_text(f"({sum(1 for c in all_cards if c.visible)})")
        if phase is None or not phase.takes_cards:
            self.empty.set_text(_("In deze fase schrijven deelnemers geen kaarten."))
        else:
            self.empty.set_text("" if cards else _("Nog geen kaarten. Ze verschijnen hier zodra iemand er een plaatst."))
        return done

    def _paint_themes(self, themes: list[ThemeView]) -> bool:
        """The phase's themes as tags with a remove button; True when they changed."""
        options = {0: _("Geen thema"), **{t.id: t.name for t in themes}}
        if options == self.theme_options:
            return False
        self.theme_options = options
        self.themes_row.clear()
        with self.themes_row:
            for t in themes:
                with ui.row().classes("d-tag items-center gap-1 no-wrap"):
                    ui.label(t.name)
                    remove = ui.button(icon="close", on_click=lambda tid=t.id: self.ctx.run(
                        lambda actor, s: harvest.remove_theme(actor, s, tid)))
                    labelled(remove.props("flat round dense size=xs"), _("Thema {name} verwijderen", name=t.name))
        return True

    def _paint_rows(self, cards: list[CardView], themes_changed: bool, budget: int | None = None) -> bool:
        """The rows of ``cards``, newest on top. With a ``budget``, at most that many new rows (the
        newest cards'), each taking the place of the oldest row no longer wanted: in a full room
        fifty cards arrive a second, and building forty rows at once stopped the server for 30–50 ms.
        True when every card has its row."""
        missing = [c for c in reversed(cards) if c.id not in self.rows]  # newest first
        if budget is None or len(missing) <= budget:
            sync_rows(self.box, self.rows, cards, self._build, lambda row, card: self._update(row, card, themes_changed))
            done = True
        else:
            wanted = {c.id for c in cards}
            for card_id in sorted(i for i in self.rows if i not in wanted)[:budget]:  # the oldest go first
                self.box.remove(self.rows.pop(card_id).root)
            for card in missing[:budget]:
                with self.box:
                    self.rows[card.id] = self._build(card)
            for card in cards:
                if card.id in self.rows:
                    self._update(self.rows[card.id], card, themes_changed)
            done = False
        desired = [self.rows[i].root for i in sorted(self.rows, reverse=True)]  # the newest on top
        if list(self.box) != desired:  # (older cards shown on request go below, as they should)
            for index, element in enumerate(desired):
                element.move(self.box, target_index=index)
        return done

    def show_more(self) -> None:
        self.shown_max += CARDS_SHOWN
        self.paint(self.snap)

    def _build(self, card: CardView) -> CardRow:
        with ui.column().classes(f"d-card kind-{card.kind} w-full gap-1") as root:
            with ui.row().classes("w-full items-baseline gap-2") as meta:
                ui.label(card.kind_label).classes("d-kind")
                ui.label(f"· {card.author}").classes("d-kind normal-case")
            text = ui.label(card.text).classes("w-full")
            with ui.row().classes("w-full items-center gap-1") as tools:
                hide = ui.button(_("Verbergen"), on_click=lambda: self._toggle_hidden(card.id))
                hide.props("flat dense no-caps")
                ui.button(_("Bewerk"), on_click=lambda: self.start_edit(card.id)).props("flat dense no-caps")
                ui.button(_("Samenvoegen"), on_click=lambda: self.start_merge(card.id)).props("flat dense no-caps")
                if card.kind == "mogelijkheid":
                    ui.button(_("Maak actie"), on_click=lambda: self.ctx.run(
                        lambda actor, s: harvest.action_from_card(actor, s, card.id))).props("flat dense no-caps")
        return CardRow(root, meta, text, tools, hide)

    def _theme_picker(self, row: CardRow, card: CardView) -> ui.select:
        """A theme picker, only once the phase has themes (a select is heavy)."""
        with row.tools:
            picker = ui.select(
                self.theme_options, value=card.theme_id or 0,
                on_change=lambda e, cid=card.id: self._set_theme(cid, e.value),
            ).props("dense outlined options-dense").classes("w-44")
            labelled(picker, _("Thema van deze kaart"))
        picker.move(row.tools, target_index=0)
        row.theme = picker
        return picker

    def _update(self, row: CardRow, card: CardView, themes_changed: bool) -> None:
        if row.theme is None and len(self.theme_options) > 1:
            self._theme_picker(row, card)
        elif themes_changed and row.theme is not None:
            row.theme.set_options(self.theme_options, value=card.theme_id or 0)
        shown = (card.text, card.hidden, card.theme_id, card.votes)
        if shown == row.shown:
            return
        row.shown = shown
        row.text.set_text(card.text)
        self._paint_tags(row, card)
        row.hide.set_text(_("Tonen") if card.hidden else _("Verbergen"))
        row.root.classes(replace=f"d-card kind-{card.kind} w-full gap-1" + (" opacity-50" if card.hidden else ""))
        if row.theme is not None:
            row.theme.set_visibility(len(self.theme_options) > 1)
            if row.theme.value != (card.theme_id or 0):
                row.theme.set_value(card.theme_id or 0)

    @staticmethod
    def _paint_tags(row: CardRow, card: CardView) -> None:
        """The votes and 'verborgen' tags, each made the first time it is needed."""
        if card.votes and row.votes is None:
            with row.meta:
                row.votes = ui.label().classes("d-tag")
        if row.votes is not None:
            row.votes.set_text(ngettext("{n} stem", "{n} stemmen", card.votes))
            row.votes.set_visibility(card.votes > 0)
        if card.hidden and row.hidden_tag is None:
            with row.meta:
                row.hidden_tag = ui.label(_("verborgen")).classes("d-tag")
        if row.hidden_tag is not None:
            row.hidden_tag.set_visibility(card.hidden)
            row.hidden_tag.move(row.meta)  # after the votes, as it always stood

    def _set_theme(self, card_id: int, value) -> None:
        card = self._card(card_id)
        wanted = (int(value) or None) if value is not None else None
        if card is not None and card.theme_id != wanted:
            self.ctx.run(lambda actor, s: harvest.set_theme(actor, s, card_id, wanted))

    def _toggle_hidden(self, card_id: int) -> None:
        card = self._card(card_id)
        if card is not None:
            self.ctx.run(lambda actor, s: harvest.set_hidden(actor, s, card_id, not card.hidden))


class VotingPanel:
    """Dot voting on the possibilities: open, close, reveal, and the live tally."""

    def __init__(self, ctx: ConsoleContext) -> None:
        self.ctx = ctx
        self.painting = False
        with ui.column().classes("d-panel w-full gap-2") as self.root:
            with ui.row().classes("w-full items-center gap-2"):
                ui.label(_("Stemmen")).classes("text-xl font-bold").props("role=heading aria-level=2")
                self.status = ui.label().classes("d-muted")
            with ui.row().classes("gap-2"):
                self.open = ui.button(_("Stemmen openen"), icon="how_to_vote", on_click=lambda: self.set(open_=True))
                self.open.props("unelevated no-caps")
                self.close = ui.button(_("Stemmen sluiten"), on_click=lambda: self.set(open_=False)).props("outline no-caps")
                self.reveal = ui.button(_("Uitslag tonen"), icon="leaderboard", on_click=lambda: self.set(show_results=True))
                self.reveal.props("outline no-caps")
                self.hide = ui.button(_("Uitslag verbergen"), on_click=lambda: self.set(show_results=False))
                self.hide.props("flat no-caps")
            with ui.row().classes("gap-3 items-center"):
                self.per_person = self._limit(_("Stemmen per persoon"))
                self.per_card = self._limit(_("Hoogstens per kaart"))
            self.tally = ui.column().classes("w-full gap-0")

    def _limit(self, label: str) -> ui.number:
        field = ui.number(label, min=1, max=20, step=1, precision=0).props("outlined dense").classes("w-40")
        field.on("change", self.set_limits)
        return field

    def set(self, **values) -> None:
        self.ctx.run(lambda actor, s: harvest.set_voting(actor, s, **values))

    def set_limits(self) -> None:
        if self.painting or self.per_person.value is None or self.per_card.value is None:
            return
        self.set(per_person=int(self.per_person.value), per_card=int(self.per_card.value))

    def paint(self, s: SessionSnapshot) -> None:
        phase = s.phase
        self.root.set_visibility(phase is not None and "mogelijkheid" in phase.card_kinds)
        self.painting = True  # the limits' change events come from us here, not from the facilitator
        try:
            self.per_person.set_value(s.votes_per_person)
            self.per_card.set_value(s.votes_per_card)
        finally:
            self.painting = False
        voters = len({pid for _card_id, pid in s.votes})
        if s.voting_open:
            status = _("· open · {votes} stemmen van {voters} mensen", votes=len(s.votes), voters=voters)
        else:
            status = _("· gesloten · {votes} stemmen van {voters} mensen", votes=len(s.votes), voters=voters)
        self.status.set_text(status)
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

    def __init__(self, ctx: ConsoleContext) -> None:
        self.ctx = ctx
        self.shown: tuple = ()
        self.editing = 0
        with ui.column().classes("d-panel w-full gap-2") as self.root:
            self.title = ui.label().classes("text-xl font-bold").props("role=heading aria-level=2")
            self.list = ui.column().classes("w-full gap-2")
        self.dialog = FormDialog(_("Actie"), _("Actie opslaan"), self.save, width="max-w-xl")
        with self.dialog.fields:
            self.what = ui.textarea(_("Wat")).props("outlined autogrow").classes("w-full")
            self.who = ui.input(_("Wie (trekker)")).props("outlined").classes("w-full")
            self.first = ui.input(_("Eerste stap")).props("outlined").classes("w-full")
            self.when = ui.input(_("Wanneer")).props("outlined").classes("w-full")
            self.needs = ui.input(_("Wat is er nodig")).props("outlined").classes("w-full")
            self.follow = ui.input(_("Terugkoppelen op")).props("outlined type=date stack-label").classes("w-full")
        with self.dialog.buttons:
            remove = ui.button(_("Verwijderen"), on_click=self.remove).props("flat color=negative")
        remove.move(self.dialog.buttons, target_index=0)

    def open_action(self, action: ActionView) -> None:
        self.editing = action.id
        for field, value in ((self.what, action.what), (self.who, action.who), (self.first, action.first_step),
                             (self.when, action.when), (self.needs, action.needs)):
            field.set_value(value)
        self.follow.set_value(action.follow_up_on.isoformat() if action.follow_up_on else "")
        self.dialog.open()

    def save(self) -> None:
        values = dict(what=self.what.value or "", who=self.who.value or "", first_step=self.first.value or "",
                      when=self.when.value or "", needs=self.needs.value or "", follow_up_on=parse_date(self.follow.value))
        action_id = self.editing
        self.ctx.call(lambda actor, s: harvest.update_action(actor, s, action_id, **values))

    def remove(self) -> None:
        action_id = self.editing
        ok, _result = self.ctx.run(lambda actor, s: harvest.remove_action(actor, s, action_id), self.dialog.message.set_text)
        if ok:
            self.dialog.close()

    def paint(self, s: SessionSnapshot) -> None:
        self.root.set_visibility(bool(s.actions) or (s.phase is not None and "actie" in s.phase.card_kinds))
        self.title.set_text(_("Acties ({n})", n=len(s.actions)))
        if tuple(s.actions) == self.shown:
            return
        self.shown = tuple(s.actions)
        self.list.clear()
        with self.list:
            if not s.actions:
                ui.label(_("Nog geen acties. ‘Geen actie’ is ook een goed antwoord.")).classes("d-muted")
            for action in s.actions:
                self._row(s, action)

    def _row(self, s: SessionSnapshot, action: ActionView) -> None:
        who = s.name(action.participant_id) if action.participant_id else action.who
        text = _("{who}: geen actie", who=who) if action.no_action else action.what + (f" — {who}" if who else "")
        with ui.row().classes("w-full items-center no-wrap gap-2"):
            ui.label(text).classes("grow text-base")
            if not action.no_action:
                edit = ui.button(icon="edit", on_click=lambda: self.open_action(action))
                labelled(edit.props("flat round dense"), _("Actie bewerken: {what}", what=action.what[:40]))


class ExportMenu:
    """The 'Exporteer' menu. Before everyone was heard it says who is missing and offers the
    override. ``contacts=False`` leaves out the contact details (for someone with a facilitator link)."""

    def __init__(self, actor: Actor, session_id: int, *, gate: bool = True, contacts: bool = True) -> None:
        self.actor, self.session_id, self.gate = actor, session_id, gate
        self.chosen = "pdf"
        self.gate_dialog = FormDialog(
            _("Nog niet iedereen is gehoord"), _("Toch exporteren"), self._override, width="max-w-lg",
            cancel_label=_("Terug naar de ronde"), after=lambda _result: self.download(self.chosen),
        )
        with self.gate_dialog.fields:
            self.gate_text = ui.label().classes("text-base")
            ui.label(_("Je kunt eerst de ronde afmaken, of het verslag toch maken met een reden. "
                       "Die reden komt in het verslag.")).classes("d-muted")
            self.reason = ui.textarea(_("Reden")).props("outlined autogrow").classes("w-full").mark("export-reason")
        with ui.button(_("Exporteer"), icon="download").props("unelevated no-caps") as self.button:
            with ui.menu():
                for fmt in exporters.FORMATS.values():
                    ui.menu_item(fmt.label, on_click=lambda k=fmt.key: self.choose(k)).mark(f"export-{fmt.key}")
                if contacts:
                    ui.separator()
                    ui.menu_item(_("Contactgegevens (alleen voor de organisator)"), on_click=self.download_contacts)

    def props(self, add: str) -> ExportMenu:
        """Style the menu's button (e.g. "flat" on the dashboard's rows)."""
        self.button.props(add)
        return self

    def _override(self) -> None:
        turns.override_gate(still_logged_in(self.actor), self.session_id, self.reason.value or "")

    async def choose(self, key: str) -> None:
        """A format from the menu: the summary, or first the gate's question when not everyone was heard."""
        ok, _result = attempt(lambda: still_logged_in(self.actor))  # the gate names people: not for a stale page
        if not ok:
            return
        status = export_gate.current(hub.snapshot(self.session_id)) if self.gate else None  # every table's turns
        if status is not None and not status.open:
            self.gate_text.set_text(_("Nog te horen — {names}.", names=status.unheard_text()))
            self.chosen = key
            self.gate_dialog.open()
            return
        await self.download(key)

    async def download(self, key: str) -> None:
        """Build the summary in a worker thread and hand it to the browser."""
        ok, _result = attempt(lambda: still_logged_in(self.actor))
        if not ok:
            return
        try:
            built = await run.io_bound(report.build, self.session_id, actor=self.actor)
            content, name, mime = await run.io_bound(exporters.render, built, key)
        except DomainError as error:  # e.g. the link was revoked between the click and the build
            ui.notify(error.translated(), type="warning", position="top", multi_line=True)
            return
        except Exception:  # noqa: BLE001 - a message for the person, details in the log
            log.exception("export %s of session %s failed", key, self.session_id)
            ui.notify(_(SORRY), type="warning", position="top", multi_line=True)
            return
        ui.download(content, name, mime)

    def download_contacts(self) -> None:
        """The offers' contact details, for the organiser only (the service refuses a facilitator link)."""
        ok, rows = attempt(lambda: harvest.contacts(still_logged_in(self.actor), self.session_id))
        if ok:
            ui.download(*contacts_csv(rows, self.session_id))
