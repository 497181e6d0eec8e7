"""A log line when the event loop stops answering, with where it was.

Everything the server does runs on one event loop: a call that blocks it (a database write
waiting for a lock or a disk, a long computation), or many calls queued at once (a hundred
consoles opened in the same second), holds up every phone and screen. The slow-flush and
slow-collection lines name the stalls they cause themselves; this names any other. The stack is
a sample taken 0.5 s into the stall: for one long call it is that call, for a queue of short ones
it is whichever ran then.
A thread that wakes every ``CHECK_EVERY`` seconds looks at a heartbeat that the loop renews as
often. When the heartbeat is older than ``STALL``, the thread notes the loop thread's stack
(once per stall), and when the loop answers again, logs how long it was away and that stack::

    event loop blocked for 7032 ms; at: dialoog/sessions/participation.py:146 add_card < …

Cost: one call_later on the loop and one thread wake-up every 0.1 s.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import time
import traceback

log = logging.getLogger(__name__)

CHECK_EVERY = 0.1  # seconds between two heartbeats, and between two looks of the thread
STALL = 0.5  # seconds without a heartbeat: worth a line in the log
FRAMES = 6  # innermost frames named in the line

_state: dict = {"stop": None, "beat": None}


def install(loop: asyncio.AbstractEventLoop) -> None:
    """Watch ``loop`` (call on it; idempotent)."""
    uninstall()
    stop = threading.Event()
    heartbeat = [time.monotonic()]
    loop_thread = threading.get_ident()

    def beat() -> None:
        heartbeat[0] = time.monotonic()
        _state["beat"] = loop.call_later(CHECK_EVERY, beat)

    def watch() -> None:
        stack, since = None, 0.0
        while not stop.wait(CHECK_EVERY):
            last = heartbeat[0]
            if stack is None and time.monotonic() - last > STALL:
                stack, since = where(sys._current_frames().get(loop_thread)), last
            elif stack is not None and last != since:  # the loop answers again
                # the next heartbeat was due CHECK_EVERY after ``since``: it came this much later
                log.warning("event loop blocked for %.0f ms; at: %s", (last - since - CHECK_EVERY) * 1000, stack)
                stack = None

    _state["stop"] = stop
    beat()
    threading.Thread(target=watch, name="loop-watchdog", daemon=True).start()


def where(frame) -> str:
    """The innermost frames of a stack, innermost first, as ``file:line function`` (paths from the
    package or library folder on, so the line stays short)."""
    if frame is None:
        return "(unknown)"
    frames = traceback.extract_stack(frame)[-FRAMES:]
    text = " < ".join(f"{_short(f.filename)}:{f.lineno} {f.name}" for f in reversed(frames))
    path = _request_path(frame)
    return f"{text} (request {path})" if path else text


def _request_path(frame) -> str | None:
    """The path of the HTTP request being answered, if the loop is inside one (the ASGI ``scope``
    of a frame on the stack): a stall in a response's middleware says nothing of the route."""
    while frame is not None:
        scope = frame.f_locals.get("scope")
        if isinstance(scope, dict) and isinstance(scope.get("path"), str):
            return f"{scope.get('method', '')} {scope['path'][:200]}".strip()
        frame = frame.f_back
    return None


def _short(path: str) -> str:
    for marker in ("site-packages/", "dialoog/", "lib/python"):
        if marker in path:
            return path[path.index(marker) + (len(marker) if marker != "dialoog/" else 0):]
    return path


def uninstall() -> None:
    """Stop watching (tests start and stop the app many times)."""
    if _state["stop"] is not None:
        _state["stop"].set()
        _state["stop"] = None
    if _state["beat"] is not None:
        _state["beat"].cancel()
        _state["beat"] = None
