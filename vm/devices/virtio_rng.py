"""virtio-rng (entropy source, DeviceID 4): one request queue the device fills with bytes.

Each chain the driver makes available is filled, device-writable buffer by
buffer, and returned with the number of bytes written.  The bytes come from a
xorshift32 generator kept in the slot's KIND_STATE: seeded with a fixed value
in deterministic runs (runs stay bit-identical) and from the host's
os.urandom otherwise, re-seeded at every host poll.  That is entropy for a toy
machine, not for keys.  Served inside the CPU at the notify (no host needed).
"""
import os

from numba import njit

from vm import state as S
from vm.devices import registers as R
from vm.devices import virtqueue as V

DEVICE_ID = R.VIRTIO_ID_RNG
FEATURES = 1 << R.VIRTIO_F_VERSION_1
NUM_QUEUES = 1
QUEUE_NUM_MAX = 1024              # what QEMU's virtio-mmio reports for every queue
NEEDS_HOST = False
REQUEST_QUEUE = 0
GENERATOR = V.KIND_STATE          # xorshift32 state, never 0
DETERMINISTIC_SEED = 0x2545F491


def config() -> bytes:
    return b""                    # virtio-rng has no config space


def reset(dev, win, deterministic: bool) -> None:
    dev[win + GENERATOR] = DETERMINISTIC_SEED if deterministic else _host_seed()


def poll(dev, win, st, ram, pending) -> None:
    """Stir host entropy into the generator in real time (deterministic runs keep theirs); serve
    the request queue if it was notified (only when the slot is made NEEDS_HOST, as a test does)."""
    if st[S.TICK_DIV] == 0:                         # mtime follows the wall clock: real time
        dev[win + GENERATOR] = (int(dev[win + GENERATOR]) ^ _host_seed()) or DETERMINISTIC_SEED
    if pending >> REQUEST_QUEUE & 1:
        serve(dev, win, st, ram, REQUEST_QUEUE)


def _host_seed() -> int:
    return int.from_bytes(os.urandom(4), "little") or DETERMINISTIC_SEED


@njit(cache=True)
def _next(x):
    x ^= (x << 13) & 0xFFFFFFFF
    x ^= x >> 17
    x ^= (x << 5) & 0xFFFFFFFF
    return x


@njit(cache=True)
def serve(dev, win, st, ram, queue):
    """Fill every available chain of the request queue."""
    if queue != REQUEST_QUEUE:
        return
    x = dev[win + GENERATOR]
    while True:
        head = V.pop_avail(dev, win, st, ram, queue)
        if head < 0:
            break                                   # NO_BUFFER, or BAD_QUEUE (device failed)
        if V.validate_chain(dev, win, st, ram, queue, head) < 0:
            break
        written = 0
        index = head
        while True:
            addr, length, flags, nxt = V.descriptor(dev, win, ram, queue, index)
            if flags & R.VIRTQ_DESC_F_WRITE:        # device-readable buffers are not ours to fill
                off = V.ram_offset(st, addr, length)
                for i in range(length):
                    if i & 3 == 0:
                        x = _next(x)
                    ram[off + i] = (x >> (8 * (i & 3))) & 0xFF
                written += length
            if not (flags & R.VIRTQ_DESC_F_NEXT):
                break
            index = nxt
        V.push_used(dev, win, st, ram, queue, head, written)
    dev[win + GENERATOR] = x
