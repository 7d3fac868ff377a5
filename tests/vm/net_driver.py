"""A virtio-net driver in Python for the device tests: it programs the card of a Machine through
the transport's register entry points and keeps its rings in the machine's RAM, without running
the CPU, so hypothesis can push thousands of frames through the device and a back-end cheaply.
The assembly driver (tests/vm/programs/virtio/virtio_net.s) is the one QEMU checks.
"""
from __future__ import annotations

from vm.devices import board, virtio_mmio
from vm.devices import registers as R
from vm.devices import virtqueue as V
from vm.memmap import RAM_BASE

QSIZE = 16
RX_BUF = R.VIRTIO_NET_HDR_SIZE + R.VIRTIO_NET_FRAME_MAX
AREA = RAM_BASE + 0x10_0000                 # rings and buffers
RINGS = {R.VIRTIO_NET_RX_QUEUE: AREA, R.VIRTIO_NET_TX_QUEUE: AREA + 0x1000}
BUFFERS = {R.VIRTIO_NET_RX_QUEUE: AREA + 0x2000, R.VIRTIO_NET_TX_QUEUE: AREA + 0x2000 + QSIZE * 0x800}
DESC, AVAIL, USED = 0, 0x200, 0x400         # inside a queue's ring page


class NetDriver:
    def __init__(self, machine, slot: int | None = None):
        self.m = machine
        if slot is None:
            slot = next(s for s, win in enumerate(board.VIRTIO_SLOTS)
                        if machine.dev[win + V.DEVICE_ID] == R.VIRTIO_ID_NET)
        self.win = board.VIRTIO_SLOTS[slot]
        self.avail_idx = {q: 0 for q in RINGS}
        self.used_seen = {q: 0 for q in RINGS}

    # ---- registers and RAM --------------------------------------------------------------
    def reg(self, offset: int) -> int:
        m = self.m
        return int(virtio_mmio.read(m.dev, self.win, m.st, m.ram, offset, 4))

    def set_reg(self, offset: int, value: int) -> None:
        m = self.m
        virtio_mmio.write(m.dev, self.win, m.st, m.ram, offset, 4, value)

    def put(self, addr: int, data: bytes) -> None:
        self.m.write_mem(addr, data)

    def get(self, addr: int, length: int) -> bytes:
        return self.m.read_mem(addr, length)

    def u16(self, addr: int) -> int:
        return int.from_bytes(self.get(addr, 2), "little")

    # ---- the driver ---------------------------------------------------------------------------
    def start(self, rx_buffers: int = QSIZE, live: bool = True) -> None:
        """Reset, negotiate VERSION_1 + MAC + STATUS, set both queues up, post receive buffers."""
        self.set_reg(R.VIRTIO_MMIO_STATUS, 0)
        status = R.VIRTIO_STATUS_ACKNOWLEDGE | R.VIRTIO_STATUS_DRIVER
        self.set_reg(R.VIRTIO_MMIO_STATUS, status)
        self.set_reg(R.VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0)
        self.set_reg(R.VIRTIO_MMIO_DRIVER_FEATURES, (1 << R.VIRTIO_NET_F_MAC) | (1 << R.VIRTIO_NET_F_STATUS))
        self.set_reg(R.VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1)
        self.set_reg(R.VIRTIO_MMIO_DRIVER_FEATURES, 1 << (R.VIRTIO_F_VERSION_1 - 32))
        status |= R.VIRTIO_STATUS_FEATURES_OK
        self.set_reg(R.VIRTIO_MMIO_STATUS, status)
        assert self.reg(R.VIRTIO_MMIO_STATUS) & R.VIRTIO_STATUS_FEATURES_OK
        for queue, ring in RINGS.items():
            self.put(ring, bytes(0x1000))
            self.set_reg(R.VIRTIO_MMIO_QUEUE_SEL, queue)
            self.set_reg(R.VIRTIO_MMIO_QUEUE_NUM, QSIZE)
            self.set_reg(R.VIRTIO_MMIO_QUEUE_DESC_LOW, ring + DESC)
            self.set_reg(R.VIRTIO_MMIO_QUEUE_DRIVER_LOW, ring + AVAIL)
            self.set_reg(R.VIRTIO_MMIO_QUEUE_DEVICE_LOW, ring + USED)
            self.set_reg(R.VIRTIO_MMIO_QUEUE_READY, 1)
        for i in range(rx_buffers):
            self.post_rx(i)
        if live:
            self.set_reg(R.VIRTIO_MMIO_STATUS, status | R.VIRTIO_STATUS_DRIVER_OK)

    def set_desc(self, queue: int, index: int, addr: int, length: int, flags: int, nxt: int = 0) -> None:
        self.put(RINGS[queue] + DESC + 16 * index, addr.to_bytes(8, "little") + length.to_bytes(4, "little")
                 + flags.to_bytes(2, "little") + nxt.to_bytes(2, "little"))

    def make_available(self, queue: int, head: int) -> None:
        avail = RINGS[queue] + AVAIL
        idx = self.avail_idx[queue]
        self.put(avail + 4 + 2 * (idx % QSIZE), head.to_bytes(2, "little"))
        self.avail_idx[queue] = idx = (idx + 1) & 0xFFFF
        self.put(avail + 2, idx.to_bytes(2, "little"))

    def post_rx(self, index: int, length: int = RX_BUF, flags: int = R.VIRTQ_DESC_F_WRITE) -> None:
        self.set_desc(R.VIRTIO_NET_RX_QUEUE, index, BUFFERS[R.VIRTIO_NET_RX_QUEUE] + 0x800 * index, length, flags)
        self.make_available(R.VIRTIO_NET_RX_QUEUE, index)

    def notify(self, queue: int) -> None:
        self.set_reg(R.VIRTIO_MMIO_QUEUE_NOTIFY, queue)
        self.m.poll_devices()

    def send(self, frames, header: bytes = bytes(R.VIRTIO_NET_HDR_SIZE)) -> None:
        """Queue `frames` (at most QSIZE) on the transmit queue, notify once, reclaim them."""
        tx = R.VIRTIO_NET_TX_QUEUE
        for i, frame in enumerate(frames):
            addr = BUFFERS[tx] + 0x800 * i if len(frame) <= 0x800 - 12 else AREA + 0x20_0000
            self.put(addr, header + frame)
            self.set_desc(tx, i, addr, len(header) + len(frame), 0)
            self.make_available(tx, i)
        self.notify(tx)
        self.used(tx)

    def used(self, queue: int) -> list[tuple[int, int]]:
        """(id, length) of each chain the device returned since the last call."""
        used = RINGS[queue] + USED
        out = []
        while self.used_seen[queue] != self.u16(used + 2):
            elem = used + 4 + 8 * (self.used_seen[queue] % QSIZE)
            out.append((int.from_bytes(self.get(elem, 4), "little"), int.from_bytes(self.get(elem + 4, 4), "little")))
            self.used_seen[queue] = (self.used_seen[queue] + 1) & 0xFFFF
        return out

    def receive(self) -> list[tuple[bytes, bytes]]:
        """(header, frame) of each frame received since the last call; the buffers go back."""
        out = []
        for index, length in self.used(R.VIRTIO_NET_RX_QUEUE):
            data = self.get(BUFFERS[R.VIRTIO_NET_RX_QUEUE] + 0x800 * index, length)
            out.append((data[:R.VIRTIO_NET_HDR_SIZE], data[R.VIRTIO_NET_HDR_SIZE:]))
            self.post_rx(index)
        return out

    @property
    def failed(self) -> bool:
        return bool(self.reg(R.VIRTIO_MMIO_STATUS) & R.VIRTIO_STATUS_NEEDS_RESET)
