"""The physical bus: a non-RAM physical address goes to the BOARD row that holds it.

RAM never comes here (the CPU reaches it directly or through mmu.py).  The
row is found in vm/devices/board.py's arrays and its model is called with its
window of the device state; after an access to a device with an IRQ, its level
is sampled into the PLIC.  Numba cannot call through a table of functions, so
the dispatch on the row's kind is written out once per entry point below.
"""
from numba import njit

from vm import state as S
from vm.devices import BUS_FAULT, WRITE_FAULT, WRITE_OK, WRITE_STOP  # noqa: F401 (the core's names)
from vm.devices import board as B
from vm.devices import boot_rom, clint, plic, sifive_test, uart, virtio_mmio


@njit(cache=True)
def find_row(pa):
    """The BOARD row holding physical address `pa`, or -1."""
    for i in range(B.ROWS):
        if B.ROW_BASE[i] <= pa < B.ROW_END[i]:
            return i
    return -1


@njit(cache=True)
def _irq_level(kind, dev, win):
    if kind == B.KIND_UART:
        return uart.irq_level(dev, win)
    if kind == B.KIND_VIRTIO_MMIO:
        return virtio_mmio.irq_level(dev, win)
    return 0


@njit(cache=True)
def sync_irq(st, dev, row):
    """Sample row `row`'s IRQ line into the PLIC; make the loop re-check interrupts."""
    if B.ROW_IRQ[row]:
        plic.set_level(dev, B.PLIC, B.ROW_IRQ[row], _irq_level(B.ROW_KIND[row], dev, B.ROW_WINDOW[row]))
        st[S.IRQ_RECHECK] = 1


@njit(cache=True)
def sync_irq_lines(st, dev):
    """Every device's IRQ line into the PLIC (the host calls this after serving devices)."""
    for row in range(B.ROWS):
        sync_irq(st, dev, row)


@njit(cache=True)
def bus_read(st, ram, dev, pa, size):
    """Value at physical address `pa` (zero-extended), or BUS_FAULT."""
    row = find_row(pa)
    if row < 0:
        return BUS_FAULT
    kind = B.ROW_KIND[row]
    win = B.ROW_WINDOW[row]
    off = pa - B.ROW_BASE[row]
    if kind == B.KIND_UART:
        value = uart.read(dev, win, st, ram, off, size)
    elif kind == B.KIND_CLINT:
        value = clint.read(dev, win, st, ram, off, size)
    elif kind == B.KIND_PLIC:
        value = plic.read(dev, win, st, ram, off, size)
    elif kind == B.KIND_VIRTIO_MMIO:
        value = virtio_mmio.read(dev, win, st, ram, off, size)
    elif kind == B.KIND_BOOT_ROM:
        value = boot_rom.read(dev, win, st, ram, off, size)
    else:
        value = sifive_test.read(dev, win, st, ram, off, size)
    sync_irq(st, dev, row)
    return value


@njit(cache=True)
def bus_write(st, ram, dev, pa, size, value):
    """Store to a device; WRITE_OK, WRITE_FAULT or WRITE_STOP."""
    row = find_row(pa)
    if row < 0:
        return WRITE_FAULT
    kind = B.ROW_KIND[row]
    win = B.ROW_WINDOW[row]
    off = pa - B.ROW_BASE[row]
    if kind == B.KIND_UART:
        r = uart.write(dev, win, st, ram, off, size, value)
    elif kind == B.KIND_CLINT:
        r = clint.write(dev, win, st, ram, off, size, value)
    elif kind == B.KIND_PLIC:
        r = plic.write(dev, win, st, ram, off, size, value)
    elif kind == B.KIND_VIRTIO_MMIO:
        r = virtio_mmio.write(dev, win, st, ram, off, size, value)
        st[S.CODE_CHECK] = 1        # a notify may have written RAM (DMA): translated code may have changed
    elif kind == B.KIND_BOOT_ROM:
        r = boot_rom.write(dev, win, st, ram, off, size, value)
    else:
        r = sifive_test.write(dev, win, st, ram, off, size, value)
    sync_irq(st, dev, row)
    return r
