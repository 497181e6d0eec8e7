"""A simulated phone: a python-socketio client that speaks NiceGUI's protocol.

It does what the browser does, without the browser: GET the page (keeping cookies, so
the participant's identity survives like it does on a real phone), read the element tree
from the HTML, connect the socket with the page's ``client_id`` (implicit handshake), keep
the tree up to date from ``update`` messages, and fire events the way ``nicegui.js`` does
(``update:modelValue`` with the new value, ``click``). A ``ui.navigate.to`` arrives as an
``open`` message and is followed like a browser would. See notes/nicegui.md §3.

Used by ``benchmarks/load.py`` (hundreds of phones, and with ``--tables`` a ``SimHost`` per table)
and by the kill -9 test (20 phones).
"""

from __future__ import annotations

import ast
import asyncio
import json
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

import aiohttp
import socketio

ELEMENTS = re.compile(r"parseElements\(String\.raw`(.*?)`\)", re.S)
QUERY = re.compile(r"query: (\{.*?\}),\n", re.S)
SET_TEXT = re.compile(r'dialoogSetText\(("[^"]*"), ("(?:[^"\\]|\\.)*")\)')
UNESCAPE = (("&#36;", "$"), ("&#96;", "`"), ("&gt;", ">"), ("&lt;", "<"), ("&amp;", "&"))


def _parse_page(html: str) -> tuple[dict[str, dict], dict[str, Any]]:
    found = ELEMENTS.search(html)
    query = QUERY.search(html)
    if not found or not query:
        raise RuntimeError("not a NiceGUI page")
    raw = found.group(1)
    for escaped, plain in UNESCAPE:
        raw = raw.replace(escaped, plain)
    return json.loads(raw), ast.literal_eval(query.group(1))  # a Python dict literal in the page


class SimPage:
    """One browser tab: a page, its socket and its live element tree."""

    def __init__(self, base_url: str, http: aiohttp.ClientSession, *, name: str = "") -> None:
        self.base_url = base_url.rstrip("/")
        self.http = http
        self.name = name
        self.tab_id = str(uuid.uuid4())
        self.elements: dict[str, dict] = {}
        self.client_id = ""
        self.path = ""
        self.sio: socketio.AsyncClient | None = None
        self.connected = asyncio.Event()
        self.navigated = asyncio.Event()
        self.watchers: list[Callable[[float, dict[str, dict | None]], None]] = []
        self.notifications: list[str] = []
        self.updates = 0
        self.reloads = 0
        self._closing = False
        self._reloading = False
        self._opening = False
        self.connected_once = False
        self.next_message_id = 0  # like nicegui.js: one past the newest message seen
        self._acked = 0
        self._acking: asyncio.Task | None = None

    # -- loading -------------------------------------------------------------------------
    async def open(self, path: str, *, attempts: int = 30) -> None:
        """GET the page and connect its socket; retried while the server is (re)starting."""
        self._opening = True
        try:
            await self._open(path, attempts)
        finally:
            self._opening = False

    async def _open(self, path: str, attempts: int) -> None:
        await self._disconnect()
        for attempt in range(attempts):
            try:
                async with self.http.get(self.base_url + path) as response:
                    html = await response.text()
                    landed = response.url.path  # after redirects
                self.elements, query = _parse_page(html)
                self.client_id = query["client_id"]
                query.update(tab_id=self.tab_id, document_id=str(uuid.uuid4()), implicit_handshake="true")
                await self._connect(query)
                self.path = landed
                return
            except (aiohttp.ClientError, socketio.exceptions.ConnectionError, RuntimeError, asyncio.TimeoutError):
                await self._disconnect()
                if attempt == attempts - 1:
                    raise
                await asyncio.sleep(0.5 + 0.1 * attempt)

    async def _connect(self, query: dict[str, Any]) -> None:
        self.connected.clear()
        sio = socketio.AsyncClient(reconnection=True, reconnection_delay=0.5, reconnection_delay_max=2)
        self.sio = sio
        sio.on("update", self._counted(self._on_update))
        sio.on("open", self._counted(self._on_open))
        sio.on("notify", self._counted(lambda msg: self.notifications.append(str(msg.get("message", "")))))
        sio.on("connect", lambda: self.connected.set())
        sio.on("disconnect", lambda *_: self.connected.clear())
        sio.on("connect_error", lambda *_: self._handshake_failed(sio))
        # The browser answers run_javascript; so do we (with nothing), so the server never waits.
        sio.on("run_javascript", self._counted(self._on_javascript))
        self.next_message_id = self._acked = int(query.get("next_message_id", 0))
        params = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in query.items()}
        url = self.base_url + "?" + "&".join(f"{k}={v}" for k, v in params.items())
        await sio.connect(url, socketio_path="/_nicegui_ws/socket.io", transports=["websocket"], wait_timeout=20)
        await asyncio.wait_for(self.connected.wait(), 20)
        self.connected_once = True
        if self._acking is None:
            self._acking = asyncio.get_running_loop().create_task(self._ack_every(3.0))

    def _counted(self, handler: Callable[[dict], Any]) -> Callable[[dict], Any]:
        """Note the message's ``_id`` (as nicegui.js does) before handling it."""
        def note(msg: dict) -> None:
            if isinstance(msg, dict) and isinstance(msg.get("_id"), int):
                self.next_message_id = max(self.next_message_id, msg["_id"] + 1)

        if asyncio.iscoroutinefunction(handler):
            async def counted_async(msg: dict) -> Any:
                note(msg)
                return await handler(msg)
            return counted_async

        def counted(msg: dict) -> Any:
            note(msg)
            return handler(msg)
        return counted

    async def _ack_every(self, seconds: float) -> None:
        """Tell the server which messages arrived, every few seconds like nicegui.js, so it can
        drop them from the page's reconnect history (without acks that history keeps growing)."""
        while not self._closing:
            await asyncio.sleep(seconds)
            sio = self.sio
            if sio is not None and sio.connected and self.next_message_id > self._acked:
                try:
                    await sio.emit("ack", {"client_id": self.client_id, "next_message_id": self.next_message_id})
                    self._acked = self.next_message_id
                except Exception:  # noqa: BLE001 - disconnected meanwhile; the next round tries again
                    pass

    async def _disconnect(self) -> None:
        if self.sio is not None:
            old, self.sio = self.sio, None
            try:
                await old.disconnect()
            except Exception:  # noqa: BLE001 - it may be gone already
                pass

    async def close(self) -> None:
        self._closing = True
        if self._acking is not None:
            self._acking.cancel()
        await self._disconnect()

    # -- incoming ------------------------------------------------------------------------
    def _on_update(self, data: dict[str, dict | None]) -> None:
        now = time.time()
        data = dict(data)
        data.pop("_id", None)
        self.updates += 1
        for element_id, element in data.items():
            if element is None:
                self.elements.pop(element_id, None)
            else:
                self.elements[element_id] = element
        for watch in self.watchers:
            watch(now, data)

    def _handshake_failed(self, sio: socketio.AsyncClient) -> None:
        """The server no longer knows this page (it restarted, or the timeout passed): reload, like nicegui.js."""
        if sio is self.sio and self.connected_once and not (self._closing or self._reloading or self._opening):
            self._reloading = True
            self.reloads += 1
            asyncio.get_running_loop().create_task(self._follow(self.path))

    def _on_open(self, msg: dict) -> None:
        path = msg.get("path", "")
        if path.startswith("/"):
            self.reloads += 1
            asyncio.get_running_loop().create_task(self._follow(path))

    async def _follow(self, path: str) -> None:
        try:
            await self.open(path, attempts=120)
        finally:
            self._reloading = False
        self.navigated.set()

    async def _on_javascript(self, msg: dict) -> None:
        found = SET_TEXT.fullmatch(str(msg.get("code", "")))
        if found:  # the turn broadcast (dialoog/live.py): what the page's dialoogSetText does
            cls, text = json.loads(found.group(1)), json.loads(found.group(2))
            changed = {}
            for element_id, element in self.elements.items():
                if cls in element.get("class", []):
                    element["text"] = text
                    changed[element_id] = element
            now = time.time()
            for watch in self.watchers:
                watch(now, changed)
        if self.sio is not None and msg.get("request_id"):
            await self.sio.emit("javascript_response",
                                {"request_id": msg["request_id"], "client_id": self.client_id, "result": None})

    # -- looking -------------------------------------------------------------------------
    def find(self, *, text: str | None = None, label: str | None = None, tag: str | None = None,
             cls: str | None = None, startswith: str | None = None) -> list[str]:
        """Ids of elements matching all given conditions (label = the props label of inputs and buttons)."""
        found = []
        for element_id, element in self.elements.items():
            props = element.get("props", {})
            if tag is not None and element.get("tag") != tag:
                continue
            if text is not None and element.get("text") != text:
                continue
            if startswith is not None and not str(element.get("text", "")).startswith(startswith):
                continue
            if label is not None and props.get("label") != label:
                continue
            if cls is not None and cls not in element.get("class", []):
                continue
            found.append(element_id)
        return sorted(found, key=int)

    def one(self, **conditions: str) -> str:
        found = self.find(**conditions)
        if not found:
            raise LookupError(f"{self.name}: no element with {conditions} on {self.path}")
        return found[0]

    def text_of(self, element_id: str) -> str:
        return str(self.elements.get(element_id, {}).get("text", ""))

    def visible(self, element_id: str) -> bool:
        element = self.elements.get(element_id)
        return element is not None and "hidden" not in element.get("class", [])

    def texts(self) -> list[str]:
        return [str(e["text"]) for e in self.elements.values() if e.get("text")]

    # -- acting --------------------------------------------------------------------------
    async def fire(self, element_id: str, event_type: str, *args: Any) -> None:
        """Send an event as nicegui.js does: each argument JSON-encoded, cut to the listener's ``args``."""
        element = self.elements.get(element_id)
        if element is None or self.sio is None:
            raise LookupError(f"{self.name}: element {element_id} is gone")
        listeners = [x for x in element.get("events", []) if x["type"] == event_type]
        if not listeners:
            raise LookupError(f"{self.name}: element {element_id} has no {event_type} listener")
        for listener in listeners:
            wanted = listener.get("args")
            sent = args if wanted is None else args[:len(wanted)]
            await self.sio.emit("event", {
                "id": int(element_id),
                "client_id": self.client_id,
                "listener_id": listener["listener_id"],
                "args": [json.dumps(a) for a in sent],
            })

    async def type(self, element_id: str, value: str) -> None:
        """Set an input's value (NiceGUI inputs listen to ``update:value``, others to ``update:modelValue``)."""
        events = {x["type"] for x in self.elements.get(element_id, {}).get("events", [])}
        await self.fire(element_id, "update:value" if "update:value" in events else "update:modelValue", value)

    async def click(self, element_id: str) -> None:
        await self.fire(element_id, "click")

    async def wait_for(self, condition: Callable[[], bool], *, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name}: condition not met on {self.path} within {timeout} s")
            await asyncio.sleep(0.05)


class SimPhone(SimPage):
    """A participant: join with a name, post cards, see whose turn it is."""

    async def join(self, code: str, name: str) -> None:
        await self.open(f"/j/{code}")
        await self.type(self.one(label="Je naam"), name)
        await self.click(self.one(label="Meedoen", tag="q-btn"))
        await self.wait_for(lambda: bool(self.find(label="Plaats kaart", tag="q-btn")), timeout=30)

    async def post_card(self, text: str) -> None:
        await self.type(self.one(label="Jouw kaart"), text)
        await self.click(self.one(label="Plaats kaart", tag="q-btn"))

    def has_own_card(self, text: str) -> bool:
        return any(e.get("text") == text for e in self.elements.values())


class SimHost(SimPage):
    """A table host: opens their facilitator link ``/f/<token>`` (the server keeps the pass in this
    "browser's" storage, whose cookie the client keeps, and redirects to ``/sessie/<id>``, which
    for a table's link is the small host console) and presses the console's turn buttons."""

    async def open_link(self, token: str) -> None:
        await self.open(f"/f/{token}")
        if not self.path.startswith("/sessie/"):
            raise RuntimeError(f"{self.name}: the link led to {self.path}, not to a console")
        self.one(label="Volgende spreker", tag="q-btn")  # the host console's turn buttons are there

    def shown(self, element_id: str) -> bool:
        """Whether the element and every element around it are visible (NiceGUI's ``hidden`` class)."""
        parent = {str(c): i for i, e in self.elements.items() for c in e.get("children", [])}
        while element_id is not None:
            if not self.visible(element_id):
                return False
            element_id = parent.get(element_id)
        return True

    def button(self, label: str) -> str | None:
        """The id of the visible button with this label, if there is one."""
        return next((i for i in self.find(label=label, tag="q-btn") if self.shown(i)), None)
