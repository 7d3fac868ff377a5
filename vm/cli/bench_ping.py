"""`toyos bench ping`: ICMP echo round trips through the net server (issue 11).

    answer     guest instructions from a frame handed to the card (an echo request
               from a peer) to the net server's reply handed back to it: the IRQ,
               the kernel's notification, the server's receive, checks and reply.
               Deterministic boot, the wire a back-end of this module (no host time
               in it), median of ROUNDS requests.
    udp link   two real-time machines linked by `--net udp:` on 127.0.0.1, one process
               taking turns in slices: `ping -c ROUNDS` from one to the other, the RTT
               figures its summary prints (host time, both machines' work on one core).
    udp        the same link: `seq 1 20000 | nc -u` on one, `nc -u -l -w 1 | wc -c` on the
               other: bytes received of those sent, frames/s and MB/s in the sender's wall time.
Linux's side (ping through a TAP device, root) is measured by the oracle's helper,
tests/oracles/ping_guest.py, and UDP to and from Linux by tests/oracles/udp_bench.py;
BENCHMARKS.md gives those commands.  Nothing here asserts a speed.
"""
from __future__ import annotations

import re
import statistics
import tempfile
import time
from collections import deque
from pathlib import Path

ROUNDS = 10
PROMPT = b"toyos$ "
PEER_MAC = bytes.fromhex("020000000001")
MACS = (bytes.fromhex("525400123456"), bytes.fromhex("525400123457"))


class _Wire:
    """A deterministic back-end: frames in from the benchmark, sends timed in guest instructions."""
    deterministic = True

    def __init__(self):
        self.inbox, self.sent, self.machine = deque(), [], None

    def fileno(self) -> int:
        return -1

    def send(self, frame: bytes) -> bool:
        self.sent.append((self.machine.insns, bytes(frame)))
        return True

    def receive(self):
        return self.inbox.popleft() if self.inbox else None


def _checksum(data: bytes) -> int:
    data += b"\0" * (len(data) % 2)
    total = sum(int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def _echo_request(seq: int) -> bytes:
    icmp = bytearray(b"\x08\x00\x00\x00\x12\x34" + seq.to_bytes(2, "big") + bytes(range(56)))
    icmp[2:4] = _checksum(bytes(icmp)).to_bytes(2, "big")
    head = bytearray(b"\x45\x00" + (20 + len(icmp)).to_bytes(2, "big") + b"\x00\x01\x40\x00\x40\x01\x00\x00"
                     + bytes([10, 0, 2, 1, 10, 0, 2, 86]))
    head[10:12] = _checksum(bytes(head)).to_bytes(2, "big")
    return MACS[0] + PEER_MAC + b"\x08\x00" + bytes(head) + bytes(icmp)


def answer_insns(image: Path, rounds: int = ROUNDS) -> list[int]:
    from vm.machine import Machine
    wire = _Wire()
    machine = Machine(deterministic=True, net=wire)
    wire.machine = machine
    machine.load_elf(str(image))
    while PROMPT not in machine.output:
        machine.run_slice(0, None, limit=100_000)
    machine.run_slice(0, None, limit=2_000_000)             # let the boot's work settle
    counts = []
    for seq in range(1, rounds + 1):
        before = len(wire.sent)
        wire.inbox.append(_echo_request(seq))
        start = machine.insns
        machine.poll_devices()
        while len(wire.sent) == before:
            machine.run_slice(0, None, limit=10_000)
        counts.append(wire.sent[before][0] - start)
        machine.run_slice(0, None, limit=1_000_000)
    return counts


def udp_link_rtt(image: Path, rounds: int = ROUNDS) -> str:
    from vm.devices.net_backends import UdpLink
    from vm.machine import Machine
    ports = []
    import socket
    for _ in range(2):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.bind(("127.0.0.1", 0))
            ports.append(sock.getsockname()[1])
    machines = []
    for i, mac in enumerate(MACS):
        machine = Machine(deterministic=False, net=UdpLink(ports[i], "127.0.0.1", ports[1 - i], "bench"), mac=mac)
        machine.load_elf(str(image))
        machines.append(machine)

    def until(done, seconds):
        deadline = time.monotonic() + seconds
        while not done() and time.monotonic() < deadline:
            for machine in machines:
                machine.run_slice(0, None, limit=200_000)

    until(lambda: all(PROMPT in m.output for m in machines), 60)
    seen = len(machines[0].output)
    machines[0].feed_input(f"ping -c {rounds} 10.0.2.87\n".encode())
    until(lambda: PROMPT in machines[0].output[seen:], rounds + 30)
    text = machines[0].output[seen:].decode(errors="replace")
    found = re.search(r"\d+ packets transmitted.*\n.*rtt min/avg/max = \S+ ms", text)
    return found.group(0).replace("\r", "") if found else "no summary: " + text


def udp_link_throughput(image: Path, numbers: int = 20000) -> str:
    """`seq 1 N | nc -u B 4000` on one machine, `nc -u -l -w 1 4000 | wc -c` on the other, linked by
    --net udp: in one process: bytes received, datagrams sent, the sender's wall time."""
    import socket
    from vm.devices.net_backends import UdpLink
    from vm.machine import Machine
    ports = []
    for _ in range(2):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.bind(("127.0.0.1", 0))
            ports.append(sock.getsockname()[1])
    machines = []
    for i, mac in enumerate(MACS):
        machine = Machine(deterministic=False, net=UdpLink(ports[i], "127.0.0.1", ports[1 - i], "bench"), mac=mac)
        machine.load_elf(str(image))
        machines.append(machine)

    def until(done, seconds):
        deadline = time.monotonic() + seconds
        while not done() and time.monotonic() < deadline:
            for machine in machines:
                machine.run_slice(0, None, limit=200_000)

    until(lambda: all(PROMPT in m.output for m in machines), 60)
    seen = [len(m.output) for m in machines]
    machines[1].feed_input(b"nc -u -l -w 1 4000 | wc -c\n")
    until(lambda: False, 0.5)
    sent_before = machines[0].net.stats.tx_frames
    start = time.monotonic()
    machines[0].feed_input(f"seq 1 {numbers} | nc -u 10.0.2.87 4000\n".encode())
    until(lambda: PROMPT in machines[0].output[seen[0]:], 120)
    seconds = time.monotonic() - start
    until(lambda: PROMPT in machines[1].output[seen[1]:], 30)
    text = machines[1].output[seen[1]:].decode(errors="replace")
    got = re.findall(r"(\d+)\s*\r?\n", text.split("wc -c", 1)[-1])
    received = int(got[0]) if got else -1
    expected = sum(len(str(n)) + 1 for n in range(1, numbers + 1))
    datagrams = machines[0].net.stats.tx_frames - sent_before
    return (f"{received:,} of {expected:,} bytes received in {seconds:.2f} s of the sender's wall time "
            f"({datagrams:,} frames sent: {datagrams / seconds:,.0f} frames/s, "
            f"{received / seconds / 1e6:.2f} MB/s received); drops at the receiver: "
            f"{machines[1].net.stats.dropped()} by the card, the rest by the server (rx_queue_full)")


def run_benchmark(rounds: int = ROUNDS) -> str:
    from vm.cli.bench_os import build_image
    with tempfile.TemporaryDirectory() as tmp:
        image = build_image(Path(tmp))
        counts = answer_insns(image, rounds)
        udp = udp_link_rtt(image, rounds)
        throughput = udp_link_throughput(image)
    return (f"ping: an echo request answered by the net server: median {statistics.median(counts):,.0f} "
            f"guest instructions (min {min(counts):,}, max {max(counts):,}, {rounds} requests, deterministic)\n"
            f"ping: toyos -> toyos over --net udp: (one host core for both), ping -c {rounds}:\n  "
            + udp.replace("\n", "\n  ")
            + f"\nudp: toyos -> toyos, `seq 1 20000 | nc -u` into `nc -u -l | wc -c`: {throughput}")
