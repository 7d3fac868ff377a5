"""virtio-mmio transport, version 2 (virtio 1.x over MMIO), for the board's 8 slots.

One slot is one window of the device state (layout in virtqueue.py).  The host
puts a device kind into a slot (`attach`); a slot with DeviceID 0 is "no device"
and answers the probe as QEMU's empty slots do (magic, version, vendor, zeros).
This file owns the registers, the status and feature negotiation (a driver
must accept VIRTIO_F_VERSION_1 and nothing the device did not offer, or
FEATURES_OK does not stick) and the queue set-up; virtqueue.py walks the rings
in guest RAM; a device kind says what it offers and serves its queues.

A device kind is one module with DEVICE_ID, FEATURES, NUM_QUEUES,
QUEUE_NUM_MAX, NEEDS_HOST, `config()` (its config-space bytes), `reset(dev,
win, deterministic)` and `poll(dev, win, st, ram, pending)` (host side;
`pending` has bit q set when queue q was notified since), and a jitted
`serve(dev, win, st, ram, queue)`; it plugs in with one row of KINDS and one
case in `serve` below (Numba cannot call through a table of functions).  A
NEEDS_HOST kind (virtio_blk, virtio_net) serves its queues in `poll` and needs no case.
A kind with NEEDS_HOST (a disk file, a socket) has its queues served by the
host: a notify records the queue, stops the CPU (STOP_DEVICE) and the
machine polls the device, which serves it from Python.
"""
import numpy as np
from numba import njit

from vm import state as S
from vm.devices import WRITE_OK, WRITE_STOP
from vm.devices import registers as R
from vm.devices import virtio_blk, virtio_net, virtio_rng
from vm.devices import virtqueue as V

WINDOW_WORDS = V.WINDOW_WORDS

# command-line name -> device kind module
KINDS = {
    "blk": virtio_blk,
    "net": virtio_net,
    "rng": virtio_rng,
}


def attach(dev, win, kind, deterministic: bool) -> None:
    """Host side: put device kind `kind` (a module of KINDS) into the slot at `win`."""
    config = kind.config()
    assert kind.NUM_QUEUES <= V.MAX_QUEUES and len(config) <= 4 * V.CONFIG_WORDS
    dev[win:win + V.WINDOW_WORDS] = 0
    dev[win + V.DEVICE_ID] = kind.DEVICE_ID
    dev[win + V.FEATURES] = np.int64(np.uint64(kind.FEATURES))
    dev[win + V.NUM_QUEUES] = kind.NUM_QUEUES
    dev[win + V.QUEUE_NUM_MAX] = kind.QUEUE_NUM_MAX
    dev[win + V.NEEDS_HOST] = 1 if kind.NEEDS_HOST else 0
    padded = bytes(config) + bytes(4 * V.CONFIG_WORDS - len(config))
    dev[win + V.CONFIG:win + V.CONFIG + V.CONFIG_WORDS] = np.frombuffer(padded, dtype="<u4")
    kind.reset(dev, win, deterministic)


def kind_of(dev, win):
    """The KINDS module in the slot, or None for an empty slot."""
    for kind in KINDS.values():
        if kind.DEVICE_ID == dev[win + V.DEVICE_ID]:
            return kind
    return None


def reset(dev, win, deterministic: bool) -> None:
    """Machine reset: the transport's registers and queues; what is attached stays."""
    dev[win + V.REGS:win + V.WINDOW_WORDS] = 0
    kind = kind_of(dev, win)
    if kind is not None:
        kind.reset(dev, win, deterministic)


def poll(dev, win, st, ram) -> None:
    """Host side, between runs: the kind's host work, with the queues notified since (a bit each)."""
    kind = kind_of(dev, win)
    if kind is not None:
        pending = int(dev[win + V.PENDING_NOTIFY])
        dev[win + V.PENDING_NOTIFY] = 0
        kind.poll(dev, win, st, ram, pending)


@njit(cache=True)
def irq_level(dev, win):
    return 1 if dev[win + V.INTERRUPT_STATUS] else 0


@njit(cache=True)
def serve(dev, win, st, ram, queue):
    """Serve one notified queue with the slot's device kind (one case per kind)."""
    device_id = dev[win + V.DEVICE_ID]
    if device_id == virtio_rng.DEVICE_ID:
        virtio_rng.serve(dev, win, st, ram, queue)


# ---- registers ------------------------------------------------------------------------------
@njit(cache=True)
def _queue(dev, win):
    """Window index of the selected queue's words, or -1 if the device has no such queue."""
    q = dev[win + V.QUEUE_SEL]
    if q < 0 or q >= dev[win + V.NUM_QUEUES]:
        return -1
    return win + V.QUEUES + q * V.QUEUE_WORDS


@njit(cache=True)
def read(dev, win, st, ram, offset, size):
    """A register or config-space value (zero-extended)."""
    mask = (1 << (8 * size)) - 1
    if dev[win + V.DEVICE_ID] == R.VIRTIO_ID_NONE:
        # QEMU's empty slot: magic, version and vendor at their exact offsets, zero elsewhere
        if offset == R.VIRTIO_MMIO_MAGIC_VALUE:
            return R.VIRTIO_MMIO_MAGIC & mask
        if offset == R.VIRTIO_MMIO_VERSION:
            return R.VIRTIO_MMIO_VERSION_2 & mask
        if offset == R.VIRTIO_MMIO_VENDOR_ID:
            return R.VIRTIO_VENDOR_QEMU & mask
        return 0
    if offset >= R.VIRTIO_MMIO_CONFIG:
        rel = offset - R.VIRTIO_MMIO_CONFIG
        if rel + size > 4 * V.CONFIG_WORDS:
            return 0
        value = 0
        for i in range(size):
            word = dev[win + V.CONFIG + ((rel + i) >> 2)]
            value |= ((word >> (8 * ((rel + i) & 3))) & 0xFF) << (8 * i)
        return value
    if size != 4:
        return 0                    # registers are 32-bit only (QEMU reads 0 too)
    if offset == R.VIRTIO_MMIO_MAGIC_VALUE:
        return R.VIRTIO_MMIO_MAGIC
    if offset == R.VIRTIO_MMIO_VERSION:
        return R.VIRTIO_MMIO_VERSION_2
    if offset == R.VIRTIO_MMIO_DEVICE_ID:
        return dev[win + V.DEVICE_ID]
    if offset == R.VIRTIO_MMIO_VENDOR_ID:
        return R.VIRTIO_VENDOR_QEMU
    if offset == R.VIRTIO_MMIO_DEVICE_FEATURES:
        sel = dev[win + V.DEVICE_FEATURES_SEL]
        if sel == 0:
            return dev[win + V.FEATURES] & V.M32
        if sel == 1:
            return (dev[win + V.FEATURES] >> 32) & V.M32
        return 0
    if offset == R.VIRTIO_MMIO_QUEUE_NUM_MAX:
        return dev[win + V.QUEUE_NUM_MAX] if _queue(dev, win) >= 0 else 0
    if offset == R.VIRTIO_MMIO_QUEUE_READY:
        q = _queue(dev, win)
        return dev[q + V.Q_READY] if q >= 0 else 0
    if offset == R.VIRTIO_MMIO_INTERRUPT_STATUS:
        return dev[win + V.INTERRUPT_STATUS]
    if offset == R.VIRTIO_MMIO_STATUS:
        return dev[win + V.STATUS]
    if offset == R.VIRTIO_MMIO_CONFIG_GENERATION:
        return dev[win + V.CONFIG_GENERATION] & V.M32
    return 0                        # write-only and reserved registers


@njit(cache=True)
def write(dev, win, st, ram, offset, size, value):
    """WRITE_OK, or WRITE_STOP when a notify needs the host (st[STOP] = STOP_DEVICE)."""
    if dev[win + V.DEVICE_ID] == R.VIRTIO_ID_NONE or size != 4 or offset >= R.VIRTIO_MMIO_CONFIG:
        return WRITE_OK             # empty slot; config space is read-only for the kinds so far
    value &= V.M32
    status = dev[win + V.STATUS]
    if offset == R.VIRTIO_MMIO_STATUS:
        _write_status(dev, win, value)
    elif offset == R.VIRTIO_MMIO_DEVICE_FEATURES_SEL:
        dev[win + V.DEVICE_FEATURES_SEL] = value
    elif offset == R.VIRTIO_MMIO_DRIVER_FEATURES_SEL:
        dev[win + V.DRIVER_FEATURES_SEL] = value
    elif offset == R.VIRTIO_MMIO_DRIVER_FEATURES:
        sel = dev[win + V.DRIVER_FEATURES_SEL]
        if not (status & R.VIRTIO_STATUS_FEATURES_OK) and (sel == 0 or sel == 1):
            shift = 32 * sel
            old = dev[win + V.DRIVER_FEATURES]
            dev[win + V.DRIVER_FEATURES] = (old & ~(V.M32 << shift)) | (value << shift)
    elif offset == R.VIRTIO_MMIO_QUEUE_SEL:
        dev[win + V.QUEUE_SEL] = value
    elif offset == R.VIRTIO_MMIO_INTERRUPT_ACK:
        dev[win + V.INTERRUPT_STATUS] &= ~value
    elif offset == R.VIRTIO_MMIO_QUEUE_NOTIFY:
        return _notify(dev, win, st, ram, value)
    else:
        q = _queue(dev, win)
        if q < 0:
            return WRITE_OK
        if offset == R.VIRTIO_MMIO_QUEUE_READY:
            if value & 1 and not dev[q + V.Q_READY]:
                if _queue_is_sound(dev, win, st, q):
                    dev[q + V.Q_READY] = 1
                else:
                    V.fail(dev, win)
            elif not (value & 1):
                dev[q + V.Q_READY] = 0
        elif dev[q + V.Q_READY]:
            return WRITE_OK         # a live queue's size and addresses do not change
        elif offset == R.VIRTIO_MMIO_QUEUE_NUM:
            dev[q + V.Q_NUM] = value
        elif offset == R.VIRTIO_MMIO_QUEUE_DESC_LOW or offset == R.VIRTIO_MMIO_QUEUE_DESC_HIGH:
            _set_half(dev, q + V.Q_DESC, offset - R.VIRTIO_MMIO_QUEUE_DESC_LOW, value)
        elif offset == R.VIRTIO_MMIO_QUEUE_DRIVER_LOW or offset == R.VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
            _set_half(dev, q + V.Q_DRIVER, offset - R.VIRTIO_MMIO_QUEUE_DRIVER_LOW, value)
        elif offset == R.VIRTIO_MMIO_QUEUE_DEVICE_LOW or offset == R.VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
            _set_half(dev, q + V.Q_DEVICE, offset - R.VIRTIO_MMIO_QUEUE_DEVICE_LOW, value)
    return WRITE_OK


@njit(cache=True)
def _set_half(dev, index, high, value):
    if high:
        dev[index] = (dev[index] & V.M32) | (value << 32)
    else:
        dev[index] = (dev[index] & ~V.M32) | value


@njit(cache=True)
def _write_status(dev, win, value):
    """Status: 0 resets; the driver sets bits; FEATURES_OK sticks only if the features are acceptable."""
    if value == 0:
        dev[win + V.REGS:win + V.WINDOW_WORDS] = 0
        return
    old = dev[win + V.STATUS]
    if value & R.VIRTIO_STATUS_FEATURES_OK and not (old & R.VIRTIO_STATUS_FEATURES_OK):
        wanted = dev[win + V.DRIVER_FEATURES]
        version_1 = np.int64(1) << R.VIRTIO_F_VERSION_1
        if (wanted & ~dev[win + V.FEATURES]) != 0 or not (wanted & version_1):
            value &= ~R.VIRTIO_STATUS_FEATURES_OK      # the driver reads it back and gives up
    # the device owns NEEDS_RESET; the driver cannot clear bits except by a reset
    dev[win + V.STATUS] = (value & ~R.VIRTIO_STATUS_NEEDS_RESET) | (old & R.VIRTIO_STATUS_NEEDS_RESET)


@njit(cache=True)
def _queue_is_sound(dev, win, st, q):
    """Size a power of two within QueueNumMax; the three rings aligned and inside RAM."""
    num = dev[q + V.Q_NUM]
    if num <= 0 or num > dev[win + V.QUEUE_NUM_MAX] or num > V.MAX_QUEUE_SIZE or (num & (num - 1)):
        return False
    desc = dev[q + V.Q_DESC]
    avail = dev[q + V.Q_DRIVER]
    used = dev[q + V.Q_DEVICE]
    if desc & 15 or avail & 1 or used & 3:
        return False
    return (V.ram_offset(st, desc, R.VIRTQ_DESC_SIZE * num) >= 0
            and V.ram_offset(st, avail, R.VIRTQ_AVAIL_RING + 2 * num + 2) >= 0
            and V.ram_offset(st, used, R.VIRTQ_USED_RING + R.VIRTQ_USED_ELEM_SIZE * num + 2) >= 0)


@njit(cache=True)
def _notify(dev, win, st, ram, queue):
    """QueueNotify: serve the queue now, or mark it for the host and stop the CPU."""
    if not V.live(dev, win) or queue >= dev[win + V.NUM_QUEUES]:
        return WRITE_OK             # before DRIVER_OK a device must not consume buffers
    if not dev[win + V.QUEUES + queue * V.QUEUE_WORDS + V.Q_READY]:
        return WRITE_OK
    if dev[win + V.NEEDS_HOST]:
        dev[win + V.PENDING_NOTIFY] |= 1 << queue
        st[S.STOP] = S.STOP_DEVICE
        return WRITE_STOP
    serve(dev, win, st, ram, queue)
    return WRITE_OK


