"""The phone of someone who joined: whose turn it is, the question, writing cards, their own cards.

Built once per page load from parts that each paint themselves from the hub's read model. A
thousand phones get the news of one session, and most of it is not for this phone: ``PhonePage``
decides what a change can alter here and repaints only that.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from nicegui import Client, background_tasks, ui

from dialoog.config import get_settings
from dialoog.i18n import _
from dialoog.live import TURN_TEXT_CLASS, hub
from dialoog.pages.common import attempt, labelled, resource_toggle, sync_rows
from dialoog.pages.dialogs import FormDialog
from dialoog.pages.phone_comfort import QUESTION_CLASS, SAY_TURN_CLASS, say_button
from dialoog.pages.phone_harvest import ActionForm, EvaluationForm, Later, OfferDialog, VoteList
from dialoog.sessions import engine, harvest, participation, tables, templates, turns
from dialoog.sessions.views import ActionView, CardView, PhaseView, SessionSnapshot

LIGHT_TOPICS = frozenset({"cards", "card-added", "turns", "participants", "presence"})
TURN_ONLY = frozenset({"turns", "presence"})
DOUBLE_TAP = 2.0  # seconds in which an empty second tap after a posted card is ignored
MESSAGE_CHECK = 15  # seconds between two looks at the clock while a message to all tables shows


def speaker_line(name: str) -> str:
    """The 'Nu aan het woord' line, in the language of the phone whose page or update is running."""
    return _("Nu aan het woord: {name}", name=name)


class QuietText(ui.label):
    """A label whose text can change on the server without an update of its own, for text that
    reaches the browser another way (the turn broadcast). Its next update carries the text too."""

    _quiet = False

    def set_text_quietly(self, text: str) -> None:
        self._quiet = True
        try:
            self.set_text(text)
        finally:
            self._quiet = False

    def _handle_text_change(self, text: str) -> None:
        if self._quiet:
            self._text_to_model_text(text)
        else:
            super()._handle_text_change(text)


@dataclass(frozen=True)
class Phone:
    """Whose phone this is, in which session, on which page load."""

    session_id: int
    participant_id: int
    client: Client


class TurnPart:
    """'Jij bent aan de beurt' with its buttons, who speaks now, 'Jij bent hierna', and the hand."""

    def __init__(self, phone: Phone) -> None:
        self.phone = phone
        self.was_speaker = False
        self.sent_quietly = False  # the speaker line went out by broadcast: resend it after a reconnect
        sid, pid = phone.session_id, phone.participant_id
        with ui.column().classes("d-my-turn w-full gap-3") as self.my_turn:
            ui.label(_("Jij bent aan de beurt")).classes(f"{SAY_TURN_CLASS} text-3xl font-bold leading-tight").props(
                "role=alert")
            ui.label(_("Vertel in je eigen woorden. Passen mag ook.")).classes("text-lg")
            ui.button(_("Klaar met spreken"), icon="check",
                      on_click=lambda: attempt(lambda: turns.finish_turn(sid, pid))
                      ).classes("w-full").props("unelevated size=lg color=white text-color=primary")
            self.pass_button = ui.button(_("Ik pas"), on_click=lambda: attempt(lambda: turns.pass_turn(sid, pid)))
            self.pass_button.classes("w-full").props("outline size=lg color=white")
        self.speaker = QuietText().classes(f"{TURN_TEXT_CLASS} text-lg font-bold d-wrap")
        self.soon = ui.label(_("Jij bent hierna aan de beurt.")).classes("d-soon text-lg font-bold")
        self.hand_up = ui.button(_("Ik wil iets zeggen"), icon="back_hand",
                                 on_click=lambda: attempt(lambda: turns.raise_hand(sid, pid)))
        self.hand_up.classes("w-full").props("outline size=lg")
        self.hand_down = ui.button(_("Hand laten zakken"), icon="do_not_touch",
                                   on_click=lambda: attempt(lambda: turns.lower_hand(sid, pid)))
        self.hand_down.classes("w-full").props("unelevated size=lg color=secondary")

    def paint(self, s: SessionSnapshot, table_id: int | None = None) -> None:
        """Everything of the turns that this phone shows: those of the person's own table
        (``table_id``; None: the session is one group)."""
        t, pid = s.turns_at(table_id), self.phone.participant_id
        rnd = t.live_round
        mine = s.is_open and t.speaker == pid
        self.my_turn.set_visibility(mine)
        self.pass_button.set_visibility(mine and rnd is not None and rnd.mode == "round")
        if mine and not self.was_speaker:
            ui.run_javascript("navigator.vibrate && navigator.vibrate([200, 100, 200])")
        self.was_speaker = mine
        active = s.is_open and rnd is not None and not mine
        self.show_speaker(speaker_line(s.name(t.speaker)) if active and t.speaker is not None else "")
        self.soon.set_visibility(active and engine.next_up(t) == pid)
        raised = any(p == pid for p, _since in t.hands)
        can_raise = s.is_open and rnd is not None and rnd.mode == "open" and not mine and pid in t.present_set
        self.hand_up.set_visibility(can_raise and not raised)
        self.hand_down.set_visibility(s.is_open and raised)

    def show_speaker(self, said: str) -> None:
        """The 'Nu aan het woord' line. It changes on almost every phone alike when one speaker
        follows another, so it goes out in one broadcast (live.py) instead of a thousand updates.
        Empty, the line is hidden by its style (.d-turn-info:empty), not by an update."""
        if said == self.speaker.text:
            return
        if self.phone.client.has_socket_connection and hub.broadcast_turn_text(self.phone.client.id, said):
            self.speaker.set_text_quietly(said)
            self.sent_quietly = True
        else:
            self.speaker.set_text(said)

    def resend(self) -> None:
        """After a reconnect: a broadcast may have been missed while the socket was away."""
        if self.sent_quietly:
            self.sent_quietly = False
            self.speaker.update()


class QuestionPart:
    """Where the session is (the banner), the question, a line of help, and the ground rules."""

    def __init__(self, banner: ui.label, ground_rules: tuple[str, ...]) -> None:
        self.banner = banner
        self.question = ui.label().classes(QUESTION_CLASS).props("role=heading aria-level=1")
        self.say = say_button()  # "Lees voor"
        self.info = ui.label().classes("text-lg")
        with ui.column().classes("gap-1") as self.rules:
            for rule in ground_rules:
                ui.label(f"• {_(rule)}")  # the template's rules, in its catalog

    def paint(self, s: SessionSnapshot, phase: PhaseView | None) -> None:
        """``phase``: the one this person's table is in (``SessionSnapshot.phase_at``)."""
        self.banner.set_visibility(s.is_open)
        if phase is None:
            self.banner.set_text(_("Het gesprek begint zo"))
            self.question.set_text(_("Welkom bij {title}!", title=s.title))
            self.info.set_text(_("Kijk naar het grote scherm. Als het gesprek begint, zie je hier de vraag."))
        else:
            self.banner.set_text(_("{name} · fase {number} van {total}", name=phase.name, number=phase.position + 1,
                                    total=len(s.phases)))
            self.question.set_text(phase.question)
            self.info.set_text("" if phase.takes_cards or phase.mode == "info" or phase.key == "afronding" else
                               _("In deze fase praten we met elkaar. Je hoeft niets te schrijven."))
        self.question.set_visibility(s.is_open)
        self.say.set_visibility(s.is_open)
        self.info.set_visibility(s.is_open and bool(self.info.text))
        self.rules.set_visibility(s.is_open and phase is not None and phase.mode == "info")


class TableMessage:
    """"Bericht aan alle tafels" ("Nog 5 minuten"): a banner at the top of the phone while it lasts.
    It goes when the facilitator takes it back (that is news of the session) or when its time is up:
    for that, a light look at the clock every ``MESSAGE_CHECK`` seconds, only while it shows."""

    def __init__(self) -> None:
        self.sent: tuple[str, datetime | None] = ("", None)
        self.timer: ui.timer | None = None
        self.banner = ui.label().classes("d-soon d-table-message w-full text-xl font-bold border-2 border-current")
        self.banner.props("role=alert").set_visibility(False)

    def paint(self, s: SessionSnapshot) -> None:
        self.sent = (s.table_message, s.table_message_at)
        self.show()

    def show(self) -> None:
        """The message as it stands now (the facilitator's text, as text: never as HTML)."""
        text = tables.message_now(*self.sent)
        if text != self.banner.text:
            self.banner.set_text(text)
        self.banner.set_visibility(bool(text))
        self._watch_the_clock(bool(text))

    def _watch_the_clock(self, showing: bool) -> None:
        if showing and self.timer is None:
            with self.banner.parent_slot:  # beside the banner, only while it shows
                self.timer = ui.timer(MESSAGE_CHECK, self.show, immediate=False)
        elif not showing and self.timer is not None:
            self.timer.cancel()
            self.timer = None


class Composer:
    """Writing a card: its kind, the text (kept in the browser until the server confirms it), and
    for a question the kind of help. A double tap places one card, not two."""

    def __init__(self, phone: Phone) -> None:
        self.phone = phone
        self.draft = uuid.uuid4().hex  # the server places one card per draft, however often it is sent
        self.posted_at = 0.0
        self.draft_key = f"dialoog-draft-{phone.session_id}-{phone.participant_id}"
        limit = get_settings().card_max_length
        with ui.column().classes("w-full gap-3") as self.root:
            self.kind = ui.toggle({}, value=None).props(
                "spread no-caps unelevated toggle-color=primary role=radiogroup"
            ).classes("w-full text-lg")
            labelled(self.kind, _("Soort kaart"))
            self.text = ui.textarea(
                _("Jouw kaart"),
                validation={_("Te lang: hoogstens {limit} tekens", limit=limit): lambda v: len(v or "") <= limit},
            ).props('outlined autogrow counter input-style="min-height: 5.5em" debounce=400').classes("w-full")
            self.text.props["hint"] = _("Hoogstens {limit} tekens", limit=limit)  # a value, not a props string
            self.resource = resource_toggle()
            self.message = ui.label().classes("text-negative text-lg").props("role=alert")
            ui.label(_("Schrijf niets over de gezondheid of het geloof van anderen.")).classes("d-muted text-base")
            ui.button(_("Plaats kaart"), icon="send", on_click=self.place).classes("w-full").props("unelevated size=lg")
        self.kind.on_value_change(lambda e: self.resource.set_visibility(e.value == "vraag"))
        background_tasks.create(self.restore_draft(), name="restore draft")

    def paint(self, s: SessionSnapshot, phase: PhaseView | None) -> None:
        writable = [k for k in phase.card_kinds if k not in ("aanbod", "actie")] if phase is not None else []
        can_write = s.is_open and bool(writable)
        self.root.set_visibility(can_write)
        if can_write:
            options = {k: _(templates.KIND_LABELS[k]) if k in templates.KIND_LABELS else k for k in writable}
            if self.kind.options != options:
                self.kind.set_options(options, value=writable[0])
            self.kind.set_visibility(len(options) > 1)
        self.resource.set_visibility(can_write and self.kind.value == "vraag")

    def place(self) -> None:
        """'Plaats kaart': a refused card keeps its text and says why."""
        typed = self.text.value or ""
        if not typed.strip() and time.monotonic() - self.posted_at < DOUBLE_TAP:
            return  # the second tap of a double tap: the card is already placed
        kind = self.kind.value or ""
        ok, _card = attempt(lambda: participation.add_card(
            self.phone.session_id, self.phone.participant_id, typed, kind=kind, draft_key=self.draft,
            resource=self.resource.value if kind == "vraag" else "",
        ), self.message.set_text)
        if ok:
            self.draft, self.posted_at = uuid.uuid4().hex, time.monotonic()
            self.phone.client.run_javascript(f"localStorage.removeItem('{self.draft_key}')")  # confirmed: forget it
            self.text.set_value("")
            self.message.set_text("")
            ui.notify(_("Je kaart staat op het scherm"), type="positive", position="bottom")

    async def restore_draft(self) -> None:
        """A typed card survives a reload: it is kept in the browser until the server confirms it."""
        try:
            await self.phone.client.connected(timeout=10)
            saved = await self.phone.client.run_javascript(f"""
                const node = document.getElementById('{self.text.html_id}');
                const field = node && (node.tagName === 'TEXTAREA' ? node : node.querySelector('textarea'));
                if (field && !field.dataset.draftKept) {{
                    field.dataset.draftKept = '1';
                    field.addEventListener('input', () => localStorage.setItem('{self.draft_key}', field.value));
                }}
                return localStorage.getItem('{self.draft_key}') || '';""", timeout=3)
        except Exception:  # noqa: BLE001 - no browser (tests) or a slow one: the draft is a nicety
            return
        if saved and not self.text.value:
            self.text.set_value(saved)


@dataclass
class OwnCardRow:
    root: ui.column
    text: ui.label
    tools: ui.row
    updated_at: object


class OwnCards:
    """'Jouw kaarten', newest first; a card of the current phase can still be changed or removed."""

    def __init__(self, phone: Phone) -> None:
        self.phone = phone
        self.rows: dict[int, OwnCardRow] = {}
        self.snap: SessionSnapshot | None = None
        self.title = ui.label(_("Jouw kaarten")).classes("text-xl font-bold mt-2").props("role=heading aria-level=2")
        self.box = ui.column().classes("w-full gap-3")

    def build_dialogs(self) -> None:
        """Called where the dialogs may live; they are built on first use (a light page joins fast)."""
        self.dialogs = Later(lambda: OwnCardDialogs(self.phone.session_id, self.phone.participant_id))

    def paint(self, s: SessionSnapshot, phase: PhaseView | None) -> None:
        """``phase``: where this person writes now; their cards of that phase can still change."""
        self.snap = s
        mine = s.cards_of(self.phone.participant_id)
        current_phase_id = phase.id if phase else None

        def update(row: OwnCardRow, card: CardView) -> None:
            if row.updated_at != card.updated_at:
                row.text.set_text(card.text)
                row.updated_at = card.updated_at
            row.tools.set_visibility(s.is_open and card.phase_id == current_phase_id)

        sync_rows(self.box, self.rows, mine, self._row, update)
        self.title.set_visibility(bool(mine))

    def _row(self, card: CardView) -> OwnCardRow:
        with ui.column().classes(f"d-card kind-{card.kind} w-full gap-2") as root:
            ui.label(card.kind_label).classes("d-kind")
            text = ui.label(card.text).classes("w-full text-lg")
            with ui.row().classes("w-full justify-end gap-1 no-wrap") as tools:
                edit = ui.button(_("Wijzig"), icon="edit", on_click=lambda: self._open(card.id, OwnCardDialogs.edit))
                edit.props("flat dense no-caps")
                delete = ui.button(_("Verwijder"), icon="delete",
                                   on_click=lambda: self._open(card.id, OwnCardDialogs.delete))
                delete.props("flat dense no-caps color=negative")
        return OwnCardRow(root, text, tools, card.updated_at)

    def _open(self, card_id: int, which) -> None:
        card = next((c for c in self.snap.cards_of(self.phone.participant_id) if c.id == card_id), None)
        if card is not None:
            which(self.dialogs.get(), card)


class OwnCardDialogs:
    """Changing or removing one of your own cards."""

    def __init__(self, session_id: int, participant_id: int) -> None:
        self.session_id, self.participant_id, self.card_id = session_id, participant_id, 0
        self.editing = FormDialog(_("Kaart aanpassen"), _("Opslaan"), self._save, phone=True)
        with self.editing.fields:
            self.text = ui.textarea(_("Tekst van je kaart")).props("outlined autogrow counter").classes(
                "w-full text-lg")
        self.deleting = FormDialog(_("Kaart verwijderen?"), _("Verwijderen"), self._delete,
                                   cancel_label=_("Laten staan"), phone=True, tone="negative")
        with self.deleting.fields:
            self.preview = ui.label().classes("d-muted")

    def edit(self, card: CardView) -> None:
        self.card_id = card.id
        self.text.set_value(card.text)
        self.editing.open()

    def _save(self) -> None:
        participation.edit_card(self.session_id, self.participant_id, self.card_id, self.text.value or "")

    def delete(self, card: CardView) -> None:
        self.card_id = card.id
        self.preview.set_text(card.text)
        self.deleting.open()

    def _delete(self) -> None:
        participation.delete_card(self.session_id, self.participant_id, self.card_id)


class OwnKey(NamedTuple):
    """All that a change of cards or people can alter on this phone besides the turns."""

    cards: tuple
    possibilities: tuple
    votes: tuple[int, ...]
    actions: tuple[ActionView, ...]
    evaluated: bool

    @classmethod
    def of(cls, s: SessionSnapshot, pid: int) -> OwnKey:
        return cls(
            tuple((c.id, c.updated_at, c.visible) for c in s.cards_of(pid)),
            s.possibilities_key() if s.voting_open else (),
            tuple(s.votes_of(pid)),
            tuple(s.actions_of(pid)),
            pid in s.evaluated,
        )

    def only_cards_differ(self, other: OwnKey) -> bool:
        return self._replace(cards=()) == other._replace(cards=())


class PhonePage:
    """The whole page of one participant, and what each piece of news repaints."""

    def __init__(self, page: ui.column, snap: SessionSnapshot, phone: Phone, name: str = "",
                 table_id: int | None = None) -> None:
        self.phone, self.snap = phone, snap
        pid = phone.participant_id
        me = snap.participant(pid)  # None for a moment after joining: the next flush brings it
        self.table_id = me.table_id if me else table_id  # where this person sits (None: one group)
        with page:
            self.message = TableMessage()
            self.hello = ui.label(_("Hoi {name}", name=me.display_name if me else name))
            self.hello.classes("d-hello text-xl font-bold d-wrap")
            self.greeted = bool(me or name)
            self.seat = ui.label().classes("d-seat text-lg font-bold d-wrap")
            banner = ui.label().classes("d-phone-banner w-full text-lg font-bold")
            self.turn = TurnPart(phone)
            self.question = QuestionPart(banner, snap.ground_rules)
            self.composer = Composer(phone)
            self._build_harvest(phone)
            self.cards = OwnCards(phone)
            self._build_closing(me)
            self.cards.build_dialogs()
        self.own_key = OwnKey.of(snap, pid)
        self.paint(snap)
        hub.subscribe_phone(snap.id, pid, self.on_change, self.on_new_name)  # only news that can concern this phone
        self._follow_connection()

    def _build_harvest(self, phone: Phone) -> None:
        """Offers, actions, votes and the evaluation: built when first needed (a room joins in seconds)."""
        sid, pid = phone.session_id, phone.participant_id
        offer = Later(lambda: OfferDialog(sid, pid))
        self.offer = ui.button(_("Aanbod toevoegen"), icon="volunteer_activism", on_click=lambda: offer.get().open())
        self.offer.classes("w-full").props("outline size=lg")
        self.actions = Later(lambda: ActionForm(sid, pid))
        self.votes = Later(lambda: VoteList(sid, pid))
        self.evaluation = Later(lambda: EvaluationForm(sid, pid))

    def _build_closing(self, me) -> None:
        sid, pid = self.phone.session_id, self.phone.participant_id
        self.closed = ui.label(_("Het gesprek is afgelopen. Bedankt voor je bijdrage!")).classes("text-xl font-bold")
        self.consent = ui.checkbox(
            _("Mijn voornaam mag in het verslag"), value=bool(me and me.name_in_report),
            on_change=lambda e: attempt(lambda: harvest.set_name_in_report(sid, pid, bool(e.value))),
        ).classes("text-base mt-4")
        ui.label(_("Zonder vinkje sta je in het verslag als ‘Deelnemer’ met een nummer.")).classes("d-muted text-base")

    def _follow_connection(self) -> None:
        sid, pid, client = self.phone.session_id, self.phone.participant_id, self.phone.client
        hub.phone_connected(sid, pid, client.id)

        def on_connect() -> None:
            hub.phone_connected(sid, pid, client.id)
            self.turn.resend()

        client.on_connect(on_connect)
        client.on_disconnect(lambda: hub.phone_disconnected(sid, pid, client.id))
        client.on_delete(lambda: hub.phone_disconnected(sid, pid, client.id))

    def paint(self, s: SessionSnapshot) -> None:
        """Everything on the phone, from ``s``."""
        self.snap = s
        self.message.paint(s)
        self._paint_seat(s)
        phase = s.phase_at(self.table_id)  # a table that runs on stays in its own phase
        self.turn.paint(s, self.table_id)
        self.question.paint(s, phase)
        self.composer.paint(s, phase)
        self.closed.set_visibility(not s.is_open)
        self.offer.set_visibility(s.is_open and phase is not None and "aanbod" in phase.card_kinds)
        self.actions.paint_if(s.is_open and phase is not None and "actie" in phase.card_kinds, s)
        self.votes.paint_if(s.is_open and s.voting_open, s)
        self.evaluation.paint_if(s.is_open and phase is not None and phase.key == "afronding", s)
        self.consent.set_visibility(s.is_open)
        self.cards.paint(s, phase)

    def _follow_table(self, s: SessionSnapshot) -> int | None:
        """The table this person sits at in ``s``; a newcomer the snapshot does not know yet keeps
        the one they joined at."""
        me = s.participant(self.phone.participant_id)
        if me is not None:
            self.table_id = me.table_id
        return self.table_id

    def _paint_seat(self, s: SessionSnapshot) -> None:
        """"Je zit aan Tafel 3", with tables; it follows the person when they are moved."""
        name = s.table_name(self._follow_table(s))
        said = _("Je zit aan {table}", table=name) if name and s.is_open else ""
        if said != self.seat.text:
            self.seat.set_text(said)
        self.seat.set_visibility(bool(said))

    def _greet(self, s: SessionSnapshot) -> None:
        """A page opened just after joining, before the hub had the newcomer: the name follows."""
        me = s.participant(self.phone.participant_id)
        if me is not None:
            self.hello.set_text(_("Hoi {name}", name=me.display_name))
            self.greeted = True

    def on_new_name(self, s: SessionSnapshot) -> None:
        """The hub's shortcut when only the speaker changed (at this person's table) and this phone
        was and is a listener."""
        self.snap = s
        self.turn.show_speaker(speaker_line(s.name(s.turns_at(self._follow_table(s)).speaker)))

    def on_change(self, s: SessionSnapshot, topics: frozenset) -> None:
        """The hub's news for this phone: repaint only what ``topics`` can have changed here."""
        if topics <= {"presence"}:
            return  # who is connected is for the facilitator
        self.snap = s
        if not self.greeted:
            self._greet(s)
        if not topics <= LIGHT_TOPICS:
            self.own_key = OwnKey.of(s, self.phone.participant_id)
            self.paint(s)
            return
        # A card, a turn, a newcomer: the everyday news of a round.
        if "participants" in topics:
            self._paint_seat(s)  # this person may have been moved to another table
        if topics & {"turns", "participants"}:
            self.turn.paint(s, self._follow_table(s))  # a newcomer may be next, or the speaker's name be new
        if topics <= TURN_ONLY:
            return  # a turn changes none of this phone's own cards, votes or actions
        key, before = OwnKey.of(s, self.phone.participant_id), self.own_key
        if key == before:
            return
        self.own_key = key
        if key.only_cards_differ(before):
            self.cards.paint(s, s.phase_at(self.table_id))  # only this phone's own cards changed (it just placed one)
        else:
            self.paint(s)
