"""UART 16550A: the console.  TX is always ready; RX is a FIFO the host fills.

Window: registers sit in the first slots, then the RX FIFO
(filled by the host with `push_input`), then the TX ring the guest fills and
the host drains (`drain_output`).  The IRQ line (PLIC source UART_IRQ) is
`irq_level()`: received data with IER.ERBFI set, or THR-empty with IER.ETBEI.
"""
import numpy as np
from numba import njit

from vm import state as S
from vm.devices import WRITE_OK, WRITE_STOP, no_host_side
from vm.devices import registers as R

IER = 0
THRI_PENDING = 1      # THR-empty interrupt latched (cleared by IIR read or THR write)
FCR = 2
LCR = 3
MCR = 4
MSR = 5
SCR = 6
DLL = 7
DLM = 8
RX_HEAD = 9
RX_COUNT = 10
TX_HEAD = 11
TX_COUNT = 12
RX_BASE = 16
RX_CAPACITY = 256
TX_BASE = RX_BASE + RX_CAPACITY
TX_CAPACITY = 1 << 16
TX_HIGH_WATER = TX_CAPACITY - 64   # ask the host to drain above this
WINDOW_WORDS = TX_BASE + TX_CAPACITY



def reset(dev, win, deterministic):
    dev[win:win + WINDOW_WORDS] = 0


poll = no_host_side              # the machine moves input and output (push_input, drain_output)


@njit(cache=True)
def irq_level(dev, win):
    if (dev[win + IER] & R.UART_IER_RX) and dev[win + RX_COUNT] > 0:
        return 1
    if (dev[win + IER] & R.UART_IER_TX) and dev[win + THRI_PENDING]:
        return 1
    return 0


@njit(cache=True)
def _iir(dev, win):
    fifo_bits = R.UART_IIR_FIFO if (dev[win + FCR] & R.UART_FCR_ENABLE) else 0
    if (dev[win + IER] & R.UART_IER_RX) and dev[win + RX_COUNT] > 0:
        return R.UART_IIR_RDA | fifo_bits
    if (dev[win + IER] & R.UART_IER_TX) and dev[win + THRI_PENDING]:
        return R.UART_IIR_THRE | fifo_bits
    return R.UART_IIR_NONE | fifo_bits


@njit(cache=True)
def read(dev, win, st, ram, offset, size):
    dlab = dev[win + LCR] & R.UART_LCR_DLAB
    if offset == R.UART_RBR:
        if dlab:
            return dev[win + DLL]
        if dev[win + RX_COUNT] == 0:
            return 0
        value = dev[win + RX_BASE + dev[win + RX_HEAD]]
        dev[win + RX_HEAD] = (dev[win + RX_HEAD] + 1) % RX_CAPACITY
        dev[win + RX_COUNT] -= 1
        return value
    if offset == R.UART_IER:
        return dev[win + DLM] if dlab else dev[win + IER]
    if offset == R.UART_IIR:
        iir = _iir(dev, win)
        if iir & R.UART_IIR_ID_MASK == R.UART_IIR_THRE:
            dev[win + THRI_PENDING] = 0
        return iir
    if offset == R.UART_LCR:
        return dev[win + LCR]
    if offset == R.UART_MCR:
        return dev[win + MCR]
    if offset == R.UART_LSR:
        return R.UART_LSR_THRE | R.UART_LSR_TEMT | (R.UART_LSR_DR if dev[win + RX_COUNT] > 0 else 0)
    if offset == R.UART_MSR:
        return dev[win + MSR]
    if offset == R.UART_SCR:
        return dev[win + SCR]
    return 0


@njit(cache=True)
def write(dev, win, st, ram, offset, size, value):
    """WRITE_STOP (st[STOP] = STOP_OUTPUT_FULL) when the TX ring is nearly full and the host must drain it."""
    value &= 0xFF
    dlab = dev[win + LCR] & R.UART_LCR_DLAB
    if offset == R.UART_THR:
        if dlab:
            dev[win + DLL] = value
            return WRITE_OK
        if dev[win + TX_COUNT] < TX_CAPACITY:
            dev[win + TX_BASE + (dev[win + TX_HEAD] + dev[win + TX_COUNT]) % TX_CAPACITY] = value
            dev[win + TX_COUNT] += 1
        dev[win + THRI_PENDING] = 1      # the byte left at once: THR is empty again
        if dev[win + TX_COUNT] >= TX_HIGH_WATER:
            st[S.STOP] = S.STOP_OUTPUT_FULL
            return WRITE_STOP
        return WRITE_OK
    if offset == R.UART_IER:
        if dlab:
            dev[win + DLM] = value
        else:
            if (value & R.UART_IER_TX) and not (dev[win + IER] & R.UART_IER_TX):
                dev[win + THRI_PENDING] = 1
            dev[win + IER] = value & R.UART_IER_MASK
    elif offset == R.UART_FCR:
        # Changing FCR0 empties both FIFOs (16550A data sheet; QEMU's
        # serial.c does the same), so a byte received before the FIFOs were
        # switched on is lost: the console saves it first (servers/console/uart.s).
        if value & R.UART_FCR_CLEAR_RX or (value ^ dev[win + FCR]) & R.UART_FCR_ENABLE:
            dev[win + RX_COUNT] = 0
        dev[win + FCR] = value
    elif offset == R.UART_LCR:
        dev[win + LCR] = value
    elif offset == R.UART_MCR:
        dev[win + MCR] = value & R.UART_MCR_MASK
    elif offset == R.UART_SCR:
        dev[win + SCR] = value
    return WRITE_OK


def push_input(dev, win, data: bytes) -> int:
    """Host side: append bytes to the RX FIFO; returns how many fitted
    (one at a time while the FIFOs are off: the receiver holds one byte)."""
    capacity = RX_CAPACITY if dev[win + FCR] & R.UART_FCR_ENABLE else 1
    n = 0
    for byte in data:
        if dev[win + RX_COUNT] >= capacity:
            break
        dev[win + RX_BASE + (dev[win + RX_HEAD] + dev[win + RX_COUNT]) % RX_CAPACITY] = byte
        dev[win + RX_COUNT] += 1
        n += 1
    return n


def drain_output(dev, win) -> bytes:
    """Host side: take everything the guest printed since the last drain."""
    count = int(dev[win + TX_COUNT])
    if count == 0:
        return b""
    head = int(dev[win + TX_HEAD])
    idx = (np.arange(count) + head) % TX_CAPACITY + TX_BASE
    out = dev[win + idx].astype(np.uint8).tobytes()
    dev[win + TX_HEAD] = (head + count) % TX_CAPACITY
    dev[win + TX_COUNT] = 0
    return out
