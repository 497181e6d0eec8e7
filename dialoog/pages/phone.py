"""The participant's phone: join with a name, then read the question and write cards.

Made for 360×640, thumbs and older eyes: 18 px base text, big buttons, one thing at a time.
Identity lives in NiceGUI user storage (a cookie), so a phone that sleeps or reloads comes
back as the same participant; everything shown is rebuilt from the hub's read model.
"""

from __future__ import annotations

import time
import uuid

from fastapi import Request
from nicegui import Client, app, background_tasks, ui

from dialoog.config import get_settings
from dialoog.live import TURN_TEXT_CLASS, TURN_TEXT_SCRIPT, hub
from dialoog.pages.common import attempt, use_style
from dialoog.pages.phone_harvest import ActionForm, EvaluationForm, Later, OfferDialog, VoteList
from dialoog.sessions import codes, engine, harvest, participation, templates, throttle, turns
from dialoog.sessions.views import CardView, SessionSnapshot

PARTICIPATIONS = "participations"  # user storage: {session id: participant id}
DOUBLE_TAP = 2.0  # seconds in which an empty second tap after a posted card is ignored


def _remember(session_id: int, participant_id: int) -> None:
    known = dict(app.storage.user.get(PARTICIPATIONS, {}))
    known[str(session_id)] = participant_id
    app.storage.user[PARTICIPATIONS] = known


def _remembered(session_id: int) -> int | None:
    return app.storage.user.get(PARTICIPATIONS, {}).get(str(session_id))


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


def _frame() -> ui.column:
    use_style("d-phone-body")
    return ui.column().classes("d-phone w-full gap-5")


def _code_form(message: str | None, typed: str = "") -> None:
    """Where a person types a code by hand (also the answer to a wrong or old code)."""
    with _frame():
        ui.label("Dialoog").classes("d-brand text-2xl")
        if message:
            ui.label(message).classes("text-xl font-bold").props("role=alert")
        ui.label("Vul de code in die op het grote scherm staat.").classes("text-lg")
        field = ui.input("Code", value=typed).props(
            'outlined autocapitalize=characters autocomplete=off spellcheck=false input-class="d-code text-2xl"'
        ).classes("w-full")

        def go() -> None:
            code = codes.normalise(field.value or "")
            if len(code) != codes.LENGTH:
                hint.set_text(f"Een code heeft {codes.LENGTH} tekens, bijvoorbeeld {codes.ALPHABET[:6]}.")
                return
            ui.navigate.to(f"/j/{code}")

        field.on("keydown.enter", go)
        hint = ui.label().classes("text-negative").props("role=alert")
        ui.button("Ga verder", on_click=go).classes("w-full").props("unelevated size=lg")


@ui.page("/j", title="Dialoog – meedoen")
def enter_code() -> None:
    _code_form(None)


@ui.page("/j/{code}", title="Dialoog – meedoen", reconnect_timeout=get_settings().phone_reconnect_timeout)
def phone(code: str, client: Client, request: Request) -> None:
    ip = request.client.host if request.client else "?"
    limit = get_settings().wrong_codes_per_minute
    if not throttle.allowed("wrong-code", ip, limit):  # guessing codes: wait a minute
        _code_form("Er zijn veel verkeerde codes geprobeerd. Wacht een minuut en probeer het dan opnieuw.",
                   codes.normalise(code)[:12])
        return
    session_id = participation.find_open_session(code)
    if session_id is None:
        ended = participation.find_ended_session(code)
        if ended is not None:
            _results_page(ended)
            return
        throttle.count("wrong-code", ip, limit)
        _code_form(participation.CLOSED, codes.normalise(code)[:12])
        return
    snap = hub.snapshot(session_id)
    page = _frame()
    ui.add_head_html(TURN_TEXT_SCRIPT)
    participant_id = _remembered(session_id)
    if participant_id is not None and participation.get_participant(session_id, participant_id) is None:
        participant_id = None
    if participant_id is None:
        _join_form(page, snap, client)
    else:
        _participant_view(page, snap, participant_id, client)


def _results_page(session_id: int) -> None:
    """After the session the same QR shows what came out of it: no names, no contact details."""
    snap = hub.snapshot(session_id)
    with _frame():
        ui.label("Dialoog").classes("d-brand text-2xl")
        ui.label(f"Uitkomsten van {snap.title}").classes("text-2xl font-bold")
        ui.label("Het gesprek is afgelopen. Bedankt voor je bijdrage! Dit kwam eruit.").classes("text-lg")
        top = [c for c in snap.ranked_possibilities() if c.votes][:5]
        if top:
            ui.label("Wat we samen willen doen").classes("text-xl font-bold mt-2")
            for card in top:
                with ui.row().classes("d-card kind-mogelijkheid w-full items-center no-wrap gap-3"):
                    ui.label(str(card.votes)).classes("d-result-votes text-[28px] min-w-[40px]")
                    ui.label(card.text).classes("text-lg")
        actions = [a for a in snap.actions if not a.no_action]
        if actions:
            ui.label("Acties").classes("text-xl font-bold mt-2")
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
            ui.label(phase.name).classes("text-xl font-bold mt-2")
            for card in cards:
                with ui.column().classes(f"d-card kind-{card.kind} w-full gap-1"):
                    ui.label(card.kind_label).classes("d-kind")
                    ui.label(card.text).classes("text-lg")


def _join_form(page: ui.column, snap: SessionSnapshot, client: Client) -> None:
    with page:
        ui.label("Dialoog").classes("d-brand text-2xl")
        ui.label(snap.title).classes("text-2xl font-bold")
        ui.label("Welkom! Hoe mogen we je noemen?").classes("text-lg")
        name = ui.input("Je naam").props('outlined autocomplete=given-name maxlength=60').classes("w-full")
        ui.label("Je voornaam of een bijnaam is genoeg.").classes("d-muted -mt-3")
        message = ui.label().classes("text-negative text-lg").props("role=alert")

        def join() -> None:
            ok, participant = attempt(lambda: participation.join(snap.id, name.value or ""), message.set_text)
            if not ok:
                return
            _remember(snap.id, participant.id)
            page.clear()
            _participant_view(page, hub.snapshot(snap.id) or snap, participant.id, client, participant.display_name)

        name.on("keydown.enter", join)
        ui.button("Meedoen", on_click=join).classes("w-full").props("unelevated size=lg")


LIGHT_TOPICS = frozenset({"cards", "card-added", "turns", "participants", "presence"})
TURN_ONLY = frozenset({"turns", "presence"})


def _participant_view(page: ui.column, snap: SessionSnapshot, participant_id: int, client: Client,
                      name: str = "") -> None:
    me = snap.participant(participant_id)  # None for a moment after joining: the next flush brings it
    state: dict = {"snap": snap, "draft": uuid.uuid4().hex, "posted_at": 0.0}
    own: dict[int, tuple[ui.element, ui.label, ui.row, object]] = {}
    limit = get_settings().card_max_length
    draft_key = f"dialoog-draft-{snap.id}-{participant_id}"

    with page:
        with ui.row().classes("w-full items-center justify-between no-wrap"):
            ui.label("Dialoog").classes("d-brand text-xl")
            ui.label(f"Hoi {me.display_name if me else name}").classes("text-lg font-bold truncate")
        banner = ui.label().classes("d-phone-banner w-full text-lg font-bold")
        with ui.column().classes("d-my-turn w-full gap-3") as my_turn:
            ui.label("Jij bent aan de beurt").classes("text-3xl font-bold leading-tight").props("role=alert")
            ui.label("Vertel in je eigen woorden. Passen mag ook.").classes("text-lg")
            ui.button("Klaar met spreken", icon="check", on_click=lambda: attempt(
                lambda: turns.finish_turn(snap.id, participant_id))).classes("w-full").props("unelevated size=lg color=white text-color=primary")
            pass_button = ui.button("Ik pas", on_click=lambda: attempt(
                lambda: turns.pass_turn(snap.id, participant_id))).classes("w-full").props("outline size=lg color=white")
        turn_info = QuietText().classes(f"{TURN_TEXT_CLASS} text-lg font-bold d-wrap")
        soon = ui.label("Jij bent hierna aan de beurt.").classes("d-soon text-lg font-bold")
        hand_up = ui.button("Ik wil iets zeggen", icon="back_hand", on_click=lambda: attempt(
            lambda: turns.raise_hand(snap.id, participant_id))).classes("w-full").props("outline size=lg")
        hand_down = ui.button("Hand laten zakken", icon="do_not_touch", on_click=lambda: attempt(
            lambda: turns.lower_hand(snap.id, participant_id))).classes("w-full").props("unelevated size=lg color=secondary")
        question = ui.label().classes("d-phone-question")
        info = ui.label().classes("text-lg")
        with ui.column().classes("gap-1") as rules:
            for rule in snap.ground_rules:
                ui.label(f"• {rule}")

        with ui.column().classes("w-full gap-3") as composer:
            kind = ui.toggle({}, value=None).props(
                'spread no-caps unelevated toggle-color=primary role=radiogroup aria-label="Soort kaart"'
            ).classes("w-full text-lg")
            text = ui.textarea(
                "Jouw kaart",
                validation={f"Te lang: hoogstens {limit} tekens": lambda v: len(v or "") <= limit},
            ).props(f'outlined autogrow counter hint="Hoogstens {limit} tekens" input-style="min-height: 5.5em" debounce=400')
            text.classes("w-full")
            resource = ui.toggle(harvest.RESOURCES, value="tijd").props(
                'no-caps unelevated toggle-color=primary aria-label="Soort hulp"'
            ).classes("flex-wrap")
            message = ui.label().classes("text-negative text-lg").props("role=alert")
            ui.label("Schrijf niets over de gezondheid of het geloof van anderen.").classes("d-muted text-base")
            post = ui.button("Plaats kaart", icon="send").classes("w-full").props("unelevated size=lg")
        kind.on_value_change(lambda e: resource.set_visibility(e.value == "vraag"))
        # Built when first needed: a light page lets a full room join within seconds.
        offer = Later(lambda: OfferDialog(snap.id, participant_id))
        offer_button = ui.button("Aanbod toevoegen", icon="volunteer_activism", on_click=lambda: offer.get().open())
        offer_button.classes("w-full").props("outline size=lg")
        actions = Later(lambda: ActionForm(snap.id, participant_id))
        votes = Later(lambda: VoteList(snap.id, participant_id))
        evaluation = Later(lambda: EvaluationForm(snap.id, participant_id))

        cards_title = ui.label("Jouw kaarten").classes("text-xl font-bold mt-2")
        cards_box = ui.column().classes("w-full gap-3")
        closed = ui.label("Het gesprek is afgelopen. Bedankt voor je bijdrage!").classes("text-xl font-bold")
        consent = ui.checkbox(
            "Mijn voornaam mag in het verslag",
            value=bool(me and me.name_in_report),
            on_change=lambda e: attempt(lambda: harvest.set_name_in_report(snap.id, participant_id, bool(e.value))),
        ).classes("text-base mt-4")
        ui.label("Zonder vinkje sta je in het verslag als ‘Deelnemer’ met een nummer.").classes("d-muted text-base")

    # ---- editing and deleting a card (the dialogs are built on first use) ------------------
    with page:
        dialogs = Later(lambda: OwnCardDialogs(snap.id, participant_id))

    def own_card(card_id: int) -> CardView | None:
        return next((c for c in state["snap"].cards_of(participant_id) if c.id == card_id), None)

    def start_edit(card_id: int) -> None:
        card = own_card(card_id)
        if card is not None:
            dialogs.get().edit(card)

    def start_delete(card_id: int) -> None:
        card = own_card(card_id)
        if card is not None:
            dialogs.get().delete(card)

    # ---- posting a card ------------------------------------------------------------------
    def place_card() -> None:
        typed = text.value or ""
        if not typed.strip() and time.monotonic() - state["posted_at"] < DOUBLE_TAP:
            return  # the second tap of a double tap: the card is already placed
        ok, _ = attempt(
            lambda: participation.add_card(
                snap.id, participant_id, typed, kind=kind.value or "", draft_key=state["draft"],
                resource=resource.value if kind.value == "vraag" else "",
            ),
            message.set_text,
        )
        if ok:
            state["draft"], state["posted_at"] = uuid.uuid4().hex, time.monotonic()
            client.run_javascript(f"localStorage.removeItem('{draft_key}')")  # confirmed: forget the draft
            text.set_value("")
            message.set_text("")
            ui.notify("Je kaart staat op het scherm", type="positive", position="bottom")

    post.on_click(place_card)

    # ---- a typed card survives a reload: kept in the browser until the server confirms it ----------

    async def restore_draft() -> None:
        try:
            await client.connected(timeout=10)
            saved = await client.run_javascript(f"""
                const node = document.getElementById('{text.html_id}');
                const field = node && (node.tagName === 'TEXTAREA' ? node : node.querySelector('textarea'));
                if (field && !field.dataset.draftKept) {{
                    field.dataset.draftKept = '1';
                    field.addEventListener('input', () => localStorage.setItem('{draft_key}', field.value));
                }}
                return localStorage.getItem('{draft_key}') || '';""", timeout=3)
        except Exception:  # noqa: BLE001 - no browser (tests) or a slow one: the draft is a nicety
            return
        if saved and not text.value:
            text.set_value(saved)

    background_tasks.create(restore_draft(), name="restore draft")

    # ---- painting ------------------------------------------------------------------------
    def paint_card_list(s: SessionSnapshot) -> None:
        mine = s.cards_of(participant_id)
        current_phase_id = s.phase.id if s.phase else None
        wanted = {c.id: c for c in mine}
        for card_id in [i for i in own if i not in wanted]:
            cards_box.remove(own.pop(card_id)[0])
        for card in mine:
            entry = own.get(card.id)
            if entry is None:
                entry = _own_card(cards_box, card, start_edit, start_delete)
                entry[0].move(cards_box, target_index=0)
            elif entry[3] != card.updated_at:
                entry[1].set_text(card.text)
            own[card.id] = (entry[0], entry[1], entry[2], card.updated_at)
            entry[2].set_visibility(s.is_open and card.phase_id == current_phase_id)
        cards_title.set_visibility(bool(mine))

    def show_speaker(said: str) -> None:
        if said != turn_info.text:
            # A round starts, one speaker follows another, a round ends: the line changes on almost
            # every phone alike, so it goes out in one broadcast (live.py) instead of a thousand
            # updates. Empty, the line is hidden by its style (.d-turn-info:empty), not by an update.
            if client.has_socket_connection and hub.broadcast_turn_text(client.id, said):
                turn_info.set_text_quietly(said)
                state["text sent quietly"] = True
            else:
                turn_info.set_text(said)

    def on_new_name(s: SessionSnapshot) -> None:
        """The hub's shortcut when only the speaker changed and this phone was and is a listener."""
        state["snap"] = s
        show_speaker(f"Nu aan het woord: {s.name(s.turns.speaker)}")

    def paint_turn(s: SessionSnapshot) -> None:
        t, rnd = s.turns, s.round_here
        mine = s.is_open and t.speaker == participant_id
        my_turn.set_visibility(mine)
        pass_button.set_visibility(mine and rnd is not None and rnd.mode == "round")
        if mine and not state.get("was_speaker"):
            ui.run_javascript("navigator.vibrate && navigator.vibrate([200, 100, 200])")
        state["was_speaker"] = mine
        active = s.is_open and rnd is not None and not mine
        show_speaker(f"Nu aan het woord: {s.name(t.speaker)}" if active and t.speaker is not None else "")
        soon.set_visibility(active and engine.next_up(t) == participant_id)
        raised = any(pid == participant_id for pid, _ in t.hands)
        can_raise = s.is_open and rnd is not None and rnd.mode == "open" and not mine and participant_id in t.present_set
        hand_up.set_visibility(can_raise and not raised)
        hand_down.set_visibility(s.is_open and raised)

    def paint(s: SessionSnapshot, topics: frozenset = frozenset({"session"})) -> None:
        state["snap"] = s
        paint_turn(s)
        phase = s.phase
        closed.set_visibility(not s.is_open)
        banner.set_visibility(s.is_open)
        if phase is None:
            banner.set_text("Het gesprek begint zo")
            question.set_text(f"Welkom bij {s.title}!")
            info.set_text("Kijk naar het grote scherm. Als het gesprek begint, zie je hier de vraag.")
        else:
            banner.set_text(f"{phase.name} · fase {phase.position + 1} van {len(s.phases)}")
            question.set_text(phase.question)
            info.set_text("" if phase.takes_cards or phase.mode == "info" or phase.key == "afronding" else
                          "In deze fase praten we met elkaar. Je hoeft niets te schrijven.")
        question.set_visibility(s.is_open)
        info.set_visibility(s.is_open and bool(info.text))
        rules.set_visibility(s.is_open and phase is not None and phase.mode == "info")
        writable = [k for k in phase.card_kinds if k not in ("aanbod", "actie")] if phase is not None else []
        can_write = s.is_open and bool(writable)
        composer.set_visibility(can_write)
        if can_write:
            options = {k: templates.KIND_LABELS.get(k, k) for k in writable}
            if kind.options != options:
                kind.set_options(options, value=writable[0])
            kind.set_visibility(len(options) > 1)
        resource.set_visibility(can_write and kind.value == "vraag")
        offer_button.set_visibility(s.is_open and phase is not None and "aanbod" in phase.card_kinds)
        actions.paint_if(s.is_open and phase is not None and "actie" in phase.card_kinds, s)
        votes.paint_if(s.is_open and s.voting_open, s)
        evaluation.paint_if(s.is_open and phase is not None and phase.key == "afronding", s)
        consent.set_visibility(s.is_open)
        paint_card_list(s)

    def own_key(s: SessionSnapshot) -> tuple:
        """All that a change of cards or people can alter on this phone besides the turn part:
        its own cards, votes, actions and evaluation, and what there is to vote on."""
        return (
            tuple((c.id, c.updated_at, c.visible) for c in s.cards_of(participant_id)),
            s.possibilities_key() if s.voting_open else (),
            tuple(s.votes_of(participant_id)),
            tuple(s.actions_of(participant_id)),
            participant_id in s.evaluated,
        )

    def on_change(s: SessionSnapshot, topics: frozenset) -> None:
        # A thousand phones get every update of the session: most of it is not for this one.
        if topics <= {"presence"}:
            return  # who is connected is for the facilitator
        state["snap"] = s
        if topics <= LIGHT_TOPICS:  # a card, a turn, a newcomer: the everyday news of a round
            if topics & {"turns", "participants"}:
                paint_turn(s)  # a newcomer may be next, or the speaker's name be new
            if topics <= TURN_ONLY:
                return  # a turn changes none of this phone's own cards, votes or actions
            key, before = own_key(s), state.get("own key")
            if key == before:
                return
            state["own key"] = key
            if before is not None and key[1:] == before[1:]:
                paint_card_list(s)  # only this phone's own cards changed (it just placed one)
            else:
                paint(s)
            return
        state["own key"] = own_key(s)
        paint(s)

    state["own key"] = own_key(snap)
    paint(snap)
    hub.subscribe_phone(snap.id, participant_id, on_change, on_new_name)  # only the news that can concern this phone
    hub.phone_connected(snap.id, participant_id, client.id)
    def on_connect() -> None:
        hub.phone_connected(snap.id, participant_id, client.id)
        if state.pop("text sent quietly", False):
            turn_info.update()  # a broadcast may have been missed while the socket was away

    client.on_connect(on_connect)
    client.on_disconnect(lambda: hub.phone_disconnected(snap.id, participant_id, client.id))
    client.on_delete(lambda: hub.phone_disconnected(snap.id, participant_id, client.id))


class OwnCardDialogs:
    """Changing or removing one of your own cards."""

    def __init__(self, session_id: int, participant_id: int) -> None:
        self.session_id, self.participant_id, self.card_id = session_id, participant_id, 0
        with ui.dialog() as self.edit_dialog, ui.card().classes("w-full gap-3"):
            ui.label("Kaart aanpassen").classes("text-xl font-bold")
            self.edit_text = ui.textarea("Tekst van je kaart").props("outlined autogrow counter").classes(
                "w-full text-lg")
            self.edit_message = ui.label().classes("text-negative").props("role=alert")
            with ui.row().classes("w-full justify-end"):
                ui.button("Annuleren", on_click=self.edit_dialog.close).props("flat size=lg")
                ui.button("Opslaan", on_click=self.save_edit).props("unelevated size=lg")
        with ui.dialog() as self.delete_dialog, ui.card().classes("w-full gap-3"):
            ui.label("Kaart verwijderen?").classes("text-xl font-bold")
            self.delete_preview = ui.label().classes("d-muted")
            with ui.row().classes("w-full justify-end"):
                ui.button("Laten staan", on_click=self.delete_dialog.close).props("flat size=lg")
                ui.button("Verwijderen", on_click=self.do_delete).props("unelevated size=lg color=negative")

    def edit(self, card: CardView) -> None:
        self.card_id = card.id
        self.edit_text.set_value(card.text)
        self.edit_message.set_text("")
        self.edit_dialog.open()

    def save_edit(self) -> None:
        ok, _ = attempt(lambda: participation.edit_card(
            self.session_id, self.participant_id, self.card_id, self.edit_text.value or ""), self.edit_message.set_text)
        if ok:
            self.edit_dialog.close()

    def delete(self, card: CardView) -> None:
        self.card_id = card.id
        self.delete_preview.set_text(card.text)
        self.delete_dialog.open()

    def do_delete(self) -> None:
        self.delete_dialog.close()
        attempt(lambda: participation.delete_card(self.session_id, self.participant_id, self.card_id))


def _own_card(box: ui.column, card: CardView, on_edit, on_delete) -> tuple[ui.element, ui.label, ui.row, object]:
    with box:
        with ui.column().classes(f"d-card kind-{card.kind} w-full gap-2") as element:
            ui.label(card.kind_label).classes("d-kind")
            body = ui.label(card.text).classes("w-full text-lg")
            with ui.row().classes("w-full justify-end gap-1 no-wrap") as actions:
                ui.button("Wijzig", icon="edit", on_click=lambda: on_edit(card.id)).props("flat dense no-caps")
                ui.button("Verwijder", icon="delete", on_click=lambda: on_delete(card.id)).props(
                    "flat dense no-caps color=negative"
                )
    return element, body, actions, card.updated_at
