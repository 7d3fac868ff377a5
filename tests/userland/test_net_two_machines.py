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


def _machine_with_disk(image, link, mac, disk):
    from vm.devices.virtio_blk import DiskImage
    from vm.jit_cache import load_core
    from vm.machine import Machine
    Machine._warm_up(load_core())
    machine = Machine(ram_mb=128, deterministic=False, net=link, mac=mac, disk=DiskImage.open(str(disk), False))
    machine.load_elf(str(image))
    return machine


def test_a_file_goes_from_one_disk_to_the_other_through_nc(toyos_build, tmp_path):
    """The README's example: nc -u -l on one machine writes what nc -u on the other reads from
    its disk; the received file, read back from the image on the host, is byte-exact."""
    from fat16.check import read_tree
    from tests.userland.disks import make_disk_toyos
    image, _ = toyos_build
    payload = bytes((i * 37 + 11) % 256 for i in range(4000))        # three datagrams
    disks = [make_disk_toyos(tmp_path / "a.img", {"data.bin": payload}, tmp_path / "a", size_mb=8),
             make_disk_toyos(tmp_path / "b.img", {}, tmp_path / "b", size_mb=8)]
    a, b = free_udp_ports(2)
    machines = [_machine_with_disk(image, UdpLink(a, "127.0.0.1", b, "a"), MACS[0], disks[0]),
                _machine_with_disk(image, UdpLink(b, "127.0.0.1", a, "b"), MACS[1], disks[1])]
    _run_until(machines, lambda: all(PROMPT in m.output for m in machines))
    seen = len(machines[1].output)
    machines[1].feed_input(b"nc -u -l -w 2 4000 > /got.bin\n")
    _run_until(machines, lambda: b"nc -u -l -w 2 4000" in machines[1].output[seen:])
    _type(machines, 0, "nc -u 10.0.2.87 4000 < /data.bin")
    _run_until(machines, lambda: PROMPT in machines[1].output[seen:])
    assert _type(machines, 1, "sync") == "sync\ntoyos$ "
    assert read_tree(str(disks[1]))["got.bin"] == payload


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
