"""virtio-net's device and back-ends (vm/devices/virtio_net.py, net_backends.py), driven by the
Python driver in net_driver.py without running the CPU: frames of every size cross a udp link
byte-exact, oversize ones are dropped and counted, lying chains fail the device instead of
raising, and every bad --net/--mac is one line before the run.  The assembly driver's runs on
ours and QEMU are in tests/oracles/test_qemu_virtio_net.py."""
from __future__ import annotations

import select
import socket
import time

import pytest
from hypothesis import given, settings, strategies as st

from tests.vm.net_driver import QSIZE, NetDriver
from tests.vm.net_link import free_udp_ports
from vm.devices import registers as R
from vm.devices.net_backends import NetError, UdpLink, open_backend, parse_mac
from vm.devices.virtio_net import DEFAULT_MAC, RX_BACKLOG, TX_FRAME_MAX

HDR = R.VIRTIO_NET_HDR_SIZE
FRAME_MAX = R.VIRTIO_NET_FRAME_MAX


class FakeWire:
    """A back-end in memory: what the device sent, and frames waiting to be received."""
    deterministic = True

    def __init__(self):
        self.sent, self.inbox = [], []

    def fileno(self):
        return -1

    def send(self, frame):
        self.sent.append(frame)
        return True

    def receive(self):
        return self.inbox.pop(0) if self.inbox else None


def machine_with(backend, mac=None, deterministic=False):
    from vm.machine import Machine
    return Machine(ram_mb=4, deterministic=deterministic, net=backend, mac=mac)


@pytest.fixture(scope="module")
def linked():
    """Two machines whose cards are linked by udp, both drivers started."""
    port_a, port_b = free_udp_ports(2)
    a = machine_with(UdpLink(port_a, "127.0.0.1", port_b, "a"))
    b = machine_with(UdpLink(port_b, "127.0.0.1", port_a, "b"), mac=bytes.fromhex("525400123457"))
    da, db = NetDriver(a), NetDriver(b)
    da.start()
    db.start()
    return a, b, da, db


def _deliver(machine, driver, want: int, seconds: float = 5.0):
    """Poll `machine` until `want` frames arrived (loopback UDP is quick, but not instant)."""
    got, deadline = [], time.monotonic() + seconds
    while len(got) < want and time.monotonic() < deadline:
        select.select(machine.wake_fds, [], [], 0.01)
        machine.poll_devices()
        got += driver.receive()
    return got


frames = st.one_of(st.integers(0, 64), st.integers(0, FRAME_MAX + 40), st.sampled_from([FRAME_MAX, FRAME_MAX + 1])) \
    .flatmap(lambda n: st.binary(min_size=n, max_size=n))


@settings(max_examples=60, deadline=None)
@given(burst=st.lists(frames, min_size=1, max_size=QSIZE))
def test_frames_cross_a_udp_link_byte_exact_and_oversize_ones_are_counted(linked, burst):
    a, b, da, db = linked
    before = (b.net.stats.rx_too_big, a.net.stats.tx_frames)
    da.send(burst)
    fitting = [f for f in burst if len(f) <= FRAME_MAX]
    # the oversize ones are dropped at the receiver: wait for the last frame of any size
    got = _deliver(b, db, len(fitting))
    time.sleep(0.001)
    b.poll_devices()
    got += db.receive()
    assert [frame for _, frame in got] == fitting
    assert all(header == bytes(10) + (1).to_bytes(2, "little") for header, _ in got)   # num_buffers = 1
    assert b.net.stats.rx_too_big - before[0] == len(burst) - len(fitting)
    assert a.net.stats.tx_frames - before[1] == len(burst)
    assert not da.failed and not db.failed


def test_the_mac_and_link_status_are_in_config_space():
    machine = machine_with(FakeWire(), mac=bytes.fromhex("02aabbccddee"))
    driver = NetDriver(machine)
    assert driver.reg(R.VIRTIO_MMIO_DEVICE_ID) == R.VIRTIO_ID_NET
    driver.set_reg(R.VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0)
    offered = driver.reg(R.VIRTIO_MMIO_DEVICE_FEATURES)
    assert offered == (1 << R.VIRTIO_NET_F_MAC) | (1 << R.VIRTIO_NET_F_STATUS)
    from vm.devices import virtio_mmio
    config = bytes(int(virtio_mmio.read(machine.dev, driver.win, machine.st, machine.ram,
                                        R.VIRTIO_MMIO_CONFIG + i, 1)) for i in range(8))   # byte reads
    assert config == bytes.fromhex("02aabbccddee") + R.VIRTIO_NET_S_LINK_UP.to_bytes(2, "little")


def test_the_card_sits_after_the_disk_as_qemu_puts_it(tmp_path):
    from vm.devices import board
    from vm.devices.virtio_blk import DiskImage
    from vm.machine import Machine
    (tmp_path / "d.img").write_bytes(bytes(4096))
    m = Machine(ram_mb=4, disk=DiskImage.open(str(tmp_path / "d.img")), net=FakeWire(), virtio=("rng",))
    ids = [int(m.dev[win]) for win in board.VIRTIO_SLOTS]
    assert ids[5:] == [R.VIRTIO_ID_RNG, R.VIRTIO_ID_NET, R.VIRTIO_ID_BLOCK]
    assert NetDriver(machine_with(FakeWire())).win == board.VIRTIO_SLOTS[7]     # no disk: slot 7


def test_frames_wait_for_driver_ok_and_a_full_backlog_drops_and_counts():
    wire = FakeWire()
    machine = machine_with(wire)
    driver = NetDriver(machine)
    wire.inbox = [bytes([i % 256]) * 60 for i in range(RX_BACKLOG + 5)]
    driver.start(live=False)
    machine.poll_devices()                          # not live yet: nothing delivered, nothing lost
    assert driver.receive() == [] and machine.net.stats.rx_no_buffer == 5
    driver.set_reg(R.VIRTIO_MMIO_STATUS, driver.reg(R.VIRTIO_MMIO_STATUS) | R.VIRTIO_STATUS_DRIVER_OK)
    got = []
    for _ in range(RX_BACKLOG // QSIZE + 1):
        machine.poll_devices()
        got += [frame for _, frame in driver.receive()]
    assert got == [bytes([i % 256]) * 60 for i in range(RX_BACKLOG)]


def test_a_frame_too_big_for_the_buffer_is_dropped_and_the_buffer_kept():
    wire = FakeWire()
    machine = machine_with(wire)
    driver = NetDriver(machine)
    driver.start(rx_buffers=0)
    driver.post_rx(0, length=HDR + 100)
    wire.inbox = [bytes(101), b"small"]
    machine.poll_devices()
    assert [frame for _, frame in driver.receive()] == [b"small"]
    assert machine.net.stats.rx_too_big == 1


def test_transmit_counts_oversize_and_refused_frames():
    wire = FakeWire()
    machine = machine_with(wire)
    driver = NetDriver(machine)
    driver.start()
    driver.send([b"x" * (TX_FRAME_MAX + 1)])
    wire.send = lambda frame: False                 # the host refuses (peer down, interface down)
    driver.send([b"hello"])
    stats = machine.net.stats
    assert (wire.sent, stats.tx_too_big, stats.tx_refused, stats.tx_frames) == ([], 1, 1, 0)
    assert not driver.failed


@pytest.mark.parametrize("lie", ["tx writable", "tx short", "rx readable", "rx tiny"])
def test_chains_that_can_be_no_frame_fail_the_device(lie):
    wire = FakeWire()
    machine = machine_with(wire)
    driver = NetDriver(machine)
    driver.start(rx_buffers=0)
    if lie == "tx writable":
        driver.set_desc(R.VIRTIO_NET_TX_QUEUE, 0, 0x80200000, 100, R.VIRTQ_DESC_F_WRITE)
    elif lie == "tx short":
        driver.set_desc(R.VIRTIO_NET_TX_QUEUE, 0, 0x80200000, HDR - 1, 0)
    if lie.startswith("tx"):
        driver.make_available(R.VIRTIO_NET_TX_QUEUE, 0)
        driver.notify(R.VIRTIO_NET_TX_QUEUE)
    else:
        driver.post_rx(0, length=100, flags=0) if lie == "rx readable" else driver.post_rx(0, length=HDR - 1)
        wire.inbox = [b"frame"]
        machine.poll_devices()
    assert driver.failed and wire.sent == [] and driver.receive() == []
    machine.poll_devices()                          # a failed device stays quiet, and nothing raises


def test_a_network_backend_refuses_deterministic_time():
    port, = free_udp_ports(1)
    with pytest.raises(ValueError, match="needs real time"):
        machine_with(UdpLink(port, "127.0.0.1", 9, "x"), deterministic=True)


@pytest.mark.parametrize("spec, message", [
    ("bogus", "bogus: expected none, udp:LOCALPORT:REMOTEHOST:REMOTEPORT or tap:IFNAME"),
    ("udp:1234", "udp:1234: expected udp:LOCALPORT:REMOTEHOST:REMOTEPORT"),
    ("udp:x:127.0.0.1:9", "udp:x:127.0.0.1:9: local port 'x' is not a number"),
    ("udp:5:127.0.0.1:70000", "udp:5:127.0.0.1:70000: remote port 70000 is out of range (1..65535)"),
    ("udp:0:no-such-host.invalid:9", "udp:0:no-such-host.invalid:9: cannot resolve host 'no-such-host.invalid'"),
    ("tap:", "tap:: '' is not an interface name (1 to 15 characters)"),
    ("tap:nosuchtap9", "tap:nosuchtap9: no network interface 'nosuchtap9' (make one: "
                       "ip tuntap add dev nosuchtap9 mode tap user $USER)"),
    ("tap:lo", "tap:lo: 'lo' is not a TAP interface"),
])
def test_a_bad_spec_is_one_line(spec, message):
    with pytest.raises(NetError) as error:
        open_backend(spec)
    assert str(error.value) == message


def test_a_busy_port_is_one_line():
    busy = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    busy.bind(("0.0.0.0", 0))
    with busy:
        port = busy.getsockname()[1]
        with pytest.raises(NetError) as error:
            open_backend(f"udp:{port}:127.0.0.1:9")
    assert str(error.value) == f"udp:{port}:127.0.0.1:9: local UDP port {port} is in use"


def test_macs():
    assert parse_mac("52:54:00:12:34:56") == DEFAULT_MAC
    for bad in ("52:54:00:12:34", "zz:54:00:12:34:56", "525400123456"):
        with pytest.raises(NetError, match="expected a MAC address"):
            parse_mac(bad)
    with pytest.raises(NetError, match="multicast"):
        parse_mac("01:00:5e:00:00:01")


@pytest.mark.parametrize("argv, message", [
    (["--net", "udp:1"], "toyos run: --net udp:1: expected udp:LOCALPORT:REMOTEHOST:REMOTEPORT\n"),
    (["--deterministic", "--net", "udp:0:127.0.0.1:9"],
     "toyos run: --net udp:0:127.0.0.1:9: a network link needs real time (frames arrive in the host's "
     "time, which --deterministic cannot replay); use --net none\n"),
    (["--mac", "52:54:00:12:34:57"],
     "toyos run: --mac 52:54:00:12:34:57: there is no network card (--net udp:... or tap:...)\n"),
    (["--net", "udp:0:127.0.0.1:9", "--mac", "nope"],
     "toyos run: --mac nope: expected a MAC address like 52:54:00:12:34:56\n"),
])
def test_toyos_run_says_what_is_wrong_in_one_line(tmp_path, capsys, argv, message):
    from vm.cli.toyos import main
    assert main(["run", *argv, str(tmp_path / "never-loaded.elf")]) == 2
    assert capsys.readouterr().err == message


def test_the_net_benchmark_moves_every_frame():
    from vm.cli.bench_net import measure
    row = measure(1514, count=200)
    assert (row["sent"], row["received"], row["dropped"]) == (200, 200, 0)
    assert 0 < row["send_insns_per_frame"] < 100 and 0 < row["recv_insns_per_frame"] < 200
