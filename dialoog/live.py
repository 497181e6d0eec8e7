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
from dataclasses import dataclass, field

from engineio import packet as eio_packet
from nicegui import Event, core
from socketio import packet as sio_packet

from dialoog import gc_tuning
from dialoog.sessions.views import PhoneTurnKey, SessionSnapshot, load_snapshot

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


def _concerned_by_new_speaker(before: PhoneTurnKey | None, after: PhoneTurnKey) -> set[int] | None:
    """When the turns changed only in who speaks (``SessionSnapshot.phone_turn_key``: same round,
    hands and absentees, a speaker before and after), the phones that see more than the new name:
    who spoke, who speaks, who was and who is next. None when more than that changed."""
    if before is None or before.speaker is None or after.speaker is None:
        return None
    if _stage(before) != _stage(after):
        return None
    return {p for p in (before.speaker, after.speaker, before.next_up, after.next_up) if p is not None}


def _stage(key: PhoneTurnKey) -> PhoneTurnKey:
    """The key without who speaks and who is next: the round, its hands, who is absent."""
    return key._replace(speaker=None, speaker_name="", next_up=None)


class SessionChannel:
    """The live state of one session in this process."""

    def __init__(self, session_id: int) -> None:
        self.session_id = session_id
        self.changed = Event[SessionSnapshot, frozenset]()
        """The session changed: the new read model and the topics that changed (for the screens)."""
        self.phones: dict[int, Event[SessionSnapshot, frozenset]] = {}
        """Per participant: the same news, when it can concern that participant's phone."""
        self.names: dict[int, Event[SessionSnapshot]] = {}
        """Per participant: the phone's cheap answer to a new speaker that changes nothing else for it."""
        self.everyone = False  # pending news for every phone
        self.about: set[int] = set()  # pending news for these participants' phones only
        self.phone_turn_keys: dict[int | None, PhoneTurnKey] = {}
        """What every phone was last sent of the turns, per table (None: a session without tables)."""
        self.snapshot: SessionSnapshot | None = None
        self.pending: set[str] = set()
        self.scheduled: asyncio.TimerHandle | None = None
        self.finishing: Flush | None = None
        """A flush whose broadcast is being written and whose second half (the screens and the phones
        that see more than a new name) waits: run by the broadcast task, or by the next flush if it comes first."""
        self.last_flush = 0.0
        self.last_cost = 0.0  # seconds the last flush took, loading and painting included
        self.connected: dict[int, set[str]] = defaultdict(set)  # participant id -> client ids


@dataclass
class Flush:
    """One flush of one session: the news it carries, who hears what, and where its time went."""

    topics: frozenset[str]
    everyone: bool  # news for every phone...
    about: set[int]  # ...or for these participants' phones only
    started: float  # time.monotonic() as the flush began
    cpu_started: float  # time.process_time() then
    gc_started: float  # gc_tuning.seconds_collecting() then
    snapshot: SessionSnapshot | None = None
    tables: dict[int | None, set[int] | None] | None = None
    """News of turns and people only: the tables whose turns every phone there shows changed (None:
    a session without tables), each with the phones there that see more than a new speaker's name,
    or None when all of them do. Phones at other tables hear only news about themselves."""
    texts: dict[str, list[str]] = field(default_factory=dict)  # the name broadcast: text -> client ids
    rest: list[Event] = field(default_factory=list)  # the phones that hear the whole news
    phones: int = 0  # phone callbacks run
    loaded: float = 0.0  # when the snapshot was ready
    names: float = 0.0  # seconds handing the new name to the listeners
    work: float = 0.0  # seconds of the first half: reading, deciding, the names
    finish_started: float = 0.0  # when the second half began
    screens: float = 0.0  # seconds painting the screens
    ended: float = 0.0  # when the flush was done (the channel's last_flush)

    @property
    def urgent(self) -> bool:
        """A change of turns: the phones hear it before the screens, and its cost raises no gap."""
        return bool(self.topics & URGENT)


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
        """The session's channel, made on first use."""
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
        """The texts handed in since the flush began collecting them; collecting stops."""
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
        """The domain's news after a commit (from any thread): flushed soon, with what else comes in."""
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
        """Note the news as pending and schedule the session's flush, if none is."""
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

    # -- a flush, step by step -----------------------------------------------------------
    def _flush(self, ch: SessionChannel) -> None:
        """Send the session's pending news: read once, to whoever it concerns. The new speaker's
        name goes out before the screens paint (see the module docstring)."""
        ch.scheduled = None
        if ch.finishing is not None:  # the screens of the last flush still wait for its broadcast
            self._finish(ch, ch.finishing)
        flush = self._take_news(ch)
        if not self._load(ch, flush):
            return
        self.flushes += 1
        self._decide_audience(ch, flush)
        if flush.tables is not None:
            self._hand_out_names(ch, flush)
        else:
            flush.rest = self._phones_to_tell(ch, flush)
        flush.work = time.monotonic() - flush.started
        if flush.texts:
            self._broadcast_names_then_finish(ch, flush)
        else:
            self._finish(ch, flush)

    @staticmethod
    def _take_news(ch: SessionChannel) -> Flush:
        """The news pending for the session, taken for this flush: what comes in now waits for the next."""
        flush = Flush(topics=frozenset(ch.pending), everyone=ch.everyone, about=ch.about, started=time.monotonic(),
                      cpu_started=time.process_time(), gc_started=gc_tuning.seconds_collecting())
        ch.pending.clear()
        ch.everyone, ch.about = False, set()
        return flush

    def _load(self, ch: SessionChannel, flush: Flush) -> bool:
        """Bring the session's snapshot up to date with the news (presence alone needs no reading).
        False when there is nothing to send: reading failed (the news waits for a retry), or the
        session is gone."""
        if flush.topics - {"presence"} or ch.snapshot is None:
            try:
                ch.snapshot = load_snapshot(ch.session_id, ch.snapshot, flush.topics)
            except Exception:  # noqa: BLE001 - e.g. a database hiccup: keep the news, try again soon
                log.exception("could not load session %s; retrying", ch.session_id)
                self._retry_later(ch, flush)
                return False
        flush.loaded = time.monotonic()
        flush.snapshot = ch.snapshot
        if flush.snapshot is None:  # the session is gone
            ch.last_flush = time.monotonic()
            return False
        return True

    def _retry_later(self, ch: SessionChannel, flush: Flush) -> None:
        """Put the flush's news back, with any that came in meanwhile, and try again in a second."""
        ch.pending |= flush.topics
        ch.everyone, ch.about = ch.everyone or flush.everyone, ch.about | flush.about
        ch.last_flush, ch.last_cost = time.monotonic(), 1.0
        ch.scheduled = self.loop.call_later(1.0, self._flush, ch) if self.loop else None

    @staticmethod
    def _decide_audience(ch: SessionChannel, flush: Flush) -> None:
        """Who hears what. News for every phone that leaves the turns every phone (at a table)
        shows alike as they were is for no other phone (there). For news of turns and people only,
        ``flush.tables`` says which tables' phones hear it, and which of those more than a name."""
        snap = flush.snapshot
        before = ch.phone_turn_keys
        keys = ch.phone_turn_keys = {table: snap.phone_turn_key(table)
                                     for table in (None, *(t.id for t in snap.tables))}
        changed = [table for table, key in keys.items() if before.get(table) != key]
        keyed = flush.topics <= KEYED
        if flush.everyone and keyed and not changed:
            flush.everyone = False  # e.g. someone joined: only the newcomer's own phone needs to hear it
        if flush.everyone and keyed and not snap.voting_open:
            # The cards placed since the last flush (in a busy room, nearly every turn change has
            # some) are for their authors' phones: those hear everything, the others just the name.
            flush.tables = {table: _concerned_by_new_speaker(before.get(table), keys[table]) for table in changed}

    @staticmethod
    def _phones_to_tell(ch: SessionChannel, flush: Flush) -> list[Event]:
        """Without a new speaker to single out: every phone, or only those the news is about."""
        if flush.everyone or flush.snapshot.voting_open:  # while voting, a new card is on every phone's list
            return list(ch.phones.values())
        return [ch.phones[p] for p in flush.about if p in ch.phones]

    def _hand_out_names(self, ch: SessionChannel, flush: Flush) -> None:
        """The turns changed at some tables (or in the one group). Phones elsewhere hear nothing but
        news about themselves. One speaker after another: most phones only change the name. Their
        ``on_new_name`` hands it in (``broadcast_turn_text``) for one broadcast; the phones that see
        more go to ``flush.rest``."""
        started = time.monotonic()
        snap, tables, about = flush.snapshot, flush.tables, flush.about
        self._turn_texts = {}
        try:
            for pid, event, table in self._phones_at(ch, snap, tables, about):
                if table not in tables:
                    if pid in about:
                        flush.rest.append(event)
                    continue
                concerned, names = tables[table], ch.names.get(pid)
                if concerned is None or pid in concerned or pid in about or names is None or not names.callbacks:
                    flush.rest.append(event)
                else:
                    names.emit(snap)
                    flush.phones += len(names.callbacks)
        finally:
            flush.texts = self._take_turn_texts()
        flush.names = time.monotonic() - started

    @staticmethod
    def _phones_at(ch: SessionChannel, snap: SessionSnapshot, tables: dict, about: set[int]):
        """(participant id, phone event, table) of the phones at ``tables`` and of those in ``about``:
        with 100 tables a new speaker concerns one table's ten phones, not all thousand in the room.
        Everyone's when the news is for people at no table (or a session without tables)."""
        if None in tables:
            for pid, event in ch.phones.items():
                person = snap.participant(pid)
                yield pid, event, person.table_id if person is not None else None
            return
        seen = set()
        for table in tables:
            for person in snap.people_at(table):
                event = ch.phones.get(person.id)
                if event is not None:
                    seen.add(person.id)
                    yield person.id, event, table
        for pid in about - seen:
            event = ch.phones.get(pid)
            if event is not None:
                person = snap.participant(pid)
                yield pid, event, person.table_id if person is not None else None

    def _broadcast_names_then_finish(self, ch: SessionChannel, flush: Flush) -> None:
        """The name broadcast goes out first, from a task of its own; the rest of the flush follows
        once it is written, unless the next flush came first and finished it (``ch.finishing``)."""
        ch.finishing = flush
        self._send(flush.texts, then=lambda: ch.finishing is flush and self._finish(ch, flush))

    def _finish(self, ch: SessionChannel, flush: Flush) -> None:
        """The second half: the screens and the phones that hear the whole news. A change of turns
        reaches the phones before the screens: a thousand people look at their phones; the
        projector and the console follow a moment later."""
        ch.finishing = None
        flush.finish_started = time.monotonic()
        if not flush.urgent:
            self._paint_screens(ch, flush)
        self._tell_phones(flush)
        if flush.urgent:
            self._paint_screens(ch, flush)
        flush.ended = ch.last_flush = time.monotonic()
        gc_tuning.after_flush()
        self._account(ch, flush)

    @staticmethod
    def _paint_screens(ch: SessionChannel, flush: Flush) -> None:
        """The session's screens (console, projector) get the news."""
        started = time.monotonic()
        ch.changed.emit(flush.snapshot, flush.topics)
        flush.screens = time.monotonic() - started

    def _tell_phones(self, flush: Flush) -> None:
        """The phones that hear the whole news. Any of them whose news turns out to be only the name
        hand it in (``broadcast_turn_text``) for a broadcast of their own."""
        self._turn_texts = {}
        try:
            for event in flush.rest:
                event.emit(flush.snapshot, flush.topics)
                flush.phones += len(event.callbacks)
        finally:
            late_texts = self._take_turn_texts()
        if late_texts:
            self._send(late_texts)

    @staticmethod
    def _account(ch: SessionChannel, flush: Flush) -> None:
        """What the flush cost sets the gap before the next one; a slow one is worth a line in the log."""
        cost = flush.work + flush.ended - flush.finish_started
        if not flush.urgent or cost < ch.last_cost:
            # A change of turns is rare and urgent: its cost does not make the cards that follow
            # it wait (COST_FACTOR times a turn flush was up to 0.4 s of every card after it).
            ch.last_cost = cost
        if cost > SLOW_FLUSH:
            log.warning("slow flush of session %s: %.0f ms (reading %.0f ms, names %.0f ms, screens %.0f ms, phones"
                        " %.0f ms; waiting for the broadcast %.0f ms; process CPU %.0f ms, garbage collection %.0f ms)"
                        " for %s to %d screens and %d phones", ch.session_id, cost * 1000,
                        (flush.loaded - flush.started) * 1000, flush.names * 1000, flush.screens * 1000,
                        (flush.ended - flush.finish_started - flush.screens) * 1000,
                        (flush.finish_started - flush.started - flush.work) * 1000,
                        (time.process_time() - flush.cpu_started) * 1000,
                        (gc_tuning.seconds_collecting() - flush.gc_started) * 1000, ",".join(sorted(flush.topics)),
                        len(ch.changed.callbacks), flush.phones)

    # -- presence ------------------------------------------------------------------------
    def phone_connected(self, session_id: int, participant_id: int, client_id: str) -> None:
        """A tab of this participant's phone connected; the screens hear of it when it is the first."""
        ch = self.channel(session_id)
        before = bool(ch.connected[participant_id])
        ch.connected[participant_id].add(client_id)
        if not before:
            self.notify(session_id, "presence")

    def phone_disconnected(self, session_id: int, participant_id: int, client_id: str) -> None:
        """A tab disconnected; the screens hear of it when it was the participant's last."""
        ch = self.channel(session_id)
        ch.connected[participant_id].discard(client_id)
        if not ch.connected[participant_id]:
            self.notify(session_id, "presence")

    def is_connected(self, session_id: int, participant_id: int) -> bool:
        """Whether any tab of this participant's phone is connected."""
        return bool(self.channel(session_id).connected.get(participant_id))


hub = LiveHub()

