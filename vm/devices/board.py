"""The board assembled: vm/memmap.py's BOARD rows bound to their models, and the device state.

Each row gets a window of the one device-state array `dev` (int64) the jitted
core receives; the per-row arrays below are what the bus (vm/bus.py) searches.
The singletons the core reads directly (the CLINT's mtimecmp, the PLIC's
outputs, the boot ROM's words) have their windows named here.  Adding a
device: one module (the entry points in vm/devices/__init__.py), one row of
MODELS and its KIND_ number, one case in each of the bus's three dispatches,
and its row in memmap.BOARD.
"""
import numpy as np

from vm import memmap
from vm.devices import boot_rom, clint, plic, sifive_test, uart, virtio_mmio

# BOARD's kind names -> model modules; a kind's number is its place here
MODELS = {
    "boot_rom": boot_rom,
    "sifive_test": sifive_test,
    "clint": clint,
    "plic": plic,
    "uart": uart,
    "virtio_mmio": virtio_mmio,
}
KIND_BOOT_ROM, KIND_SIFIVE_TEST, KIND_CLINT, KIND_PLIC, KIND_UART, KIND_VIRTIO_MMIO = range(len(MODELS))


def _windows():
    firsts, at = [], 0
    for row in memmap.BOARD:
        firsts.append(at)
        at += MODELS[row.kind].WINDOW_WORDS
    return firsts, at


_FIRSTS, DEVICE_WORDS = _windows()
ROWS = len(memmap.BOARD)
ROW_BASE = np.array([row.base for row in memmap.BOARD], dtype=np.int64)
ROW_END = np.array([row.base + row.size for row in memmap.BOARD], dtype=np.int64)
ROW_KIND = np.array([list(MODELS).index(row.kind) for row in memmap.BOARD], dtype=np.int64)
ROW_IRQ = np.array([row.irq for row in memmap.BOARD], dtype=np.int64)
ROW_WINDOW = np.array(_FIRSTS, dtype=np.int64)


def window_of(name: str) -> int:
    """First index in `dev` of the window of BOARD row `name`."""
    return _FIRSTS[[row.name for row in memmap.BOARD].index(name)]


def _only(kind: str) -> int:
    rows = [i for i, row in enumerate(memmap.BOARD) if row.kind == kind]
    assert len(rows) == 1, f"the core reads one {kind}; BOARD has {len(rows)}"
    return _FIRSTS[rows[0]]


BOOT_ROM = _only("boot_rom")
CLINT = _only("clint")
PLIC = _only("plic")
UART = _only("uart")
VIRTIO_SLOTS = [_FIRSTS[i] for i, row in enumerate(memmap.BOARD) if row.kind == "virtio_mmio"]


def new_state() -> np.ndarray:
    return np.zeros(DEVICE_WORDS, dtype=np.int64)


def reset(dev, deterministic: bool) -> None:
    """Every device's reset (host side)."""
    for row, first in zip(memmap.BOARD, _FIRSTS):
        MODELS[row.kind].reset(dev, first, deterministic)


def poll(dev, st, ram) -> None:
    """Every device's host-side service, between runs."""
    for row, first in zip(memmap.BOARD, _FIRSTS):
        MODELS[row.kind].poll(dev, first, st, ram)


def attach_virtio(dev, kind_name: str, deterministic: bool) -> int:
    """Put a virtio device kind (virtio_mmio.KINDS) into the highest free slot, as QEMU does; its slot."""
    kind = virtio_mmio.KINDS[kind_name]
    for slot in reversed(range(len(VIRTIO_SLOTS))):
        if virtio_mmio.kind_of(dev, VIRTIO_SLOTS[slot]) is None:
            virtio_mmio.attach(dev, VIRTIO_SLOTS[slot], kind, deterministic)
            return slot
    raise ValueError(f"no free virtio slot for {kind_name} (all {len(VIRTIO_SLOTS)} are taken)")
