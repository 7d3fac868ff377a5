"""virtio-net (DeviceID 1): an Ethernet card whose wire is a host back-end (net_backends.py).

What the device offers: VIRTIO_F_VERSION_1, VIRTIO_NET_F_MAC (the MAC in
config space, QEMU's 52:54:00:12:34:56 unless `--mac` says otherwise) and
VIRTIO_NET_F_STATUS (the link status word, always "up": a back-end has no
carrier to lose).  Nothing else: no checksum offload, no GSO, no mergeable
buffers, no control queue, so every frame is one chain and the 12-byte
header (VIRTIO_NET_HDR_SIZE) before it is all zero but num_buffers = 1.

Two queues, as the spec numbers them: receiveq1 (VIRTIO_NET_RX_QUEUE), whose
device-writable chains the device fills with header + frame and returns with
that length, and transmitq1 (VIRTIO_NET_TX_QUEUE), whose device-readable
chains hold header + frame; the device sends the frame and returns the chain
with length 0 (what QEMU reports).  Each returned chain raises the
used-buffer interrupt unless the driver set VIRTQ_AVAIL_F_NO_INTERRUPT.

The back-end is the host's (a socket, a TAP), so the kind is NEEDS_HOST and
everything happens in `poll`: a notify stops the CPU and the machine polls at
once; in real time the machine also polls between slices and wakes an idle
guest when the back-end's descriptor is readable (vm/machine.py), so frames
arrive while the guest runs or sleeps.  Frames that find no buffer wait in a
small backlog (RX_BACKLOG), and what cannot be delivered is dropped and
counted in NetStats, never an error: a frame too big for the guest's buffer,
a full backlog (frames also wait there for the driver's DRIVER_OK, as QEMU
queues them), a frame too big for any datagram, a host that refused to send.  A chain that can be no frame (a receive chain with a
device-readable part or too small for the header, a transmit chain with a
device-writable part or shorter than the header) fails the device
(DEVICE_NEEDS_RESET), as QEMU's virtio_error does.
"""
from __future__ import annotations

import weakref
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from vm.devices import registers as R
from vm.devices import virtqueue as V
from vm.memmap import RAM_BASE

DEVICE_ID = R.VIRTIO_ID_NET
FEATURES = (1 << R.VIRTIO_F_VERSION_1) | (1 << R.VIRTIO_NET_F_MAC) | (1 << R.VIRTIO_NET_F_STATUS)
NUM_QUEUES = 2
QUEUE_NUM_MAX = 256               # QEMU's rx_queue_size and tx_queue_size defaults
NEEDS_HOST = True
RX, TX = R.VIRTIO_NET_RX_QUEUE, R.VIRTIO_NET_TX_QUEUE
HDR = R.VIRTIO_NET_HDR_SIZE
DEFAULT_MAC = bytes.fromhex("525400123456")   # QEMU's first NIC
TX_FRAME_MAX = 65507              # the largest UDP payload over IPv4: a bigger frame fits no datagram
RX_BACKLOG = 256                  # frames kept while the driver has no receive buffer
RX_PER_POLL = 1024                # frames taken from the back-end per poll (an idle guest is not starved)


@dataclass
class NetStats:
    """What the device moved and what it dropped, by cause (`toyos run` prints it at the end)."""
    tx_frames: int = 0
    tx_bytes: int = 0
    rx_frames: int = 0
    rx_bytes: int = 0
    tx_too_big: int = 0           # longer than TX_FRAME_MAX
    tx_refused: int = 0           # the host would not send it (peer down, interface down, too big for it)
    rx_too_big: int = 0           # longer than the guest's receive buffer
    rx_no_buffer: int = 0         # the backlog was full (no buffer, or no driver, for RX_BACKLOG frames)

    def dropped(self) -> int:
        return self.tx_too_big + self.tx_refused + self.rx_too_big + self.rx_no_buffer

    def line(self) -> str:
        drops = ", ".join(f"{name} {value}" for name, value in vars(self).items()
                          if value and name not in ("tx_frames", "tx_bytes", "rx_frames", "rx_bytes"))
        return (f"sent {self.tx_frames} frames ({self.tx_bytes} bytes), received {self.rx_frames} "
                f"({self.rx_bytes} bytes); dropped {self.dropped()}" + (f": {drops}" if drops else ""))


@dataclass
class Link:
    """A slot's wire: its back-end, its MAC, the frames waiting for a buffer, the counts."""
    backend: object
    mac: bytes
    backlog: deque = field(default_factory=deque)
    stats: NetStats = field(default_factory=NetStats)


# The link behind each attached slot: (id(dev), win) -> Link, as virtio_blk keeps its disks.
_links: dict[tuple[int, int], Link] = {}


def config(mac: bytes = DEFAULT_MAC) -> bytes:
    return mac + R.VIRTIO_NET_S_LINK_UP.to_bytes(2, "little")   # at CFG_MAC and CFG_STATUS


def bind(dev, win, backend, mac: bytes = DEFAULT_MAC) -> Link:
    """Give the virtio-net slot at `win` (attached by board.attach_virtio) its back-end and MAC."""
    key = (id(dev), win)
    link = Link(backend, bytes(mac))
    _links[key] = link
    weakref.finalize(dev, _links.pop, key, None)
    padded = config(link.mac)
    for i in range(0, len(padded), 4):
        dev[win + V.CONFIG + i // 4] = int.from_bytes(padded[i:i + 4], "little")
    return link


def link_of(dev, win) -> Link | None:
    return _links.get((id(dev), win))


def reset(dev, win, deterministic: bool) -> None:
    """Machine reset: frames waiting for the old driver go."""
    link = _links.get((id(dev), win))
    if link is not None:
        link.backlog.clear()


def poll(dev, win, st, ram, pending) -> None:
    """Host side: send what the driver queued, then deliver what the back-end received."""
    link = _links.get((id(dev), win))
    if link is None:
        return
    if V.live(dev, win) and pending >> TX & 1:
        _transmit(dev, win, st, ram, link)
    _receive(dev, win, st, ram, link)


def _chain(dev, win, ram, queue, head) -> list[tuple[int, int, bool]]:
    """(RAM offset, length, device-writable) of each descriptor of a validated chain."""
    out, index = [], head
    while True:
        addr, length, flags, nxt = V.descriptor(dev, win, ram, queue, index)
        out.append((int(addr) - RAM_BASE, int(length), bool(flags & R.VIRTQ_DESC_F_WRITE)))
        if not flags & R.VIRTQ_DESC_F_NEXT:
            return out
        index = nxt


def _transmit(dev, win, st, ram, link: Link) -> None:
    stats = link.stats
    while True:
        head = V.pop_avail(dev, win, st, ram, TX)
        if head < 0 or V.validate_chain(dev, win, st, ram, TX, head) < 0:
            return                  # NO_BUFFER, or BAD_QUEUE (the device failed)
        chain = _chain(dev, win, ram, TX, head)
        if any(writable for _, _, writable in chain) or sum(n for _, n, _ in chain) < HDR:
            V.fail(dev, win)
            return
        data = b"".join(ram[off:off + n].tobytes() for off, n, _ in chain)
        frame = data[HDR:]          # the header asks for nothing we offer: no offload to do
        if len(frame) > TX_FRAME_MAX:
            stats.tx_too_big += 1
        elif link.backend.send(frame):
            stats.tx_frames += 1
            stats.tx_bytes += len(frame)
        else:
            stats.tx_refused += 1
        V.push_used(dev, win, st, ram, TX, head, 0)


def _receive(dev, win, st, ram, link: Link) -> None:
    stats = link.stats
    for _ in range(RX_PER_POLL):                # drain the back-end, so its descriptor goes quiet
        frame = link.backend.receive()
        if frame is None:
            break
        if len(link.backlog) >= RX_BACKLOG:
            stats.rx_no_buffer += 1
        else:
            link.backlog.append(frame)
    if not V.live(dev, win) or not V.queue_ready(dev, win, RX):
        return                      # frames wait for DRIVER_OK, as QEMU queues them
    while link.backlog:
        head = V.pop_avail(dev, win, st, ram, RX)
        if head < 0 or V.validate_chain(dev, win, st, ram, RX, head) < 0:
            return                  # no buffer yet (the frames wait), or the device failed
        chain = _chain(dev, win, ram, RX, head)
        room = sum(n for _, n, _ in chain)
        if any(not writable for _, _, writable in chain) or room < HDR:
            V.fail(dev, win)
            return
        # a frame too big for this buffer is dropped and the buffer kept for the next one
        frame = link.backlog.popleft()
        while frame is not None and len(frame) > room - HDR:
            stats.rx_too_big += 1
            frame = link.backlog.popleft() if link.backlog else None
        if frame is None:
            V.unpop_avail(dev, win, RX)
            return
        header = bytearray(HDR)
        header[R.VIRTIO_NET_HDR_GSO_TYPE] = R.VIRTIO_NET_HDR_GSO_NONE
        header[R.VIRTIO_NET_HDR_NUM_BUFFERS:R.VIRTIO_NET_HDR_NUM_BUFFERS + 2] = (1).to_bytes(2, "little")
        data = bytes(header) + frame
        at = 0
        for off, n, _ in chain:
            piece = data[at:at + n]
            ram[off:off + len(piece)] = np.frombuffer(piece, dtype=np.uint8)
            at += len(piece)
            if at == len(data):
                break
        V.push_used(dev, win, st, ram, RX, head, len(data))
        stats.rx_frames += 1
        stats.rx_bytes += len(frame)
