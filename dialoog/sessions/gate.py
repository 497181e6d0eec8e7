"""The export gate as the screens tell it: which round phases are not complete, and who is still
to be heard in each. One answer for the console's 'Verslag' panel and the export dialog alike.

With tables (docs/tables.md) everyone must be heard at their own table: each table's stream is
judged by itself, and who is missing is told per table ("Tafel 2: Anna, Bram"). The main console's
reason covers every table; a table host's reason covers their table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from dialoog.sessions import engine, turns
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
    table_name: str = ""  # with tables: the table where they are still to be heard
    phase: int = -1  # the phase's position


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

    def unheard_text(self) -> str:
        """Who is still to be heard, per phase: "Kennismaken: Anna, Bram; Dromen: Cor". With tables
        per table: "Tafel 2: Anna, Bram; Tafel 3: Cor", the phase added ("Tafel 2, Dromen: Cor")
        when the tables wait in more than one phase."""
        one_phase = len({u.phase for u in self.unheard if u.table_name}) <= 1
        return "; ".join(f"{_where(u, one_phase)}: {', '.join(u.names)}" for u in self.unheard)


def _where(unheard: Unheard, one_phase: bool) -> str:
    if not unheard.table_name:
        return unheard.phase_name
    return unheard.table_name if one_phase else f"{unheard.table_name}, {unheard.phase_name}"


def gate(snap: SessionSnapshot, state: engine.State | None = None,
         tables: Mapping[int, engine.State] | None = None) -> Gate:
    """The gate of ``snap``'s session. ``state`` (the turns of the one group) and ``tables`` (each
    table's turns, by table id) default to the snapshot's; pass the engine's current ones (see
    ``current``) where a click must not act on a snapshot a moment old."""
    state = snap.turns if state is None else state
    if snap.has_tables:
        found = tables if tables is not None else {t.id: t.turns for t in snap.tables}
        return _at_tables(snap, state, found)
    rounds = engine.round_phases(state)
    unheard = _unheard(snap, state)
    if state.override:
        return Gate(GateState.OVERRIDDEN, unheard, state.override)
    if not rounds:
        return Gate(GateState.NO_ROUNDS)
    return Gate(GateState.WAITING, unheard) if unheard else Gate(GateState.EVERYONE_HEARD)


def current(snap: SessionSnapshot) -> Gate:
    """The gate as the turns stand this moment (the engine's, every table's), with ``snap``'s names."""
    tables = {t.id: turns.state(snap.id, t.id) for t in snap.tables}
    return gate(snap, turns.state(snap.id), tables)


def _at_tables(snap: SessionSnapshot, group: engine.State, tables: Mapping[int, engine.State]) -> Gate:
    """The gate of a session with tables: every table's stream (and the group's, from before the
    tables) judged by itself. The group's reason (the main console's) covers every table."""
    streams = [("", group), *((t.name, tables.get(t.id, engine.INITIAL)) for t in snap.tables)]
    if group.override:
        unheard = tuple(u for name, state in streams for u in _unheard(snap, state, name))
        return Gate(GateState.OVERRIDDEN, unheard, group.override)
    if not any(engine.round_phases(state) for _name, state in streams):
        return Gate(GateState.NO_ROUNDS)
    waiting: list[Unheard] = []
    excused: list[Unheard] = []
    reasons: list[str] = []
    for name, state in streams:
        missing = _unheard(snap, state, name)
        if state.override:  # a table host's reason, for their own table
            excused += missing
            reasons.append(f"{name}: {state.override}")
        else:
            waiting += missing
    if waiting:
        return Gate(GateState.WAITING, tuple(waiting))
    if reasons:
        return Gate(GateState.OVERRIDDEN, tuple(excused), "; ".join(reasons))
    return Gate(GateState.EVERYONE_HEARD)


def _unheard(snap: SessionSnapshot, state: engine.State, table_name: str = "") -> tuple[Unheard, ...]:
    """The incomplete round phases of one stream, each with who is still to be heard in it."""
    rounds = engine.round_phases(state)
    return tuple(
        Unheard(_phase_name(snap, phase), tuple(snap.name(p) for p in engine.pending(state, rounds[phase])),
                table_name, phase)
        for phase in engine.incomplete_phases(state)
    )


def _phase_name(snap: SessionSnapshot, index: int) -> str:
    return snap.phases[index].name if 0 <= index < len(snap.phases) else "?"
