"""What the virtio-net tests share: the frames tests/vm/programs/virtio/virtio_net.s sends, the
lines it prints for frames it receives, free UDP ports, and running machines with a --net link.

Our machine needs real time with a network back-end (vm/machine.py), so a run is bounded by a
wall-clock limit as well as an instruction budget: a guest waiting in WFI for a frame that never
comes does not count instructions.
"""
from __future__ import annotations

import socket
import time

from vm.devices.virtio_net import DEFAULT_MAC

ETHERTYPE = b"\x88\xb5"
BROADCAST = b"\xff" * 6
SHORT, FULL = 61, 1514


def pattern_frame(dst: bytes, src: bytes, length: int, mul: int, add: int) -> bytes:
    """dst, src, EtherType 0x88b5, then payload byte i = i * mul + add (mod 256)."""
    return dst + src + ETHERTYPE + bytes((i * mul + add) & 0xFF for i in range(length - 14))


PEER_MAC = bytes.fromhex("020000000001")
# What a peer answers virtio_net.s with: a frame too big for its 1526-byte buffers (dropped by QEMU
# and ours), then a 60-byte and a 1514-byte frame to its MAC.
REPLIES = [bytes(1600), pattern_frame(DEFAULT_MAC, PEER_MAC, 60, 3, 9),
           pattern_frame(DEFAULT_MAC, PEER_MAC, 1514, 11, 2)]


def frames_sent_by_guest(mac: bytes = DEFAULT_MAC) -> list[bytes]:
    """The two frames virtio_net.s sends from a card with MAC `mac`."""
    return [pattern_frame(BROADCAST, mac, SHORT, 7, 1), pattern_frame(BROADCAST, mac, FULL, 13, 5)]


def received_lines(frames: list[bytes]) -> bytes:
    """What virtio_net.s prints after `receive, by interrupt` for these frames (in buffers 0, 1)."""
    out = [b"interrupt status seen=00000001 \n"]
    for index, frame in enumerate(frames):
        out.append(f"rx id={index:08x} len={12 + len(frame):08x} flags=00000000 gso=00000000 \n".encode())
        out.append(f"  head={frame[:14].hex()} sum={sum(frame):08x} \n".encode())
        out.append(f"  tail={frame[-8:].hex()}\n".encode())
    return b"".join(out) + b"done\n"


def free_udp_ports(count: int) -> list[int]:
    """Ports free on 127.0.0.1 right now (the kernel's choice, so parallel tests do not collide)."""
    socks = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(count)]
    for sock in socks:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in socks]
    for sock in socks:
        sock.close()
    return ports


def net_machine(elf, backend, mac=None):
    """A real-time Machine with `backend` as its card's wire and `elf` loaded."""
    from vm.jit_cache import load_core
    from vm.machine import Machine
    Machine._warm_up(load_core())       # a first compile must not eat a peer's patience
    machine = Machine(ram_mb=128, deterministic=False, net=backend, mac=mac)
    machine.load_elf(str(elf))
    return machine


def run_together(machines, wall_seconds: float = 60.0, max_insns: int = 200_000_000):
    """Run machines slice by slice, taking turns, until each has stopped; their RunResults."""
    results = [None] * len(machines)
    starts = [m.insns for m in machines]
    deadline = time.monotonic() + wall_seconds
    while any(r is None for r in results):
        if time.monotonic() > deadline:
            raise AssertionError(f"still running after {wall_seconds} s: "
                                 + " | ".join(bytes(m.output[-200:]).decode(errors="replace") for m in machines))
        for i, machine in enumerate(machines):
            if results[i] is None:
                results[i] = machine.run_slice(starts[i], max_insns, limit=200_000)
    return results
