"""The virtio-mmio transport and virtio-rng, driven through the bus like a guest driver would.

Hypothesis makes the driver misbehave (queue sizes, descriptors outside RAM,
chains that loop or outgrow the queue, notifies before DRIVER_OK): the device
must answer with DEVICE_NEEDS_RESET or ignore the request, never raise, never
hang, and never write a byte of RAM the driver did not hand it.
"""
from __future__ import annotations

import struct

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vm import memmap
from vm.bus import bus_read, bus_write
from vm.devices import board
from vm.devices import plic as plic_dev
from vm.devices import registers as R
from vm.machine import Machine

RAM_MB = 1
RAM_END = memmap.RAM_BASE + (RAM_MB << 20)
DESC = memmap.RAM_BASE + 0x1000
AVAIL = memmap.RAM_BASE + 0x2000
USED = memmap.RAM_BASE + 0x3000
BUFFERS = memmap.RAM_BASE + 0x10000
RNG_SLOT = memmap.VIRTIO_SLOTS - 1                  # the highest free slot, as on QEMU
VERSION_1 = 1 << R.VIRTIO_F_VERSION_1


class Driver:
    """A guest driver's view of the rng's slot, and of its rings in RAM."""

    def __init__(self, machine: Machine, slot: int = RNG_SLOT):
        self.m = machine
        self.base = memmap.VIRTIO_BASE + slot * memmap.VIRTIO_STRIDE
        self.irq = memmap.VIRTIO_IRQ_BASE + slot

    def reg(self, offset: int, size: int = 4) -> int:
        return int(bus_read(self.m.st, self.m.ram, self.m.dev, self.base + offset, size))

    def set(self, offset: int, value: int, size: int = 4) -> None:
        bus_write(self.m.st, self.m.ram, self.m.dev, self.base + offset, size, value & 0xFFFFFFFF)

    def status(self) -> int:
        return self.reg(R.VIRTIO_MMIO_STATUS)

    def negotiate(self, features: int = VERSION_1) -> int:
        self.set(R.VIRTIO_MMIO_STATUS, 0)
        status = R.VIRTIO_STATUS_ACKNOWLEDGE | R.VIRTIO_STATUS_DRIVER
        self.set(R.VIRTIO_MMIO_STATUS, status)
        for word in (0, 1):
            self.set(R.VIRTIO_MMIO_DRIVER_FEATURES_SEL, word)
            self.set(R.VIRTIO_MMIO_DRIVER_FEATURES, features >> (32 * word))
        self.set(R.VIRTIO_MMIO_STATUS, status | R.VIRTIO_STATUS_FEATURES_OK)
        return self.status()

    def queue(self, num: int, desc: int = DESC, avail: int = AVAIL, used: int = USED) -> None:
        self.set(R.VIRTIO_MMIO_QUEUE_SEL, 0)
        self.set(R.VIRTIO_MMIO_QUEUE_NUM, num)
        for low, address in ((R.VIRTIO_MMIO_QUEUE_DESC_LOW, desc), (R.VIRTIO_MMIO_QUEUE_DRIVER_LOW, avail),
                             (R.VIRTIO_MMIO_QUEUE_DEVICE_LOW, used)):
            self.set(low, address)
            self.set(low + 4, address >> 32)
        self.set(R.VIRTIO_MMIO_QUEUE_READY, 1)

    def go(self) -> None:
        self.set(R.VIRTIO_MMIO_STATUS, self.status() | R.VIRTIO_STATUS_DRIVER_OK)

    def descriptor(self, index: int, addr: int, length: int, flags: int, nxt: int) -> None:
        self.m.write_mem(DESC + R.VIRTQ_DESC_SIZE * index, struct.pack("<QIHH", addr, length, flags, nxt))

    def offer(self, heads, flags: int = 0) -> None:
        """Put `heads` in the available ring (from entry 0) and set its index."""
        for i, head in enumerate(heads):
            self.m.write_mem(AVAIL + R.VIRTQ_AVAIL_RING + 2 * i, struct.pack("<H", head))
        self.m.write_mem(AVAIL, struct.pack("<HH", flags, len(heads)))

    def notify(self, queue: int = 0) -> None:
        self.set(R.VIRTIO_MMIO_QUEUE_NOTIFY, queue)

    def used(self):
        """(used idx, [(id, len), ...] for the entries up to it)."""
        idx = struct.unpack("<H", self.m.read_mem(USED + R.VIRTQ_USED_IDX, 2))[0]
        elems = [struct.unpack("<II", self.m.read_mem(USED + R.VIRTQ_USED_RING + 8 * i, 8)) for i in range(idx)]
        return idx, elems


def rng_machine(deterministic: bool = True) -> Machine:
    return Machine(ram_mb=RAM_MB, deterministic=deterministic, virtio=("rng",))


def live_driver(num: int = 4, deterministic: bool = True) -> Driver:
    driver = Driver(rng_machine(deterministic))
    assert driver.negotiate() & R.VIRTIO_STATUS_FEATURES_OK
    driver.queue(num)
    driver.go()
    return driver


def test_the_rng_sits_in_the_highest_slot_and_the_others_are_empty():
    m = rng_machine()
    for slot in range(memmap.VIRTIO_SLOTS):
        d = Driver(m, slot)
        assert d.reg(R.VIRTIO_MMIO_MAGIC_VALUE) == R.VIRTIO_MMIO_MAGIC
        assert d.reg(R.VIRTIO_MMIO_VERSION) == R.VIRTIO_MMIO_VERSION_2
        assert d.reg(R.VIRTIO_MMIO_DEVICE_ID) == (R.VIRTIO_ID_RNG if slot == RNG_SLOT else R.VIRTIO_ID_NONE)


def test_features_ok_sticks_only_with_version_1_and_offered_features():
    d = Driver(rng_machine())
    d.set(R.VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1)
    assert d.reg(R.VIRTIO_MMIO_DEVICE_FEATURES) == VERSION_1 >> 32
    assert not d.negotiate(features=0) & R.VIRTIO_STATUS_FEATURES_OK           # legacy: refused
    assert not d.negotiate(features=VERSION_1 | 1 << 28) & R.VIRTIO_STATUS_FEATURES_OK  # not offered
    assert d.negotiate() & R.VIRTIO_STATUS_FEATURES_OK
    d.set(R.VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0)
    d.set(R.VIRTIO_MMIO_DRIVER_FEATURES, 0xFFFFFFFF)       # too late: FEATURES_OK is set
    d.set(R.VIRTIO_MMIO_STATUS, 0)
    assert d.negotiate() & R.VIRTIO_STATUS_FEATURES_OK


def test_rng_fills_a_chain_and_raises_its_plic_source():
    d = live_driver()
    d.descriptor(0, BUFFERS, 8, R.VIRTQ_DESC_F_WRITE | R.VIRTQ_DESC_F_NEXT, 1)
    d.descriptor(1, BUFFERS + 8, 24, R.VIRTQ_DESC_F_WRITE, 0)
    d.offer([0])
    d.notify()
    assert d.used() == (1, [(0, 32)])
    assert d.m.read_mem(BUFFERS, 32) != bytes(32)
    assert d.m.read_mem(BUFFERS + 32, 16) == bytes(16)           # not a byte more
    assert d.reg(R.VIRTIO_MMIO_INTERRUPT_STATUS) == R.VIRTIO_INT_USED_BUFFER
    assert d.m.dev[board.PLIC + plic_dev.PENDING + d.irq] == 1
    d.set(R.VIRTIO_MMIO_INTERRUPT_ACK, R.VIRTIO_INT_USED_BUFFER)
    assert d.reg(R.VIRTIO_MMIO_INTERRUPT_STATUS) == 0
    assert d.m.dev[board.PLIC + plic_dev.PENDING + d.irq] == 0


def test_no_interrupt_flag_and_device_readable_buffers():
    d = live_driver()
    d.descriptor(0, BUFFERS, 16, 0, 0)                           # device-readable: not filled
    d.offer([0], flags=R.VIRTQ_AVAIL_F_NO_INTERRUPT)
    d.notify()
    assert d.used() == (1, [(0, 0)])
    assert d.m.read_mem(BUFFERS, 16) == bytes(16)
    assert d.reg(R.VIRTIO_MMIO_INTERRUPT_STATUS) == 0


def _rng_bytes(deterministic: bool) -> bytes:
    d = live_driver(deterministic=deterministic)
    d.descriptor(0, BUFFERS, 64, R.VIRTQ_DESC_F_WRITE, 0)
    d.offer([0])
    d.notify()
    return d.m.read_mem(BUFFERS, 64)


def test_deterministic_bytes_repeat_and_real_time_bytes_do_not():
    assert _rng_bytes(True) == _rng_bytes(True)
    assert _rng_bytes(False) != _rng_bytes(False)


def test_notify_before_driver_ok_is_ignored_until_the_next_notify():
    d = Driver(rng_machine())
    d.negotiate()
    d.queue(4)
    d.descriptor(0, BUFFERS, 16, R.VIRTQ_DESC_F_WRITE, 0)
    d.offer([0])
    d.notify()
    assert d.used() == (0, [])
    assert d.m.read_mem(BUFFERS, 16) == bytes(16)
    d.go()
    d.notify()
    assert d.used() == (1, [(0, 16)])


def test_reset_clears_the_transport_but_not_the_device():
    d = live_driver()
    d.descriptor(0, BUFFERS, 16, R.VIRTQ_DESC_F_WRITE, 0)
    d.offer([0])
    d.notify()
    d.set(R.VIRTIO_MMIO_STATUS, 0)
    assert d.status() == 0
    assert d.reg(R.VIRTIO_MMIO_INTERRUPT_STATUS) == 0
    d.set(R.VIRTIO_MMIO_QUEUE_SEL, 0)
    assert d.reg(R.VIRTIO_MMIO_QUEUE_READY) == 0
    assert d.reg(R.VIRTIO_MMIO_DEVICE_ID) == R.VIRTIO_ID_RNG
    d.m.write_mem(USED, bytes(64))                               # a new driver, new rings
    assert d.negotiate() & R.VIRTIO_STATUS_FEATURES_OK
    d.queue(4)
    d.go()
    d.offer([0])
    d.notify()
    assert d.used() == (1, [(0, 16)])


def test_narrow_register_accesses_read_zero_and_are_ignored():
    d = live_driver()
    assert d.reg(R.VIRTIO_MMIO_MAGIC_VALUE, 2) == 0
    d.set(R.VIRTIO_MMIO_STATUS, 0, 1)
    assert d.status() & R.VIRTIO_STATUS_DRIVER_OK


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(num=st.integers(0, (1 << 32) - 1))
def test_queue_ready_takes_only_sound_sizes(num):
    d = Driver(rng_machine())
    d.negotiate()
    d.queue(num)
    sound = 0 < num <= 1024 and num & (num - 1) == 0
    assert d.reg(R.VIRTIO_MMIO_QUEUE_READY) == (1 if sound else 0)
    assert bool(d.status() & R.VIRTIO_STATUS_NEEDS_RESET) == (not sound)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(where=st.sampled_from(["desc", "avail", "used"]),
       address=st.one_of(st.integers(0, (1 << 64) - 1), st.integers(RAM_END - 64, RAM_END + 64),
                         st.integers(memmap.RAM_BASE - 64, memmap.RAM_BASE + 64)))
def test_rings_outside_ram_or_misaligned_are_refused(where, address):
    d = Driver(rng_machine())
    d.negotiate()
    rings = {"desc": DESC, "avail": AVAIL, "used": USED, where: address}
    d.queue(8, rings["desc"], rings["avail"], rings["used"])
    sizes = {"desc": 16 * 8, "avail": 6 + 2 * 8, "used": 6 + 8 * 8}
    align = {"desc": 16, "avail": 2, "used": 4}
    sound = (memmap.RAM_BASE <= address and address + sizes[where] <= RAM_END
             and address % align[where] == 0)
    assert d.reg(R.VIRTIO_MMIO_QUEUE_READY) == (1 if sound else 0)


# A chain as the driver wrote it: for each descriptor (address, length, flags, next).
ADDRESSES = st.one_of(
    st.integers(BUFFERS, BUFFERS + 0x1000),                  # well inside RAM
    st.integers(RAM_END - 32, RAM_END + 32),                 # across the end of RAM
    st.integers(0, memmap.RAM_BASE + 32),                    # below RAM, devices, the start
    st.integers(0, (1 << 64) - 1))                           # anywhere, 64-bit
DESCRIPTORS = st.lists(st.tuples(ADDRESSES, st.integers(0, 96), st.integers(0, 7), st.integers(0, 9)),
                       min_size=8, max_size=8)


def _reference_chain(descs, head, num):
    """The (address, length, flags) of a sound chain from `head`, or None (the spec's rules)."""
    chain = []
    index = head
    while True:
        if index >= num or len(chain) >= num:
            return None
        addr, length, flags, nxt = descs[index]
        if flags & R.VIRTQ_DESC_F_INDIRECT or addr < memmap.RAM_BASE or addr + length > RAM_END:
            return None
        chain.append((addr, length, flags))
        if not flags & R.VIRTQ_DESC_F_NEXT:
            return chain
        index = nxt


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(num=st.sampled_from([1, 2, 4, 8]), descs=DESCRIPTORS,
       heads=st.lists(st.integers(0, 9), min_size=0, max_size=10), driver_ok=st.booleans())
def test_any_descriptor_table_is_served_or_refused_without_stray_writes(num, descs, heads, driver_ok):
    d = Driver(rng_machine())
    d.negotiate()
    d.queue(num)
    if driver_ok:
        d.go()
    for i, (addr, length, flags, nxt) in enumerate(descs[:num]):
        d.descriptor(i, addr, length, flags, nxt)
    d.offer(heads)
    before = d.m.ram.copy()
    d.notify()
    used_idx, elems = d.used()
    failed = bool(d.status() & R.VIRTIO_STATUS_NEEDS_RESET)
    if not driver_ok:
        assert (used_idx, failed) == (0, False)
    allowed = np.zeros(len(before), dtype=bool)                  # bytes the device may write
    allowed[USED - memmap.RAM_BASE:USED - memmap.RAM_BASE + 6 + 8 * num] = True
    for head, written in elems:
        chain = _reference_chain(descs, head, num)
        assert chain is not None, f"the device served an unsound chain from {head}"
        assert written == sum(length for _, length, flags in chain if flags & R.VIRTQ_DESC_F_WRITE)
        for addr, length, flags in chain:
            if flags & R.VIRTQ_DESC_F_WRITE:
                allowed[addr - memmap.RAM_BASE:addr - memmap.RAM_BASE + length] = True
    changed = np.nonzero(before != d.m.ram)[0]
    assert allowed[changed].all(), f"stray writes at RAM offsets {changed[~allowed[changed]][:8]}"
    if driver_ok and not failed:
        assert len(heads) <= num                                 # more than the ring holds fails
        assert [h for h, _ in elems] == heads
    if driver_ok and len(heads) <= num and all(_reference_chain(descs, h, num) for h in heads):
        assert not failed and used_idx == len(heads)


def test_the_cli_attaches_the_rng(tmp_path):
    import subprocess
    import sys

    from tests.vm.build import build_virtio
    elf = build_virtio("virtio_rng")
    runs = [subprocess.run([sys.executable, "-m", "vm.cli", "run", "--deterministic", *flag,
                            "--max-insns", "20000000", str(elf)],
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=300)
            for flag in (["--rng"], [])]
    assert runs[0].returncode == 0 and b"slot=00000007 version=00000002 device=00000004" in runs[0].stdout
    assert b"done" in runs[0].stdout, runs[0].stdout.decode(errors="replace")
    assert b"no virtio-rng found" in runs[1].stdout


def test_a_host_served_device_stops_the_core_and_is_served_between_runs():
    """NEEDS_HOST (for disks and sockets): the notify stops the core, the machine's poll serves it."""
    from tests.vm.build import build_virtio
    from vm.devices import virtqueue as V
    elf = build_virtio("virtio_rng")

    def run(host_served: bool):
        m = Machine(ram_mb=16, deterministic=True, virtio=("rng",))
        m.dev[board.VIRTIO_SLOTS[RNG_SLOT] + V.NEEDS_HOST] = 1 if host_served else 0
        polls = []
        served_by = m.poll_devices
        m.poll_devices = lambda: (polls.append(m.insns), served_by())
        m.load_elf(str(elf))
        result = m.run(max_insns=20_000_000)
        return result.reason, bytes(m.output), len(polls)

    inline, host = run(False), run(True)
    assert inline[0] == host[0] == "poweroff"
    assert host[1] == inline[1] and b"done" in host[1]
    assert (inline[2], host[2]) == (0, 2)                   # the two notifies
