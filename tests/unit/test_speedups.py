"""The shortcuts in dialoog/nicegui_speedups.py change nothing but the speed."""

import json

from nicegui import core
from socketio import packet

from dialoog import nicegui_speedups


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
