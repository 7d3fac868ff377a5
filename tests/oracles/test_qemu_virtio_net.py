"""Oracle: the miniature virtio-net driver prints the same transcript on QEMU and on ours, and frames
cross a `--net udp:` link byte-exact: between a test socket and each machine, between two of ours,
and between ours and QEMU (QEMU's `-netdev dgram`, the line the README documents).

tests/vm/programs/virtio/virtio_net.s reads the MAC and link status, sends a 61-byte and a 1514-byte
frame, then prints two received frames.  The peer socket answers with a frame too big for the
guest's 1526-byte buffers (both machines drop it: QEMU without mergeable buffers, ours counts it),
then a 60-byte and a 1514-byte frame.
"""
from __future__ import annotations

import socket
import select
import subprocess
import threading

import pytest

from tests.oracles.qemu import qemu_command
from tests.oracles.test_qemu_transcripts import diff
from tests.vm.build import build_virtio
from tests.vm.net_link import (REPLIES, free_udp_ports, frames_sent_by_guest, net_machine,
                               received_lines, run_together)
from vm.devices.net_backends import UdpLink
from vm.devices.virtio_net import DEFAULT_MAC

OTHER_MAC = bytes.fromhex("525400123457")


def qemu_net(elf, local_port, remote_port, mac=None):
    netdev = (f"dgram,id=n0,local.type=inet,local.host=127.0.0.1,local.port={local_port},"
              f"remote.type=inet,remote.host=127.0.0.1,remote.port={remote_port}")
    device = "virtio-net-device,netdev=n0" + (f",mac={mac.hex(':')}" if mac else "")
    cmd = qemu_command(elf, ("-global", "virtio-mmio.force-legacy=false", "-netdev", netdev, "-device", device))
    return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(proc, timeout=30.0) -> bytes:
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out


def answer(peer, to):
    """Take the guest's two frames, then send REPLIES; the frames taken."""
    peer.settimeout(60)
    got = [peer.recvfrom(70000)[0] for _ in range(2)]
    for frame in REPLIES:
        peer.sendto(frame, to)
    return got


@pytest.fixture
def elf():
    return build_virtio("virtio_net")


def test_virtio_net_transcript_equals_qemu(elf):
    qemu_port, our_port, peer_port = free_udp_ports(3)
    peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    peer.bind(("127.0.0.1", peer_port))
    with peer:
        proc = qemu_net(elf, qemu_port, peer_port)
        try:
            theirs_sent = answer(peer, ("127.0.0.1", qemu_port))
        finally:
            qemu = finish(proc)
        machine = net_machine(elf, UdpLink(our_port, "127.0.0.1", peer_port, "test"))
        got = {}
        helper = threading.Thread(target=lambda: got.setdefault("frames", answer(peer, ("127.0.0.1", our_port))))
        helper.start()
        (result,) = run_together([machine])
        helper.join(60)
    expected = frames_sent_by_guest()
    assert theirs_sent == expected
    assert got["frames"] == expected
    assert qemu.endswith(received_lines(REPLIES[1:])), qemu.decode(errors="replace")
    assert machine.output == qemu, f"transcripts differ\n{diff(qemu, bytes(machine.output))}"
    assert (result.reason, result.exit_code) == ("poweroff", 0), result.message
    stats = machine.net.stats
    assert (stats.tx_frames, stats.rx_frames, stats.rx_too_big, stats.dropped()) == (2, 2, 1, 1)
    assert stats.tx_bytes == 61 + 1514 and stats.rx_bytes == 60 + 1514


def test_two_of_ours_linked_by_udp_exchange_frames_byte_exact(elf):
    port_a, port_b = free_udp_ports(2)
    a = net_machine(elf, UdpLink(port_a, "127.0.0.1", port_b, "a"))
    b = net_machine(elf, UdpLink(port_b, "127.0.0.1", port_a, "b"), mac=OTHER_MAC)
    results = run_together([a, b])
    assert all((r.reason, r.exit_code) == ("poweroff", 0) for r in results), results
    assert a.output.endswith(received_lines(frames_sent_by_guest(OTHER_MAC))), a.output.decode()
    assert b.output.endswith(received_lines(frames_sent_by_guest(DEFAULT_MAC))), b.output.decode()
    assert b"mac=525400123457 " in b.output
    assert a.net.stats.dropped() == b.net.stats.dropped() == 0


def test_ours_and_qemu_linked_by_udp_exchange_frames_byte_exact(elf):
    our_port, qemu_port = free_udp_ports(2)
    machine = net_machine(elf, UdpLink(our_port, "127.0.0.1", qemu_port, "ours"))
    proc = qemu_net(elf, qemu_port, our_port, mac=OTHER_MAC)
    try:
        # QEMU's guest sends once it runs, so its socket is bound: only then may ours send
        ready, _, _ = select.select(machine.wake_fds, [], [], 30)
        assert ready, "QEMU sent nothing"
        (result,) = run_together([machine])
    finally:
        qemu = finish(proc)
    assert (result.reason, result.exit_code) == ("poweroff", 0), result.message
    assert machine.output.endswith(received_lines(frames_sent_by_guest(OTHER_MAC))), machine.output.decode()
    assert qemu.endswith(received_lines(frames_sent_by_guest(DEFAULT_MAC))), qemu.decode(errors="replace")
    assert machine.net.stats.dropped() == 0
