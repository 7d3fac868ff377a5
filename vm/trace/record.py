"""Jitted recording hooks: the core calls these from its cold paths only.

`record_trap` runs at trap entry (before take_trap changes any CSR; the core
calls it through `enter_trap`, one call site per trap path) and
`record_sret` right after an sret.  With tracing off the core does not call
them at all (it tests st[TRACE] first, on those cold paths only), so the hot
loop never pays for the tracer.  When the buffer is nearly full a hook sets
st[STOP] = STOP_TRACE and IRQ_RECHECK, and the core leaves at the next
instruction boundary so the host can drain: nothing is dropped.

String and buffer arguments are copied into DATA rows here, through the
caller's page table (a walk of its Sv32 tables in RAM, touching no TLB and
no accessed/dirty bit), as the capture table at the end of the buffer says:
at entry for what the caller passes, at the return for what the call filled.
Where the filled memory is (its pointer and length, an IPC call's lease) is
read at the call's entry and kept in the thread's pending row until the
return: the IPC calls clobber those registers (the fast path returns with
kernel values in them), and the kernel keeps none of them for us.

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
from vm import abi_tables, memmap
from vm import riscv as RV
from vm.devices import registers as R
from vm import state as S
from vm.devices import board as B
from vm.devices import clint as clint_dev
from vm.devices import plic as plic_dev
from vm.pagewalk import NO_MAPPING, peek_translate
from vm.traps import take_trap
from vm.trace.events import (
    COL_F0, COL_ICOUNT, COL_KIND, COL_MTIME, COL_SATP,
    COL_THREAD, DATA_BYTES, HEADROOM, KIND_DATA, KIND_FAULT,
    KIND_IRQ, KIND_RETURN, KIND_SWITCH, KIND_SYSCALL, PEND_LEN, PEND_NUMBER, PEND_PTR,
    PEND_REG, PEND_SATP, PEND_THREAD, PENDING_ROWS, RESERVED_ROWS, ROW_REGS, SPEC_ENTRY_LEN,
    SPEC_ENTRY_PTR, SPEC_ENTRY_RIGHTS, SPEC_RET_LEN, SPEC_RET_PTR,
    SPEC_RET_RIGHTS, SPEC_RIGHTS_REG, SPEC_ROWS, STOP_FULL, T_CT_OFFSET, T_INDEX, T_LAST_A7,
    T_LAST_CAUSE, T_LAST_CT, T_LOST, T_MASK, T_NOTE_OFFSET, T_PENDING, T_STOP, TRACE_FAULTS, TRACE_IRQ,
    TRACE_STOP_AT_CROSSINGS, TRACE_SWITCHES, TRACE_SYSCALLS)

BASE = S.TRACE
SATP = CSR_NUMBERS["satp"]


def _x(name: str) -> int:
    """x-number of an ABI register name (kernel/abi.toml [trapframe] regs)."""
    return abi_tables.TRAPFRAME[name] // 4


ROW_X = np.array([_x(r) for r in ROW_REGS], np.int64)     # row register k is x[ROW_X[k]]
N_ROW_REGS = len(ROW_REGS)
REG_NUMBER = _x(abi_tables.REGISTERS["number"])          # the syscall number (a7)
REG_RESULT = _x(abi_tables.REGISTERS["results"][0])      # the result (a0)


@njit(cache=True)
def _reg(regs, n):
    return np.int64(regs[n]) & 0xFFFFFFFF


@njit(cache=True)
def _arg(regs, k):
    """Register k of a SYSCALL or RETURN row (events.ROW_REGS[k])."""
    return _reg(regs, ROW_X[k])


@njit(cache=True)
def _word(ram, off):
    if off < 0 or off + 4 > ram.shape[0]:
        return np.int64(-1)
    return (np.int64(ram[off]) | (np.int64(ram[off + 1]) << 8)
            | (np.int64(ram[off + 2]) << 16) | (np.int64(ram[off + 3]) << 24))


@njit(cache=True)
def _ram_offset(ram, satp, va):
    """RAM offset of virtual address va under satp (vm/pagewalk.py: sets nothing), or -1."""
    pa, _ = peek_translate(ram, memmap.RAM_BASE, satp, va)
    if pa == NO_MAPPING or pa < memmap.RAM_BASE:
        return np.int64(-1)
    return pa - memmap.RAM_BASE


@njit(cache=True)
def _current_thread(st, ram):
    off = st[BASE + T_CT_OFFSET]
    if off < 0:
        return np.int64(0)
    word = _word(ram, off)
    return word if word >= 0 else np.int64(0)


@njit(cache=True)
def _request_stop(st):
    st[BASE + T_STOP] |= STOP_FULL
    st[S.STOP] = S.STOP_TRACE
    st[S.IRQ_RECHECK] = 1


@njit(cache=True)
def _stop_at_crossing(st, mask):
    """TRACE_STOP_AT_CROSSINGS: leave the core at the next boundary (nothing to drain)."""
    if mask & TRACE_STOP_AT_CROSSINGS:
        st[S.STOP] = S.STOP_TRACE
        st[S.IRQ_RECHECK] = 1


@njit(cache=True)
def _new_row(tbuf, st, kind, thread):
    """Index of a fresh zeroed row, or -1 (counted as lost) if none is left."""
    limit = tbuf.shape[0] - RESERVED_ROWS
    i = st[BASE + T_INDEX]
    if i >= limit:
        st[BASE + T_LOST] += 1
        _request_stop(st)
        return -1
    for c in range(tbuf.shape[1]):
        tbuf[i, c] = 0
    tbuf[i, COL_KIND] = kind
    tbuf[i, COL_ICOUNT] = st[S.INSTRET]
    tbuf[i, COL_MTIME] = clint_dev.mtime(st)
    tbuf[i, COL_THREAD] = thread
    st[BASE + T_INDEX] = i + 1
    if i + 1 > limit - HEADROOM:
        _request_stop(st)
    return i


@njit(cache=True)
def _pending_row(tbuf, st, thread, claim):
    """Index of the pending row of this thread pointer, or -1; with claim, a new row
    for a thread that has none (-1 if every row is taken: nothing is copied then)."""
    first = tbuf.shape[0] - RESERVED_ROWS
    used = st[BASE + T_PENDING]
    for k in range(used):
        if tbuf[first + k, PEND_THREAD] == thread:
            return first + k
    if not claim or used >= PENDING_ROWS:
        return -1
    st[BASE + T_PENDING] = used + 1
    tbuf[first + used, PEND_THREAD] = thread
    return first + used


@njit(cache=True)
def _note_pending(tbuf, st, regs, thread, a7, satp):
    """At a call's entry: where the memory it fills is, for the return (or nothing)."""
    number = np.int64(-1)
    ptr = np.int64(-1)
    if a7 < SPEC_ROWS:
        spec = tbuf.shape[0] - SPEC_ROWS + a7
        ptr = tbuf[spec, SPEC_RET_PTR]
        rights = tbuf[spec, SPEC_RET_RIGHTS]
        if ptr >= 0 and (rights == 0 or _arg(regs, tbuf[spec, SPEC_RIGHTS_REG]) & rights):
            number = a7
    p = _pending_row(tbuf, st, thread, number >= 0)
    if p < 0:
        return
    tbuf[p, PEND_NUMBER] = number
    if number >= 0:
        tbuf[p, PEND_SATP] = satp
        n = tbuf[tbuf.shape[0] - SPEC_ROWS + a7, SPEC_RET_LEN]
        tbuf[p, PEND_PTR] = _arg(regs, ptr)
        tbuf[p, PEND_LEN] = _arg(regs, n) if n >= 0 else np.int64(0x7FFFFFFF)
        tbuf[p, PEND_REG] = ptr


@njit(cache=True)
def _copy_in(tbuf, st, ram, regs, satp, thread, ptr_reg, length, cstring):
    """A DATA row holding up to DATA_BYTES bytes at the address in ptr_reg."""
    _copy_from(tbuf, st, ram, satp, thread, _arg(regs, ptr_reg), ptr_reg, length, cstring)


@njit(cache=True)
def _copy_from(tbuf, st, ram, satp, thread, va, ptr_reg, length, cstring):
    """A DATA row holding up to DATA_BYTES bytes at va (which came from register ptr_reg)."""
    if va == 0:
        return
    i = _new_row(tbuf, st, KIND_DATA, thread)
    if i < 0:
        return
    want = DATA_BYTES if cstring else min(length, DATA_BYTES)
    got = 0
    full = length
    page_va = np.int64(-1)
    page_off = np.int64(-1)
    while got < want:
        addr = (va + got) & RV.XLEN_MASK
        if addr >> RV.PAGE_SHIFT != page_va:
            page_va = addr >> RV.PAGE_SHIFT
            page_off = _ram_offset(ram, satp, addr & ~RV.PAGE_OFFSET_MASK)
        if page_off < 0 or page_off + RV.PAGE_SIZE > ram.shape[0]:
            break
        b = np.int64(ram[page_off + (addr & RV.PAGE_OFFSET_MASK)])
        if cstring and b == 0:
            full = got
            break
        tbuf[i, COL_F0 + 2 + got // 8] |= b << (8 * (got % 8))
        got += 1
    if cstring and got == want:
        full = want + 1                                      # longer than we copied
    tbuf[i, COL_F0] = got
    tbuf[i, COL_F0 + 1] = full
    tbuf[i, COL_F0 + 10] = ptr_reg


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
                note = st[BASE + T_NOTE_OFFSET]       # why the scheduler switched
                tbuf[i, COL_F0 + 4] = _word(ram, note) if note >= 0 else -1
                tbuf[i, COL_F0 + 5] = _word(ram, note + 4) if note >= 0 else -1
        st[BASE + T_LAST_CT] = ct
    return ct


@njit(cache=True)
def record_trap(tbuf, st, regs, ram, csrs, dev, cause, tval, interrupt, pc):
    """At trap entry, before take_trap; st[PRIV] is still the trapping mode."""
    mask = st[BASE + T_MASK]
    _stop_at_crossing(st, mask)
    ct = _note_switch(tbuf, st, ram, mask)
    a7 = np.int64(-1)
    satp = csrs[SATP] & RV.XLEN_MASK
    full_cause = cause | RV.CAUSE_INTERRUPT if interrupt else cause
    kind = 0                            # one row at most: decide its kind, then write it once
    if interrupt:
        if mask & TRACE_IRQ:
            kind = KIND_IRQ
    elif cause == RV.CAUSE_USER_ECALL:
        a7 = _reg(regs, REG_NUMBER)
        if mask & TRACE_SYSCALLS:
            kind = KIND_SYSCALL
    elif mask & TRACE_FAULTS:
        kind = KIND_FAULT
    st[BASE + T_LAST_CAUSE] = full_cause
    st[BASE + T_LAST_A7] = a7
    if kind == 0:
        return
    i = _new_row(tbuf, st, kind, ct)
    if i < 0:
        return
    tbuf[i, COL_SATP] = satp
    if kind == KIND_SYSCALL:
        tbuf[i, COL_F0] = a7
        for k in range(N_ROW_REGS):
            tbuf[i, COL_F0 + 1 + k] = _arg(regs, k)
        if a7 < SPEC_ROWS:
            spec = tbuf.shape[0] - SPEC_ROWS + a7
            ptr = tbuf[spec, SPEC_ENTRY_PTR]
            rights = tbuf[spec, SPEC_ENTRY_RIGHTS]
            if ptr >= 0 and (rights == 0 or _arg(regs, tbuf[spec, SPEC_RIGHTS_REG]) & rights):
                n = tbuf[spec, SPEC_ENTRY_LEN]
                length = _arg(regs, n) if n >= 0 else np.int64(0)
                _copy_in(tbuf, st, ram, regs, satp, ct, ptr, length, n < 0)
        _note_pending(tbuf, st, regs, ct, a7, satp)
        return
    tbuf[i, COL_F0] = full_cause                             # IRQ or FAULT
    tbuf[i, COL_F0 + 1] = pc & 0xFFFFFFFF
    if kind == KIND_IRQ:
        tbuf[i, COL_F0 + 2] = (plic_dev.best_source(dev, B.PLIC, R.PLIC_CONTEXT_S)
                               if cause == RV.IRQ_SEI else -1)
    else:
        tbuf[i, COL_F0 + 2] = tval & 0xFFFFFFFF
    tbuf[i, COL_F0 + 3] = st[S.PRIV]


@njit(cache=True)
def record_sret(tbuf, st, regs, ram, csrs):
    """Right after an sret (st[PRIV] is the new mode)."""
    mask = st[BASE + T_MASK]
    _stop_at_crossing(st, mask)
    ct = _note_switch(tbuf, st, ram, mask)
    if st[S.PRIV] == RV.PRIV_U and mask & TRACE_SYSCALLS:
        satp = csrs[SATP] & RV.XLEN_MASK
        i = _new_row(tbuf, st, KIND_RETURN, ct)
        if i >= 0:
            for k in range(N_ROW_REGS):
                tbuf[i, COL_F0 + k] = _arg(regs, k)
            tbuf[i, COL_SATP] = satp
            # The thread's pending row says whether this sret ends a call that
            # filled memory, and where (read at the call's entry): a thread in
            # a call runs no user code until it returns, so its next sret to U
            # is that return; an sret after an interrupt finds none.  (Not a7:
            # the IPC calls clobber it.)  The same space: a thread that died in
            # a call leaves its row to the next thread in its slot.
            p = _pending_row(tbuf, st, ct, False)
            if p >= 0 and tbuf[p, PEND_NUMBER] >= 0:
                tbuf[p, PEND_NUMBER] = -1
                result = _reg(regs, REG_RESULT)
                if tbuf[p, PEND_SATP] == satp and 0 < result < 0x80000000:
                    length = min(result, tbuf[p, PEND_LEN])
                    _copy_from(tbuf, st, ram, satp, ct, tbuf[p, PEND_PTR], tbuf[p, PEND_REG],
                               length, False)


@njit(cache=True)
def enter_trap(tbuf, st, regs, ram, csrs, dev, cause, tval, interrupt, pc):
    """take_trap with the trace hook in front: one cold call site per trap path in the
    core instead of two, which keeps the hot loop smaller (BENCHMARKS.md, Tracer).
    A gdb watchpoint stop is no trap the guest sees, so it is not recorded."""
    if st[S.TRACE] and (interrupt or cause != S.CAUSE_WATCH):
        record_trap(tbuf, st, regs, ram, csrs, dev, cause, tval, interrupt, pc)
    return take_trap(st, csrs, cause, tval, interrupt, pc)
