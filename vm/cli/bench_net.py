"""`toyos bench net`: frames through the virtio-net card's udp back-end between two machines.

One process runs two real-time machines taking turns in slices (so the figure
is what one host core moves for both ends), linked by `udp:` on 127.0.0.1:
bench_programs/net_send.s sends COUNT frames of a given size, keeping 16 in
flight; net_recv.s keeps 16 buffers posted and counts, sleeping in WFI
between interrupts.  Printed per frame size: frames/s and MB/s received
(Ethernet payload bytes, headers included, FCS not), frames dropped, and
guest instructions per frame on each side.  Nothing here asserts a speed.
"""
from __future__ import annotations

import socket
import time

FRAME_SIZES = (60, 1514)
COUNT = 20_000
QUIET_SECONDS = 0.5                 # the receiver is done when nothing came for this long
SLICE = 200_000


def _ports(n: int) -> list[int]:
    socks = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(n)]
    for sock in socks:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in socks]
    for sock in socks:
        sock.close()
    return ports


def _machine(elf: bytes, backend, mac=None):
    from vm.machine import Machine
    machine = Machine(ram_mb=8, net=backend, mac=mac)
    machine.load_elf(elf)
    return machine


def measure(frame_len: int, count: int = COUNT) -> dict:
    from vm.cli.bench import build
    from vm.devices.net_backends import UdpLink
    send_port, recv_port = _ports(2)
    sender = _machine(build("net_send"), UdpLink(send_port, "127.0.0.1", recv_port, "send"))
    receiver = _machine(build("net_recv"), UdpLink(recv_port, "127.0.0.1", send_port, "recv"),
                        mac=bytes.fromhex("525400123457"))
    syms = sender.elf.symbols
    sender.write_mem(syms["frame_len"], frame_len.to_bytes(4, "little"))
    sender.write_mem(syms["frames_total"], count.to_bytes(4, "little"))
    rx = receiver.net.stats
    for _ in range(20):             # the receiver's driver is live before the first frame
        receiver.run_slice(receiver.insns, None, limit=SLICE)
    start_insns = receiver.insns
    start = time.perf_counter()
    last_frame, seen, sent = start, 0, None
    while True:
        if sent is None:
            sent = sender.run_slice(0, None, limit=SLICE)
        receiver.run_slice(receiver.insns, None, limit=SLICE)
        now = time.perf_counter()
        if rx.rx_frames != seen:
            seen, last_frame = rx.rx_frames, now
        if sent is not None and (seen >= count or now - last_frame > QUIET_SECONDS):
            break
    seconds = last_frame - start
    return {
        "frame_len": frame_len, "sent": sender.net.stats.tx_frames, "received": rx.rx_frames,
        "dropped": count - rx.rx_frames, "frames_per_s": rx.rx_frames / seconds,
        "mb_per_s": rx.rx_bytes / seconds / 1e6,
        "send_insns_per_frame": sender.insns / max(1, sender.net.stats.tx_frames),
        "recv_insns_per_frame": (receiver.insns - start_insns) / max(1, rx.rx_frames),
    }


def report(rows) -> str:
    lines = ["net: udp back-end, two machines in one process (frames received; bytes are Ethernet frames)"]
    for r in rows:
        lines.append(f"net {r['frame_len']:5d}-byte frames: {r['frames_per_s']:9.0f} frames/s {r['mb_per_s']:7.2f} MB/s, "
                     f"{r['received']}/{r['sent']} received ({r['dropped']} dropped), guest instructions per "
                     f"frame: sender {r['send_insns_per_frame']:.0f}, receiver {r['recv_insns_per_frame']:.0f}")
    return "\n".join(lines)


def run_benchmark() -> str:
    from vm.jit_cache import load_core
    from vm.machine import Machine
    Machine._warm_up(load_core())
    return report([measure(size) for size in FRAME_SIZES])
