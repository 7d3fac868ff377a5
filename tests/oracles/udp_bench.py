"""UDP figures between toyos and Linux through a TAP device, for BENCHMARKS.md (issue 11).

    python -m tests.oracles.udp_bench IMAGE [--numbers N] [--count N] [--size BYTES] [--rate N]

As root: makes its own network namespace with tap0 (tests/oracles/netns.py; Linux 10.0.2.1/24,
toyos its default 10.0.2.86), boots IMAGE there on our machine in real time (as ping_guest.py
does), and measures both directions with toyos's own `nc` against a Linux UDP socket:

    toyos -> Linux   the guest types `seq 1 N | nc -u 10.0.2.1 4000`; Linux's socket counts the
                     datagrams and bytes and times the first and the last.
    Linux -> toyos   the guest types `nc -u -l -w 2 4000 | wc -c`; Linux's socket sends COUNT
                     datagrams of SIZE bytes (RATE a second, 0: as fast as it can) and the
                     guest's `wc -c` says how many bytes arrived.

(Linux's `nc` sends what one read of its input gives as one datagram, up to 16 KiB, which IP
fragments and toyos drops by design, so the Linux end here is a socket whose datagram size is
known; tests/oracles/test_ping_netns.py checks nc against nc byte-exact.)  Prints the figures,
then toyos's `netstat` (its counters say why datagrams were dropped); asserts nothing about speed.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time

PROMPT = b"toyos$ "
LINUX_ADDR, TOYOS_ADDR, PORT = "10.0.2.1", "10.0.2.86", 4000


class Guest:
    """The booted image on tap0, typed at and run slice by slice in real time."""

    def __init__(self, image: str):
        from tests.vm.net_link import net_machine
        from vm.devices.net_backends import TapLink
        self.machine = net_machine(image, TapLink("tap0", "tap:tap0"))
        self.run_until(lambda: PROMPT in self.machine.output, 60)

    def step(self) -> None:
        if self.machine.run_slice(0, None, limit=200_000) is not None:
            raise SystemExit("udp_bench: the machine stopped: " + self.machine.output[-300:].decode(errors="replace"))

    def run_until(self, done, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not done():
            if time.monotonic() > deadline:
                raise SystemExit("udp_bench: no prompt in time: " + self.machine.output[-300:].decode(errors="replace"))
            self.step()

    def type(self, line: str, seconds: float = 120) -> str:
        """Type LINE; run until the next prompt; what it printed."""
        seen = len(self.machine.output)
        self.machine.feed_input(line.encode() + b"\n")
        self.run_until(lambda: PROMPT in self.machine.output[seen + len(line):], seconds)
        out = bytes(self.machine.output[seen:]).decode(errors="replace").replace("\r\n", "\n")
        return out.split("\n", 1)[1][:-len(PROMPT)]


# The Linux ends run as processes of their own, so that the machine running in this one (which
# holds the interpreter's lock for a whole slice) does not delay their clocks.
RECEIVER = """
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
s.bind((sys.argv[1], int(sys.argv[2])))
print("up", flush=True)
s.settimeout(float(sys.argv[3]))
n = size = 0
first = last = 0.0
try:
    while True:
        data = s.recv(65536)
        last = time.monotonic()
        first = first or last
        n, size = n + 1, size + len(data)
except socket.timeout:
    pass
print(n, size, first, last)
"""
SENDER = """
import socket, sys, time
address, port, count, size, rate = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
data = bytes(ord("a") + i % 26 for i in range(size - 1)) + b"\\n"
start = time.monotonic()
for n in range(count):
    if rate:
        delay = start + n / rate - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    s.sendto(data, (address, port))
print(start, time.monotonic())
"""


def python(code: str, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], stdout=subprocess.PIPE, text=True)


def toyos_to_linux(guest: Guest, numbers: int) -> str:
    linux = python(RECEIVER, LINUX_ADDR, PORT, 2)
    assert linux.stdout.readline() == "up\n"
    line = f"seq 1 {numbers} | nc -u {LINUX_ADDR} {PORT}"
    started = time.monotonic()
    guest.type(line)
    ended = time.monotonic()
    count, received, first, last = linux.communicate()[0].split()
    count, received, span = int(count), int(received), float(last) - float(first)
    sent = sum(len(str(n)) + 1 for n in range(1, numbers + 1))
    rate = f"{count / span:,.0f} datagrams/s, {received / span / 1e6:.2f} MB/s" if span > 0 else "-"
    return (f"toyos `{line}` -> a Linux socket: {received:,} of {sent:,} bytes in {count:,} datagrams; "
            f"first to last {span:.3f} s: {rate} (the whole line {ended - started:.2f} s)")


def linux_to_toyos(guest: Guest, count: int, size: int, rate: float) -> str:
    line = f"nc -u -l -w 2 {PORT} | wc -c"
    seen = len(guest.machine.output)
    guest.machine.feed_input(line.encode() + b"\n")
    settle = time.monotonic() + 0.5                 # the listener is up before Linux speaks
    while time.monotonic() < settle:
        guest.step()
    linux = python(SENDER, TOYOS_ADDR, PORT, count, size, rate)
    guest.run_until(lambda: linux.poll() is not None and PROMPT in guest.machine.output[seen + len(line):], 300)
    start, end = map(float, linux.communicate()[0].split())
    out = bytes(guest.machine.output[seen:]).decode(errors="replace").replace("\r\n", "\n")
    counted = re.search(r"^\s*(\d+)\s*$", out.split("\n", 1)[1], re.M)
    received = int(counted.group(1)) if counted else 0
    span = end - start
    offered = f"{rate:,.0f}/s" if rate else "as fast as Linux sends"
    arrived = received / size
    figures = (f"{arrived / span:,.0f} datagrams/s, {received / span / 1e6:.3f} MB/s over the sending time"
               if span > 0 else "-")
    return (f"a Linux socket ({count:,} datagrams of {size} bytes, {offered}, sent in {span:.3f} s) -> "
            f"toyos `{line}`: {received:,} of {count * size:,} bytes ({arrived:,.0f} datagrams): {figures}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.oracles.udp_bench",
                                     description="UDP between toyos and Linux through tap0 (as root)")
    parser.add_argument("image")
    parser.add_argument("--numbers", type=int, default=20000, help="toyos -> Linux: seq 1 N (default 20000)")
    parser.add_argument("--count", type=int, default=1000, help="Linux -> toyos: datagrams (default 1000)")
    parser.add_argument("--size", type=int, default=512, help="Linux -> toyos: bytes each (default 512)")
    parser.add_argument("--rate", type=float, action="append",
                        help="Linux -> toyos: datagrams a second, 0 as fast as it can (repeatable; default 0 and 500)")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not 1 <= args.size <= 1472 or args.count < 1 or args.numbers < 1:
        parser.error("--size is 1 to 1472 (one frame), --count and --numbers at least 1")
    if not os.path.isfile(args.image):
        parser.error(f"{args.image}: no such image")
    if not args.inside:
        if os.geteuid() != 0:
            print("udp_bench: needs root (a network namespace and a TAP interface)", file=sys.stderr)
            return 1
        from tests.oracles.netns import ROOT, tap_namespace
        with tap_namespace(LINUX_ADDR) as namespace:
            done = subprocess.run(["ip", "netns", "exec", namespace, sys.executable, "-m", __spec__.name,
                                   *(argv if argv is not None else sys.argv[1:]), "--inside"], cwd=ROOT)
        return done.returncode
    guest = Guest(args.image)
    print(toyos_to_linux(guest, args.numbers), flush=True)
    for rate in args.rate or [0, 500]:
        print(linux_to_toyos(guest, args.count, args.size, rate), flush=True)
    print("toyos `netstat` afterwards (why datagrams were dropped):\n" + guest.type("netstat"), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
