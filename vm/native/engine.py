"""The native engine's driver: run a slice by alternating translated units and the interpreter.

    engine = NativeEngine(machine)
    code = engine.step(n)          # like vm.cpu.run(..., budget=n): a state.STOP_* code

The interpreter (vm/cpu.py) stays the reference and does everything a unit
leaves to it (translate.py lists the reasons): traps, interrupts, system and
CSR instructions, atomics, TLB misses, MMIO.  Each slice starts with it
(budget 0: it takes a pending interrupt), and a unit never runs past the
interpreter's scheduled interrupt check at which the timer can next raise one
(`_limit`; the schedule is the one the interpreter follows when it runs the
whole slice alone, vm/cpu.py run(), carried from call to call in
st[IRQ_CHECK_AT]), so interrupts are taken at the same instructions as on the
interpreter, and a deterministic run is the same on both engines: every
decision here depends on guest state only.

A page is translated when execution has come to it HOT times without a unit
(cold code stays interpreted).  A unit is made for a (virtual page, physical
page) pair; the physical page is then marked as holding code (riscv.py
TLB_CODE), so stores to it take the slow path, which sets st[CODE_CHECK];
so do virtio notifies (DMA).  Then, and at the start of every slice (the
host's devices write RAM between slices), the words each unit translated
are compared with RAM and the units whose code changed are dropped (data
sharing a page with code costs slow stores, not translations):
self-modifying code and fence.i need nothing more.  A jump into a unit's
page at a pc that is no entry of it (a return, a jump table) is remembered,
and the unit is made again with that entry once it has been seen HOT times.
"""
from __future__ import annotations

import numpy as np

from vm import riscv as RV
from vm import state as S
from vm.native.compile import compile_unit
from vm.native.translate import (R_BUDGET, R_LEAVE, R_MISS, code_words, resume_bursts, static_entries,
                                 translate)

HOT = 8                  # arrivals at a page (or a new entry) before it is translated (again)
COLD_BURST = 256         # interpreter instructions run on a page without a unit
_CODE = RV.TLB_CODE

_units_made: dict[tuple, object] = {}     # (vbase, page_off, code bytes, entries) -> function, per process


class Unit:
    __slots__ = ("vpn", "page_off", "code", "words", "entries", "fn", "resume")

    def __init__(self, vpn, page_off, code, words, entries, fn, resume):
        self.vpn, self.page_off, self.entries, self.fn = vpn, page_off, entries, fn
        self.code = code            # indices of the words translated (data may share the page)
        self.words = words          # their values when translated
        self.resume = resume        # per word: instructions from there to the end of its block


class NativeEngine:
    def __init__(self, machine):
        self.m = machine
        self.units: dict[tuple[int, int], Unit] = {}       # (vpn, page_off) -> unit
        self.by_vpn: dict[int, list[Unit]] = {}
        self.heat: dict[tuple, int] = {}                   # (vpn, page_off[, pc]) -> arrivals
        self.learned: dict[tuple[int, int], set] = {}      # (vpn, page_off) -> entries seen
        self.translations = 0                              # units made (for tests and figures)
        self.native_insns = 0                              # instructions units retired
        self.hot = HOT                                     # tests make it 1: translate at once
        m = machine
        self._args = (m.st.ctypes.data, m.regs.ctypes.data, m.ram.ctypes.data, m.tlb.ctypes.data)
        self._tlb4 = m.tlb[:RV.TLB_ROOTS].reshape(-1, RV.TLB_WORDS)

    # ---- the slice ----------------------------------------------------------------------
    def step(self, n: int) -> int:
        from vm.jit_cache import load_core
        cpu = load_core()
        m = self.m
        st = m.st
        args = self._args
        interp_args = (m.st, m.regs, m.csrs, m.ram, m.ram32, m.ram16, m.tlb, m.dev)
        start = int(st[S.INSTRET])
        end = start + n
        self._check_code()
        # the interpreter's calls below go on with one interrupt-check schedule for the whole
        # slice, the one it follows when it runs the slice alone (vm/cpu.py run())
        st[S.IRQ_RESUME] = 1
        st[S.IRQ_SLICE_END] = end
        st[S.IRQ_CHECK_AT] = start
        try:
            return self._slice(cpu, interp_args, end)
        finally:
            st[S.IRQ_RESUME] = 0

    def _slice(self, cpu, interp_args, end: int) -> int:
        m = self.m
        st = m.st
        code = cpu.run(*interp_args, 0, m.trace_buffer)      # a pending interrupt first
        if code != S.STOP_BUDGET:
            return int(code)
        limit = self._limit(end)
        while True:
            ic = int(st[S.INSTRET])
            if ic >= end:
                break
            if ic < limit:
                burst = self._run_units(limit)
                self._passed_checks()
                ic = int(st[S.INSTRET])
                if ic >= end:
                    break
                if burst == 0:
                    continue
            else:
                burst = 1                    # at the check that sees the timer: the interpreter
            code = cpu.run(*interp_args, min(burst, end - ic), m.trace_buffer)
            if code != S.STOP_BUDGET:
                return int(code)
            if st[S.CODE_CHECK]:
                self._check_code()
            limit = self._limit(end)
        # the slice's last instruction is a check, as when the interpreter runs the slice alone
        return int(cpu.run(*interp_args, 0, m.trace_buffer)) if st[S.IRQ_CHECK_AT] <= end else S.STOP_BUDGET

    def _passed_checks(self) -> None:
        """Units ran past scheduled interrupt checks (none of which could take one: `_limit`):
        move the schedule on as the interpreter's checks would have, and clear what they clear."""
        st = self.m.st
        ic = int(st[S.INSTRET])
        at = int(st[S.IRQ_CHECK_AT])
        if at >= ic:
            return
        end = int(st[S.IRQ_SLICE_END])
        at += -(-(ic - at) // S.IRQ_CHECK_INTERVAL) * S.IRQ_CHECK_INTERVAL
        st[S.IRQ_CHECK_AT] = min(at, end)
        st[S.IRQ_RECHECK] = 0

    def _run_units(self, limit: int) -> int:
        """Run units from pc while they pass control to each other; how many instructions the
        interpreter should run next (0: try the units again)."""
        st = self.m.st
        by_jump = False
        while True:
            pc = int(st[S.PC])
            vpn = pc >> RV.PAGE_SHIFT
            units = self.by_vpn.get(vpn)
            why = None
            if units:
                for unit in units:
                    if pc in unit.entries:
                        before = st[S.INSTRET]
                        why = unit.fn(*self._args, limit)
                        self.native_insns += int(st[S.INSTRET] - before)
                        if why != R_MISS:
                            break
                        why = None
            if why == R_LEAVE:
                by_jump = True
                continue
            if why == R_BUDGET:
                # the next block does not fit before the limit: the interpreter goes up to it
                return max(1, limit - int(st[S.INSTRET]))
            if why is not None:
                # R_INSN, R_MEM: the interpreter does that instruction and the rest of its block
                return int(unit.resume[(int(st[S.PC]) & RV.PAGE_OFFSET_MASK) >> 2])
            # no unit runs from pc
            page_off = self._fetch_page(pc)
            if page_off is None:                # the interpreter fills the TLB
                return 1 if units else COLD_BURST
            unit = self.units.get((vpn, page_off))
            if unit is None:
                return 0 if self._arrive((vpn, page_off), pc) else COLD_BURST
            if by_jump and self._arrive((vpn, page_off, pc), pc):
                return 0                        # a jump to a new entry, often enough: made again
            # inside a block (after an exit): the interpreter goes to the block's end
            return int(unit.resume[(pc & RV.PAGE_OFFSET_MASK) >> 2])

    def _limit(self, end: int) -> int:
        """The instruction count at which the timer can next raise an interrupt (or `end`): the
        first of the interpreter's scheduled checks (every IRQ_CHECK_INTERVAL from
        st[IRQ_CHECK_AT]) at or after the deadline, where the interpreter would see it."""
        st = self.m.st
        div = int(st[S.TICK_DIV])
        if div == 0:                        # real time: mtime stands still inside a slice
            return end
        deadline = self.m.next_deadline()
        if deadline is None:
            return end
        due = int(st[S.MTIME_INSTRET0]) + (deadline - int(st[S.MTIME_BASE])) * div
        at = int(st[S.IRQ_CHECK_AT])
        if due > at:
            at += -(-(due - at) // S.IRQ_CHECK_INTERVAL) * S.IRQ_CHECK_INTERVAL
        return min(end, max(at, int(st[S.INSTRET]) + 1))

    # ---- translation ----------------------------------------------------------------------
    def _fetch_page(self, pc: int):
        """RAM offset of pc's page through the fetch TLB, or None (a miss: the interpreter fills it)."""
        m = self.m
        vpn = pc >> RV.PAGE_SHIFT
        key = int(m.st[S.FETCH_KEY])
        e = ((vpn ^ key) & (RV.TLB_ENTRIES - 1)) * RV.TLB_WORDS
        if int(m.tlb[e + RV.TLB_EXEC_TAG]) != (vpn << RV.TLB_KEY_BITS) | key:
            return None
        return int(m.tlb[e + RV.TLB_PAGE])

    def _arrive(self, key, pc: int) -> bool:
        """Execution came to pc with no unit to run it: count; translate once hot (True: done)."""
        count = self.heat.get(key, 0) + 1
        if count < self.hot:
            self.heat[key] = count
            return False
        self.heat.pop(key, None)
        vpn, page_off = key[0], key[1]
        self.learned.setdefault((vpn, page_off), set()).add(pc)
        self._make(vpn, page_off)
        return True

    def _make(self, vpn: int, page_off: int) -> None:
        m = self.m
        vbase = vpn << RV.PAGE_SHIFT
        words = m.ram32[page_off >> 2:(page_off >> 2) + RV.PAGE_SIZE // 4].copy()
        entries = static_entries(vbase, words) | self.learned.get((vpn, page_off), set())
        key = (vbase, page_off, words.tobytes(), frozenset(entries))
        fn = _units_made.get(key)
        if fn is None:
            fn = _units_made[key] = compile_unit(translate(vbase, page_off, words, entries))
        self._drop((vpn, page_off))
        code = np.array(code_words(vbase, words, entries), dtype=np.int64)
        unit = Unit(vpn, page_off, code, words[code], frozenset(entries), fn,
                    resume_bursts(vbase, words, entries))
        self.units[(vpn, page_off)] = unit
        self.by_vpn.setdefault(vpn, []).append(unit)
        self._mark(page_off)
        self.translations += 1

    def _drop(self, where) -> None:
        unit = self.units.pop(where, None)
        if unit is None:
            return
        self.by_vpn[unit.vpn].remove(unit)
        if not any(u.page_off == unit.page_off for u in self.units.values()):
            page = unit.page_off >> RV.PAGE_SHIFT
            self.m.tlb[_CODE + (page >> 6)] |= np.int64(1) << np.int64(page & 63)

    def _mark(self, page_off: int) -> None:
        """Say the page holds translated code: stores to it must take the slow path (riscv.py)."""
        tlb = self.m.tlb
        page = page_off >> RV.PAGE_SHIFT
        tlb[_CODE + (page >> 6)] &= ~(np.int64(1) << np.int64(page & 63))
        tlb[RV.TLB_CODE_GUARD] = 0
        tlb4 = self._tlb4
        tlb4[tlb4[:, RV.TLB_PAGE] == page_off, RV.TLB_WRITE_TAG] = -1

    def _check_code(self) -> None:
        """Drop the units whose page changed; mark the pages again if a flush unmarked them."""
        m = self.m
        m.st[S.CODE_CHECK] = 0
        wiped = m.tlb[RV.TLB_CODE_GUARD] != 0
        for where, unit in list(self.units.items()):
            if not np.array_equal(m.ram32[(unit.page_off >> 2) + unit.code], unit.words):
                self._drop(where)
            elif wiped:
                self._mark(unit.page_off)
