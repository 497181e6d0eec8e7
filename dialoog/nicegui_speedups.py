"""Two measured shortcuts in NiceGUI's hot paths.

1. Element creation. Every NiceGUI element makes three observable collections (classes,
   style, props), and each asks ``inspect.signature`` of its change handler whether it takes
   arguments. That handler is a bound method of the same few functions every time, yet the
   answer was computed anew: in the 1,000-phone benchmark this was 9 % of the server's CPU,
   most of the cost of building a phone page. The answer depends only on the function, so for
   bound methods it is kept per function (lambdas and other callables are asked as before).

2. Sending. For every message python-socketio walks the whole payload in Python to find
   ``bytes`` to send as binary attachments (``Packet.data_is_binary``). Almost every NiceGUI
   message is plain JSON (element updates, notifications, scripts); only a few carry bytes
   (``ui.download`` of content made in memory, such as the PDF summary). The walk was 38 % of
   the cost of sending an update in the 1,000-phone benchmark's card window. The server's
   packets ask orjson first, in C: what it can encode holds no bytes (orjson refuses them);
   anything else gets python-socketio's own walk, so the answer is always the same.
"""

from __future__ import annotations

from collections.abc import Callable

import orjson
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
    """A Socket.IO packet that looks for binary parts in C first."""

    @classmethod
    def data_is_binary(cls, data) -> bool:
        try:
            orjson.dumps(data)
        except TypeError:  # bytes somewhere, or a type only NiceGUI's converter knows: ask the walk
            return super().data_is_binary(data)
        return False


def install() -> None:
    """Use both shortcuts (idempotent)."""
    helpers.expects_arguments = _expects_arguments
    core.sio.packet_class = JsonPacket


def uninstall() -> None:
    helpers.expects_arguments = _original
    _by_function.clear()
    core.sio.packet_class = packet.Packet
