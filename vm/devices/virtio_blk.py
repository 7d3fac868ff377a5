"""virtio-blk (DeviceID 2): a disk of 512-byte sectors backed by a raw host image file.

One request queue.  A request is a chain: a 16-byte device-readable header
(type, reserved, sector), the data buffers (device-readable for OUT,
device-writable for IN and GET_ID), and a last device-writable status byte.
Requests: IN reads sectors, OUT writes them (they reach the file at once),
FLUSH is an fsync of the file, GET_ID writes the id string (empty, as QEMU's
disk without `serial=`).  A request past the end of the disk, or a write to
a read-only disk, gets VIRTIO_BLK_S_IOERR; an unknown type gets
VIRTIO_BLK_S_UNSUPP; a chain that cannot be a request (no header, no status
byte) fails the device (DEVICE_NEEDS_RESET), as a broken queue does.

The file is the host's business, so the kind is NEEDS_HOST: a notify stops
the CPU and `poll` serves the queue in Python (disk I/O is slow next to the
CPU anyway).  The image is opened before the run by `DiskImage.open`, which
refuses a missing, unreadable or wrongly sized file with one line.
"""
from __future__ import annotations

import os
import weakref
from dataclasses import dataclass

import numpy as np

from vm.devices import ram_read, ram_write
from vm.devices import registers as R
from vm.devices import virtqueue as V
from vm.memmap import RAM_BASE

DEVICE_ID = R.VIRTIO_ID_BLOCK
FEATURES = (1 << R.VIRTIO_F_VERSION_1) | (1 << R.VIRTIO_BLK_F_FLUSH)   # RO added per disk
NUM_QUEUES = 1
QUEUE_NUM_MAX = 1024
NEEDS_HOST = True
REQUEST_QUEUE = 0
SECTOR = R.VIRTIO_BLK_SECTOR_SIZE
MAX_SECTORS = (1 << 32) - 1        # sectors a 32-bit guest can name in our FAT16 world, and then some


class DiskError(Exception):
    """A disk image that cannot be used: one line for the user."""


@dataclass
class DiskImage:
    path: str
    fd: int
    sectors: int
    read_only: bool

    @classmethod
    def open(cls, path: str, read_only: bool = False) -> "DiskImage":
        """Open an image for the machine, or raise DiskError saying what is wrong with it."""
        try:
            fd = os.open(path, os.O_RDONLY if read_only else os.O_RDWR)
        except FileNotFoundError:
            raise DiskError(f"{path}: no such disk image") from None
        except IsADirectoryError:
            raise DiskError(f"{path}: is a directory, not a disk image") from None
        except PermissionError:
            hint = "" if read_only else " for writing (--disk-readonly opens it read-only)"
            raise DiskError(f"{path}: permission denied{hint}") from None
        except OSError as error:
            raise DiskError(f"{path}: cannot open: {error.strerror}") from None
        size = os.fstat(fd).st_size
        if size == 0 or size % SECTOR or size // SECTOR > MAX_SECTORS:
            os.close(fd)
            what = "empty" if size == 0 else f"{size} bytes, not a whole number of {SECTOR}-byte sectors" \
                if size % SECTOR else f"{size} bytes, too large"
            raise DiskError(f"{path}: {what}")
        disk = cls(path, fd, size // SECTOR, read_only)
        weakref.finalize(disk, os.close, fd)
        return disk

    def config(self) -> bytes:
        return self.sectors.to_bytes(8, "little")            # capacity, at VIRTIO_BLK_CFG_CAPACITY


# The disk behind each attached slot: (id(dev), win) -> DiskImage.  The device state is a numpy
# array (no attributes to hang a file on); the entry goes when that array does.
_disks: dict[tuple[int, int], DiskImage] = {}


def bind(dev, win, disk: DiskImage) -> None:
    """Give the virtio-blk slot at `win` (attached by board.attach_virtio) its image."""
    key = (id(dev), win)
    _disks[key] = disk
    weakref.finalize(dev, _disks.pop, key, None)
    features = FEATURES | ((1 << R.VIRTIO_BLK_F_RO) if disk.read_only else 0)
    dev[win + V.FEATURES] = features
    config = disk.config()
    for i in range(0, len(config), 4):
        dev[win + V.CONFIG + i // 4] = int.from_bytes(config[i:i + 4], "little")


def config() -> bytes:
    return bytes(8)                 # capacity 0 until bind() gives the slot its disk


def reset(dev, win, deterministic: bool) -> None:
    """Nothing of ours to reset: the transport forgets the queue, the disk keeps its data."""


def poll(dev, win, st, ram, pending) -> None:
    """Host side: serve the request queue when the driver notified it."""
    disk = _disks.get((id(dev), win))
    if disk is None or not (pending >> REQUEST_QUEUE & 1) or not V.live(dev, win):
        return
    while True:
        head = V.pop_avail(dev, win, st, ram, REQUEST_QUEUE)
        if head < 0:
            return                  # NO_BUFFER, or BAD_QUEUE (the device failed)
        if V.validate_chain(dev, win, st, ram, REQUEST_QUEUE, head) < 0:
            return
        written = _serve_request(dev, win, ram, disk, _chain(dev, win, ram, head))
        if written < 0:
            V.fail(dev, win)
            return
        V.push_used(dev, win, st, ram, REQUEST_QUEUE, head, written)


def _chain(dev, win, ram, head) -> list[tuple[int, int, bool]]:
    """(RAM offset, length, device-writable) of each descriptor of a validated chain."""
    out, index = [], head
    while True:
        addr, length, flags, nxt = V.descriptor(dev, win, ram, REQUEST_QUEUE, index)
        out.append((int(addr) - RAM_BASE, int(length), bool(flags & R.VIRTQ_DESC_F_WRITE)))
        if not flags & R.VIRTQ_DESC_F_NEXT:
            return out
        index = nxt


def _serve_request(dev, win, ram, disk: DiskImage, chain) -> int:
    """Carry out one request; the used length, or -1 if the chain is no request.

    The used length is every device-writable byte of the chain, status included, whatever the
    outcome: what QEMU reports, so drivers (and our transcripts) see the same on both."""
    header_off, header_len, header_writable = chain[0]
    status_off, status_len, status_writable = chain[-1]
    if (len(chain) < 2 or header_writable or header_len < R.VIRTIO_BLK_REQ_HEADER_SIZE
            or not status_writable or status_len < 1):
        return -1
    kind = int(ram_read(ram, header_off + R.VIRTIO_BLK_REQ_TYPE, 4))
    sector = int(ram_read(ram, header_off + R.VIRTIO_BLK_REQ_SECTOR, 8)) & ((1 << 64) - 1)
    data = chain[1:-1]
    status = R.VIRTIO_BLK_S_OK
    if kind in (R.VIRTIO_BLK_T_IN, R.VIRTIO_BLK_T_OUT):
        want_writable = kind == R.VIRTIO_BLK_T_IN
        total = sum(length for _, length, _ in data)
        if any(writable != want_writable for _, _, writable in data) or total % SECTOR:
            status = R.VIRTIO_BLK_S_IOERR
        elif sector + total // SECTOR > disk.sectors:
            status = R.VIRTIO_BLK_S_IOERR
        elif kind == R.VIRTIO_BLK_T_OUT and disk.read_only:
            status = R.VIRTIO_BLK_S_IOERR
        else:
            position = sector * SECTOR
            for off, length, _ in data:
                if want_writable:
                    chunk = os.pread(disk.fd, length, position)
                    ram[off:off + len(chunk)] = np.frombuffer(chunk, dtype=np.uint8)
                else:
                    os.pwrite(disk.fd, ram[off:off + length].tobytes(), position)
                position += length
    elif kind == R.VIRTIO_BLK_T_FLUSH:
        if not disk.read_only:
            os.fsync(disk.fd)
    elif kind == R.VIRTIO_BLK_T_GET_ID:
        for off, length, writable in data:
            if writable:
                ram[off:off + min(length, R.VIRTIO_BLK_ID_BYTES)] = 0    # no serial: an empty id
    else:
        status = R.VIRTIO_BLK_S_UNSUPP
    ram_write(ram, status_off, 1, status)
    return sum(length for _, length, writable in chain if writable)

