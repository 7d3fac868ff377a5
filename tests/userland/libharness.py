"""Run user-library routines directly on Unicorn, outside the OS.

Links userland/lib sources (with GNU binutils, the oracle assembler) together
with a tiny stub that turns `write(fd, buf, len)` into an `ecall` Unicorn
reports to us, then calls single routines by symbol with the standard
calling convention. This checks the library's pure code (strings, printf,
the shell's word splitting) against Python, before any kernel exists.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tests.oracle_tools import need_module
from tests.oracles.binutils import gnu_assemble, gnu_link

ROOT = Path(__file__).resolve().parents[2]
TEXT = 0x10000
DATA = 0x40000          # scratch area the tests put strings in
DATA_END = 0x70000      # (reused from the start when full)
STACK_TOP = 0x80000
RETURN_ADDRESS = 0x7000  # mapped, never executed: reaching it ends a call

WRITE_STUB = """
    .text
    .globl write
write:                  # a0 = fd, a1 = buf, a2 = len -> a0 = len
    ecall
    ret
"""


class LibMachine:
    """A Unicorn RV32 CPU with the library linked in at TEXT."""

    def __init__(self, sources: list[str], write_stub: bool = True):
        self.uc_mod = need_module("unicorn")
        from unicorn import riscv_const as rc
        self.rc = rc
        elftools = need_module("elftools.elf.elffile")
        with tempfile.TemporaryDirectory() as tmp:
            objects = [gnu_assemble(WRITE_STUB, tmp, "stub")] if write_stub else []
            for i, rel in enumerate(sources):
                text = (ROOT / rel).read_text()
                objects.append(gnu_assemble(text, tmp, f"src{i}",       # frame.inc is in kernel/include
                                            include_dirs=[str((ROOT / rel).parent),
                                                          str(ROOT / "kernel" / "include")]))
            elf_path = gnu_link(objects, os.path.join(tmp, "lib.elf"),
                                section_starts={".text": TEXT}, entry="write" if write_stub else "fd_init")
            with open(elf_path, "rb") as f:
                elf = elftools.ELFFile(f)
                self.symbols = {s.name: s["st_value"]
                                for s in elf.get_section_by_name(".symtab").iter_symbols()}
                segments = [(seg["p_vaddr"], seg.data()) for seg in elf.iter_segments()
                            if seg["p_type"] == "PT_LOAD"]
        uc = self.uc_mod
        self.cpu = uc.Uc(uc.UC_ARCH_RISCV, uc.UC_MODE_RISCV32)
        self.cpu.mem_map(0, STACK_TOP)
        for addr, data in segments:
            self.cpu.mem_write(addr, data)
        self.output = bytearray()
        self.cpu.hook_add(uc.UC_HOOK_INTR, self._ecall)
        self._data_cursor = DATA

    def _ecall(self, cpu, intno, user_data):
        rc = self.rc
        fd, buf, length = (cpu.reg_read(r) for r in (rc.UC_RISCV_REG_A0, rc.UC_RISCV_REG_A1,
                                                     rc.UC_RISCV_REG_A2))
        self.output += cpu.mem_read(buf, length)
        self.writes.append((fd, length))

    def put_bytes(self, data: bytes) -> int:
        """Copy `data` into scratch memory; return its address."""
        if self._data_cursor + len(data) > DATA_END:
            self._data_cursor = DATA
        addr = self._data_cursor
        self.cpu.mem_write(addr, data)
        self._data_cursor = (addr + len(data) + 4) & ~3
        return addr

    def read_cstring(self, addr: int) -> bytes:
        raw = bytes(self.cpu.mem_read(addr, 4096))
        return raw[:raw.index(0)]

    def read_words(self, addr: int, count: int) -> list[int]:
        raw = self.cpu.mem_read(addr, 4 * count)
        return [int.from_bytes(raw[i:i + 4], "little") for i in range(0, 4 * count, 4)]

    def call(self, name: str, *args: int, stack_args: tuple[int, ...] = ()) -> tuple[int, int]:
        """Call routine `name`; return (a0, a1) as unsigned 32-bit values."""
        rc = self.rc
        self.output = bytearray()
        self.writes = []
        arg_regs = [getattr(rc, f"UC_RISCV_REG_A{i}") for i in range(8)]
        for reg, value in zip(arg_regs, args):
            self.cpu.reg_write(reg, value & 0xFFFFFFFF)
        sp = STACK_TOP - 0x100 - 4 * len(stack_args)
        for i, value in enumerate(stack_args):
            self.cpu.mem_write(sp + 4 * i, (value & 0xFFFFFFFF).to_bytes(4, "little"))
        self.cpu.reg_write(rc.UC_RISCV_REG_SP, sp)
        self.cpu.reg_write(rc.UC_RISCV_REG_RA, RETURN_ADDRESS)
        self.cpu.emu_start(self.symbols[name], RETURN_ADDRESS, count=0)
        assert self.cpu.reg_read(rc.UC_RISCV_REG_SP) == sp, f"{name} did not restore sp"
        return (self.cpu.reg_read(rc.UC_RISCV_REG_A0), self.cpu.reg_read(rc.UC_RISCV_REG_A1))
