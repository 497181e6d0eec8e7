"""The export gate as the screens tell it: which round phases are not complete, and who is still
to be heard in each. One answer for the console's 'Verslag' panel and the export dialog alike."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from dialoog.sessions import engine
from dialoog.sessions.views import SessionSnapshot


class GateState(Enum):
    """Where the export gate stands."""

    NO_ROUNDS = "no rounds"  # no round has been held: nothing to wait for
    EVERYONE_HEARD = "everyone heard"
    OVERRIDDEN = "overridden"  # not everyone was heard; the facilitator gave a reason
    WAITING = "waiting"  # someone is still to be heard


@dataclass(frozen=True)
class Unheard:
    """A round phase that is not complete, and who in it is still to be heard (seating order)."""

    phase_name: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Gate:
    """Where the export gate stands, for a screen to say in its own words."""

    state: GateState
    unheard: tuple[Unheard, ...] = ()
    reason: str = ""  # the override's reason, when there is one

    @property
    def open(self) -> bool:
        """The summary may be made: everyone was heard, or a reason was given."""
        return self.state is not GateState.WAITING


def gate(snap: SessionSnapshot, state: engine.State | None = None) -> Gate:
    """The gate of ``snap``'s session. ``state`` (the turns) defaults to the snapshot's; pass the
    engine's current state where a click must not act on a snapshot a moment old."""
    state = snap.turns if state is None else state
    rounds = engine.round_phases(state)
    unheard = tuple(
        Unheard(_phase_name(snap, phase), tuple(snap.name(p) for p in engine.pending(state, rounds[phase])))
        for phase in engine.incomplete_phases(state)
    )
    if state.override:
        return Gate(GateState.OVERRIDDEN, unheard, state.override)
    if not rounds:
        return Gate(GateState.NO_ROUNDS)
    return Gate(GateState.WAITING, unheard) if unheard else Gate(GateState.EVERYONE_HEARD)


def _phase_name(snap: SessionSnapshot, index: int) -> str:
    return snap.phases[index].name if 0 <= index < len(snap.phases) else "?"
