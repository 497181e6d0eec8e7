"""Each shortcut of dialoog/nicegui_speedups.py on and off, against the installed NiceGUI (issue #16).

Run: .venv/bin/python benchmarks/speedups.py   (about a minute; --idle-seconds 3 for a quick look)

(a) Element creation: a phone page like the participant view of ``dialoog/pages/phone.py``
    (labels, buttons, toggles, a textarea, a checkbox, a few own cards), built in a NiceGUI client
    without a server, with NiceGUI's ``helpers.expects_arguments`` and with the cached one.
(b) Sending: building and encoding the Socket.IO packet of an ``update`` message, with
    python-socketio's ``Packet`` and with ``JsonPacket``, for a typical update (three element
    dicts, as made by ``Element._to_dict``) and for a big one (a column of 200 new cards).
(c) Idle screens: N outbox loops on one event loop with nothing to send, NiceGUI's
    ``Outbox.loop`` and the timer-less copy, for S seconds: wake-ups and the process's CPU time,
    on asyncio's own loop and on uvloop (what uvicorn, so the server, uses when it is installed).

Rounds of the on and off variants alternate; the figure kept is the fastest round (the one least
disturbed by anything else on the machine). Everything runs in this one process.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import nicegui  # noqa: E402
import orjson  # noqa: E402
from engineio import packet as eio_packet  # noqa: E402
from nicegui import Client, helpers, ui  # noqa: E402
from nicegui.page import page  # noqa: E402
from socketio import packet  # noqa: E402

from dialoog import nicegui_speedups  # noqa: E402

ORIGINAL_EXPECTS_ARGUMENTS = helpers.expects_arguments
CLOCK = time.process_time
"""Timings are this process's CPU time: others' work on the same two cores slows it less than the wall clock."""


# ---- (a) element creation --------------------------------------------------------------------------

def phone_page(cards: int = 3) -> None:
    """The elements of a phone's participant view (dialoog/pages/phone.py), without the services."""
    noop = lambda: None  # noqa: E731
    with ui.column().classes("d-phone w-full gap-5"):
        with ui.row().classes("w-full items-center justify-between no-wrap"):
            ui.label("Dialoog").classes("d-brand text-xl")
            ui.label("Hoi Anna").classes("text-lg font-bold truncate")
        ui.label().classes("d-phone-banner w-full text-lg font-bold")
        with ui.column().classes("d-my-turn w-full gap-3"):
            ui.label("Jij bent aan de beurt").classes("text-3xl font-bold leading-tight").props("role=alert")
            ui.label("Vertel in je eigen woorden. Passen mag ook.").classes("text-lg")
            ui.button("Klaar met spreken", icon="check", on_click=noop).classes("w-full").props("unelevated size=lg")
            ui.button("Ik pas", on_click=noop).classes("w-full").props("outline size=lg color=white")
        ui.label().classes("d-turn-info text-lg font-bold d-wrap")
        ui.label("Jij bent hierna aan de beurt.").classes("d-soon text-lg font-bold")
        ui.button("Ik wil iets zeggen", icon="back_hand", on_click=noop).classes("w-full").props("outline size=lg")
        ui.button("Hand laten zakken", icon="do_not_touch", on_click=noop).classes("w-full").props("unelevated")
        ui.label().classes("d-phone-question")
        ui.label().classes("text-lg")
        with ui.column().classes("gap-1"):
            for rule in ("Luister naar elkaar", "Spreek voor jezelf", "Wat hier gezegd wordt, blijft hier"):
                ui.label(f"• {rule}")
        with ui.column().classes("w-full gap-3"):
            kind = ui.toggle({}, value=None).props("spread no-caps unelevated toggle-color=primary").classes("w-full")
            ui.textarea("Jouw kaart", validation={"Te lang": lambda v: len(v or "") <= 500}).props(
                "outlined autogrow counter debounce=400").classes("w-full")
            resource = ui.toggle({"tijd": "Tijd", "spullen": "Spullen", "kennis": "Kennis"}, value="tijd").props(
                "no-caps unelevated toggle-color=primary").classes("flex-wrap")
            ui.label().classes("text-negative text-lg").props("role=alert")
            ui.label("Schrijf niets over de gezondheid of het geloof van anderen.").classes("d-muted text-base")
            ui.button("Plaats kaart", icon="send").classes("w-full").props("unelevated size=lg")
        kind.on_value_change(lambda e: resource.set_visibility(e.value == "vraag"))
        ui.button("Aanbod toevoegen", icon="volunteer_activism", on_click=noop).classes("w-full").props("outline")
        ui.label("Jouw kaarten").classes("text-xl font-bold mt-2")
        with ui.column().classes("w-full gap-3"):
            for n in range(cards):
                with ui.element("div").classes("d-own-card w-full"):
                    ui.label(f"Kaart {n}: de buurvrouw bracht soep.").classes("text-lg d-wrap")
                    with ui.row().classes("gap-2"):
                        ui.button("Wijzigen", icon="edit", on_click=noop).props("flat no-caps")
                        ui.button("Verwijderen", icon="delete", on_click=noop).props("flat no-caps color=negative")
        ui.label("Het gesprek is afgelopen. Bedankt voor je bijdrage!").classes("text-xl font-bold")
        ui.checkbox("Mijn voornaam mag in het verslag", value=False, on_change=noop).classes("text-base mt-4")
        ui.label("Zonder vinkje sta je in het verslag als ‘Deelnemer’ met een nummer.").classes("d-muted text-base")


def _build_pages(client: Client, pages: int) -> tuple[float, int]:
    """Seconds to build ``pages`` phone pages into ``client`` (their removal not counted), and elements made."""
    gc.collect()
    took, made = 0.0, 0
    for _ in range(pages):
        before = len(client.elements)
        start = CLOCK()
        with client.content:
            phone_page()
        took += CLOCK() - start
        made += len(client.elements) - before
        client.content.clear()
        client.outbox.updates.clear()
    return took, made


def element_creation(pages: int, rounds: int) -> dict:
    client = Client(page("/speedups-benchmark"))
    calls = [0]

    def counting(func: Callable) -> bool:
        calls[0] += 1
        return ORIGINAL_EXPECTS_ARGUMENTS(func)

    helpers.expects_arguments = counting
    _, made = _build_pages(client, 1)
    helpers.expects_arguments = ORIGINAL_EXPECTS_ARGUMENTS

    best = {"off": float("inf"), "on": float("inf")}
    for _ in range(rounds):
        for mode, function in (("off", ORIGINAL_EXPECTS_ARGUMENTS), ("on", nicegui_speedups._expects_arguments)):
            helpers.expects_arguments = function
            nicegui_speedups._by_function.clear()
            took, _ = _build_pages(client, pages)
            best[mode] = min(best[mode], took / pages)
    helpers.expects_arguments = ORIGINAL_EXPECTS_ARGUMENTS

    handler = client.content._classes._update  # a change handler as the observables ask about it
    per_call = {
        "off": _per_op(lambda: ORIGINAL_EXPECTS_ARGUMENTS(handler)),
        "on": _per_op(lambda: nicegui_speedups._expects_arguments(handler)),
    }
    client.delete()
    return {"elements": made, "calls": calls[0], "page": best, "call": per_call}


# ---- (b) sending -------------------------------------------------------------------------------------

class StrKeysJsonPacket(packet.Packet):
    """``JsonPacket`` as it was before issue #16: orjson without ``OPT_NON_STR_KEYS``. NiceGUI's
    updates are keyed by element id (an ``int``), so for them orjson always refused and the walk ran too."""

    @classmethod
    def data_is_binary(cls, data) -> bool:
        try:
            orjson.dumps(data)
        except TypeError:
            return super().data_is_binary(data)
        return False


class WalkPacket(packet.Packet):
    """The walk proposed to python-socketio (docs/upstream.md): one loop, no lists, stops at the first bytes."""

    @classmethod
    def data_is_binary(cls, data) -> bool:
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, (bytes, bytearray)):
                return True
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                stack.extend(item.values())
        return False


def messages() -> tuple[dict[str, tuple[list, Callable[[], object]]], Client]:
    """Messages as the server sends them, each with what the outbox does to make its payload:
    a typical ``update`` (three elements), a big one (a column of 200 new cards, 601 elements) and
    the turn broadcast's ``run_javascript`` (dialoog/live.py)."""
    client = Client(page("/speedups-benchmark-payloads"))
    with client.content:
        turn = ui.label("Nu aan het woord: Anna").classes("d-turn-info text-lg font-bold d-wrap")
        hand = ui.button("Ik wil iets zeggen", icon="back_hand", on_click=lambda: None).classes("w-full")
        banner = ui.label("Ronde 2: wat neem je mee?").classes("d-phone-banner w-full text-lg font-bold")
        with ui.column().classes("w-full gap-3") as wall:
            for n in range(200):
                with ui.element("div").classes("d-card").style("--d-hue: 210"):
                    ui.label(f"Kaart {n}: de buurvrouw bracht soep toen ik ziek was, en bleef even.").classes("d-card-text")
                    ui.label("· Anna").classes("d-card-author")

    def update(elements: list) -> tuple[list, Callable[[], object]]:
        def make() -> dict:  # Outbox.loop's dict of element dicts, and Outbox._emit's message id
            data = {element.id: element._to_dict() for element in elements}
            data["_id"] = 41
            return data
        return ["update", make()], make

    script = {"code": 'dialoogSetText("d-turn-info", "Nu aan het woord: Anna")', "_id": 41}
    return {
        "update, 3 elements": update([turn, hand, banner]),
        "update, 601 elements": update([wall, *wall.descendants()]),
        "run_javascript (turn broadcast)": (["run_javascript", script], lambda: dict(script)),
    }, client


def _send(packet_class: type[packet.Packet], data: list) -> None:
    """What python-socketio does per emitted message: the Socket.IO packet, encoded, in Engine.IO frames."""
    encoded = packet_class(packet.EVENT, namespace="/", data=data).encode()
    for part in encoded if isinstance(encoded, list) else [encoded]:
        eio_packet.Packet(eio_packet.MESSAGE, part).encode()


SENDERS = {"off": packet.Packet, "str keys": StrKeysJsonPacket, "walk": WalkPacket, "on": nicegui_speedups.JsonPacket}


def sending(rounds: int) -> dict:
    assert packet.Packet.json is nicegui.json  # set by NiceGUI's AsyncServer(json=…), as on the server
    made, client = messages()
    results = {}
    for name, (data, make) in made.items():
        results[name] = {
            "bytes": len(nicegui.json.dumps(data)),
            "payload": _alternate(rounds, {"": make})[""],
            "send": _alternate(rounds, {mode: lambda c=c, d=data: _send(c, d) for mode, c in SENDERS.items()}),
            "check": _alternate(rounds, {mode: lambda c=c, d=data: c.data_is_binary(d) for mode, c in SENDERS.items()}),
        }
    client.delete()
    return results


# ---- (c) idle screens --------------------------------------------------------------------------------

class IdleOutbox:
    """What an outbox loop touches of ``Outbox`` and its client; counts the loop's turns."""

    def __init__(self) -> None:
        self.updates: dict = {}
        self.messages: list = []
        self._loaded_components: set[str] = set()
        self._enqueue_event = None
        self.stopping = False
        self.turns = 0
        self.client = type("Client", (), {"id": "c", "has_socket_connection": True})()

    @property
    def _should_stop(self) -> bool:  # read once per turn of the loop
        self.turns += 1
        return self.stopping


async def _idle(loop_function: Callable, outboxes: int, seconds: float) -> tuple[float, float]:
    boxes = [IdleOutbox() for _ in range(outboxes)]
    tasks = [asyncio.create_task(loop_function(box)) for box in boxes]
    await asyncio.sleep(1.5)  # every loop has sent its first (empty) round and waits
    turns = sum(box.turns for box in boxes)
    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.sleep(seconds)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    wakeups = (sum(box.turns for box in boxes) - turns) / wall
    for box in boxes:
        box.stopping = True
        if box._enqueue_event is not None:
            box._enqueue_event.set()
    await asyncio.wait(tasks, timeout=5)
    return cpu / wall, wakeups


def idle_screens(outboxes: int, seconds: float) -> dict:
    loops: dict[str, Callable] = {"asyncio": asyncio.new_event_loop}
    try:
        import uvloop

        loops["uvloop"] = uvloop.new_event_loop
    except ImportError:
        pass
    results = {}
    for loop_name, new_loop in loops.items():
        for mode, function in (("off", nicegui_speedups._original_loop), ("on", nicegui_speedups._outbox_loop)):
            gc.collect()
            loop = new_loop()
            try:
                results[(loop_name, mode)] = loop.run_until_complete(_idle(function, outboxes, seconds))
            finally:
                loop.close()
    return results


# ---- helpers and the table ---------------------------------------------------------------------------

def _per_op(fn: Callable[[], object], budget: float = 0.2) -> float:
    """Seconds per call: the fastest of five batches, together about ``budget`` seconds long."""
    n, took = 1, 0.0
    while took < budget / 10:
        n *= 2
        start = CLOCK()
        for _ in range(n):
            fn()
        took = CLOCK() - start
    n = max(1, int(n * budget / 5 / took))
    best = float("inf")
    for _ in range(5):
        start = CLOCK()
        for _ in range(n):
            fn()
        best = min(best, (CLOCK() - start) / n)
    return best


def _alternate(rounds: int, variants: dict[str, Callable[[], object]]) -> dict[str, float]:
    best = dict.fromkeys(variants, float("inf"))
    for _ in range(rounds):
        for name, fn in variants.items():
            best[name] = min(best[name], _per_op(fn, budget=0.1))
    return best


def _gain(off: float, on: float) -> str:
    return f"{(off - on) / off * 100:+.0f} %" if off else "–"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=100, help="phone pages per round (a)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds of on and off, (a) and (b)")
    parser.add_argument("--outboxes", type=int, default=1000, help="idle outbox loops (c)")
    parser.add_argument("--idle-seconds", type=float, default=10.0, help="seconds measured per idle run (c)")
    args = parser.parse_args()

    print(f"NiceGUI {nicegui.__version__}, python-socketio {_version('python-socketio')}, "
          f"Python {platform.python_version()}, {os.cpu_count()} cores")
    us = 1e6

    creation = element_creation(args.pages, args.rounds)
    per_element = creation["calls"] / creation["elements"]
    off, on = creation["page"]["off"], creation["page"]["on"]
    print(f"\n(a) element creation: a phone page = {creation['elements']} elements, "
          f"{creation['calls']} expects_arguments calls ({per_element:.1f} per element)")
    print("| measure | off (NiceGUI) | on (shortcut) | gain |")
    print("|---|---|---|---|")
    print(f"| expects_arguments, µs per call | {creation['call']['off'] * us:.2f} | {creation['call']['on'] * us:.2f} "
          f"| {_gain(creation['call']['off'], creation['call']['on'])} |")
    print(f"| building a phone page, µs | {off * us:.0f} | {on * us:.0f} | {_gain(off, on)} |")
    print(f"| per element, µs | {off * us / creation['elements']:.1f} | {on * us / creation['elements']:.1f} | |")

    sent = sending(args.rounds)
    print("\n(b) sending a message: python-socketio's packet built and encoded, and its Engine.IO frame")
    print("('payload' is the outbox making the message's data: Element._to_dict for each element)")
    print("| message | measure | off (Packet) | as before #16 (str keys) | proposed walk | on (JsonPacket) | gain on |")
    print("|---|---|---|---|---|---|---|")
    for name, figures in sent.items():
        label = f"{name}, {figures['bytes']:,} B"
        print(f"| {label} | making the payload, µs | {figures['payload'] * us:.1f} | | | | |")
        for measure, key in (("data_is_binary, µs", "check"), ("building + encoding, µs", "send")):
            o, s, w, n = (figures[key][mode] * us for mode in SENDERS)
            print(f"| {label} | {measure} | {o:.1f} | {s:.1f} | {w:.1f} | {n:.1f} | {_gain(o, n)} |")
        o, s, w, n = ((figures["send"][mode] + figures["payload"]) * us for mode in SENDERS)
        print(f"| {label} | payload + sending, µs | {o:.1f} | {s:.1f} | {w:.1f} | {n:.1f} | {_gain(o, n)} |")

    if args.idle_seconds > 0:
        idle = idle_screens(args.outboxes, args.idle_seconds)
        print(f"\n(c) {args.outboxes} idle outbox loops, {args.idle_seconds:g} s measured each")
        print("| event loop | measure | off (Outbox.loop) | on (timer-less) |")
        print("|---|---|---|---|")
        for loop_name in dict.fromkeys(name for name, _ in idle):
            (cpu_off, wake_off), (cpu_on, wake_on) = idle[(loop_name, "off")], idle[(loop_name, "on")]
            print(f"| {loop_name} | CPU, % of a core | {cpu_off * 100:.1f} | {cpu_on * 100:.1f} |")
            print(f"| {loop_name} | wake-ups per second | {wake_off:,.0f} | {wake_on:,.0f} |")


def _version(distribution: str) -> str:
    from importlib.metadata import version

    return version(distribution)


if __name__ == "__main__":
    main()
