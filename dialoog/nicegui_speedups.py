"""Two measured shortcuts in NiceGUI's hot paths.

1. Element creation. Every NiceGUI element makes three observable collections (classes,
   style, props), and each asks ``inspect.signature`` of its change handler whether it takes
   arguments. That handler is a bound method of the same few functions every time, yet the
   answer was computed anew: in the 1,000-phone benchmark this was 9 % of the server's CPU,
   most of the cost of building a phone page. The answer depends only on the function, so for
   bound methods it is kept per function (lambdas and other callables are asked as before).

2. Sending. For every message python-socketio walks the whole payload in Python to find
   ``bytes`` to send as binary attachments (``Packet.data_is_binary``). NiceGUI's messages
   are JSON (element dicts, notifications, scripts) and never hold bytes, so the walk finds
   nothing; it was 38 % of the cost of sending an update in the 1,000-phone benchmark's card
   window. The server's packets are made by a subclass that skips it. Incoming packets decode
   as before.
"""

from __future__ import annotations

from collections.abc import Callable

from nicegui import core, helpers
from socketio import packet

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
    """A Socket.IO packet that is always plain JSON: no search for binary parts."""

    uses_binary_events = False


def install() -> None:
    """Use both shortcuts (idempotent)."""
    helpers.expects_arguments = _expects_arguments
    core.sio.packet_class = JsonPacket


def uninstall() -> None:
    helpers.expects_arguments = _original
    _by_function.clear()
    core.sio.packet_class = packet.Packet
