"""`--trace-insn`: one line per executed instruction, for debugging and QEMU comparison.

Line format (fields separated by single spaces, the disassembly padded):

    <pc:08x> <word:08x> <priv M|S|U> <disassembly>  [reg=0xVALUE ...] [; trap ...]

`reg=0xVALUE` lists every integer register the instruction changed (ABI
names, after the instruction).  A trapping instruction ends with
`; trap <mcause:08x> tval=<tval:08x> -> <handler pc>`; an interrupt taken
between instructions gets its own line `-------- interrupt <mcause:08x> -> <pc>`.
The pc sequence and register values line up with QEMU's
`-singlestep -d cpu,nochain` log, which prints the state before each instruction.
"""
from __future__ import annotations

from asm.registers import ABI_NAMES
from asm.csrs import CSR_NUMBERS
from vm import riscv as RV
from vm import state as S
from vm.mmu import fetch_slow



def _disassemble(word: int, pc: int) -> str:
    try:
        from asm.disasm import disassemble
        return disassemble(word, pc).replace("\t", " ")
    except Exception:                      # the disassembler is optional for tracing
        from asm.isa import decode
        row = decode(word)
        return row.name if row else ".word 0x%08x" % word


def _peek_word(m, pc: int):
    saved = m.st[S.TRAP_CAUSE]
    word = int(fetch_slow(m.st, m.csrs, m.ram, m.ram32, m.tlb, m.dev, pc))
    m.st[S.TRAP_CAUSE] = saved
    return None if word < 0 else word


def _cause_of(m):
    """(mcause, tval) of the trap just taken, from whichever mode took it."""
    if m.priv == RV.PRIV_M:
        return m.csrs[CSR_NUMBERS["mcause"]], m.csrs[CSR_NUMBERS["mtval"]]
    return m.csrs[CSR_NUMBERS["scause"]], m.csrs[CSR_NUMBERS["stval"]]


def run_traced(m, max_insns, dest):
    from vm.machine import RunResult, max_insns_result
    out = open(dest, "w") if isinstance(dest, (str, bytes)) or hasattr(dest, "__fspath__") else dest
    try:
        start = m.insns
        while True:
            if m.stop_requested:
                m.stop_requested = False
                return RunResult("quit", 0, m.insns, "stopped from the console")
            if max_insns is not None and m.insns - start >= max_insns:
                return max_insns_result(m.insns)
            m.before_step()
            traps = m.st[S.TRAP_COUNT]
            code = m.step_budget(0)            # takes a pending interrupt, executes nothing
            if m.st[S.TRAP_COUNT] != traps:
                cause, _ = _cause_of(m)
                out.write(f"-------- interrupt {cause:08x} -> {m.pc:08x}\n")
            if code != S.STOP_BUDGET:
                result = m.after_step(code)
                if result is not None:
                    return result
                continue
            pc, priv = m.pc, m.priv
            word = _peek_word(m, pc)
            before = m.regs.copy()
            traps = m.st[S.TRAP_COUNT]
            code = m.step_budget(1)
            text = _disassemble(word, pc) if word is not None else "(fetch fault)"
            changes = " ".join(f"{ABI_NAMES[r]}=0x{int(m.regs[r]):08x}"
                               for r in range(1, 32) if m.regs[r] != before[r])
            line = f"{pc:08x} {word if word is not None else 0:08x} {RV.PRIV_LETTERS[priv]} {text:<32}"
            if changes:
                line += " " + changes
            if m.st[S.TRAP_COUNT] != traps:
                cause, tval = _cause_of(m)
                line += f" ; trap {cause:08x} tval={tval:08x} -> {m.pc:08x}"
            elif code == S.STOP_NO_HANDLER:
                line += f" ; {m.trap_message()}"
            out.write(line.rstrip() + "\n")
            result = m.after_step(code)
            if result is not None:
                return result
    finally:
        if out is not dest:
            out.close()
