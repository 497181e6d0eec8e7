"""The watchdog names a stall of the event loop and where the loop was."""

from __future__ import annotations

import asyncio
import logging
import re
import time

from dialoog import loop_watchdog


def hold_the_loop(seconds: float) -> None:
    time.sleep(seconds)  # what a blocking call does to every phone at once


def answer_a_request(scope: dict, seconds: float) -> None:
    """Like an ASGI app answering ``scope``: the line names its path."""
    hold_the_loop(seconds)


async def _run(block: float, scope: dict | None = None) -> None:
    loop_watchdog.install(asyncio.get_running_loop())
    try:
        await asyncio.sleep(0.3)
        if scope is not None:
            answer_a_request(scope, block)
        else:
            hold_the_loop(block)
        await asyncio.sleep(0.4)  # the loop answers again: the thread writes its line
    finally:
        loop_watchdog.uninstall()


def test_a_blocked_loop_gets_a_line_with_how_long_and_where(caplog):
    caplog.set_level(logging.WARNING, logger="dialoog.loop_watchdog")
    asyncio.run(_run(0.9))
    lines = [r.getMessage() for r in caplog.records if "event loop blocked" in r.getMessage()]
    assert len(lines) == 1, lines
    took = float(re.search(r"blocked for (\d+) ms", lines[0]).group(1))
    assert 700 <= took <= 1300, lines[0]
    assert "hold_the_loop" in lines[0] and "test_loop_watchdog.py" in lines[0]
    assert "request" not in lines[0]


def test_a_stall_inside_a_request_names_its_path(caplog):
    caplog.set_level(logging.WARNING, logger="dialoog.loop_watchdog")
    asyncio.run(_run(0.8, {"type": "http", "method": "GET", "path": "/sessie/7/verslag.pdf"}))
    lines = [r.getMessage() for r in caplog.records if "event loop blocked" in r.getMessage()]
    assert len(lines) == 1 and lines[0].endswith("(request GET /sessie/7/verslag.pdf)"), lines


def test_a_loop_that_keeps_answering_gets_no_line(caplog):
    caplog.set_level(logging.WARNING, logger="dialoog.loop_watchdog")
    asyncio.run(_run(0.2))  # under STALL
    assert not [r for r in caplog.records if "event loop blocked" in r.getMessage()]
