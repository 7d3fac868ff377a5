"""Jitted recording hooks: the core calls these from its cold paths only.

`record_trap` runs at trap entry (before take_trap changes any CSR) and
`record_sret` right after an sret.  Two capture masks name the syscalls
whose memory the host must read at once: at entry (what the caller passes)
and at the return (what the call filled in; the ABI keeps a7 across a
syscall, so a7 at sret names the call that ends).  With tracing off the core does not call
them at all (it tests st[TRACE] first, on those cold paths only), so the hot
loop never pays for the tracer.  When the buffer is nearly full, or a
syscall's memory must be read now (the capture mask), a hook sets
st[STOP] = STOP_TRACE and IRQ_RECHECK, and the core leaves at the next
instruction boundary so the host can drain: nothing is dropped.

Context switches are found by comparing the kernel's current-thread pointer
(read from RAM) at every trap entry and sret with the value seen last time,
rather than by watching every store: the hot store path stays untouched, and
a switch only takes effect for user code at the next sret anyway.

The IRQ of an external interrupt is the PLIC source the kernel's claim will
return (the best pending source for the S-mode context at trap entry).
"""
from __future__ import annotations

import numpy as np
from numba import njit

from asm.csrs import CSR_NUMBERS
from vm import memmap
from vm import state as S
from vm.devices import clint as clint_dev
from vm.devices import plic as plic_dev
from vm.trace.events import (
    CAUSE_ECALL_U, COL_F0, COL_ICOUNT, COL_KIND, COL_MTIME, COL_SATP,
    COL_THREAD, HEADROOM, INTERRUPT_BIT, KIND_FAULT, KIND_IRQ, KIND_RETURN,
    KIND_SWITCH, KIND_SYSCALL, STOP_CAPTURE, STOP_FULL, T_CAPTURE, T_CAPTURE_RET,
    T_CT_OFFSET, T_INDEX, T_LAST_A7, T_LAST_CAUSE, T_LAST_CT, T_LOST, T_MASK,
    T_STOP, TRACE_FAULTS, TRACE_IRQ, TRACE_SWITCHES, TRACE_SYSCALLS)

BASE = S.TRACE
SATP = CSR_NUMBERS["satp"]
SRET = 0x10200073
REG_T0, REG_T1, REG_A0, REG_A7 = 5, 6, 10, 17
IRQ_SEI = 9


@njit(cache=True)
def _current_thread(st, ram):
    off = st[BASE + T_CT_OFFSET]
    if off < 0 or off + 4 > ram.shape[0]:
        return np.int64(0)
    return (np.int64(ram[off]) | (np.int64(ram[off + 1]) << 8)
            | (np.int64(ram[off + 2]) << 16) | (np.int64(ram[off + 3]) << 24))


@njit(cache=True)
def _request_stop(st, why):
    st[BASE + T_STOP] |= why
    st[S.STOP] = S.STOP_TRACE
    st[S.IRQ_RECHECK] = 1


@njit(cache=True)
def _new_row(tbuf, st, kind, thread):
    """Index of a fresh zeroed row, or -1 (counted as lost) if none is left."""
    i = st[BASE + T_INDEX]
    if i >= tbuf.shape[0]:
        st[BASE + T_LOST] += 1
        _request_stop(st, STOP_FULL)
        return -1
    for c in range(tbuf.shape[1]):
        tbuf[i, c] = 0
    tbuf[i, COL_KIND] = kind
    tbuf[i, COL_ICOUNT] = st[S.INSTRET]
    tbuf[i, COL_MTIME] = clint_dev.mtime(st)
    tbuf[i, COL_THREAD] = thread
    st[BASE + T_INDEX] = i + 1
    if i + 1 > tbuf.shape[0] - HEADROOM:
        _request_stop(st, STOP_FULL)
    return i


@njit(cache=True)
def _note_switch(tbuf, st, ram, mask):
    """Record a SWITCH row if the current-thread pointer moved; return the pointer."""
    ct = _current_thread(st, ram)
    last = st[BASE + T_LAST_CT]
    if ct != last:
        if mask & TRACE_SWITCHES:
            i = _new_row(tbuf, st, KIND_SWITCH, ct)
            if i >= 0:
                tbuf[i, COL_F0] = last
                tbuf[i, COL_F0 + 1] = ct
                tbuf[i, COL_F0 + 2] = st[BASE + T_LAST_CAUSE]
                tbuf[i, COL_F0 + 3] = st[BASE + T_LAST_A7]
        st[BASE + T_LAST_CT] = ct
    return ct


@njit(cache=True)
def _reg(regs, n):
    return np.int64(regs[n]) & 0xFFFFFFFF


@njit(cache=True)
def record_trap(tbuf, st, regs, ram, csrs, plic, cause, tval, interrupt, pc):
    """At trap entry, before take_trap; st[PRIV] is still the trapping mode."""
    mask = st[BASE + T_MASK]
    ct = _note_switch(tbuf, st, ram, mask)
    a7 = np.int64(-1)
    satp = csrs[SATP] & 0xFFFFFFFF
    if interrupt:
        full_cause = cause | INTERRUPT_BIT
        if mask & TRACE_IRQ:
            i = _new_row(tbuf, st, KIND_IRQ, ct)
            if i >= 0:
                tbuf[i, COL_F0] = full_cause
                tbuf[i, COL_F0 + 1] = pc & 0xFFFFFFFF
                tbuf[i, COL_F0 + 2] = (plic_dev.best_source(plic, memmap.PLIC_CONTEXT_S)
                                       if cause == IRQ_SEI else -1)
                tbuf[i, COL_F0 + 3] = st[S.PRIV]
    else:
        full_cause = cause
        if cause == CAUSE_ECALL_U:
            a7 = _reg(regs, REG_A7)
            if mask & TRACE_SYSCALLS:
                i = _new_row(tbuf, st, KIND_SYSCALL, ct)
                if i >= 0:
                    tbuf[i, COL_F0] = a7
                    for k in range(7):                       # a0..a6
                        tbuf[i, COL_F0 + 1 + k] = _reg(regs, REG_A0 + k)
                    tbuf[i, COL_F0 + 8] = _reg(regs, REG_T0)
                    tbuf[i, COL_F0 + 9] = _reg(regs, REG_T1)
                    tbuf[i, COL_SATP] = satp
                if a7 < 63 and (st[BASE + T_CAPTURE] >> a7) & 1:
                    _request_stop(st, STOP_CAPTURE)
        elif mask & TRACE_FAULTS:
            i = _new_row(tbuf, st, KIND_FAULT, ct)
            if i >= 0:
                tbuf[i, COL_F0] = cause
                tbuf[i, COL_F0 + 1] = pc & 0xFFFFFFFF
                tbuf[i, COL_F0 + 2] = tval & 0xFFFFFFFF
                tbuf[i, COL_F0 + 3] = st[S.PRIV]
                tbuf[i, COL_SATP] = satp
    st[BASE + T_LAST_CAUSE] = full_cause
    st[BASE + T_LAST_A7] = a7


@njit(cache=True)
def record_sret(tbuf, st, regs, ram, csrs):
    """Right after an sret (st[PRIV] is the new mode)."""
    mask = st[BASE + T_MASK]
    ct = _note_switch(tbuf, st, ram, mask)
    if st[S.PRIV] == S.PRIV_U and mask & TRACE_SYSCALLS:
        i = _new_row(tbuf, st, KIND_RETURN, ct)
        if i >= 0:
            for k in range(7):                               # a0..a6
                tbuf[i, COL_F0 + k] = _reg(regs, REG_A0 + k)
            tbuf[i, COL_F0 + 7] = _reg(regs, REG_T0)
            tbuf[i, COL_F0 + 8] = _reg(regs, REG_T1)
            tbuf[i, COL_SATP] = csrs[SATP] & 0xFFFFFFFF
        # The ABI preserves a7, so it names the syscall this sret ends (if any).
        a7 = _reg(regs, REG_A7)
        if a7 < 63 and (st[BASE + T_CAPTURE_RET] >> a7) & 1:
            _request_stop(st, STOP_CAPTURE)
