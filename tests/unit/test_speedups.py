"""The shortcuts in dialoog/nicegui_speedups.py change nothing but the speed, and
DIALOOG_NICEGUI_SPEEDUPS=false leaves NiceGUI as released."""

import gc
import json
import os
import weakref

import pytest
from engineio.async_socket import AsyncSocket
from nicegui import Client, core, helpers, ui
from nicegui.outbox import Outbox
from nicegui.page import page
from socketio import packet

from dialoog import app, config, nicegui_speedups


def test_the_cached_answer_for_bound_methods_is_nicegui_s_own():
    class Handlers:
        def without(self) -> None: ...
        def with_event(self, event) -> None: ...
        def with_default(self, event=None) -> None: ...

    one, other = Handlers(), Handlers()
    nicegui_speedups._by_function.clear()
    try:
        for handler in (one.without, one.with_event, one.with_default, other.without, other.with_event,
                        lambda: None, lambda e: None, [].append, Handlers):
            assert nicegui_speedups._expects_arguments(handler) is helpers.expects_arguments(handler), handler
        assert set(nicegui_speedups._by_function) == {Handlers.without, Handlers.with_event, Handlers.with_default}
    finally:
        nicegui_speedups._by_function.clear()


def test_an_update_keyed_by_element_id_is_answered_by_orjson_without_the_walk(monkeypatch):
    def walk(cls, data):
        raise AssertionError("python-socketio's walk ran for a plain update")

    update = ["update", {5: {"tag": "div", "text": "Anna", "class": ["d-turn-info"]}, 7: None, "_id": 3}]
    expected = packet.Packet(packet.EVENT, data=update, namespace="/").encode()
    monkeypatch.setattr(packet.Packet, "data_is_binary", classmethod(walk))
    made = nicegui_speedups.JsonPacket(packet.EVENT, data=update, namespace="/")
    assert made.packet_type == packet.EVENT
    assert made.encode() == expected == '2["update",{"5":{"tag":"div","text":"Anna","class":["d-turn-info"]},"7":null,"_id":3}]'


def test_server_packets_skip_the_search_for_binary_parts_and_encode_the_same():
    payload = ["update", {"5": {"tag": "div", "text": "Anna <b>", "props": {"a": [1, {"b": None}]}}, "_id": 3}]
    before = packet.Packet(packet.EVENT, data=payload, namespace="/").encode()
    nicegui_speedups.install()
    try:
        assert core.sio.packet_class is nicegui_speedups.JsonPacket
        made = core.sio.packet_class(packet.EVENT, data=payload, namespace="/")
        assert made.packet_type == packet.EVENT
        assert made.encode() == before
        assert json.loads(made.encode()[1:]) == payload
        incoming = core.sio.packet_class(encoded_packet='2["event",{"id":1}]')
        assert incoming.data == ["event", {"id": 1}]
        # ui.download of content made in memory sends bytes: they still go as an attachment
        download = ["download", {"src": b"%PDF-1.7", "filename": "verslag.pdf", "_id": 4}]
        plain = packet.Packet(packet.EVENT, data=download, namespace="/")
        made = core.sio.packet_class(packet.EVENT, data=download, namespace="/")
        assert made.packet_type == plain.packet_type == packet.BINARY_EVENT
        assert made.encode() == plain.encode()
    finally:
        nicegui_speedups.uninstall()
    assert core.sio.packet_class is packet.Packet


class _StubOutbox:
    """What the outbox loop touches of an ``Outbox`` and its client."""

    def __init__(self) -> None:
        self.updates: dict = {}
        self.messages: list = []
        self._loaded_components: set[str] = set()
        self._should_stop = False
        self._enqueue_event = None
        self.sent: list = []
        self.client = type("C", (), {"id": "c1", "has_socket_connection": True})()

    async def _emit(self, message) -> None:
        self.sent.append(message)

    def enqueue(self, message) -> None:
        self.messages.append(message)
        self._enqueue_event.set()

    def stop(self) -> None:
        self._should_stop = True
        self._enqueue_event.set()


def test_the_outbox_loop_sends_on_news_waits_without_a_timer_and_stops():
    import asyncio

    assert nicegui_speedups.outbox_loop_matches(), "NiceGUI's outbox loop changed: compare and update the copy"

    async def scenario() -> None:
        box = _StubOutbox()
        task = asyncio.create_task(nicegui_speedups._outbox_loop(box))
        await asyncio.sleep(0.01)
        loop = asyncio.get_running_loop()
        assert not task.done()
        assert not loop._scheduled, "an idle outbox must not keep a timer"  # NiceGUI's own has one per second
        box.enqueue(("c1", "notify", {"message": "Hallo"}))
        await asyncio.sleep(0.01)
        assert box.sent == [("c1", "notify", {"message": "Hallo"})]
        box.stop()
        await asyncio.wait_for(task, 1)

    asyncio.run(scenario())


def test_the_outbox_loop_is_installed_and_removed():
    original = Outbox.loop
    nicegui_speedups.install()
    try:
        assert Outbox.loop is nicegui_speedups._outbox_loop
    finally:
        nicegui_speedups.uninstall()
    assert Outbox.loop is original is nicegui_speedups._original_loop


class _StubSocket:
    """What ``poll`` touches of an engineio socket and its server."""

    def __init__(self, upgraded: bool) -> None:
        import asyncio

        self.upgraded = upgraded
        self.queue: asyncio.Queue = asyncio.Queue()
        self.server = type("S", (), {"ping_interval": 0.05, "ping_timeout": 0.05})()


def test_a_websocket_waits_for_its_next_packet_without_a_timer_and_sends_them_in_order():
    import asyncio

    from engineio import exceptions as eio_exceptions

    assert nicegui_speedups.socket_poll_matches(), "engineio's AsyncSocket.poll changed: compare and update the copy"

    async def scenario() -> None:
        ws = _StubSocket(upgraded=True)
        waiting = asyncio.create_task(nicegui_speedups._socket_poll(ws))
        await asyncio.sleep(0.2)  # longer than ping_interval + ping_timeout: no timeout on a websocket
        assert not waiting.done()
        assert not asyncio.get_running_loop()._scheduled, "a waiting writer must not keep a timer"
        for pkt in ("a", "b", None):
            ws.queue.put_nowait(pkt)
        assert await waiting == ["a", "b"]  # what is queued goes at once, up to the end (None)
        assert await nicegui_speedups._socket_poll(ws) == []  # the end stays queued: the writer stops
        polling = _StubSocket(upgraded=False)  # long polling keeps engineio's own wait, and its timeout
        with pytest.raises(eio_exceptions.QueueEmpty):
            await nicegui_speedups._socket_poll(polling)
        cancelled = asyncio.create_task(nicegui_speedups._socket_poll(_StubSocket(upgraded=True)))
        await asyncio.sleep(0.01)
        cancelled.cancel()
        with pytest.raises(eio_exceptions.QueueEmpty):  # as engineio's: the writer ends quietly
            await cancelled

    asyncio.run(scenario())


@pytest.mark.parametrize("shortcut", [False, True])
def test_a_deleted_element_leaves_no_garbage_cycles(shortcut):
    """Released NiceGUI leaves each deleted element's classes, style and props in reference cycles
    (freed only by the garbage collector); with the shortcut, reference counting frees them at once."""
    if shortcut:
        nicegui_speedups.install()
    try:
        client = Client(page("/"), request=None)
        with client, ui.row() as row:
            label = ui.label("Anna").classes("d-card").style("color: red").props("dense")
        collections = [weakref.ref(c) for c in (label._classes, label._style, label._props)]
        label.classes(add="later")  # a change still reaches the element while it lives
        assert "later" in label._to_dict()["class"]
        gc.disable()  # only reference counting from here
        try:
            row.clear()
            assert label.is_deleted
            del label
            freed = [ref() is None for ref in collections]
        finally:
            gc.enable()
        assert freed == [shortcut] * 3
    finally:
        nicegui_speedups.uninstall()


@pytest.mark.parametrize("setting", ["false", "true"])
def test_the_setting_switches_all_the_shortcuts(setting):
    old = os.environ.get("DIALOOG_NICEGUI_SPEEDUPS")
    os.environ["DIALOOG_NICEGUI_SPEEDUPS"] = setting
    config.reset_settings()
    try:
        nicegui_speedups.install()  # whatever a previous build() left
        app._use_nicegui_speedups()  # what app.build() does first
        installed = (helpers.expects_arguments, core.sio.packet_class, Outbox.loop, AsyncSocket.poll,
                     Client.remove_elements)
        if setting == "false":
            assert installed == (nicegui_speedups._original, packet.Packet, nicegui_speedups._original_loop,
                                 nicegui_speedups._original_poll, nicegui_speedups._original_remove_elements)
        else:
            assert installed == (nicegui_speedups._expects_arguments, nicegui_speedups.JsonPacket,
                                 nicegui_speedups._outbox_loop, nicegui_speedups._socket_poll,
                                 nicegui_speedups._remove_elements)
        assert nicegui_speedups.deleted_elements_leave_no_cycles() is (setting == "true")
    finally:
        nicegui_speedups.uninstall()
        if old is None:
            os.environ.pop("DIALOOG_NICEGUI_SPEEDUPS", None)
        else:
            os.environ["DIALOOG_NICEGUI_SPEEDUPS"] = old
        config.reset_settings()


def test_the_setting_is_on_by_default():
    assert config.Settings.model_fields["nicegui_speedups"].default is True
