"""How long the session summary takes for a big session, per export format (target: under 2 s).

Run: .venv/bin/python benchmarks/summary.py

Seeds a temporary SQLite database through the real services (60 participants, about 1,000 cards,
up to 400 turns), then times ``report.build`` and every export format, 3 runs each.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from importlib.util import find_spec
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dialoog import db  # noqa: E402
from dialoog.sessions import accounts, demo, report, turns  # noqa: E402
from dialoog.sessions.exporters import FORMATS, render  # noqa: E402

PEOPLE, CARDS, TURNS = 60, 1000, 400
RUNS = 3
TARGET = 2.0  # seconds
KEYS = ("pdf", "docx", "md", "csv", "json")


def _time(fn, runs: int = RUNS) -> tuple[list[float], list[float], object]:
    """Wall-clock and CPU seconds per run (CPU time shows the code's cost on a busy machine)."""
    times, cpu, result = [], [], None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return times, cpu, result


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="dialoog-bench-") as folder:
        db.configure(f"sqlite:///{Path(folder) / 'bench.db'}")
        try:
            org = accounts.create_organiser("bench@example.nl", "een lang wachtwoord").id
            start = time.perf_counter()
            sid = demo.seed_session(org, people=PEOPLE, cards=CARDS, turn_count=TURNS)
            seeding = time.perf_counter() - start

            build_times, build_cpu, summary = _time(lambda: report.build(sid))
            state = turns.state(sid)
            print(f"Seeded in {seeding:.1f} s: {len(summary.process.people)} participants "
                  f"({summary.attendance.joined} joined), {len(summary.cards)} cards, "
                  f"{len(state.turns)} turns, {len(state.passes)} passes, {summary.process.rounds} rounds.")
            if len(state.turns) < TURNS:
                print(f"Note: asked for {TURNS} turns; one round per phase of {PEOPLE} people gives "
                      f"{len(state.turns)}. Timings below are for that real count.")
            print()

            rows = [("report.build", build_times, build_cpu, None)]
            for key in KEYS:
                if find_spec(f"dialoog.sessions.exporters.{FORMATS[key].module}") is None:
                    rows.append((key, None, None, None))
                    continue
                times, cpu, result = _time(lambda key=key: render(summary, key)[0])
                rows.append((key, times, cpu, len(result)))

            print(f"{'format':<14}{'median s':>10}{'max s':>9}{'cpu s':>8}{'size KB':>10}  max < {TARGET:g} s")
            print("-" * 63)
            for name, times, cpu, size in rows:
                if times is None:
                    print(f"{name:<14}{'missing':>10}")
                    continue
                median, worst = statistics.median(times), max(times)
                kb = f"{size / 1024:.1f}" if size is not None else "-"
                print(f"{name:<14}{median:>10.3f}{worst:>9.3f}{statistics.median(cpu):>8.3f}{kb:>10}  "
                      f"{'yes' if worst < TARGET else 'NO'}")
            print(f"\n(cpu s: median CPU time of this process; load average now {_load()})")
        finally:
            db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
