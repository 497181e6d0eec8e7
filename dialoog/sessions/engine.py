"""The turn-taking engine: ``state = apply(state, event)`` over small immutable values.

Nothing here reads a clock, a database or a screen. Every event carries its own time
(``at``, seconds since the epoch) and who caused it (``by``). The state of a session is
the fold of its stored events, so a restart rebuilds it exactly, undo is a re-fold
without the undone event, and speaking times come from the same log as the report.

An event that changes nothing (a pass by someone who already spoke, a second raised hand)
returns the very same state object: the service layer stores only events that count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from typing import Literal, NamedTuple, dataclass_transform, get_args

FACILITATOR = "facilitator"
PARTICIPANT = "participant"
PLENARY = "plenary"  # the main console's phase change in a table's stream: no table host takes it back
DEFAULT_SOFT_LIMIT = 180  # seconds: a discreet cue on the console, never a cut-off

RoundMode = Literal["round", "open"]
"""``round``: everyone in seating order, passing allowed; ``open``: raised hands, in the hand queue."""
QueueMode = Literal["progressive", "fifo"]
"""How raised hands are ordered: fewest turns first (progressive stack), or first raised first."""
ROUND_MODES: tuple[RoundMode, ...] = get_args(RoundMode)
QUEUE_MODES: tuple[QueueMode, ...] = get_args(QueueMode)


# ---- events -------------------------------------------------------------------------------
@dataclass_transform(kw_only_default=True, frozen_default=True)
@dataclass(frozen=True, kw_only=True)
class Event:
    """Something that happened, at ``at`` (seconds since the epoch), caused ``by`` whom.

    Every event is an immutable record with keyword fields: each subclass is made a frozen,
    keyword-only dataclass when it is defined, so none can be declared otherwise."""

    at: float
    by: str = FACILITATOR

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        dataclass(frozen=True, kw_only=True)(cls)


class PersonEvent(Event):
    """An event about one participant, ``pid``."""

    pid: int


class Joined(PersonEvent):
    """A participant arrived (by phone, or added by the facilitator without one)."""

    has_phone: bool = True


class MarkedAbsent(PersonEvent):
    """The person left (or is not here): a turn they had ends unheard, a raised hand goes down."""


class Returned(PersonEvent):
    """An absent person is back, and joins the end of this phase's round if they were not in it."""


class Moved(PersonEvent):
    """``pid`` went to sit at another table: out of this table's seating and of its round (no
    absence counted, their turns stay in this table's history). Joining back is a ``Joined``.
    Not undoable here: the move wrote the other table's stream too (docs/tables.md)."""


class RoundStarted(Event):
    """A new round for ``phase`` in ``order`` (the seating of everyone present when it starts)."""

    phase: int
    mode: RoundMode = "round"
    order: tuple[int, ...] = ()


class PhaseChanged(Event):
    """The facilitator moved the session to ``phase`` (-1: before the start). Ends the turn."""

    phase: int


class TurnStarted(PersonEvent):
    """The facilitator gives ``pid`` the turn; the turn of whoever spoke before ends."""


class TurnEnded(Event):
    """The speaker is done. ``pid`` (when a phone sends it) must be the speaker."""

    pid: int | None = None


class Passed(PersonEvent):
    """``pid`` passes in this round: asked once more at its end; a second pass closes their turn."""


class HandRaised(PersonEvent):
    """``pid`` asks for the turn in an open round."""


class HandLowered(PersonEvent):
    """``pid``'s raised hand goes down (by themselves or by the facilitator)."""


class OrderChanged(Event):
    """The current round's speaking order, rearranged by the facilitator (the same people)."""

    order: tuple[int, ...]


class QueueModeChanged(Event):
    """How raised hands are ordered from now on."""

    mode: QueueMode


class DisplayChanged(Event):
    """What the projector may show: a progress ring for the speaker, names still to hear."""

    timer: bool
    names: bool


class SoftLimitChanged(Event):
    """After this many seconds a turn in ``phase`` gets a discreet cue on the console."""

    phase: int
    seconds: int


class GateOverridden(Event):
    """The facilitator finalises the summary although not everyone was heard, and says why."""

    reason: str


class Undo(Event):
    """Take back the facilitator's last action that still counts."""


EVENT_TYPES: dict[str, type[Event]] = {
    cls.__name__: cls
    for cls in (
        Joined, MarkedAbsent, Returned, Moved, PhaseChanged, RoundStarted, TurnStarted, TurnEnded, Passed, HandRaised, HandLowered,
        OrderChanged, QueueModeChanged, DisplayChanged, SoftLimitChanged, GateOverridden, Undo,
    )
}


def to_record(event: Event) -> tuple[str, float, str, dict]:
    """(kind, at, by, payload) for storage."""
    payload = {f.name: getattr(event, f.name) for f in fields(event) if f.name not in ("at", "by")}
    payload = {k: list(v) if isinstance(v, tuple) else v for k, v in payload.items()}
    return type(event).__name__, event.at, event.by, payload


def from_record(kind: str, at: float, by: str, payload: dict) -> Event:
    """The event stored as (kind, at, by, payload): the reverse of ``to_record``."""
    cls = EVENT_TYPES[kind]
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in payload.items()}
    return cls(at=at, by=by, **values)


# ---- state --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Turn:
    """One turn: who spoke, in which phase, from when to when."""

    pid: int
    phase: int
    start: float
    end: float
    heard: bool = True  # False when the turn ended because the person left: they are asked again

    @property
    def seconds(self) -> float:
        """How long the turn lasted."""
        return self.end - self.start


class Pass(NamedTuple):
    """A pass: who passed, in which phase, and when (a value in the state's tuple of passes)."""

    pid: int
    phase: int
    at: float


@dataclass(frozen=True)
class Round:
    """A round in one phase: its order, who spoke, who passed once or twice, and who was present
    when it was left behind."""

    phase: int
    mode: RoundMode
    order: tuple[int, ...]
    started_at: float
    spoke: frozenset[int] = frozenset()
    passed_once: frozenset[int] = frozenset()
    passed_twice: frozenset[int] = frozenset()
    final_present: frozenset[int] | None = None  # who was present when the round was left behind

    def done(self, pid: int) -> bool:
        """Whether ``pid`` is through with this round: they spoke, or passed twice."""
        return pid in self.spoke or pid in self.passed_twice


@dataclass(frozen=True)
class State:
    """A session's turn-taking as of its last event: the fold of all its events."""

    phase: int = -1  # the session's current phase, as the facilitator set it
    seating: tuple[int, ...] = ()
    absent: frozenset[int] = frozenset()
    no_phone: frozenset[int] = frozenset()
    rounds: tuple[Round, ...] = ()
    speaker: int | None = None
    speaker_since: float = 0.0
    hands: tuple[tuple[int, float], ...] = ()
    queue_mode: QueueMode = "progressive"
    turns: tuple[Turn, ...] = ()
    passes: tuple[Pass, ...] = ()
    show_timer: bool = False
    show_names: bool = False
    soft_limits: tuple[tuple[int, int], ...] = ()  # (phase, seconds) where not the default
    override: str = ""
    last_at: float = 0.0
    applied: tuple[Event, ...] = field(default=(), repr=False)

    # Derived lists are computed once per state: a thousand phones ask the same state the same
    # question on every update. (A frozen dataclass still has a __dict__ for cached_property.)
    @cached_property
    def present(self) -> tuple[int, ...]:
        """Who is here, in seating order."""
        return tuple(p for p in self.seating if p not in self.absent)

    @cached_property
    def present_set(self) -> frozenset[int]:
        """Who is here, as a set (for quick membership tests)."""
        return frozenset(self.present)

    @property
    def round(self) -> Round | None:
        """The latest round, if any was started (it may belong to an earlier phase)."""
        return self.rounds[-1] if self.rounds else None

    @property
    def live_round(self) -> Round | None:
        """The latest round if it belongs to the current phase: the one people can still join."""
        rnd = self.round
        return rnd if rnd is not None and rnd.phase == self.phase and rnd.final_present is None else None


INITIAL = State()


# ---- the reducer --------------------------------------------------------------------------
def apply(state: State, event: Event) -> State:
    """The state after ``event``; the same object when the event changes nothing."""
    if isinstance(event, Undo):
        return _undo(state)
    new = _apply(state, event)
    if new is state:
        return state
    return replace(new, last_at=max(state.last_at, event.at), applied=(*state.applied, event))


def fold(events: Iterable[Event], state: State = INITIAL) -> State:
    """The state after applying ``events`` in order, starting from ``state``."""
    for event in events:
        state = apply(state, event)
    return state


def undoable(event: Event) -> bool:
    """Facilitator actions can be taken back; arrivals cannot (the person is really here)."""
    return event.by == FACILITATOR and not isinstance(event, (Joined, Moved, Undo))


def _undo(state: State) -> State:
    for index in range(len(state.applied) - 1, -1, -1):
        if undoable(state.applied[index]):
            kept = state.applied[:index] + state.applied[index + 1:]
            return fold(kept)
    return state


def _end_turn(state: State, at: float, *, heard: bool = True) -> State:
    """Close the current speaker's turn (if any); ``heard`` counts it as spoken in the round."""
    if state.speaker is None:
        return state
    rnd = state.round
    end = max(at, state.speaker_since)  # a clock that stepped back never gives negative time
    turn = Turn(state.speaker, rnd.phase if rnd else -1, state.speaker_since, end, heard)
    rounds = state.rounds
    if rnd is not None and heard:
        rounds = (*rounds[:-1], replace(rnd, spoke=rnd.spoke | {state.speaker}))
    return replace(state, speaker=None, speaker_since=0.0, turns=(*state.turns, turn), rounds=rounds)


def _leave_round_behind(state: State) -> State:
    """The latest round stops taking arrivals; it is judged by who was present now."""
    rnd = state.round
    if rnd is None or rnd.final_present is not None:
        return state
    return replace(state, rounds=(*state.rounds[:-1], replace(rnd, final_present=frozenset(state.present))))


def _without_hand(state: State, pid: int) -> State:
    if not any(p == pid for p, _since in state.hands):
        return state
    return replace(state, hands=tuple(h for h in state.hands if h[0] != pid))


def _apply(state: State, e: Event) -> State:  # noqa: C901 - one branch per event, flat on purpose
    rnd = state.round
    live = state.live_round
    if isinstance(e, Joined):
        if e.pid in state.seating:
            return state
        state = replace(
            state,
            seating=(*state.seating, e.pid),
            no_phone=state.no_phone if e.has_phone else state.no_phone | {e.pid},
        )
        if live is not None and e.pid not in live.order:  # late arrivals join this phase's round at the end
            state = replace(state, rounds=(*state.rounds[:-1], replace(live, order=(*live.order, e.pid))))
        return state

    if isinstance(e, MarkedAbsent):
        if e.pid not in state.seating or e.pid in state.absent:
            return state
        if state.speaker == e.pid:  # they left mid-turn: the time counts, but they are asked again
            state = _end_turn(state, e.at, heard=False)
        state = _without_hand(state, e.pid)
        return replace(state, absent=state.absent | {e.pid})

    if isinstance(e, Moved):
        if e.pid not in state.seating:
            return state
        if state.speaker == e.pid:  # moved mid-turn: the time counts, not as heard here
            state = _end_turn(state, e.at, heard=False)
        state = _without_hand(state, e.pid)
        return replace(state, seating=tuple(p for p in state.seating if p != e.pid), absent=state.absent - {e.pid})

    if isinstance(e, Returned):
        if e.pid not in state.absent:
            return state
        state = replace(state, absent=state.absent - {e.pid})
        if live is not None and e.pid not in live.order:
            state = replace(state, rounds=(*state.rounds[:-1], replace(live, order=(*live.order, e.pid))))
        return state

    if isinstance(e, PhaseChanged):
        if e.phase == state.phase:
            return state
        state = _end_turn(state, e.at)
        if rnd is not None and rnd.phase == e.phase and rnd.final_present is not None:
            # back to the phase of the latest round: it takes arrivals again
            state = replace(state, rounds=(*state.rounds[:-1], replace(rnd, final_present=None)))
        elif rnd is not None and rnd.phase != e.phase:
            state = _leave_round_behind(state)
        return replace(state, phase=e.phase, hands=())

    if isinstance(e, RoundStarted):
        if e.mode not in ROUND_MODES:
            return state
        present = state.present
        order = tuple(p for p in e.order if p in present) if e.order else present
        order += tuple(p for p in present if p not in order)  # nobody present is left out
        state = _leave_round_behind(_end_turn(state, e.at))
        new_round = Round(phase=e.phase, mode=e.mode, order=order, started_at=e.at)
        return replace(state, rounds=(*state.rounds, new_round), hands=())

    if isinstance(e, TurnStarted):
        if live is None or e.pid not in state.present_set or state.speaker == e.pid:
            return state
        state = _end_turn(state, e.at)
        state = _without_hand(state, e.pid)
        return replace(state, speaker=e.pid, speaker_since=e.at)

    if isinstance(e, TurnEnded):
        if state.speaker is None or (e.pid is not None and e.pid != state.speaker):
            return state
        return _end_turn(state, e.at)

    if isinstance(e, Passed):
        if live is None or rnd.mode != "round" or e.pid not in state.present_set or e.pid not in rnd.order:
            return state
        if rnd.done(e.pid):
            return state
        if e.pid in rnd.passed_once:
            rnd = replace(rnd, passed_twice=rnd.passed_twice | {e.pid})
        else:
            rnd = replace(rnd, passed_once=rnd.passed_once | {e.pid})
        speaker, since = state.speaker, state.speaker_since
        if speaker == e.pid:  # passing is not speaking: the offered turn is dropped, not counted
            speaker, since = None, 0.0
        return replace(
            state,
            rounds=(*state.rounds[:-1], rnd),
            speaker=speaker,
            speaker_since=since,
            passes=(*state.passes, Pass(e.pid, rnd.phase, e.at)),
        )

    if isinstance(e, HandRaised):
        if live is None or e.pid not in state.present_set or e.pid == state.speaker:
            return state
        if any(p == e.pid for p, _since in state.hands):
            return state
        return replace(state, hands=(*state.hands, (e.pid, e.at)))

    if isinstance(e, HandLowered):
        return _without_hand(state, e.pid)

    if isinstance(e, OrderChanged):
        if live is None or sorted(e.order) != sorted(rnd.order) or e.order == rnd.order:
            return state
        return replace(state, rounds=(*state.rounds[:-1], replace(rnd, order=tuple(e.order))))

    if isinstance(e, QueueModeChanged):
        if e.mode not in QUEUE_MODES or e.mode == state.queue_mode:
            return state
        return replace(state, queue_mode=e.mode)

    if isinstance(e, DisplayChanged):
        if (e.timer, e.names) == (state.show_timer, state.show_names):
            return state
        return replace(state, show_timer=e.timer, show_names=e.names)

    if isinstance(e, SoftLimitChanged):
        if e.seconds <= 0 or e.seconds == soft_limit(state, e.phase):
            return state
        others = tuple(pair for pair in state.soft_limits if pair[0] != e.phase)
        return replace(state, soft_limits=(*others, (e.phase, e.seconds)))

    if isinstance(e, GateOverridden):
        reason = e.reason.strip()
        if not reason or reason == state.override:
            return state
        return replace(state, override=reason)

    return state


# ---- questions about a state (pure) -------------------------------------------------------
def soft_limit(state: State, phase: int | None = None) -> int:
    """Seconds after which a turn in ``phase`` (default: the current round's) runs long."""
    if phase is None:
        phase = state.round.phase if state.round else -1
    return dict(state.soft_limits).get(phase, DEFAULT_SOFT_LIMIT)


def turn_counts(state: State) -> dict[int, int]:
    """Turns per participant so far (everyone seated, zero included)."""
    counts = {pid: 0 for pid in state.seating}
    for turn in state.turns:
        counts[turn.pid] = counts.get(turn.pid, 0) + 1
    return counts


def still_to_hear(state: State) -> list[int]:
    """Who has not been heard in the current round: first those not yet asked, in order,
    then those who passed once and get their second chance. The speaker is not listed."""
    cached = state.__dict__.get("_still_to_hear")
    if cached is None:
        cached = state.__dict__["_still_to_hear"] = _still_to_hear(state)
    return list(cached)


def _still_to_hear(state: State) -> tuple[int, ...]:
    rnd = state.live_round
    if rnd is None or rnd.mode != "round":
        return ()
    present = state.present_set
    waiting = [p for p in rnd.order if p in present and not rnd.done(p) and p != state.speaker]
    first = [p for p in waiting if p not in rnd.passed_once]
    second = [p for p in waiting if p in rnd.passed_once]
    return (*first, *second)


def second_chance(state: State) -> frozenset[int]:
    """Who passed once in the live round and has not yet spoken or passed again."""
    rnd = state.live_round
    return rnd.passed_once - rnd.passed_twice - rnd.spoke if rnd else frozenset()


def hand_queue(state: State) -> list[int]:
    """Raised hands in speaking order: fewest turns first (progressive stack), then first raised;
    or simply first raised when the facilitator chose first come, first served."""
    if state.queue_mode == "fifo":
        return [pid for pid, _since in sorted(state.hands, key=lambda h: h[1])]
    counts = turn_counts(state)
    return [pid for pid, at in sorted(state.hands, key=lambda h: (counts.get(h[0], 0), h[1]))]


def next_up(state: State) -> int | None:
    """Who the engine suggests next: the round order, or the hand queue in an open round."""
    rnd = state.live_round
    if rnd is None:
        return None
    queue = still_to_hear(state) if rnd.mode == "round" else hand_queue(state)
    return queue[0] if queue else None


def pending(state: State, rnd: Round) -> list[int]:
    """Who in ``rnd`` has not spoken or passed twice, among those present (then, for a round
    left behind; now, for the live one). The speaker of a live round counts as pending."""
    present = rnd.final_present if rnd.final_present is not None else frozenset(state.present)
    return [p for p in rnd.order if p in present and not rnd.done(p)]


def round_complete(state: State, rnd: Round | None = None) -> bool:
    """Every present participant of the round spoke, or passed twice."""
    rnd = rnd if rnd is not None else state.round
    if rnd is None or rnd.mode != "round":
        return False
    return not pending(state, rnd)


def round_phases(state: State) -> dict[int, Round]:
    """Per phase, its latest round in round mode."""
    latest: dict[int, Round] = {}
    for rnd in state.rounds:
        if rnd.mode == "round":
            latest[rnd.phase] = rnd
    return latest


def incomplete_phases(state: State) -> list[int]:
    """The phases whose latest round (in round mode) still has someone to hear."""
    return [phase for phase, rnd in round_phases(state).items() if not round_complete(state, rnd)]


def summary_ready(state: State) -> bool:
    """The export gate: every started round phase complete, or an override with a reason."""
    return bool(state.override) or not incomplete_phases(state)
