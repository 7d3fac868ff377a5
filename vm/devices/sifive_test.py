"""sifive_test finisher: the guest powers off, fails with a code, or resets.

It has no state of its own: a write records the stop reason and exit code in
the state vector and asks the run loop to return to the host.
"""
from numba import njit

from vm.devices import registers as R
from vm import state as S


@njit(cache=True)
def read(st, offset, size):
    return 0


@njit(cache=True)
def write(st, offset, size, value):
    """Returns True when the machine must stop after this instruction."""
    if offset != 0:
        return False
    kind = value & 0xFFFF
    if kind == R.FINISHER_PASS:
        st[S.STOP] = S.STOP_POWEROFF
        st[S.EXIT_CODE] = 0
        return True
    if kind == R.FINISHER_FAIL:
        st[S.STOP] = S.STOP_POWEROFF
        st[S.EXIT_CODE] = (value >> 16) & 0xFFFF
        return True
    if kind == R.FINISHER_RESET:
        st[S.STOP] = S.STOP_RESET
        return True
    return False
