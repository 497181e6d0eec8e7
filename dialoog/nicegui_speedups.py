"""Five measured shortcuts in NiceGUI's hot paths, each proposed upstream so it can go away.

Measured again against NiceGUI 3.18 for issue #16 (``benchmarks/speedups.py``; the figures, the
upstream proposals and when each shortcut can go are in ``docs/upstream.md``). All three still
pay, so all three stay; the fourth and fifth came with issue #15. ``DIALOOG_NICEGUI_SPEEDUPS=false`` switches
them off (``app.build``):
NiceGUI, python-socketio and python-engineio then run exactly as released.

1. Element creation. Every NiceGUI element makes three observable collections (classes,
   style, props), and each asks ``inspect.signature`` of its change handler whether it takes
   arguments. Since 3.15 NiceGUI keeps that answer with the handler when it is registered, so
   a change no longer asks again; but registering is what creating an element does, three times.
   The handler is a bound method of the same few functions every time, yet the answer is computed
   anew: in the 1,000-phone benchmark this was 9 % of the server's CPU, and with 3.18 it is still
   about a third of the time it takes to build a phone page. The answer depends only on the
   function, so for bound methods it is kept per function (lambdas and other callables are asked
   as before).

2. Sending. For every message python-socketio walks the whole payload in Python to find
   ``bytes`` to send as binary attachments (``Packet.data_is_binary``). Almost every NiceGUI
   message is plain JSON (element updates, notifications, scripts); only a few carry bytes
   (``ui.download`` of content made in memory, such as the PDF summary). The walk was 38 % of
   the cost of sending an update in the 1,000-phone benchmark's card window. The server's
   packets ask orjson first, in C: what it can encode holds no bytes (orjson refuses them);
   anything else gets python-socketio's own walk, so the answer is always the same. Updates are
   keyed by element id, an ``int``: orjson is asked with ``OPT_NON_STR_KEYS``, as NiceGUI's own
   JSON does (without it orjson refused every update at its first key, and only the walk's
   recursion into ``data_is_binary`` got the shortcut back, one element dict at a time).

3. Idle screens. Each client's outbox loop waits for news with ``asyncio.wait_for(…, 1.0)``:
   with nothing to send it wakes every second anyway, and in Python 3.11 each of those waits
   makes a task, a timer and a cancellation. A full room of 1,000 phones doing nothing cost
   12 % of a core this way, over half of it in these waits. The outbox loop here is NiceGUI's,
   line for line, except that it waits without a timer: every enqueue and ``stop()`` set the
   event it waits for, so nothing is missed. It is used only while NiceGUI's own loop is the
   one it was copied from (``OUTBOX_LOOP_SOURCE``); after an upgrade it is left alone.

4. Writing to a websocket. python-engineio's writer waits for each next packet of a socket with
   ``asyncio.wait_for(queue.get(), ping_interval + ping_timeout)``: after every message a socket
   is sent, a task, a future, a timer and their callbacks, which then live until the socket's
   next message (seconds). In a room of 1,000 phones they are a good part of the ~100,000
   objects each full garbage collection walks (``gc_tuning``; benchmarks/RESULTS.md, issue #15).
   On a websocket the timeout is not needed: when the client goes, the socket's reader (which
   keeps its own timeout) puts ``None`` in the queue and the writer ends; closing does the same.
   So once upgraded, ``poll`` awaits the queue itself; long polling keeps engineio's own wait,
   where the timeout ends a request. Used only while engineio's ``poll`` is the one it was copied
   from (``SOCKET_POLL_SOURCE``).

5. Deleting an element. Each of an element's three observable collections keeps its own bound
   ``_update`` as change handler: a reference cycle (collection → handler list → bound method →
   collection). Reference counting frees the element itself when it is deleted, but never those
   cycles: each deleted element leaves three of them, about twenty objects, for the garbage
   collector. The projector and the console replace rows as cards come in; in the 1,000-phone
   tables profile this was nearly all of the cyclic garbage each full collection found (5,000–12,000
   objects a collection, ``Classes``, ``Style`` and ``Props`` with their lists, dicts and bound
   methods; diagnosed with ``gc.DEBUG_SAVEALL``), and what kept ``gc_tuning`` from freezing
   survivors earlier. Once NiceGUI has removed an element, nothing calls those handlers any more
   (an update of a deleted element does nothing), so the removal also empties the three handler
   lists and reference counting frees the collections at once.
"""

from __future__ import annotations

import asyncio
import hashlib
import inspect
import logging
from collections.abc import Callable

import orjson
from engineio import exceptions as eio_exceptions
from engineio.async_socket import AsyncSocket
from nicegui import core, helpers
from nicegui.client import Client
from nicegui.dependencies import JsComponent
from nicegui.outbox import Deleted, Outbox, deleted
from socketio import packet

log = logging.getLogger(__name__)

_original = helpers.expects_arguments
_by_function: dict[Callable, bool] = {}


def _expects_arguments(func: Callable) -> bool:
    function = getattr(func, "__func__", None)
    if function is None or getattr(func, "__self__", None) is None:
        return _original(func)
    found = _by_function.get(function)
    if found is None:
        found = _by_function[function] = _original(func)
    return found


class JsonPacket(packet.Packet):
    """A Socket.IO packet that looks for binary parts in C first."""

    @classmethod
    def data_is_binary(cls, data) -> bool:
        try:
            orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)  # updates are keyed by element id, an int
        except TypeError:  # bytes somewhere, or a type only NiceGUI's converter knows: ask the walk
            return super().data_is_binary(data)
        return False


_original_loop = Outbox.loop
OUTBOX_LOOP_SOURCE = "efb7d8934c322314ea07ef57f5558569fca7194e93c755c7bc7c8d36dca16d1a"
"""SHA-256 of ``inspect.getsource(Outbox.loop)`` in the NiceGUI release ``_outbox_loop`` copies (3.18)."""


async def _outbox_loop(self: Outbox) -> None:
    """NiceGUI's ``Outbox.loop``, waiting for the enqueue event without a one-second timer."""
    self._enqueue_event = asyncio.Event()
    self._enqueue_event.set()

    while not self._should_stop:
        try:
            if not self._enqueue_event.is_set():
                await self._enqueue_event.wait()  # the only change: no wait_for(…, timeout=1.0)
                continue  # look at _should_stop first, as the original does after its timeout

            client = self.client
            if not client or not client.has_socket_connection:
                await asyncio.sleep(0.1)
                continue

            self._enqueue_event.clear()

            coros = []
            if self.updates:
                data = {
                    element_id: None if element is deleted else element._to_dict()  # noqa: SLF001
                    for element_id, element in self.updates.items()
                }
                js_components = [
                    component
                    for element in self.updates.values()
                    if not isinstance(element, Deleted)
                    and isinstance((component := element.component), JsComponent)
                    and component.name not in self._loaded_components
                ]
                if js_components:
                    coros.append(self._emit((client.id, "load_js_components", {
                        "components": [{"key": c.key, "tag": c.tag} for c in js_components],
                    })))
                    self._loaded_components.update(c.name for c in js_components)
                coros.append(self._emit((client.id, "update", data)))
                self.updates.clear()

            if self.messages:
                for message in self.messages:
                    coros.append(self._emit(message))
                self.messages.clear()

            for coro in coros:
                try:
                    await coro
                except Exception as e:  # noqa: BLE001 - as NiceGUI does
                    core.app.handle_exception(e)
        except asyncio.CancelledError:
            break
        except Exception as e:  # noqa: BLE001 - as NiceGUI does
            core.app.handle_exception(e)
            await asyncio.sleep(0.1)


_original_poll = AsyncSocket.poll
SOCKET_POLL_SOURCE = "826f58a9f3606db208e5d1266f075ad655b6eeda47b0a5616748624899ca5954"
"""SHA-256 of ``inspect.getsource(AsyncSocket.poll)`` in the python-engineio release ``_socket_poll`` copies (4.15)."""


async def _socket_poll(self: AsyncSocket) -> list:
    """engineio's ``AsyncSocket.poll``; on a websocket without a task and a timer per wait."""
    if not self.upgraded:
        return await _original_poll(self)  # long polling: the timeout ends the request
    try:
        packets = [await self.queue.get()]  # the only change: no wait_for(…, ping_interval + ping_timeout)
        self.queue.task_done()
    except asyncio.CancelledError:
        raise eio_exceptions.QueueEmpty() from None
    if packets == [None]:
        return []
    while True:
        try:
            pkt = self.queue.get_nowait()
            self.queue.task_done()
            if pkt is None:
                self.queue.put_nowait(None)
                break
            packets.append(pkt)
        except asyncio.QueueEmpty:
            break
    return packets


_original_remove_elements = Client.remove_elements


def _remove_elements(self: Client, elements) -> None:
    """NiceGUI's ``Client.remove_elements``; then the deleted elements' collections let go of their handlers."""
    element_list = list(elements)
    _original_remove_elements(self, element_list)
    for element in element_list:
        for collection in (element._classes, element._style, element._props):  # noqa: SLF001
            collection._change_handlers.clear()  # noqa: SLF001 - the cycle: collection -> its own _update


def deleted_elements_leave_no_cycles() -> bool:
    """Whether the fifth shortcut is in use (``gc_tuning`` may then freeze survivors earlier)."""
    return Client.remove_elements is _remove_elements


def socket_poll_matches() -> bool:
    """Whether engineio's ``AsyncSocket.poll`` is still the one ``_socket_poll`` was copied from."""
    source = inspect.getsource(_original_poll)
    return hashlib.sha256(source.encode()).hexdigest() == SOCKET_POLL_SOURCE


def outbox_loop_matches() -> bool:
    """Whether NiceGUI's outbox loop is still the one ``_outbox_loop`` was copied from."""
    source = inspect.getsource(_original_loop)
    return hashlib.sha256(source.encode()).hexdigest() == OUTBOX_LOOP_SOURCE


def install() -> None:
    """Use the shortcuts (idempotent)."""
    helpers.expects_arguments = _expects_arguments
    core.sio.packet_class = JsonPacket
    if outbox_loop_matches():
        Outbox.loop = _outbox_loop
    else:
        log.warning("NiceGUI's outbox loop changed: idle screens wake every second (see nicegui_speedups.py)")
    if socket_poll_matches():
        AsyncSocket.poll = _socket_poll
    else:
        log.warning("engineio's socket poll changed: a timer per message again (see nicegui_speedups.py)")
    Client.remove_elements = _remove_elements


def uninstall() -> None:
    helpers.expects_arguments = _original
    _by_function.clear()
    core.sio.packet_class = packet.Packet
    Outbox.loop = _original_loop
    AsyncSocket.poll = _original_poll
    Client.remove_elements = _original_remove_elements
