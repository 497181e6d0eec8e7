"""Rate limits, kept in memory in the one server process, checked inside the services.

Socket events (a tap on "Plaats kaart") never pass HTTP middleware, so the limits live here.

A moving window of one minute per key: the times of the hits in the last 60 s. This was
the ``limits`` library's in-memory storage until the 1,000-phone benchmark showed its
expiry thread waking every 10 ms to walk every key (a thousand participants: 3 % of the
server's CPU, and the GIL taken from the event loop each time). Here a key's old hits are
dropped when that key is looked at, and idle keys are swept at most once a minute.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from dialoog.sessions.errors import RateLimited

WINDOW = 60.0  # seconds

_hits: dict[tuple[str, str], deque[float]] = {}
_lock = threading.Lock()  # services also run in worker threads (exports, io_bound)
_swept = {"at": 0.0}


def _recent(scope: str, key: str, now: float) -> deque[float]:
    found = _hits.get((scope, key))
    if found is None:
        found = _hits[(scope, key)] = deque()
    while found and found[0] <= now - WINDOW:
        found.popleft()
    return found


def _sweep(now: float) -> None:
    """Forget keys with no hit in the last minute (so memory does not grow with every visitor)."""
    if now - _swept["at"] < WINDOW:
        return
    _swept["at"] = now
    for k in [k for k, times in _hits.items() if not times or times[-1] <= now - WINDOW]:
        del _hits[k]


def hit(scope: str, key: str, per_minute: int, message: str) -> None:
    """Count one more for ``key``; raise ``RateLimited(message)`` once the minute is full (``message``:
    Dutch source text marked with ``N_()``, translated where the error is shown)."""
    now = time.monotonic()
    with _lock:
        _sweep(now)
        times = _recent(scope, key, now)
        if len(times) >= max(1, per_minute):
            raise RateLimited(message)
        times.append(now)


def allowed(scope: str, key: str, per_minute: int) -> bool:
    """Whether ``key`` may go on, without counting this look."""
    now = time.monotonic()
    with _lock:
        return len(_recent(scope, key, now)) < max(1, per_minute)


def count(scope: str, key: str, per_minute: int) -> None:
    """Count one more for ``key`` without raising (e.g. a failed login)."""
    now = time.monotonic()
    with _lock:
        _sweep(now)
        times = _recent(scope, key, now)
        times.append(now)
        while len(times) > max(1, per_minute):  # more than the limit tells nothing more
            times.popleft()


def reset() -> None:
    """Forget every count (for tests)."""
    with _lock:
        _hits.clear()
        _swept["at"] = 0.0
