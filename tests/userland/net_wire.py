"""The wire of the net server's deterministic tests: a back-end the test writes and reads, and
Ethernet/ARP/IPv4/ICMP/UDP frames built and parsed with struct (RFC 826, 791, 792, 768).

`ScriptedLink` is a virtio-net back-end (vm/devices/net_backends.py's interface) whose frames
come from the test: `inject(frame)` queues one, and the machine takes it at the next device
poll, which `NetShell.inject` forces between two slices, so the run stays deterministic (the
machine refuses a back-end that is not).  Frames the guest sends land in `sent`.
"""
from __future__ import annotations

import struct
from collections import deque

from tests.userland.conftest import PROMPT, Shell
from vm.cli.fi_peer import checksum          # the one Internet checksum of the tests and the fi peer
from tests.userland.console_session import ToyosSession

MAC = bytes.fromhex("525400123456")          # the card's (vm/devices/virtio_net.py DEFAULT_MAC)
ADDR = "10.0.2.86"                           # the default address: 10.0.2.(MAC's last byte)
PEER_MAC = bytes.fromhex("020000000001")
PEER = "10.0.2.1"
BROADCAST = b"\xff" * 6
ARP, IPV4 = 0x0806, 0x0800


class ScriptedLink:
    """A deterministic back-end: frames in from the test, frames out into a list."""
    deterministic = True

    def __init__(self, answers: dict[str, bytes] | None = None):
        self.inbox: deque[bytes] = deque()
        self.sent: list[bytes] = []
        self.answers = {} if answers is None else answers     # address -> MAC of a peer that answers

    def fileno(self) -> int:
        return -1                   # never selected: deterministic runs do not wait on the host

    def send(self, frame: bytes) -> bool:
        self.sent.append(bytes(frame))
        self.inbox.extend(answer(frame, self.answers))   # taken in this same device poll
        return True

    def receive(self):
        return self.inbox.popleft() if self.inbox else None


def ip(text: str) -> bytes:
    return bytes(int(part) for part in text.split("."))


def eth(dst: bytes, src: bytes, kind: int, payload: bytes) -> bytes:
    return dst + src + struct.pack("!H", kind) + payload


def arp(op: int, sha: bytes, spa: str, tha: bytes, tpa: str) -> bytes:
    return struct.pack("!HHBBH", 1, IPV4, 6, 4, op) + sha + ip(spa) + tha + ip(tpa)


def ipv4(src: str, dst: str, proto: int, payload: bytes, ttl: int = 64, ident: int = 1,
         frag: int = 0x4000, options: bytes = b"", total: int | None = None, fix_sum: bool = True) -> bytes:
    ihl = 5 + len(options) // 4
    length = 4 * ihl + len(payload) if total is None else total
    head = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, length, ident, frag, ttl, proto, 0,
                       ip(src), ip(dst)) + options
    if fix_sum:
        head = head[:10] + struct.pack("!H", checksum(head)) + head[12:]
    return head + payload


def udp(src: str, dst: str, sport: int, dport: int, data: bytes, length: int | None = None,
        good_sum: bool = True) -> bytes:
    """A UDP datagram (RFC 768), its checksum over the pseudo-header (a wrong one if not good_sum)."""
    size = 8 + len(data) if length is None else length
    head = struct.pack("!HHHH", sport, dport, size, 0)
    total = checksum(ip(src) + ip(dst) + struct.pack("!BBH", 0, 17, 8 + len(data)) + head + data) or 0xFFFF
    if not good_sum:
        total ^= 0x5A5A
    return head[:6] + struct.pack("!H", total) + data


def udp_frame(dport: int, data: bytes, sport: int = 5555, src: str = PEER, dst: str = ADDR,
              dst_mac: bytes = MAC, **options) -> bytes:
    return eth(dst_mac, PEER_MAC, IPV4, ipv4(src, dst, 17, udp(src, dst, sport, dport, data, **options)))


def icmp_echo(kind: int, ident: int, seq: int, data: bytes) -> bytes:
    body = struct.pack("!BBHHH", kind, 0, 0, ident, seq) + data
    return body[:2] + struct.pack("!H", checksum(body)) + body[4:]


def ping_frame(seq: int = 1, data: bytes = bytes(range(56)), ident: int = 0x1234,
               src: str = PEER, dst: str = ADDR, dst_mac: bytes = MAC) -> bytes:
    return eth(dst_mac, PEER_MAC, IPV4, ipv4(src, dst, 1, icmp_echo(8, ident, seq, data)))


def arp_request(target: str = ADDR, sender: str = PEER) -> bytes:
    return eth(BROADCAST, PEER_MAC, ARP, arp(1, PEER_MAC, sender, bytes(6), target))


def parse(frame: bytes) -> dict:
    """The fields a test looks at, of a frame the guest sent."""
    out = {"dst": frame[:6], "src": frame[6:12], "type": struct.unpack("!H", frame[12:14])[0],
           "len": len(frame)}
    body = frame[14:]
    if out["type"] == ARP:
        htype, ptype, hlen, plen, op = struct.unpack("!HHBBH", body[:8])
        out.update(op=op, sha=body[8:14], spa=".".join(map(str, body[14:18])), tha=body[18:24],
                   tpa=".".join(map(str, body[24:28])), arp_ok=(htype, ptype, hlen, plen) == (1, IPV4, 6, 4))
    elif out["type"] == IPV4:
        ihl = (body[0] & 15) * 4
        total, ident, frag, ttl, proto = struct.unpack("!HHHBB", body[2:10])
        out.update(version=body[0] >> 4, ihl=ihl, total=total, frag=frag, ttl=ttl, proto=proto,
                   ip_sum_ok=checksum(body[:ihl]) == 0, src_ip=".".join(map(str, body[12:16])),
                   dst_ip=".".join(map(str, body[16:20])), payload=body[ihl:total])
        if proto == 17:
            payload = out["payload"]
            sport, dport, size, _ = struct.unpack("!HHHH", payload[:8])
            pseudo = body[12:20] + struct.pack("!BBH", 0, 17, size)
            out.update(sport=sport, dport=dport, udp_len=size, udp_data=payload[8:size],
                       udp_sum_ok=checksum(pseudo + payload[:size]) == 0)
        if proto == 1:
            kind, code, _, ident, seq = struct.unpack("!BBHHH", out["payload"][:8])
            out.update(icmp_type=kind, icmp_code=code, icmp_id=ident, icmp_seq=seq,
                       icmp_data=out["payload"][8:], icmp_sum_ok=checksum(out["payload"]) == 0)
    return out


def answer(frame: bytes, peers: dict[str, bytes]) -> list[bytes]:
    """What the peers (address -> MAC) answer a frame the guest sent: ARP requests for them,
    echo requests to them (TTL 64, as Linux)."""
    got = parse(frame)
    if got["type"] == ARP and got.get("op") == 1 and got["tpa"] in peers:
        mac = peers[got["tpa"]]
        return [eth(got["sha"], mac, ARP, arp(2, mac, got["tpa"], got["sha"], got["spa"]))]
    if got["type"] == IPV4 and got.get("icmp_type") == 8 and got["dst_ip"] in peers:
        mac = peers[got["dst_ip"]]
        return [eth(got["src"], mac, IPV4, ipv4(got["dst_ip"], got["src_ip"], 1,
                    icmp_echo(0, got["icmp_id"], got["icmp_seq"], got["icmp_data"])))]
    return []


class NetShell(Shell):
    """A toyos booted in deterministic time with a ScriptedLink as its card's wire."""

    def __init__(self, image: str, max_insns: int = 400_000_000, mac: bytes | None = None,
                 answers: dict[str, bytes] | None = None):
        self.link = ScriptedLink(answers)
        super().__init__(ToyosSession(image, max_insns=max_insns, net=self.link, mac=mac))

    def inject(self, *frames: bytes, insns: int = 2_000_000) -> list[bytes]:
        """Put frames on the wire, let the guest run `insns`; the frames it sent meanwhile."""
        before = len(self.link.sent)
        self.link.inbox.extend(frames)
        self.session.machine.poll_devices()
        self.session.pause(0, insns)
        return self.link.sent[before:]


    def counters(self) -> dict[str, int]:
        """ifconfig's counters, by name."""
        out = self.run("ifconfig")
        return {name: int(value) for name, value in
                (line.split() for line in out.splitlines() if line.startswith("  ") and "ether" not in line)}


__all__ = ["PROMPT", "NetShell"]
