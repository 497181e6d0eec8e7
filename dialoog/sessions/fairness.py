"""Fairness figures: who spoke how often and how long. For the facilitator and the report,
never for a public ranking. Pure functions of an engine state and a moment in time; a session with
tables adds up the figures of its tables' states (``combined_people``, ``combined_phases``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from dialoog.sessions.engine import State, Turn


@dataclass(frozen=True)
class PersonFigures:
    pid: int
    turns: int
    passes: int
    seconds: float
    share: float  # of all speaking time, 0..1
    present: bool


@dataclass(frozen=True)
class PhaseFigures:
    phase: int
    turns: int
    passes: int
    seconds: float


def all_turns(state: State, now: float | None = None) -> list[Turn]:
    """Finished turns, plus the running one up to ``now`` when given."""
    turns = list(state.turns)
    if now is not None and state.speaker is not None and state.round is not None:
        turns.append(Turn(state.speaker, state.round.phase, state.speaker_since, max(now, state.speaker_since)))
    return turns


def per_person(state: State, now: float | None = None) -> list[PersonFigures]:
    """One line per seat, in seating order, then anyone who spoke or passed here and moved to
    another table since. One pass over the turns, whatever the size of the room."""
    turns = all_turns(state, now)
    total = sum(t.seconds for t in turns)
    present = set(state.present)
    count: Counter[int] = Counter()
    seconds: dict[int, float] = defaultdict(float)
    for t in turns:
        count[t.pid] += 1
        seconds[t.pid] += t.seconds
    passes = Counter(p.pid for p in state.passes)
    return [
        PersonFigures(
            pid=pid,
            turns=count[pid],
            passes=passes[pid],
            seconds=seconds.get(pid, 0),
            share=seconds.get(pid, 0) / total if total else 0.0,
            present=pid in present,
        )
        for pid in (*state.seating, *_moved_away(state, count, passes))
    ]


def _moved_away(state: State, *histories: Counter[int]) -> list[int]:
    """Who has turns or passes in this stream but no seat in it (they moved to another table)."""
    seated = set(state.seating)
    return sorted({pid for history in histories for pid in history} - seated)


def per_phase(state: State, now: float | None = None) -> list[PhaseFigures]:
    """One line per phase that had turns, passes or a round, in phase order."""
    turns = all_turns(state, now)
    phases = sorted({t.phase for t in turns} | {p.phase for p in state.passes} | {r.phase for r in state.rounds})
    return [
        PhaseFigures(
            phase=phase,
            turns=sum(1 for t in turns if t.phase == phase),
            passes=sum(1 for p in state.passes if p.phase == phase),
            seconds=sum(t.seconds for t in turns if t.phase == phase),
        )
        for phase in phases
    ]


def combined_people(streams: Iterable[list[PersonFigures]]) -> list[PersonFigures]:
    """The ``per_person`` lines of several streams (a session's tables) as one line per person: their
    turns, passes and seconds at every table added up, their share of all the speaking time, present
    when present at a table. In the order people first appear."""
    turns: Counter[int] = Counter()
    passes: Counter[int] = Counter()
    seconds: dict[int, float] = defaultdict(float)
    present: dict[int, bool] = {}
    for lines in streams:
        for f in lines:
            turns[f.pid] += f.turns
            passes[f.pid] += f.passes
            seconds[f.pid] += f.seconds
            present[f.pid] = present.get(f.pid, False) or f.present
    total = sum(seconds.values())
    return [
        PersonFigures(pid, turns[pid], passes[pid], seconds[pid], seconds[pid] / total if total else 0.0, here)
        for pid, here in present.items()
    ]


def combined_phases(streams: Iterable[list[PhaseFigures]]) -> list[PhaseFigures]:
    """The ``per_phase`` lines of several streams (a session's tables) added up, one line per phase, in
    phase order."""
    found: dict[int, PhaseFigures] = {}
    for lines in streams:
        for f in lines:
            was = found.get(f.phase, PhaseFigures(f.phase, 0, 0, 0.0))
            found[f.phase] = PhaseFigures(f.phase, was.turns + f.turns, was.passes + f.passes, was.seconds + f.seconds)
    return [found[phase] for phase in sorted(found)]


def gini(values: list[float]) -> float:
    """0 when everyone spoke equally long, towards 1 when one person did all the talking."""
    values = sorted(v for v in values if v >= 0)
    n, total = len(values), sum(values)
    if n == 0 or total == 0:
        return 0.0
    weighted = sum((index + 1) * v for index, v in enumerate(values))
    return (2 * weighted) / (n * total) - (n + 1) / n


def speaking_gini(state: State, now: float | None = None) -> float:
    """Gini coefficient of speaking time over the participants present now."""
    return gini([p.seconds for p in per_person(state, now) if p.present])
