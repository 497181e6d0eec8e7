"""Garbage collection for a full room: short pauses instead of multi-second ones.

A thousand connected phones are millions of long-lived Python objects (every element of every
page). CPython's full collection walks all of them: measured at 1,000 phones it stopped the
whole server for 2–3 s, many times a minute, because short-lived messages keep being promoted
into the oldest generation. Every screen froze during such a pause.

So what survives a collection is *frozen* (``gc.freeze``): later collections walk only what was
made since. Frozen objects are still freed by reference counting as usual; only garbage *cycles*
among them wait, until every ``REFREEZE_EVERY`` seconds one full collection takes them (one pause
per half hour instead of several per minute).

Which collections freeze what survived them (``install(freeze_all=…)``):

* every collection, young ones included, when deleted elements leave no cycles
  (``nicegui_speedups``' fifth shortcut, on by default). Each collection then walks only what
  was made since the last one, and once: nothing is walked again in an older generation. Measured
  at 1,000 phones in 100 tables (benchmarks/RESULTS.md, 2026-12-05 fourth sitting): time in the
  collector over a run 8.0 s when freezing at middle and full collections, 2.5 s freezing at every
  one; 10–17 slow (>100 ms) collections in the card window when freezing at full ones only, none
  since. What waits frozen until the half-hourly full collection: 31,382 objects at shutdown, no
  more than when freezing at middle collections (31,702), and nearly all of them the thousand
  sockets that closed in the run's last second (~30 objects each).
* only the full ones, when NiceGUI runs as released: there every deleted element (the projector
  keeps only its newest cards, the console replaces rows) leaves three cycles, and freezing them
  early kept them until the half-hourly collection: 684,972 objects in one run.

And the collector runs when the server chooses, not on whichever allocation crosses a threshold:
automatic collection is off, and the same generational rule runs right after each live flush has
sent its news (``after_flush``), with a slow pump as a safety net. A pause there overlaps the gap
until the next flush, which the cards arriving meanwhile wait for anyway; on allocation it fell
in the middle of a flush or of a card being stored and added to their latency (measured at 1,000
phones: card → projector p95 237 → 192 ms, turn → phones p95 340 → 260 ms, one pair of runs).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time

log = logging.getLogger(__name__)

FULL_EVERY = 3  # young (generation 1) collections per full one; CPython's default is 10
REFREEZE_EVERY = 30 * 60.0  # seconds: how long cyclic garbage among frozen objects may wait
SLOW = 0.1  # seconds: a collection worth a line in the log

PUMP_EVERY = 0.1  # seconds between two looks of the safety net
LATE = 10  # the safety net collects once the young generation is this many times over its threshold

_state: dict = {"loop": None, "started": 0.0, "full_at": 0.0, "total": 0.0, "thresholds": None, "pump": None,
               "freeze_from": 2}


def seconds_collecting() -> float:
    """Wall time spent in garbage collection since the process started (for the slow-flush log)."""
    return _state["total"]


def install(loop: asyncio.AbstractEventLoop, freeze_all: bool = False) -> None:
    """Tune the collector for this event loop's process (idempotent; tests start many times).
    ``freeze_all``: freeze what survives every collection, not only full ones (see the module docstring)."""
    uninstall()
    _state["loop"] = loop
    _state["freeze_from"] = 0 if freeze_all else 2
    _state["full_at"] = time.monotonic()
    gc.freeze()  # what start-up made lives as long as the process (no collection first: cheap)
    gc.callbacks.append(_on_collection)
    # With everything older frozen, a full collection walks what survived since the last one, and
    # CPython runs one every tenth young collection. Walking a third as much three times as often
    # is the same work in pauses a third as long (measured at 1,000 phones: 100–200 ms before).
    _state["thresholds"] = gc.get_threshold()
    young, middle, _ = _state["thresholds"]
    gc.set_threshold(young, middle, FULL_EVERY)
    gc.disable()  # collect_if_due decides when
    _state["pump"] = loop.call_later(PUMP_EVERY, _pump)


def uninstall() -> None:
    """Back to CPython's own behaviour; frozen objects become collectable again."""
    if _state["pump"] is not None:
        _state["pump"].cancel()
        _state["pump"] = None
        gc.enable()
    if _on_collection in gc.callbacks:
        gc.callbacks.remove(_on_collection)
    gc.unfreeze()
    if _state["thresholds"] is not None:
        gc.set_threshold(*_state["thresholds"])
        _state["thresholds"] = None
    _state["loop"] = None


def collect_if_due(late: float = 1) -> int | None:
    """CPython's own rule for which generation to collect, run at a moment of our choosing:
    nothing until the young generation has outgrown its threshold (``late`` times over), then
    the oldest generation whose count is due. Returns the generation collected, if any."""
    young, middle, full = gc.get_threshold()
    young_count, middle_count, full_count = gc.get_count()
    if young_count <= young * late:
        return None
    generation = 2 if full_count >= full else 1 if middle_count >= middle else 0
    gc.collect(generation)
    return generation


def after_flush() -> None:
    """The hub has just sent a flush's news: collect now, if due (see the module's docstring)."""
    loop = _state["loop"]
    if _state["pump"] is not None and loop is not None:
        loop.call_soon(collect_if_due)  # after the outboxes woken by the flush have sent


def _pump() -> None:
    """The safety net, for a process with no flushes: a quiet server or one busy with other work."""
    loop = _state["loop"]
    if loop is None or loop.is_closed():
        return
    collect_if_due(LATE)
    _state["pump"] = loop.call_later(PUMP_EVERY, _pump)


def _on_collection(phase: str, info: dict) -> None:
    if phase == "start":
        _state["started"] = time.perf_counter()
        _state["counts"] = gc.get_count()
        return
    took = time.perf_counter() - _state["started"]
    _state["total"] += took
    if took > SLOW:
        # Not gc.get_freeze_count(): it walks the frozen objects one by one (170–350 ms for the
        # three million of a full room, measured), longer than the collection it would describe.
        log.warning("garbage collection of generation %s took %.0f ms (%s freed; counts before %s)",
                    info.get("generation"), took * 1000, info.get("collected"), _state.get("counts"))
    loop = _state["loop"]
    if info.get("generation", 0) >= _state["freeze_from"] and loop is not None and not loop.is_closed():
        # Not from inside the collector's callback: on the loop, right after it.
        loop.call_soon_threadsafe(_refreeze)


def _refreeze() -> None:
    if _state["loop"] is None:
        return
    if time.monotonic() - _state["full_at"] >= REFREEZE_EVERY:
        _state["full_at"] = time.monotonic()
        gc.unfreeze()
        gc.collect()  # walks everything once, and frees the cycles that waited
    gc.freeze()
