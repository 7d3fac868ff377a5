"""Build raw trace rows and guest memory by hand, for testing the decoder without a machine.

`FakeGuest` lays thread structures (id, name at the ABI's offsets) and data
in a small RAM array with paging off (satp = 0), and appends rows exactly as
vm/trace/record.py would: same columns, same field order.
"""
from __future__ import annotations

import numpy as np

from vm import abi_tables
from vm.memmap import RAM_BASE
from vm.riscv import CAUSE_INTERRUPT
from vm.trace.abi import ThreadLayout, from_tables
from vm.trace.events import (COL_F0, COL_ICOUNT, COL_KIND, COL_MTIME, COL_SATP, COL_THREAD,
                             KIND_DATA, KIND_FAULT, KIND_IRQ, KIND_RETURN, KIND_SWITCH,
                             KIND_SYSCALL, N_COLUMNS)
from vm.trace.memview import MemView

CURRENT_THREAD = RAM_BASE + 0x100
THREADS = RAM_BASE + 0x1000
DATA = RAM_BASE + 0x8000
ABI = from_tables()
SYS = {call.name: n for n, call in ABI.syscalls.items()}
ERR = {name: n for n, name in ABI.errnos.items()}
PORT = {name: n for n, name in ABI.ports.items()}


class FakeGuest:
    def __init__(self):
        self.ram = np.zeros(0x10000, np.uint8)
        self.rows: list[list[int]] = []
        self.insn = 1000
        self.pointers: dict[int, int] = {}
        self.current = 0
        self.last_cause = -1
        self.last_a7 = -1
        self.data_at = DATA
        self.layout = ThreadLayout(CURRENT_THREAD, abi_tables.THREAD["id"][0],
                                   abi_tables.THREAD["name"][0], abi_tables.THREAD["name"][1])

    @property
    def mem(self) -> MemView:
        return MemView(self.ram, RAM_BASE)

    def poke(self, addr: int, data: bytes) -> None:
        off = addr - RAM_BASE
        self.ram[off:off + len(data)] = np.frombuffer(data, np.uint8)

    def thread(self, tid: int, name: str) -> int:
        pointer = THREADS + 0x100 * len(self.pointers)
        self.poke(pointer + self.layout.id_offset, tid.to_bytes(4, "little"))
        self.poke(pointer + self.layout.name_offset, name.encode().ljust(16, b"\0"))
        self.pointers[tid] = pointer
        return pointer

    def data(self, payload: bytes) -> int:
        addr = self.data_at
        self.poke(addr, payload)
        self.data_at += (len(payload) + 16) & ~15
        return addr

    def _row(self, kind: int, fields: list[int], satp: int = 0, step: int = 50) -> None:
        self.insn += step
        row = [0] * N_COLUMNS
        row[COL_KIND], row[COL_ICOUNT], row[COL_MTIME] = kind, self.insn, self.insn // 10
        row[COL_THREAD] = self.pointers.get(self.current, 0)
        for i, value in enumerate(fields):
            row[COL_F0 + i] = value
        row[COL_SATP] = satp
        self.rows.append(row)

    def run_as(self, tid: int) -> None:
        """The kernel switched to `tid`: the next trap or sret records it."""
        if tid != self.current:
            self._row(KIND_SWITCH, [self.pointers.get(self.current, 0), 0,
                                    self.last_cause, self.last_a7])
            self.rows[-1][COL_THREAD] = self.pointers[tid]
            self.rows[-1][COL_F0 + 1] = self.pointers[tid]
            self.current = tid

    def ecall(self, name: str, *args: int, a6: int = 0, t0: int = 0, t1: int = 0) -> None:
        regs = list(args) + [0] * (6 - len(args))
        self._row(KIND_SYSCALL, [SYS[name]] + [r & 0xFFFFFFFF for r in regs + [a6, t0, t1]])
        self.last_cause, self.last_a7 = 8, SYS[name]

    def sret(self, *results: int) -> None:
        regs = list(results) + [0] * (9 - len(results))
        self._row(KIND_RETURN, [r & 0xFFFFFFFF for r in regs])

    def copy(self, reg: int, data: bytes, full: int) -> None:
        """A DATA row: the recorder copied `data` from the buffer in register `reg`."""
        words = [int.from_bytes(data[i:i + 8].ljust(8, b"\0"), "little", signed=True)
                 for i in range(0, 64, 8)]
        self._row(KIND_DATA, [len(data), full] + words + [reg], step=0)

    def interrupt(self, code: int = 5, irq: int = -1) -> None:
        self._row(KIND_IRQ, [code | CAUSE_INTERRUPT, 0x10000, irq, 0])
        self.last_cause, self.last_a7 = code | CAUSE_INTERRUPT, -1

    def fault(self, cause: int, pc: int, tval: int) -> None:
        self._row(KIND_FAULT, [cause, pc, tval, 0])
        self.last_cause, self.last_a7 = cause, -1

    def array(self) -> np.ndarray:
        return np.array(self.rows, dtype=np.int64).reshape(-1, N_COLUMNS)
