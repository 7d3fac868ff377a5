"""Oracle: the net server's virtio-net driver (servers/net/nic.s) on QEMU's own virtio-net device
(virtio-mmio version 2, `-global virtio-mmio.force-legacy=false`, as the fs server needs too),
linked by QEMU's `-netdev dgram` to a test socket: the real image boots, announces its address
with a gratuitous ARP, and answers an ARP request and an echo request.  The frames are checked with the same parser as on our machine
(tests/userland/net_wire.py), so both devices drive one server to the same wire.
"""
from __future__ import annotations

import os
import select
import socket
import time

from tests.oracles.test_qemu_virtio_net import qemu_net
from tests.userland.net_wire import ADDR, ARP, MAC, PEER, PEER_MAC, answer, arp_request, parse, ping_frame
from tests.vm.net_link import free_udp_ports


def _frames(peer, until, seconds=30.0):
    """Frames from the guest, answering its ARP and echo requests to PEER, until `until(frames)`."""
    got, deadline = [], time.monotonic() + seconds
    while not until(got) and time.monotonic() < deadline:
        ready, _, _ = select.select([peer], [], [], 0.5)
        if ready:
            frame = peer.recv(70000)
            got.append(parse(frame))
            for reply in answer(frame, {PEER: PEER_MAC}):
                peer.send(reply)
    return got


def _read_until(proc, text: bytes, seconds=30.0) -> bytes:
    out, deadline = b"", time.monotonic() + seconds
    while text not in out and time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready:
            out += os.read(proc.stdout.fileno(), 65536)
    return out


def test_the_net_server_drives_qemu_s_virtio_net(toyos_image):
    guest_port, peer_port = free_udp_ports(2)
    peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    peer.bind(("127.0.0.1", peer_port))
    peer.connect(("127.0.0.1", guest_port))
    proc = qemu_net(toyos_image, guest_port, peer_port)
    try:
        boot = _read_until(proc, b"toyos$ ")
        assert f"net: 52:54:00:12:34:56 {ADDR}/24".encode() in boot, boot
        announce = _frames(peer, lambda got: any(f["type"] == ARP for f in got))
        assert any(f["type"] == ARP and f["op"] == 1 and f["spa"] == f["tpa"] == ADDR for f in announce)
        peer.send(arp_request())
        replies = _frames(peer, lambda got: any(f.get("op") == 2 for f in got))
        assert any(f.get("op") == 2 and f["sha"] == MAC and f["tpa"] == PEER for f in replies), replies
        peer.send(ping_frame(seq=31, data=b"qemu's card"))
        echoes = _frames(peer, lambda got: any(f.get("icmp_type") == 0 for f in got))
        echo = next(f for f in echoes if f.get("icmp_type") == 0)
        assert (echo["icmp_seq"], echo["icmp_data"], echo["icmp_sum_ok"], echo["ip_sum_ok"]) == (31, b"qemu's card", True, True)
    finally:
        proc.kill()
        proc.communicate()
        peer.close()
