"""The wire of a `toyos fi` run: one deterministic peer the workload talks to (issue 13).

A net back-end (vm/devices/net_backends.py's interface) with a host behind
it at PEER (10.0.2.1, QEMU's user-mode gateway's place): it answers ARP
requests for its address, ICMP echo requests to it (RFC 792) and echoes
UDP datagrams sent to its port 7 (RFC 862), each answer queued in the same
device poll that took the guest's frame.  Nothing depends on host time, so
a run with it replays bit for bit (the machine refuses a back-end that is
not deterministic).  Frames it cannot parse it ignores, as a host would:
the injector may make the net server send anything.
"""
from __future__ import annotations

import struct
from collections import deque

PEER = "10.0.2.1"
PEER_IP = bytes([10, 0, 2, 1])
PEER_MAC = bytes.fromhex("020000000001")
ECHO_PORT = 7
ARP, IPV4 = 0x0806, 0x0800


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


class EchoPeer:
    """A deterministic back-end: the peer's answers in, the guest's frames counted."""
    deterministic = True

    def __init__(self):
        self.inbox: deque[bytes] = deque()
        self.frames = 0

    def reset(self) -> None:
        """Forget frames in flight (a run restored from a kept boot starts a new wire)."""
        self.inbox.clear()
        self.frames = 0

    def fileno(self) -> int:
        return -1

    def send(self, frame: bytes) -> bool:
        self.frames += 1
        reply = answer(bytes(frame))
        if reply is not None:
            self.inbox.append(reply)
        return True

    def receive(self):
        return self.inbox.popleft() if self.inbox else None


def answer(frame: bytes) -> bytes | None:
    """The peer's answer to one frame of the guest, or None."""
    if len(frame) < 14:
        return None
    dst, src, kind = frame[:6], frame[6:12], struct.unpack("!H", frame[12:14])[0]
    body = frame[14:]
    if kind == ARP and len(body) >= 28 and body[:8] == b"\x00\x01\x08\x00\x06\x04\x00\x01" \
            and body[24:28] == PEER_IP:
        sha, spa = body[8:14], body[14:18]
        reply = struct.pack("!HHBBH", 1, IPV4, 6, 4, 2) + PEER_MAC + PEER_IP + sha + spa
        return sha + PEER_MAC + struct.pack("!H", ARP) + reply
    if kind != IPV4 or dst != PEER_MAC or len(body) < 20 or body[0] >> 4 != 4:
        return None
    ihl = (body[0] & 15) * 4
    total = struct.unpack("!H", body[2:4])[0]
    if ihl < 20 or total < ihl or total > len(body) or checksum(body[:ihl]) or body[16:20] != PEER_IP:
        return None
    proto, source, payload = body[9], body[12:16], body[ihl:total]
    if proto == 1 and len(payload) >= 8 and payload[0] == 8 and not checksum(payload):
        icmp = b"\x00\x00\x00\x00" + payload[4:]
        icmp = icmp[:2] + struct.pack("!H", checksum(icmp)) + icmp[4:]
        return _ip_frame(src, source, 1, icmp)
    if proto == 17 and len(payload) >= 8:
        sport, dport, size = struct.unpack("!HHH", payload[:6])
        if dport != ECHO_PORT or size < 8 or size > len(payload):
            return None
        data = payload[8:size]
        head = struct.pack("!HHHH", ECHO_PORT, sport, 8 + len(data), 0)
        pseudo = PEER_IP + source + struct.pack("!BBH", 0, 17, 8 + len(data))
        total_sum = checksum(pseudo + head + data) or 0xFFFF
        return _ip_frame(src, source, 17, head[:6] + struct.pack("!H", total_sum) + data)
    return None


def _ip_frame(mac: bytes, to: bytes, proto: int, payload: bytes) -> bytes:
    head = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0x4000, 64, proto, 0, PEER_IP, to)
    head = head[:10] + struct.pack("!H", checksum(head)) + head[12:]
    return mac + PEER_MAC + struct.pack("!H", IPV4) + head + payload
