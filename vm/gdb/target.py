"""The stub's view of the Machine: registers, memory, breakpoints, watchpoints, running.

Owns the debugger's side of the machine (vm/machine.py owns the machine):
- Registers by the numbers of vm/gdb/target_xml.py; CSR writes go through the
  core's own csr_write, so WARL masks and TLB flushes happen as for the guest.
- Memory through the current address space (vm/pagewalk.py), RAM and boot ROM
  only: device registers have side effects, so gdb gets E14 there.
- Software breakpoints: an `ebreak` written over the instruction, the original
  word kept and shown to gdb on reads.  With st[DEBUG] = DEBUG_EBREAK the core
  stops *before* any ebreak (vm/traps.py); one we did not plant is executed
  for real, so the guest sees its own ebreaks as it would without gdb.
- Watchpoints: up to WATCH_MAX ranges in the state vector (vm/gdb/hooks.py);
  the core stops before the access, as gdb expects of RISC-V (it then steps
  over the access itself, with the watchpoints removed).
"""
from __future__ import annotations

import time

import numpy as np

from vm import memmap
from vm.pagewalk import NO_MAPPING, peek_translate
from asm import isa
from asm.csrs import CSR_NUMBERS
from vm import riscv as RV
from vm import state as S
from vm.gdb.stub import Stop
from vm.gdb.target_xml import Register

SATP = CSR_NUMBERS["satp"]
WATCH_BITS = {"watch": S.WATCH_WRITE, "rwatch": S.WATCH_READ,
              "awatch": S.WATCH_READ | S.WATCH_WRITE}
IDLE_POLL_SECONDS = 0.05
SIGILL, SIGTRAP, SIGBUS, SIGSEGV = 4, 5, 7, 11
FAULT_SIGNALS = {                       # exception cause -> what gdb shows
    RV.CAUSE_MISALIGNED_FETCH: SIGBUS, RV.CAUSE_FETCH_ACCESS: SIGSEGV,
    RV.CAUSE_ILLEGAL_INSTRUCTION: SIGILL, RV.CAUSE_BREAKPOINT: SIGTRAP,
    RV.CAUSE_MISALIGNED_LOAD: SIGBUS, RV.CAUSE_LOAD_ACCESS: SIGSEGV,
    RV.CAUSE_MISALIGNED_STORE: SIGBUS, RV.CAUSE_STORE_ACCESS: SIGSEGV,
    RV.CAUSE_FETCH_PAGE_FAULT: SIGSEGV, RV.CAUSE_LOAD_PAGE_FAULT: SIGSEGV,
    RV.CAUSE_STORE_PAGE_FAULT: SIGSEGV,
}


class MachineTarget:
    def __init__(self, machine, run_slice=None) -> None:
        """`run_slice(limit)` runs one host slice (Machine.run_slice with the caller's
        start and --max-insns) and returns a RunResult when the run is over."""
        self.m = machine
        self.run_slice = run_slice or (lambda limit: machine.run_slice(machine.insns, None, limit))
        self.planted: dict[int, list[tuple[int, int]]] = {}   # gdb address -> [(paddr, original)]
        self.watches: list[tuple[str, int, int]] = []
        self.result = None            # the RunResult once the program has ended
        self._watch_stop_pc = None    # pc of the access the last watchpoint stop was before
        self._stopped_at = time.monotonic()   # when gdb last got the machine (it starts stopped)

    # ---- registers ----------------------------------------------------------
    def read_register(self, reg: Register) -> int | None:
        m = self.m
        if reg.kind == "gpr":
            return int(m.regs[reg.index])
        if reg.kind == "pc":
            return m.pc
        if reg.kind == "priv":
            return m.priv
        try:
            return m.csr_read(reg.index)
        except KeyError:
            return None           # a CSR this machine does not have: gdb shows <unavailable>

    def write_register(self, reg: Register, value: int) -> bool:
        m = self.m
        value &= 0xFFFFFFFF
        if reg.kind == "gpr":
            if reg.index:
                m.regs[reg.index] = value
            return True
        if reg.kind == "pc":
            m.pc = value
            return True
        from vm.mmu import update_keys
        if reg.kind == "priv":
            if value not in (RV.PRIV_U, RV.PRIV_S, RV.PRIV_M):
                return False
            m.st[S.PRIV] = value
            update_keys(m.st, m.csrs)
            return True
        if reg.index >> RV.CSR_ACCESS_SHIFT == RV.CSR_READ_ONLY:
            return False          # read-only CSR (mhartid, cycle, ...)
        from vm.csr import csr_write
        return bool(csr_write(m.st, m.csrs, m.tlb, reg.index, value))

    # ---- memory -------------------------------------------------------------
    def _read_phys(self, paddr: int, length: int) -> bytes | None:
        off = paddr - memmap.RAM_BASE
        if 0 <= off and off + length <= self.m.ram_bytes:
            return self.m.ram[off:off + length].tobytes()
        off = paddr - memmap.BOOT_ROM_BASE
        if 0 <= off and off + length <= memmap.BOOT_ROM_SIZE:
            return self.m.rom.astype("<u4").tobytes()[off:off + length]
        return None

    def _phys32(self, paddr: int) -> int | None:
        data = self._read_phys(paddr, 4)
        return None if data is None else int.from_bytes(data, "little")

    def translate(self, vaddr: int) -> int | None:
        """gdb's addresses are virtual addresses of the current mode: bare in M-mode, else
        through satp.  Unlike the hart, the debugger sees every valid mapping (U or not,
        readable or not) and sets no accessed/dirty bit (vm/pagewalk.py)."""
        satp = 0 if self.m.priv == RV.PRIV_M else int(self.m.csrs[SATP])
        paddr, _ = peek_translate(self.m.ram, memmap.RAM_BASE, satp, vaddr)
        return None if paddr == NO_MAPPING else int(paddr)

    def _pages(self, addr: int, length: int):
        """(vaddr, paddr or None, length) pieces that do not cross a page."""
        while length > 0:
            piece = min(length, RV.PAGE_SIZE - (addr & (RV.PAGE_SIZE - 1)))
            yield addr, self.translate(addr), piece
            addr = (addr + piece) & 0xFFFFFFFF
            length -= piece

    def read_memory(self, addr: int, length: int) -> bytes | None:
        out = bytearray()
        for _, paddr, piece in self._pages(addr, length):
            data = None if paddr is None else self._read_phys(paddr, piece)
            if data is None:
                return bytes(out) if out else None   # gdb accepts a short read
            out += data
        self._show_originals(addr, out)
        return bytes(out)

    def _planted_sites(self):
        """(gdb address, index, physical address, original word) of every planted ebreak."""
        for addr, sites in self.planted.items():
            for k, (paddr, original) in enumerate(sites):
                yield addr, k, paddr, original

    def _show_originals(self, addr: int, out: bytearray) -> None:
        """gdb must see the instructions, not our ebreaks."""
        pieces = [(vaddr, pa, n) for vaddr, pa, n in self._pages(addr, len(out)) if pa is not None]
        for _, _, site, original in self._planted_sites():
            for i, byte in enumerate(original.to_bytes(4, "little")):
                for vaddr, pa, n in pieces:
                    if pa <= site + i < pa + n:
                        out[vaddr - addr + site + i - pa] = byte

    def write_memory(self, addr: int, data: bytes) -> bool:
        pieces = list(self._pages(addr, len(data)))
        if any(pa is None or self._read_phys(pa, n) is None or pa < memmap.RAM_BASE
               for _, pa, n in pieces):
            return False          # all or nothing: RAM only
        done = 0
        for _, paddr, piece in pieces:
            self._write_phys(paddr, data[done:done + piece])
            done += piece
        return True

    def _poke(self, paddr: int, word: int) -> None:
        """Plant or lift an ebreak: RAM, or the boot ROM (read-only to gdb's M/X, but
        stepping through the reset code needs breakpoints there too)."""
        off = paddr - memmap.BOOT_ROM_BASE
        if 0 <= off < memmap.BOOT_ROM_SIZE:
            self.m.rom[off >> 2] = word
        else:
            self.m.write_mem(paddr, word.to_bytes(4, "little"))

    def _write_phys(self, paddr: int, data: bytes) -> None:
        """Write RAM, keeping planted ebreaks planted: a write under one changes the original."""
        covered = []
        for addr, k, site, original in self._planted_sites():
            if site < paddr + len(data) and paddr < site + 4:
                word = bytearray(original.to_bytes(4, "little"))
                for i in range(4):
                    if paddr <= site + i < paddr + len(data):
                        word[i] = data[site + i - paddr]
                self.planted[addr][k] = (site, int.from_bytes(word, "little"))
                covered.append(site)
        self.m.write_mem(paddr, data)          # also flushes the TLB
        for site in covered:
            self._poke(site, RV.EBREAK)

    # ---- breakpoints and watchpoints ------------------------------------------
    def insert_breakpoint(self, addr: int) -> bool:
        paddr = self.translate(addr)
        if addr & 3 or paddr is None or self._phys32(paddr) is None:
            return False
        sites = self.planted.setdefault(addr, [])
        if all(site != paddr for site, _ in sites):
            sites.append((paddr, self._planted_original(paddr)))
            self._poke(paddr, RV.EBREAK)
        self._update_debug_flags()
        return True

    def _planted_original(self, paddr: int) -> int:
        """The real word at paddr, even if another gdb address already planted there."""
        for _, _, site, original in self._planted_sites():
            if site == paddr:
                return original
        return self._phys32(paddr)

    def remove_breakpoint(self, addr: int) -> bool:
        for paddr, original in self.planted.pop(addr, []):
            still_planted = any(site == paddr for _, _, site, _ in self._planted_sites())
            if not still_planted and self._phys32(paddr) == RV.EBREAK:
                self._poke(paddr, original)
        self._update_debug_flags()
        return True

    def insert_watchpoint(self, kind: str, addr: int, length: int) -> bool:
        if len(self.watches) >= S.WATCH_MAX or length <= 0:
            return False          # like hardware: gdb says it cannot insert it
        self.watches.append((kind, addr, length))
        self._update_debug_flags()
        return True

    def remove_watchpoint(self, kind: str, addr: int, length: int) -> bool:
        if (kind, addr, length) in self.watches:
            self.watches.remove((kind, addr, length))
        self._update_debug_flags()
        return True

    def remove_all(self) -> None:
        for addr in list(self.planted):
            self.remove_breakpoint(addr)
        self.watches.clear()
        self._update_debug_flags()
        self.m.st[S.DEBUG] = 0

    def _update_debug_flags(self) -> None:
        st = self.m.st
        for i in range(S.WATCH_MAX):
            base = S.WATCH_SLOTS + 3 * i
            if i < len(self.watches):
                kind, addr, length = self.watches[i]
                st[base:base + 3] = (addr, addr + length, WATCH_BITS[kind])
            else:
                st[base:base + 3] = 0
        st[S.DEBUG] = (S.DEBUG_EBREAK if self.planted else 0) | (S.DEBUG_WATCH if self.watches else 0)
        st[S.WATCH_HIT] = 0
        self.m.tlb[:] = -1        # pages cached before a watch was set must miss again

    # ---- running ------------------------------------------------------------------
    def _at_planted_breakpoint(self) -> bool:
        paddr = self.translate(self.m.pc)
        return any(site == paddr for _, _, site, _ in self._planted_sites())

    def _step_one_instruction(self, without_ebreak_stop: bool = False, without_watch: bool = False):
        """Execute exactly the instruction at pc, with planted ebreaks there lifted."""
        m = self.m
        paddr = self.translate(m.pc)
        lifted = next(((site, original) for _, _, site, original in self._planted_sites()
                       if site == paddr), None)
        saved_debug = int(m.st[S.DEBUG])
        if lifted:
            self._poke(*lifted)
        if lifted or without_ebreak_stop:
            m.st[S.DEBUG] &= ~S.DEBUG_EBREAK
        if without_watch:
            m.st[S.DEBUG] &= ~S.DEBUG_WATCH
        try:
            return self.run_slice(1)
        finally:
            if lifted:
                self._poke(lifted[0], RV.EBREAK)
            m.st[S.DEBUG] = saved_debug
            if without_watch:
                m.tlb[:] = -1     # the step may have cached a watched page

    def resume(self, step: bool, interrupted) -> Stop:
        """Run until a breakpoint, a watchpoint, one step, gdb's Ctrl-C or the end."""
        self.restart_clock()
        try:
            return self._resume(step, interrupted)
        finally:
            self._stopped_at = time.monotonic()

    def restart_clock(self) -> None:
        """Real-time mode: the guest's clock stands still while gdb holds it, as on
        QEMU, so a long look at a breakpoint is not a burst of timer interrupts."""
        if self._stopped_at is not None and not self.m.deterministic:
            self.m._t0 += time.monotonic() - self._stopped_at   # Machine's wall-clock origin
        self._stopped_at = None

    def _resume(self, step: bool, interrupted) -> Stop:
        m = self.m
        first = True
        # Resuming on the access a watchpoint stopped before: let that access happen.
        over_watch, self._watch_stop_pc = self._watch_stop_pc == m.pc, None
        while True:
            if step or (first and (over_watch or self._at_planted_breakpoint())):
                result = self._step_one_instruction(without_watch=over_watch and first)
            else:
                if interrupted():
                    return Stop("interrupt")
                result = self.run_slice(None)
            first = False
            stop = self._why(result, interrupted)
            if stop is not None:
                return stop
            if step:
                return Stop("trap")

    def _keep_reservation(self) -> None:
        """An sc.w stopped before its store has not run, but the core dropped the LR
        reservation on the way out; give it back, or gdb's step over the sc.w would
        fail it for ever (a livelock on any watched lock word)."""
        m = self.m
        paddr = self.translate(m.pc)
        word = None if paddr is None else self._phys32(paddr)
        if word is not None and word & RV.SC_W_MASK == RV.SC_W_MATCH:
            m.st[S.RES_ADDR] = int(m.regs[isa.rs1(word)])

    def _why(self, result, interrupted) -> Stop | None:
        """A Stop for gdb, or None to keep running."""
        m = self.m
        code = int(m.st[S.STOP])
        if code == S.STOP_BREAKPOINT:
            m.st[S.INSTRET] -= 1            # the core counted the ebreak it did not execute
            m.st[S.STOP] = S.STOP_BUDGET
            if self._at_planted_breakpoint():
                return Stop("trap")
            # the guest's own ebreak: let it trap as it would without gdb
            result = self._step_one_instruction(without_ebreak_stop=True)
            return self._why(result, interrupted) if result is not None else None
        if code == S.STOP_WATCH:
            m.st[S.INSTRET] -= 1            # counted, but stopped before the access
            self._keep_reservation()
            hit = int(m.st[S.WATCH_HIT]) - 1
            m.st[S.WATCH_HIT] = 0
            m.st[S.STOP] = S.STOP_BUDGET
            if 0 <= hit < len(self.watches):
                kind, addr, _ = self.watches[hit]
                self._watch_stop_pc = m.pc
                return Stop("watch", kind, addr)
        if result is None:
            return None
        if result.reason == "idle":
            # nothing can wake the guest, but gdb can still interrupt it
            while not interrupted():
                time.sleep(IDLE_POLL_SECONDS)
            return Stop("interrupt")
        if result.reason == "quit" and code in (S.STOP_BREAKPOINT, S.STOP_WATCH):
            return None
        if result.reason == "trap":
            # A trap with no handler (mtvec = 0) would end the run; with gdb attached,
            # show it as a signal at the faulting instruction, which is still at pc.
            cause = int(m.st[S.STOP_CAUSE])
            return Stop("fault", signal=FAULT_SIGNALS.get(cause, SIGTRAP))
        self.result = result
        return Stop("exited", exit_code=result.exit_code)
