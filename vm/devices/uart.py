"""UART 16550A: the console.  TX is always ready; RX is a FIFO the host fills.

State: one int64 array.  Registers sit in the first slots, then the RX FIFO
(filled by the host with `push_input`), then the TX ring the guest fills and
the host drains (`drain_output`).  The IRQ line (PLIC source UART_IRQ) is
`irq_level()`: received data with IER.ERBFI set, or THR-empty with IER.ETBEI.
"""
import numpy as np
from numba import njit

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
UART_STATE_SIZE = TX_BASE + TX_CAPACITY



def new_state():
    return np.zeros(UART_STATE_SIZE, dtype=np.int64)


@njit(cache=True)
def irq_level(uart):
    if (uart[IER] & R.UART_IER_RX) and uart[RX_COUNT] > 0:
        return 1
    if (uart[IER] & R.UART_IER_TX) and uart[THRI_PENDING]:
        return 1
    return 0


@njit(cache=True)
def _iir(uart):
    fifo_bits = R.UART_IIR_FIFO if (uart[FCR] & R.UART_FCR_ENABLE) else 0
    if (uart[IER] & R.UART_IER_RX) and uart[RX_COUNT] > 0:
        return R.UART_IIR_RDA | fifo_bits
    if (uart[IER] & R.UART_IER_TX) and uart[THRI_PENDING]:
        return R.UART_IIR_THRE | fifo_bits
    return R.UART_IIR_NONE | fifo_bits


@njit(cache=True)
def read(uart, offset, size):
    dlab = uart[LCR] & R.UART_LCR_DLAB
    if offset == R.UART_RBR:
        if dlab:
            return uart[DLL]
        if uart[RX_COUNT] == 0:
            return 0
        value = uart[RX_BASE + uart[RX_HEAD]]
        uart[RX_HEAD] = (uart[RX_HEAD] + 1) % RX_CAPACITY
        uart[RX_COUNT] -= 1
        return value
    if offset == R.UART_IER:
        return uart[DLM] if dlab else uart[IER]
    if offset == R.UART_IIR:
        iir = _iir(uart)
        if iir & 0x0F == R.UART_IIR_THRE:
            uart[THRI_PENDING] = 0
        return iir
    if offset == R.UART_LCR:
        return uart[LCR]
    if offset == R.UART_MCR:
        return uart[MCR]
    if offset == R.UART_LSR:
        return R.UART_LSR_THRE | R.UART_LSR_TEMT | (R.UART_LSR_DR if uart[RX_COUNT] > 0 else 0)
    if offset == R.UART_MSR:
        return uart[MSR]
    if offset == R.UART_SCR:
        return uart[SCR]
    return 0


@njit(cache=True)
def write(uart, offset, size, value):
    """Returns True when the TX ring is nearly full and the host must drain it."""
    value &= 0xFF
    dlab = uart[LCR] & R.UART_LCR_DLAB
    if offset == R.UART_THR:
        if dlab:
            uart[DLL] = value
            return False
        if uart[TX_COUNT] < TX_CAPACITY:
            uart[TX_BASE + (uart[TX_HEAD] + uart[TX_COUNT]) % TX_CAPACITY] = value
            uart[TX_COUNT] += 1
        uart[THRI_PENDING] = 1      # the byte left at once: THR is empty again
        return uart[TX_COUNT] >= TX_HIGH_WATER
    if offset == R.UART_IER:
        if dlab:
            uart[DLM] = value
        else:
            if (value & R.UART_IER_TX) and not (uart[IER] & R.UART_IER_TX):
                uart[THRI_PENDING] = 1
            uart[IER] = value & 0x0F
    elif offset == R.UART_FCR:
        uart[FCR] = value
        if value & R.UART_FCR_CLEAR_RX:
            uart[RX_COUNT] = 0
    elif offset == R.UART_LCR:
        uart[LCR] = value
    elif offset == R.UART_MCR:
        uart[MCR] = value & R.UART_MCR_MASK
    elif offset == R.UART_SCR:
        uart[SCR] = value
    return False


def push_input(uart, data: bytes) -> int:
    """Host side: append bytes to the RX FIFO; returns how many fitted."""
    n = 0
    for byte in data:
        if uart[RX_COUNT] >= RX_CAPACITY:
            break
        uart[RX_BASE + (uart[RX_HEAD] + uart[RX_COUNT]) % RX_CAPACITY] = byte
        uart[RX_COUNT] += 1
        n += 1
    return n


def drain_output(uart) -> bytes:
    """Host side: take everything the guest printed since the last drain."""
    count = int(uart[TX_COUNT])
    if count == 0:
        return b""
    head = int(uart[TX_HEAD])
    idx = (np.arange(count) + head) % TX_CAPACITY + TX_BASE
    out = uart[idx].astype(np.uint8).tobytes()
    uart[TX_HEAD] = (head + count) % TX_CAPACITY
    uart[TX_COUNT] = 0
    return out
