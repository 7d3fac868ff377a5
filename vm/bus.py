"""The physical bus: dispatches non-RAM physical addresses to the devices by vm/memmap.py.

RAM never comes here (the CPU reaches it directly or through mmu.py).  Device
registers are modelled as aligned 32-bit words; narrower accesses read a byte
lane of that word, as QEMU's devices do for the registers toyos uses.
"""
from numba import njit

from vm import memmap
from vm import state as S
from vm.devices import clint as clint_dev
from vm.devices import plic as plic_dev
from vm.devices import registers as R
from vm.devices import sifive_test
from vm.devices import uart as uart_dev

BUS_FAULT = -1                # read: access fault
WRITE_OK = 0
WRITE_FAULT = 1
WRITE_STOP = 2                # the write asks the run loop to return to the host


@njit(cache=True)
def sync_irq_lines(st, plic, uart):
    """Sample device IRQ levels into the PLIC; make the loop re-check interrupts."""
    plic_dev.set_level(plic, memmap.UART_IRQ, uart_dev.irq_level(uart))
    st[S.IRQ_RECHECK] = 1


@njit(cache=True)
def _lane(word, offset, size):
    shift = (offset & 3) * 8
    if size == 4:
        return word & 0xFFFFFFFF
    if size == 2:
        return (word >> shift) & 0xFFFF
    return (word >> shift) & 0xFF


@njit(cache=True)
def bus_read(st, rom, clint, plic, uart, pa, size):
    """Value at physical address `pa` (zero-extended), or BUS_FAULT."""
    if memmap.UART_BASE <= pa < memmap.UART_BASE + memmap.UART_SIZE:
        off = pa - memmap.UART_BASE
        if off >= 8:
            return 0
        value = uart_dev.read(uart, off, size)
        sync_irq_lines(st, plic, uart)
        return value
    if memmap.CLINT_BASE <= pa < memmap.CLINT_BASE + memmap.CLINT_SIZE:
        off = pa - memmap.CLINT_BASE
        return _lane(clint_dev.read(clint, st, off, size), off, size)
    if memmap.PLIC_BASE <= pa < memmap.PLIC_BASE + memmap.PLIC_SIZE:
        off = pa - memmap.PLIC_BASE
        value = _lane(plic_dev.read(plic, off & ~3, size), off, size)
        st[S.IRQ_RECHECK] = 1
        return value
    if memmap.BOOT_ROM_BASE <= pa < memmap.BOOT_ROM_BASE + memmap.BOOT_ROM_SIZE:
        off = pa - memmap.BOOT_ROM_BASE
        return _lane(rom[off >> 2], off, size)
    if memmap.SIFIVE_TEST_BASE <= pa < memmap.SIFIVE_TEST_BASE + memmap.SIFIVE_TEST_SIZE:
        return sifive_test.read(st, pa - memmap.SIFIVE_TEST_BASE, size)
    if memmap.VIRTIO_BASE <= pa < memmap.VIRTIO_BASE + memmap.VIRTIO_SLOTS * memmap.VIRTIO_STRIDE:
        off = (pa - memmap.VIRTIO_BASE) % memmap.VIRTIO_STRIDE
        word = 0
        if off & ~3 == R.VIRTIO_MMIO_MAGIC_VALUE:
            word = R.VIRTIO_MMIO_MAGIC
        elif off & ~3 == R.VIRTIO_MMIO_VERSION:
            word = R.VIRTIO_MMIO_VERSION_2
        elif off & ~3 == R.VIRTIO_MMIO_VENDOR_ID:
            word = R.VIRTIO_VENDOR_QEMU
        return _lane(word, off, size)
    return BUS_FAULT


@njit(cache=True)
def bus_write(st, rom, clint, plic, uart, pa, size, value):
    """Store to a device; WRITE_OK, WRITE_FAULT or WRITE_STOP."""
    if memmap.UART_BASE <= pa < memmap.UART_BASE + memmap.UART_SIZE:
        off = pa - memmap.UART_BASE
        if off >= 8:
            return WRITE_OK
        full = uart_dev.write(uart, off, size, value)
        sync_irq_lines(st, plic, uart)
        if full:
            st[S.STOP] = S.STOP_OUTPUT_FULL
            return WRITE_STOP
        return WRITE_OK
    if memmap.CLINT_BASE <= pa < memmap.CLINT_BASE + memmap.CLINT_SIZE:
        off = pa - memmap.CLINT_BASE
        if size != 4:
            old = clint_dev.read(clint, st, off, 4)
            shift = (off & 3) * 8
            mask = ((1 << (size * 8)) - 1) << shift
            value = (old & ~mask) | ((value << shift) & mask)
        clint_dev.write(clint, st, off & ~3, 4, value)
        return WRITE_OK
    if memmap.PLIC_BASE <= pa < memmap.PLIC_BASE + memmap.PLIC_SIZE:
        plic_dev.write(plic, (pa - memmap.PLIC_BASE) & ~3, size, value)
        st[S.IRQ_RECHECK] = 1
        return WRITE_OK
    if memmap.SIFIVE_TEST_BASE <= pa < memmap.SIFIVE_TEST_BASE + memmap.SIFIVE_TEST_SIZE:
        if sifive_test.write(st, pa - memmap.SIFIVE_TEST_BASE, size, value):
            return WRITE_STOP
        return WRITE_OK
    if memmap.BOOT_ROM_BASE <= pa < memmap.BOOT_ROM_BASE + memmap.BOOT_ROM_SIZE:
        return WRITE_FAULT            # ROM
    if memmap.VIRTIO_BASE <= pa < memmap.VIRTIO_BASE + memmap.VIRTIO_SLOTS * memmap.VIRTIO_STRIDE:
        return WRITE_OK               # empty slots ignore writes
    return WRITE_FAULT
