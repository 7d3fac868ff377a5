"""The A extension (lr.w, sc.w, amo*.w), out of the CPU's hot loop.

Atomics are rare in the code the machine runs (locks, the kernel's counters),
so they live here as one cold call from cpu.run rather than as ~90 lines of the
loop.  They go through the slow load/store paths, which translate, check PMP
and reach devices.  `atomic` returns bus.WRITE_OK, bus.WRITE_STOP (a device
asks the loop to return to the host), or AMO_TRAP with st[TRAP_CAUSE/TVAL] set.
"""
import numpy as np
from numba import njit

from vm import riscv as RV
from vm import state as S
from vm.bus import WRITE_OK, WRITE_STOP
from vm.mmu import load_slow, store_slow, translate

M32 = RV.XLEN_MASK
AMO_TRAP = -1


@njit(cache=True, inline="always")
def _sx(v):
    return (v ^ 0x80000000) - 0x80000000


@njit(cache=True)
def _illegal(st, w):
    st[S.TRAP_CAUSE] = RV.CAUSE_ILLEGAL_INSTRUCTION
    st[S.TRAP_TVAL] = w
    return AMO_TRAP


@njit(cache=True)
def atomic(st, csrs, regs, ram, ram32, tlb, dev, w):
    """Execute the lr.w / sc.w / amo*.w in `w` (funct3 = 2 already checked)."""
    funct5 = w >> RV.FUNCT5_SHIFT
    rd = (w >> 7) & 31
    rs2 = (w >> 20) & 31
    va = np.int64(regs[(w >> 15) & 31])
    b = np.int64(regs[rs2])
    if funct5 == RV.AMO_LR:
        if rs2 != 0:
            return _illegal(st, w)
        if va & 3:                                       # not word-aligned
            st[S.TRAP_CAUSE] = RV.CAUSE_MISALIGNED_LOAD
            st[S.TRAP_TVAL] = va
            return AMO_TRAP
        v = load_slow(st, csrs, ram, ram32, tlb, dev, va, 4)
        if v < 0:
            return AMO_TRAP
        st[S.RES_ADDR] = va
        st[S.RES_VALUE] = v
        regs[rd] = v
        return WRITE_OK
    if va & 3:
        # the spec's store/AMO-misaligned for SC and AMOs (QEMU 7.2 says 4, and lets
        # an SC without a reservation fail silently; tests/vm/test_priv_spec.py)
        st[S.TRAP_CAUSE] = RV.CAUSE_MISALIGNED_STORE
        st[S.TRAP_TVAL] = va
        return AMO_TRAP
    if funct5 == RV.AMO_SC:
        reserved = st[S.RES_ADDR] == va
        st[S.RES_ADDR] = -1
        if not reserved:
            regs[rd] = 1
            return WRITE_OK
        if translate(st, csrs, ram, ram32, tlb, va, RV.ACCESS_WRITE) < 0:
            return AMO_TRAP
        v = load_slow(st, csrs, ram, ram32, tlb, dev, va, 4)
        if v < 0:
            return AMO_TRAP
        if v != st[S.RES_VALUE]:
            regs[rd] = 1
            return WRITE_OK
        r = store_slow(st, csrs, ram, ram32, tlb, dev, va, 4, b)
        if r == WRITE_OK or r == WRITE_STOP:
            regs[rd] = 0
            return r
        return AMO_TRAP
    if funct5 not in (RV.AMO_SWAP, RV.AMO_ADD, RV.AMO_XOR, RV.AMO_AND, RV.AMO_OR,
                      RV.AMO_MIN, RV.AMO_MAX, RV.AMO_MINU, RV.AMO_MAXU):
        return _illegal(st, w)
    # AMOs need write permission first: a read-only page gives a store fault
    v = -1
    if translate(st, csrs, ram, ram32, tlb, va, RV.ACCESS_WRITE) >= 0:
        v = load_slow(st, csrs, ram, ram32, tlb, dev, va, 4)
    if v < 0:
        if st[S.TRAP_CAUSE] == RV.CAUSE_LOAD_ACCESS:
            st[S.TRAP_CAUSE] = RV.CAUSE_STORE_ACCESS
        elif st[S.TRAP_CAUSE] == RV.CAUSE_LOAD_PAGE_FAULT:
            st[S.TRAP_CAUSE] = RV.CAUSE_STORE_PAGE_FAULT
        return AMO_TRAP
    if funct5 == RV.AMO_SWAP:
        new = b
    elif funct5 == RV.AMO_ADD:
        new = (v + b) & M32
    elif funct5 == RV.AMO_XOR:
        new = v ^ b
    elif funct5 == RV.AMO_AND:
        new = v & b
    elif funct5 == RV.AMO_OR:
        new = v | b
    elif funct5 == RV.AMO_MIN:
        new = v if _sx(v) < _sx(b) else b
    elif funct5 == RV.AMO_MAX:
        new = v if _sx(v) > _sx(b) else b
    elif funct5 == RV.AMO_MINU:
        new = v if v < b else b
    else:                                                # amomaxu.w
        new = v if v > b else b
    r = store_slow(st, csrs, ram, ram32, tlb, dev, va, 4, new)
    if r == WRITE_OK or r == WRITE_STOP:
        regs[rd] = v
        return r
    return AMO_TRAP
