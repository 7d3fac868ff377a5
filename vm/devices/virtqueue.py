"""Split virtqueues in guest RAM, and the virtio slot's window of the device state.

Shared by the transport (virtio_mmio.py: registers, negotiation) and the
device kinds (virtio_rng.py, ...: what they do with their buffers).  Every
guest-supplied address is checked against RAM before it is touched, and a
kind walks only chains `validate_chain` accepted; anything unsound (a buffer
outside RAM, a chain that loops or is longer than the queue, an indirect
descriptor, which is not offered, more buffers than the ring holds) sets
DEVICE_NEEDS_RESET, as the spec lets a device do, and the device serves no
queue until the driver resets it.
"""
from numba import njit

from vm import memmap
from vm import state as S
from vm.devices import ram_read, ram_write
from vm.devices import registers as R

# ---- the slot's window: configuration (set by the host, kept by a guest reset) ----------
DEVICE_ID = 0               # VIRTIO_ID_*; 0 = no device
FEATURES = 1                # the 64 feature bits the device offers
NUM_QUEUES = 2
QUEUE_NUM_MAX = 3           # the largest queue size the device takes
NEEDS_HOST = 4              # 1: a notify stops the CPU so the host serves the queue (poll)
CONFIG_GENERATION = 5
CONFIG = 8                  # CONFIG_WORDS little-endian 32-bit words of config space
CONFIG_WORDS = 16
KIND_STATE = CONFIG + CONFIG_WORDS     # words the kind keeps across resets (rng: its generator)
KIND_STATE_WORDS = 4
# ---- the transport's registers (cleared by a reset) ---------------------------------------
REGS = KIND_STATE + KIND_STATE_WORDS
STATUS = REGS + 0
DEVICE_FEATURES_SEL = REGS + 1
DRIVER_FEATURES_SEL = REGS + 2
DRIVER_FEATURES = REGS + 3  # 64 bits
QUEUE_SEL = REGS + 4
INTERRUPT_STATUS = REGS + 5
PENDING_NOTIFY = REGS + 6   # bit per queue notified and not yet served by the host
QUEUES = REGS + 8           # MAX_QUEUES x QUEUE_WORDS
Q_NUM = 0
Q_READY = 1
Q_DESC = 2                  # 64-bit guest physical addresses
Q_DRIVER = 3                # the available ring
Q_DEVICE = 4                # the used ring
Q_LAST_AVAIL = 5            # next available-ring entry the device takes (free-running 16 bits)
Q_USED_IDX = 6              # the device's used index (free-running 16 bits)
QUEUE_WORDS = 8
MAX_QUEUES = 4
WINDOW_WORDS = QUEUES + MAX_QUEUES * QUEUE_WORDS
MAX_QUEUE_SIZE = 32768      # the split-virtqueue limit

NO_BUFFER = -1              # pop_avail: the driver made nothing new available
BAD_QUEUE = -2              # pop_avail / validate_chain: the queue is broken (NEEDS_RESET set)

M32 = 0xFFFFFFFF


# ---- guest RAM (every access checked) ------------------------------------------------------
@njit(cache=True)
def ram_offset(st, addr, length):
    """Offset in RAM of [addr, addr + length), or -1 if any of it is outside RAM."""
    off = addr - memmap.RAM_BASE
    if addr < 0 or length < 0 or off < 0 or off + length > st[S.RAM_SIZE]:
        return -1
    return off


@njit(cache=True)
def fail(dev, win):
    """The device cannot go on: DEVICE_NEEDS_RESET, and a config-change interrupt once live."""
    dev[win + STATUS] |= R.VIRTIO_STATUS_NEEDS_RESET
    if dev[win + STATUS] & R.VIRTIO_STATUS_DRIVER_OK:
        dev[win + INTERRUPT_STATUS] |= R.VIRTIO_INT_CONFIG_CHANGE


@njit(cache=True)
def live(dev, win):
    """The driver said DRIVER_OK and the device has not failed: queues may be served."""
    status = dev[win + STATUS]
    return (status & R.VIRTIO_STATUS_DRIVER_OK) != 0 and (status & R.VIRTIO_STATUS_NEEDS_RESET) == 0


# ---- split virtqueues, for the device kinds ------------------------------------------------------
@njit(cache=True)
def queue_index(dev, win, queue):
    return win + QUEUES + queue * QUEUE_WORDS


@njit(cache=True)
def pop_avail(dev, win, st, ram, queue):
    """Head descriptor of the next available chain, NO_BUFFER, or BAD_QUEUE (device failed)."""
    q = queue_index(dev, win, queue)
    num = dev[q + Q_NUM]
    avail = ram_offset(st, dev[q + Q_DRIVER], R.VIRTQ_AVAIL_RING + 2 * num)
    if avail < 0:
        fail(dev, win)
        return BAD_QUEUE
    idx = ram_read(ram, avail + R.VIRTQ_AVAIL_IDX, 2)
    last = dev[q + Q_LAST_AVAIL]
    pending = (idx - last) & 0xFFFF
    if pending == 0:
        return NO_BUFFER
    if pending > num:               # more buffers than the ring holds: the driver is confused
        fail(dev, win)
        return BAD_QUEUE
    head = ram_read(ram, avail + R.VIRTQ_AVAIL_RING + 2 * (last % num), 2)
    dev[q + Q_LAST_AVAIL] = (last + 1) & 0xFFFF
    if head >= num:
        fail(dev, win)
        return BAD_QUEUE
    return head


@njit(cache=True)
def unpop_avail(dev, win, queue):
    """Give back the chain pop_avail just took: the next pop_avail returns it again."""
    q = queue_index(dev, win, queue)
    dev[q + Q_LAST_AVAIL] = (dev[q + Q_LAST_AVAIL] - 1) & 0xFFFF


@njit(cache=True)
def queue_ready(dev, win, queue):
    """The driver set QueueReady for `queue` (and the device has it)."""
    return queue < dev[win + NUM_QUEUES] and dev[queue_index(dev, win, queue) + Q_READY] != 0


@njit(cache=True)
def descriptor(dev, win, ram, queue, index):
    """(guest address, length, flags, next) of descriptor `index` (validated by validate_chain)."""
    q = queue_index(dev, win, queue)
    off = dev[q + Q_DESC] - memmap.RAM_BASE + R.VIRTQ_DESC_SIZE * index
    return (ram_read(ram, off + R.VIRTQ_DESC_ADDR, 8), ram_read(ram, off + R.VIRTQ_DESC_LEN, 4),
            ram_read(ram, off + R.VIRTQ_DESC_FLAGS, 2), ram_read(ram, off + R.VIRTQ_DESC_NEXT, 2))


@njit(cache=True)
def validate_chain(dev, win, st, ram, queue, head):
    """Descriptors in the chain from `head`, or BAD_QUEUE (device failed) if any is unsound."""
    num = dev[queue_index(dev, win, queue) + Q_NUM]
    index = head
    count = 0
    while True:
        addr, length, flags, nxt = descriptor(dev, win, ram, queue, index)
        count += 1
        if flags & R.VIRTQ_DESC_F_INDIRECT or ram_offset(st, addr, length) < 0:
            fail(dev, win)
            return BAD_QUEUE
        if not (flags & R.VIRTQ_DESC_F_NEXT):
            return count
        if nxt >= num or count >= num:          # out of the table, or a loop
            fail(dev, win)
            return BAD_QUEUE
        index = nxt


@njit(cache=True)
def push_used(dev, win, st, ram, queue, head, written):
    """Return a chain to the driver with `written` bytes, and raise the used-buffer interrupt."""
    q = queue_index(dev, win, queue)
    num = dev[q + Q_NUM]
    used = dev[q + Q_DEVICE] - memmap.RAM_BASE
    idx = dev[q + Q_USED_IDX]
    elem = used + R.VIRTQ_USED_RING + R.VIRTQ_USED_ELEM_SIZE * (idx % num)
    ram_write(ram, elem + R.VIRTQ_USED_ELEM_ID, 4, head)
    ram_write(ram, elem + R.VIRTQ_USED_ELEM_LEN, 4, written)
    idx = (idx + 1) & 0xFFFF
    dev[q + Q_USED_IDX] = idx
    ram_write(ram, used + R.VIRTQ_USED_IDX, 2, idx)   # after the element: the driver reads idx first
    avail = dev[q + Q_DRIVER] - memmap.RAM_BASE
    if not (ram_read(ram, avail + R.VIRTQ_AVAIL_FLAGS, 2) & R.VIRTQ_AVAIL_F_NO_INTERRUPT):
        dev[win + INTERRUPT_STATUS] |= R.VIRTIO_INT_USED_BUFFER
