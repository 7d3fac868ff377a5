"""sifive_test finisher: the guest powers off, fails with a code, or resets.

It has no state of its own: a write records the stop reason and exit code in
the state vector and asks the run loop to return to the host.
"""
from numba import njit

from vm import state as S
from vm.devices import WRITE_OK, WRITE_STOP, no_host_side, no_irq_line
from vm.devices import registers as R

WINDOW_WORDS = 0


reset = no_host_side
poll = no_host_side
irq_level = no_irq_line


@njit(cache=True)
def read(dev, win, st, ram, offset, size):
    return 0


@njit(cache=True)
def write(dev, win, st, ram, offset, size, value):
    """WRITE_STOP when the machine must stop after this instruction."""
    if offset != 0:
        return WRITE_OK
    kind = value & 0xFFFF
    if kind == R.FINISHER_PASS:
        st[S.STOP] = S.STOP_POWEROFF
        st[S.EXIT_CODE] = 0
        return WRITE_STOP
    if kind == R.FINISHER_FAIL:
        st[S.STOP] = S.STOP_POWEROFF
        st[S.EXIT_CODE] = (value >> 16) & 0xFFFF
        return WRITE_STOP
    if kind == R.FINISHER_RESET:
        st[S.STOP] = S.STOP_RESET
        return WRITE_STOP
    return WRITE_OK
