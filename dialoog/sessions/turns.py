"""Turn-taking commands: each one stores an engine event and keeps the session's state.

The state of a session is the fold of its stored events. It is kept in memory per session
and rebuilt from the database on first use after a start, so a restart loses nothing.
A session with tables has one event stream per table (``table``: its id; ``None``: the one
group of a session without tables), each with the engine's rules of its own (docs/tables.md).
An event is written in the same transaction as any related change (a participant and its
``Joined`` event, for instance), and the in-memory state moves on only after the commit.
"""

from __future__ import annotations

import json
import time

from sqlmodel import Session, select

from dialoog import db
from dialoog.i18n import N_
from dialoog.models import DialogueSession, Participant, Phase, SessionTable, TurnEvent
from dialoog.sessions import engine as e
from dialoog.sessions.access import Actor, member, open_session
from dialoog.sessions.access import owned as _owned
from dialoog.sessions.errors import InvalidInput, NotFound
from dialoog.sessions.publishing import publish

clock = time.time  # tests replace it
Stream = tuple[int, int | None]  # (session id, table id or None)
_states: dict[Stream, e.State] = {}


def forget_all() -> None:
    """Drop the in-memory states (at start-up; they are rebuilt from the events)."""
    _states.clear()


def forget(session_id: int) -> None:
    """Drop one session's in-memory states, every table's (it was deleted)."""
    for key in [key for key in _states if key[0] == session_id]:
        del _states[key]


def state(session_id: int, table: int | None = None) -> e.State:
    """The current engine state of the session's group, or of one of its tables."""
    found = _states.get((session_id, table))
    if found is None:
        with db.session() as s:
            found = _load(s, session_id, table)
        _states[session_id, table] = found
    return found


def _load(s: Session, session_id: int, table: int | None) -> e.State:
    stream = TurnEvent.table_id == table if table is not None else TurnEvent.table_id.is_(None)
    rows = s.exec(select(TurnEvent).where(TurnEvent.session_id == session_id, stream).order_by(TurnEvent.id)).all()
    return e.fold(e.from_record(r.kind, r.at, r.by, json.loads(r.payload)) for r in rows)


def streams(s: Session, session_id: int) -> list[int | None]:
    """The session's event streams: its one group, then each table's."""
    tables = s.exec(select(SessionTable.id).where(SessionTable.session_id == session_id).order_by(SessionTable.position))
    return [None, *tables.all()]


class Pending:
    """Events added inside an open transaction; ``done()`` after the commit makes them current."""

    def __init__(self, s: Session, session_id: int, table: int | None = None) -> None:
        self.s, self.session_id, self.table = s, session_id, table
        self.before = state(session_id, table)
        self.after = self.before
        self.about: set[int | None] = set()  # whom the added events concern (None: no one person)

    def add(self, make_event) -> bool:
        """Add ``make_event(at)`` if it changes the state; returns whether it did."""
        at = max(clock(), self.after.last_at)
        event = make_event(at)
        new = e.apply(self.after, event)
        if new is self.after:
            return False
        kind, at, by, payload = e.to_record(event)
        self.s.add(TurnEvent(session_id=self.session_id, table_id=self.table, at=at, kind=kind, by=by,
                             payload=json.dumps(payload)))
        self.after = new
        self.about.add(getattr(event, "pid", None))
        return True

    def done(self) -> None:
        """After the commit: the added events become the session's state, and the screens are told."""
        if self.after is not self.before:
            _states[self.session_id, self.table] = self.after
            before, after = self.before, self.after
            same_stage = before.speaker == after.speaker and len(before.rounds) == len(after.rounds)
            # One person's news (someone joined, or came back) that leaves speaker and round as they
            # were is said to be about that person: the hub need not hurry it to every phone.
            about = next(iter(self.about)) if same_stage and len(self.about) == 1 else None
            publish(self.session_id, "turns", about)


def _act(
    session_id: int, make_event, *, actor: Actor | None = None, participant: int | None = None,
    refusal: str = "", table: int | None = None,
) -> bool:
    """Store one event in its own transaction; raise ``refusal`` (marked with ``N_()``) when it would change nothing.
    A facilitator's event needs the right to run the session (a missing ``actor`` is
    refused, never taken for a participant); a participant's needs the session to be open and
    the participant to be (still) in it, and goes to the stream of the table they sit at."""
    with db.session() as s:
        if participant is None:
            _owned(s, actor, session_id, table=table)
        else:
            open_session(s, session_id)
            table = member(s, session_id, participant).table_id
        pending = Pending(s, session_id, table)
        changed = pending.add(make_event)
        if not changed:
            if refusal:
                raise InvalidInput(refusal)
            return False
        s.commit()
    pending.done()
    return True


def _name(session_id: int, pid: int) -> str:
    with db.session() as s:
        p = s.get(Participant, pid)
    if p is None or p.session_id != session_id:
        raise NotFound("Deze deelnemer bestaat niet.")
    return p.display_name


# ---- facilitator ----------------------------------------------------------------------------
def start_round(actor: Actor, session_id: int, mode: e.RoundMode = "round", *, table: int | None = None) -> None:
    """A new round (or open round) for the current phase, in seating order of who is here."""
    with db.session() as s:
        session = _owned(s, actor, session_id, table=table)
        position = session.current_phase if table is None else state(session_id, table).phase  # a table may run on
        phase = s.exec(select(Phase).where(Phase.session_id == session_id, Phase.position == position)).first()
    if phase is None:
        raise InvalidInput("Kies eerst een fase. Een ronde hoort bij een fase.")
    if phase.mode == "info":
        raise InvalidInput("In deze fase is geen ronde. Ga naar de volgende fase.")
    present = state(session_id, table).present
    if not present:
        raise InvalidInput("Er doet nog niemand mee. Wacht tot mensen meedoen, of voeg iemand toe.")
    _act(
        session_id, lambda at: e.RoundStarted(at=at, phase=phase.position, mode=mode, order=present),
        actor=actor, table=table,
    )


def next_speaker(actor: Actor, session_id: int, *, table: int | None = None) -> int | None:
    """End the current turn and give the turn to whoever is next; returns that person's id."""
    current = state(session_id, table)
    if current.round is None:
        raise InvalidInput("Start eerst een ronde.")
    after_this = e.next_up(current)
    if after_this is None:
        if current.speaker is None:
            if current.round.mode == "round":
                raise InvalidInput("Iedereen is gehoord in deze ronde.")
            raise InvalidInput("Niemand heeft een hand opgestoken.")
        end_turn(actor, session_id, table=table)
        return None
    give_turn(actor, session_id, after_this, table=table)
    return after_this


def give_turn(actor: Actor, session_id: int, pid: int, *, table: int | None = None) -> None:
    """The facilitator may call anyone who is here."""
    _act(
        session_id, lambda at: e.TurnStarted(at=at, pid=pid), actor=actor, table=table,
        refusal=N_("Deze persoon kan nu niet aan de beurt komen (geen ronde, afwezig, of al aan het woord)."),
    )


def end_turn(actor: Actor, session_id: int, *, table: int | None = None) -> None:
    """The speaker is done; nobody has the turn until the next is given."""
    _act(session_id, lambda at: e.TurnEnded(at=at), actor=actor, table=table,
         refusal=N_("Er is niemand aan het woord."))


def record_pass(actor: Actor, session_id: int, pid: int | None = None, *, table: int | None = None) -> int:
    """A pass for ``pid``, or else for the speaker, or else for whoever is next; returns who passed."""
    current = state(session_id, table)
    who = pid if pid is not None else (current.speaker if current.speaker is not None else e.next_up(current))
    if who is None:
        raise InvalidInput("Er is niemand om te laten passen.")
    _act(
        session_id, lambda at: e.Passed(at=at, pid=who), actor=actor, table=table,
        refusal=N_("Passen kan alleen in een ronde, voor iemand die nog niet aan bod is geweest."),
    )
    return who


def mark_absent(actor: Actor, session_id: int, pid: int, *, table: int | None = None) -> None:
    """``pid`` is not in the room (any more): out of the order; a turn they had ends, unheard."""
    _name(session_id, pid)
    _act(session_id, lambda at: e.MarkedAbsent(at=at, pid=pid), actor=actor, table=table)


def mark_returned(actor: Actor, session_id: int, pid: int, *, table: int | None = None) -> None:
    """``pid`` is back: present again, and at the end of the current phase's round if not in it."""
    _name(session_id, pid)
    _act(session_id, lambda at: e.Returned(at=at, pid=pid), actor=actor, table=table)


def lower_hand_for(actor: Actor, session_id: int, pid: int, *, table: int | None = None) -> None:
    """The facilitator lowers ``pid``'s raised hand."""
    _act(session_id, lambda at: e.HandLowered(at=at, pid=pid), actor=actor, table=table)


def move_in_order(actor: Actor, session_id: int, pid: int, steps: int, *, table: int | None = None) -> None:
    """Move someone earlier (negative) or later (positive) in the current round's order."""
    rnd = state(session_id, table).round
    if rnd is None or pid not in rnd.order:
        raise InvalidInput("Start eerst een ronde.")
    order = list(rnd.order)
    index = order.index(pid)
    order.insert(max(0, min(len(order) - 1, index + steps)), order.pop(index))
    _act(session_id, lambda at: e.OrderChanged(at=at, order=tuple(order)), actor=actor, table=table)


def set_queue_mode(actor: Actor, session_id: int, mode: e.QueueMode, *, table: int | None = None) -> None:
    """How raised hands are ordered: fewest turns first ("progressive") or first raised ("fifo")."""
    _act(session_id, lambda at: e.QueueModeChanged(at=at, mode=mode), actor=actor, table=table)


def set_display(actor: Actor, session_id: int, *, timer: bool, names: bool, table: int | None = None) -> None:
    """What the projector shows: the speaker's progress ring (``timer``), the names still to hear (``names``)."""
    _act(session_id, lambda at: e.DisplayChanged(at=at, timer=timer, names=names), actor=actor, table=table)


def set_soft_limit(actor: Actor, session_id: int, phase: int, minutes: float, *, table: int | None = None) -> None:
    """The guide time per turn in ``phase``: past it the console shows a discreet cue."""
    if not 0.5 <= minutes <= 30:
        raise InvalidInput("Kies een tijd tussen een halve minuut en 30 minuten.")
    _act(
        session_id, lambda at: e.SoftLimitChanged(at=at, phase=phase, seconds=round(minutes * 60)),
        actor=actor, table=table,
    )


def rebuild_open_sessions() -> int:
    """Fold the events of every open session, each of its streams, into memory (at start-up);
    returns how many sessions."""
    forget_all()
    with db.session() as s:
        ids = s.exec(select(DialogueSession.id).where(DialogueSession.status == "open")).all()
        every = [(session_id, table) for session_id in ids for table in streams(s, session_id)]
    for session_id, table in every:
        state(session_id, table)
    return len(ids)


def override_gate(actor: Actor, session_id: int, reason: str, *, table: int | None = None) -> None:
    """Finalise the summary although not everyone was heard; the reason goes in the report."""
    if not reason.strip():
        raise InvalidInput("Schrijf op waarom niet iedereen gehoord is. Dat komt in het verslag.")
    if len(reason) > 500:
        raise InvalidInput("Houd de reden kort: hoogstens 500 tekens.")
    _act(session_id, lambda at: e.GateOverridden(at=at, reason=reason), actor=actor, table=table)


def undo(actor: Actor, session_id: int, *, table: int | None = None) -> None:
    """Take back the last facilitator action of the group, or of one table; a phase change taken
    back moves the session back too (a table's: that table only)."""
    with db.session() as s:
        session = _owned(s, actor, session_id, table=table)
        pending = Pending(s, session_id, table)
        if not pending.add(lambda at: e.Undo(at=at)):
            raise InvalidInput("Er is niets om ongedaan te maken.")
        phase_moved = table is None and pending.after.phase != pending.before.phase
        if phase_moved:
            session.current_phase = pending.after.phase
            s.add(session)
        s.commit()
    pending.done()
    if phase_moved:
        publish(session_id, "session")


def summary_ready(session_id: int) -> bool:
    """The export gate: every started round phase complete, or an override with a reason."""
    return e.summary_ready(state(session_id))


# ---- participant (from the phone) -------------------------------------------------------------
def finish_turn(session_id: int, pid: int) -> bool:
    """The speaker ends their own turn from the phone; returns whether that changed anything."""
    return _act(session_id, lambda at: e.TurnEnded(at=at, pid=pid, by=e.PARTICIPANT), participant=pid)


def pass_turn(session_id: int, pid: int) -> bool:
    """The participant passes in this round (InvalidInput when they cannot); returns True."""
    return _act(
        session_id, lambda at: e.Passed(at=at, pid=pid, by=e.PARTICIPANT), participant=pid,
        refusal=N_("Passen kan nu niet: je bent al aan bod geweest, of er is geen ronde."),
    )


def raise_hand(session_id: int, pid: int) -> bool:
    """The participant asks for the turn in an open round; returns whether the hand went up."""
    return _act(session_id, lambda at: e.HandRaised(at=at, pid=pid, by=e.PARTICIPANT), participant=pid)


def lower_hand(session_id: int, pid: int) -> bool:
    """The participant takes their raised hand down; returns whether there was one."""
    return _act(session_id, lambda at: e.HandLowered(at=at, pid=pid, by=e.PARTICIPANT), participant=pid)
