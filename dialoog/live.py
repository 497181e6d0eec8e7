"""The live hub: the one adapter between the domain and NiceGUI.

Services call ``notify(session_id, topic)`` after a commit. The hub coalesces a burst of
notifications into one flush per session (at most every ``MIN_GAP`` seconds), builds the
session's read model once, and emits it to the session's screens (console, projector) and
to the phones that need it: a thousand phones need not wake up for a card one of them placed,
or for who is connected. A change of turns is never kept waiting behind the gap that a costly
flush earned: it is what every phone in the room is looking at. So it reaches the phones first:
when only the speaker changed, the new name goes to all listening phones in one broadcast, and the
screens and the few phones that see more (who spoke, speaks, is next, just placed a card) follow.
Phone presence (connected or not) is kept here too: it is a property of sockets, not data.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import defaultdict

from engineio import packet as eio_packet
from nicegui import Event, core
from socketio import packet as sio_packet

from dialoog import gc_tuning
from dialoog.sessions.views import SessionSnapshot, load_snapshot

log = logging.getLogger(__name__)

FIRST_DELAY = 0.02  # seconds: gather what one action changes (e.g. join + first card)
MIN_GAP = 0.1  # seconds between two flushes of one session
SLOW_FLUSH = 0.25  # seconds: worth a line in the log
COST_FACTOR = 2.0  # under load the gap grows to this many times the last flush's duration
URGENT = frozenset({"turns"})
"""Flushed after FIRST_DELAY, whatever the last flush cost or when it was; unless ``about`` one
person (a join), which changes no speaker or round, and waits its turn like any news."""
PRIVATE = frozenset({"card-added", "participants"})  # with ``about``: for the screens and that one phone
NOT_FOR_PHONES = frozenset({"presence"})  # who is connected is for the facilitator
KEYED = frozenset({"turns", "participants", "card-added", "presence"})
"""News that other phones need only when it changes ``SessionSnapshot.phone_turn_key``."""


TURN_TEXT_CLASS = "d-turn-info"
"""The class of the phone's "Nu aan het woord: …" line, which the turn broadcast sets."""
TURN_TEXT_SCRIPT = """<script>
window.dialoogSetText = (cls, text) => {
  const app = typeof mounted_app === "undefined" ? undefined : mounted_app;  // NiceGUI's, a global "let"
  for (const element of Object.values(app?.elements ?? {}))
    if ((element.class ?? []).includes(cls)) element.text = text;
};
</script>"""
"""On every phone page: what the turn broadcast runs (text goes in as text, never as HTML)."""


def turn_text_code(text: str) -> str:
    """The broadcast's script: ``text`` as a JSON string literal, all ASCII, so no name can break out."""
    return f"dialoogSetText({json.dumps(TURN_TEXT_CLASS)}, {json.dumps(text)})"


async def _broadcast(event: str, data: dict, client_ids: list[str]) -> None:
    """One Socket.IO message to the sockets of these NiceGUI clients (each is a room of its own),
    encoded once. NiceGUI's own "run_javascript" message: the browser runs it in order with the
    updates. What python-socketio's ``emit(room=[…])`` does, without a task per recipient."""
    pkt = core.sio.packet_class(sio_packet.EVENT, namespace="/", data=[event, data])
    encoded = pkt.encode()
    frames = [eio_packet.Packet(eio_packet.MESSAGE, p) for p in (encoded if isinstance(encoded, list) else [encoded])]
    for n, (_, eio_sid) in enumerate(core.sio.manager.get_participants("/", client_ids), start=1):
        for frame in frames:
            await core.sio.eio.send_packet(eio_sid, frame)  # queued for the socket's writer; no wait
        if n % BROADCAST_CHUNK == 0:
            await asyncio.sleep(0)  # let the woken writers write, and a card that came in be handled


BROADCAST_CHUNK = 200
"""Sockets queued before the broadcast lets the loop run: a full room's writes take ~0.1 s."""


def _concerned_by_new_speaker(before: tuple | None, after: tuple) -> set[int] | None:
    """When the turns changed only in who speaks (``SessionSnapshot.phone_turn_key``: same round,
    hands and absentees, a speaker before and after), the phones that see more than the new name:
    who spoke, who speaks, who was and who is next. None when more than that changed."""
    if before is None or before[3] is None or after[3] is None:
        return None
    if before[:3] != after[:3] or before[6:] != after[6:]:
        return None
    return {p for p in (before[3], after[3], before[5], after[5]) if p is not None}


class SessionChannel:
    """The live state of one session in this process."""

    def __init__(self, session_id: int) -> None:
        self.session_id = session_id
        self.changed = Event[SessionSnapshot, frozenset]()
        """The session changed: the new read model and the topics that changed (for the screens)."""
        self.phones: dict[int, Event[SessionSnapshot, frozenset]] = {}
        self.names: dict[int, Event[SessionSnapshot]] = {}
        """Per participant: the phone's cheap answer to a new speaker that changes nothing else for it."""
        """Per participant: the same news, when it can concern that participant's phone."""
        self.everyone = False  # pending news for every phone
        self.about: set[int] = set()  # pending news for these participants' phones only
        self.phone_turn_key: tuple | None = None  # what every phone was last sent of the turns
        self.snapshot: SessionSnapshot | None = None
        self.pending: set[str] = set()
        self.scheduled: asyncio.TimerHandle | None = None
        self.finishing = None
        """The second half of a flush whose broadcast is being written: the screens and the phones
        that see more than a new name. Run by the broadcast task, or by the next flush if it comes first."""
        self.last_flush = 0.0
        self.last_cost = 0.0  # seconds the last flush took, loading and painting included
        self.connected: dict[int, set[str]] = defaultdict(set)  # participant id -> client ids


class LiveHub:
    """Implements the domain's ``Publisher``; pages subscribe to ``channel(id).changed``."""

    def __init__(self) -> None:
        self.channels: dict[int, SessionChannel] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self.flushes = 0
        self._turn_texts: dict[str, list[str]] | None = None  # during a flush: text -> client ids
        self.broadcasts = 0
        self._sending: set[asyncio.Task] = set()

    def start(self) -> None:
        """Bind to the running event loop and forget any earlier state (tests start many times)."""
        self.stop()
        self.loop = asyncio.get_running_loop()

    def stop(self) -> None:
        """Cancel pending flushes; the database may be gone after this."""
        for ch in self.channels.values():
            if ch.scheduled is not None:
                ch.scheduled.cancel()
            ch.finishing = None
        self.channels.clear()
        self.loop = None

    def channel(self, session_id: int) -> SessionChannel:
        found = self.channels.get(session_id)
        if found is None:
            found = self.channels[session_id] = SessionChannel(session_id)
        return found

    def snapshot(self, session_id: int) -> SessionSnapshot | None:
        """The read model every screen shares, loaded once.

        It may be a moment behind: when news is pending, a flush is already scheduled, and it
        brings every subscribed screen (also one built from this snapshot) up to date. Not
        reloading here keeps a stampede of joining phones from reading the session once each."""
        ch = self.channel(session_id)
        if ch.snapshot is None:
            ch.snapshot = load_snapshot(session_id)
        return ch.snapshot

    def subscribe_phone(self, session_id: int, participant_id: int, callback, on_new_name=None) -> None:
        """``callback(snapshot, topics)`` on news that can concern this participant's phone.
        ``on_new_name(snapshot)``, if given, instead of ``callback`` when the only change is who
        speaks and this phone is neither the one who spoke, nor speaks now, nor was or is next.
        Subscribed inside the page, so it ends with the page (NiceGUI's ``Event``)."""
        ch = self.channel(session_id)
        event = ch.phones.get(participant_id)
        if event is None:
            event = ch.phones[participant_id] = Event[SessionSnapshot, frozenset]()
        event.subscribe(callback)
        if on_new_name is not None:
            names = ch.names.get(participant_id)
            if names is None:
                names = ch.names[participant_id] = Event[SessionSnapshot]()
            names.subscribe(on_new_name)

    def broadcast_turn_text(self, client_id: str, text: str) -> bool:
        """During a flush, a phone whose only news is the speaker's name hands it in here instead
        of sending an update of its own: after the flush each distinct text goes out once, encoded
        once, to all those phones' sockets (a turn change in a full room is a thousand such phones).
        Returns False outside a flush: the caller then updates its element as usual."""
        if self._turn_texts is None:
            return False
        self._turn_texts.setdefault(text, []).append(client_id)
        return True

    def _take_turn_texts(self) -> dict[str, list[str]]:
        texts, self._turn_texts = self._turn_texts or {}, None
        self.broadcasts += len(texts)
        return texts

    def _send(self, texts: dict[str, list[str]], then=None) -> None:
        """Send each text to its phones from a task of its own; then (if given) ``then()``, once
        the sockets' writers have had their turn: what waits behind a turn change waits behind
        the writes, not the other way round."""
        async def send() -> None:
            try:
                for text, client_ids in texts.items():
                    await _broadcast("run_javascript", {"code": turn_text_code(text)}, client_ids)
            except Exception:  # noqa: BLE001 - the screens must still follow; the text is kept on the server
                log.exception("turn broadcast failed; a phone that missed it shows it with its next update")
            if then is not None:
                await asyncio.sleep(0)  # the writers woken by the last chunk run first
                then()

        task = self.loop.create_task(send())
        self._sending.add(task)  # the loop keeps only a weak reference to a task
        task.add_done_callback(self._sending.discard)

    # -- Publisher -----------------------------------------------------------------------
    def notify(self, session_id: int, topic: str, about: int | None = None) -> None:
        if self.loop is None:
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self.loop:
            self._mark(session_id, topic, about)
        else:
            self.loop.call_soon_threadsafe(self._mark, session_id, topic, about)

    def _mark(self, session_id: int, topic: str, about: int | None = None) -> None:
        ch = self.channel(session_id)
        ch.pending.add(topic)
        if topic in PRIVATE and about is not None:
            ch.about.add(about)
        elif topic not in NOT_FOR_PHONES:
            ch.everyone = True
        if topic in URGENT and about is None:
            # A turn waits for no gap: not behind a costly card flush, nor behind the cards that
            # flush every MIN_GAP in a busy room (waiting for those was ~80 ms of every turn change).
            if ch.scheduled is not None and ch.scheduled.when() > self.loop.time() + FIRST_DELAY:
                ch.scheduled.cancel()
                ch.scheduled = None
            delay = FIRST_DELAY
        else:
            gap = max(MIN_GAP, COST_FACTOR * ch.last_cost)  # flushing never takes more than ~1/3 of the CPU
            delay = max(FIRST_DELAY, ch.last_flush + gap - time.monotonic())
        if ch.scheduled is None:
            ch.scheduled = self.loop.call_later(delay, self._flush, ch)

    def _flush(self, ch: SessionChannel) -> None:
        ch.scheduled = None
        if ch.finishing is not None:  # the screens of the last flush still wait for its broadcast
            ch.finishing()
        topics = frozenset(ch.pending)
        ch.pending.clear()
        everyone, about = ch.everyone, ch.about
        ch.everyone, ch.about = False, set()
        started, cpu_started, gc_started = time.monotonic(), time.process_time(), gc_tuning.seconds_collecting()
        if topics - {"presence"} or ch.snapshot is None:
            try:
                ch.snapshot = load_snapshot(ch.session_id, ch.snapshot, topics)
            except Exception:  # noqa: BLE001 - e.g. a database hiccup: keep the news, try again soon
                log.exception("could not load session %s; retrying", ch.session_id)
                ch.pending |= topics
                ch.everyone, ch.about = ch.everyone or everyone, ch.about | about
                ch.last_flush, ch.last_cost = time.monotonic(), 1.0
                ch.scheduled = self.loop.call_later(1.0, self._flush, ch) if self.loop else None
                return
        loaded = time.monotonic()
        snap = ch.snapshot
        if snap is None:
            ch.last_flush = time.monotonic()
            return
        self.flushes += 1
        key, before = snap.phone_turn_key(), ch.phone_turn_key
        if everyone and topics <= KEYED and key == before:
            everyone = False  # e.g. someone joined: only the newcomer's own phone needs to hear it
        ch.phone_turn_key = key
        concerned = None
        if everyone and topics <= KEYED and not snap.voting_open:
            # The cards placed since the last flush (in a busy room, nearly every turn change has
            # some) are for their authors' phones: those hear everything, the others just the name.
            concerned = _concerned_by_new_speaker(before, key)
            if concerned is not None:
                concerned |= about
        timing = {"phones": 0, "names": 0.0}

        if concerned is not None:
            # One speaker after another: most phones only change the name. Those go first, in one
            # broadcast; the screens and the few phones that see more follow once it is written.
            rest, names_started = [], time.monotonic()
            self._turn_texts = {}
            try:
                for pid, event in ch.phones.items():
                    names = ch.names.get(pid)
                    if pid in concerned or names is None or not names.callbacks:
                        rest.append(event)
                    else:
                        names.emit(snap)
                        timing["phones"] += len(names.callbacks)
            finally:
                texts = self._take_turn_texts()
            timing["names"] = time.monotonic() - names_started
        else:
            texts = {}
            if everyone or snap.voting_open:  # while voting, a new card is on every phone's list
                rest = list(ch.phones.values())
            else:
                rest = [ch.phones[p] for p in about if p in ch.phones]
        work = time.monotonic() - started

        def finish() -> None:
            ch.finishing = None
            finish_started = time.monotonic()
            # A change of turns reaches the phones before the screens: a thousand people look at
            # their phones; the projector and the console follow a moment later.
            urgent = bool(topics & URGENT)
            if not urgent:
                ch.changed.emit(snap, topics)
            screens = time.monotonic() - finish_started
            self._turn_texts = {}
            try:
                for event in rest:
                    event.emit(snap, topics)
                    timing["phones"] += len(event.callbacks)
            finally:
                late_texts = self._take_turn_texts()
            if late_texts:
                self._send(late_texts)
            if urgent:
                screens_started = time.monotonic()
                ch.changed.emit(snap, topics)
                screens = time.monotonic() - screens_started
            ch.last_flush = time.monotonic()
            gc_tuning.after_flush()
            cost = work + ch.last_flush - finish_started
            if not urgent or cost < ch.last_cost:
                # A change of turns is rare and urgent: its cost does not make the cards that follow
                # it wait (COST_FACTOR times a turn flush was up to 0.4 s of every card after it).
                ch.last_cost = cost
            if cost > SLOW_FLUSH:
                log.warning("slow flush of session %s: %.0f ms (reading %.0f ms, names %.0f ms, screens %.0f ms, phones"
                            " %.0f ms; waiting for the broadcast %.0f ms; process CPU %.0f ms, garbage collection %.0f ms)"
                            " for %s to %d screens and %d phones", ch.session_id, cost * 1000, (loaded - started) * 1000,
                            timing["names"] * 1000, screens * 1000,
                            (ch.last_flush - finish_started - screens) * 1000, (finish_started - started - work) * 1000,
                            (time.process_time() - cpu_started) * 1000,
                            (gc_tuning.seconds_collecting() - gc_started) * 1000, ",".join(sorted(topics)),
                            len(ch.changed.callbacks), timing["phones"])

        if texts:
            ch.finishing = finish
            self._send(texts, then=lambda: ch.finishing is finish and finish())
        else:
            finish()

    # -- presence ------------------------------------------------------------------------
    def phone_connected(self, session_id: int, participant_id: int, client_id: str) -> None:
        ch = self.channel(session_id)
        before = bool(ch.connected[participant_id])
        ch.connected[participant_id].add(client_id)
        if not before:
            self.notify(session_id, "presence")

    def phone_disconnected(self, session_id: int, participant_id: int, client_id: str) -> None:
        ch = self.channel(session_id)
        ch.connected[participant_id].discard(client_id)
        if not ch.connected[participant_id]:
            self.notify(session_id, "presence")

    def is_connected(self, session_id: int, participant_id: int) -> bool:
        return bool(self.channel(session_id).connected.get(participant_id))


hub = LiveHub()

