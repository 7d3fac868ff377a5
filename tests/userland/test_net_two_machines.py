"""Two toyos machines linked by `--net udp:` (each frame one UDP datagram on 127.0.0.1) ping
each other: the README's two-machine link with the net server on both ends.  Real time (a
back-end with real sockets refuses deterministic time), bounded by wall-clock seconds; nothing
here depends on timing but the deadline.
"""
from __future__ import annotations

import re
import time

from tests.vm.net_link import free_udp_ports, net_machine
from vm.devices.net_backends import UdpLink

PROMPT = b"toyos$ "
MACS = (bytes.fromhex("525400123456"), bytes.fromhex("525400123457"))     # 10.0.2.86 and .87


def _run_until(machines, done, wall_seconds=60.0):
    deadline = time.monotonic() + wall_seconds
    while not done():
        assert time.monotonic() < deadline, " | ".join(m.output.decode(errors="replace") for m in machines)
        for machine in machines:
            assert machine.run_slice(0, None, limit=200_000) is None, machine.output.decode(errors="replace")


def _type(machines, which, line):
    seen = len(machines[which].output)
    machines[which].feed_input(line.encode() + b"\n")
    _run_until(machines, lambda: PROMPT in machines[which].output[seen:])
    return machines[which].output[seen:].decode(errors="replace").replace("\r\n", "\n")


def test_two_machines_ping_each_other(toyos_image):
    a, b = free_udp_ports(2)
    machines = [net_machine(toyos_image, UdpLink(a, "127.0.0.1", b, "a"), mac=MACS[0]),
                net_machine(toyos_image, UdpLink(b, "127.0.0.1", a, "b"), mac=MACS[1])]
    _run_until(machines, lambda: all(PROMPT in m.output for m in machines))
    assert "net: 52:54:00:12:34:57 10.0.2.87/24" in machines[1].output.decode()
    there = _type(machines, 0, "ping -c 2 10.0.2.87")
    assert re.findall(r"64 bytes from 10\.0\.2\.87: icmp_seq=(\d) ttl=64", there) == ["1", "2"], there
    assert "2 packets transmitted, 2 received, 0% packet loss" in there, there
    back = _type(machines, 1, "ping -c 1 10.0.2.86")
    assert "1 packets transmitted, 1 received, 0% packet loss" in back, back
    arp = _type(machines, 1, "ifconfig")
    assert re.search(r"icmp_echo_in +2\n", arp), arp              # b answered a's two requests
