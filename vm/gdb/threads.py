"""toyos threads as gdb sees them, read from kernel memory from outside.

The kernel ELF tells us where things are: `current_thread` (pointer to the
running thread's structure), the thread table, and the structure offsets as
absolute symbols THREAD_ID, THREAD_NAME, THREAD_STATE, THREAD_PRIORITY
(vm/abi_tables.py, generated from kernel/abi.toml, supplies what the ELF
omits).  A thread structure starts with its trapframe (x1..x31, then pc), so
a thread that is not running shows the registers it will resume with.

gdb thread ids must be positive and toyos tid 0 is the idle thread.  A tid
is generation << 6 | slot and the idle thread owns slot 0 for ever, so no
thread ever gets tid 64 (generation 1, slot 0): gdb shows idle as thread 64
(and a kernel that has not started any thread yet as 128).  Every other
thread keeps its toyos tid, the number `ps` prints.  Without the symbols (a
bare-metal program) the stub falls back to one thread (stub.SingleThread).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from vm import abi_tables
from vm.gdb.target_xml import PC_REGNUM

SLOT_BITS = 6
IDLE_GDB_TID = 1 << SLOT_BITS        # toyos tid 0, the idle thread (generation 1 of slot 0)
BOOT_GDB_TID = 2 << SLOT_BITS        # no thread is current yet: the kernel is still booting
TABLE_SYMBOLS = ("threads", "thread_table")


@dataclass(frozen=True)
class ThreadLayout:
    table: int          # address of slot 0
    count: int          # number of slots
    size: int           # bytes per slot
    current_ptr: int    # address of the `current_thread` word
    id: int
    state: int
    priority: int
    name: int
    name_len: int
    wait_port: int      # RECV/SEND/CALL: the port
    pc: int             # trapframe: saved pc; x_n at 4 * n


def layout_from_symbols(symbols: dict[str, int],
                        symbol_sizes: dict[str, int] | None = None) -> ThreadLayout | None:
    """The layout, or None when the ELF is not a toyos kernel."""
    table_name = next((name for name in TABLE_SYMBOLS if name in symbols), None)
    if "current_thread" not in symbols or table_name is None:
        return None
    fields = abi_tables.THREAD
    offset = lambda field: symbols.get(f"THREAD_{field.upper()}", fields[field][0])
    size = symbols.get("THREAD_SIZE", abi_tables.THREAD_SIZE)
    table_bytes = (symbol_sizes or {}).get(table_name, 0)
    count = symbols.get("NTHREADS") or (table_bytes // size if table_bytes else 64)
    return ThreadLayout(
        table=symbols[table_name], count=count, size=size,
        current_ptr=symbols["current_thread"], id=offset("id"), state=offset("state"),
        priority=offset("priority"), name=offset("name"), name_len=fields["name"][1],
        wait_port=offset("wait_port"), pc=abi_tables.TRAPFRAME["pc"])


@dataclass(frozen=True)
class ThreadInfo:
    gdb_tid: int
    tid: int
    address: int
    name: str
    state: str
    priority: int
    wait_port: int


class KernelThreads:
    """The Threads interface of vm/gdb/stub.py over kernel memory."""

    def __init__(self, layout: ThreadLayout, read_memory: Callable[[int, int], bytes | None]):
        self.layout = layout
        self.read_memory = read_memory

    def _word(self, addr: int) -> int | None:
        data = self.read_memory(addr, 4)
        return None if data is None else int.from_bytes(data, "little")

    def _threads(self) -> list[ThreadInfo]:
        lay = self.layout
        table = self.read_memory(lay.table, lay.count * lay.size)
        if table is None:
            return []
        found = []
        for slot in range(lay.count):
            base = slot * lay.size
            word = lambda off: int.from_bytes(table[base + off:base + off + 4], "little")
            state = word(lay.state)
            if state == 0 and slot != 0:       # FREE slot (slot 0 holds idle, state READY or so)
                continue
            tid = word(lay.id)
            raw_name = table[base + lay.name:base + lay.name + lay.name_len]
            name = raw_name.split(b"\0")[0].decode("ascii", "replace")
            if state == 0 and not name:
                continue
            found.append(ThreadInfo(
                gdb_tid=tid if tid else IDLE_GDB_TID, tid=tid, address=lay.table + base,
                name=name, state=abi_tables.STATES.get(state, str(state)),
                priority=word(lay.priority), wait_port=word(lay.wait_port)))
        return found

    def waiting_on(self, port: int) -> bool:
        """Whether a thread is blocked in a call to `port` that its server has not answered."""
        return any(t.state == "call" and t.wait_port == port for t in self._threads())

    def _current_address(self) -> int:
        return self._word(self.layout.current_ptr) or 0

    def list(self) -> list[int]:
        ids = [t.gdb_tid for t in self._threads()]
        return ids or [BOOT_GDB_TID]

    def current(self) -> int:
        address = self._current_address()
        for thread in self._threads():
            if thread.address == address:
                return thread.gdb_tid
        return BOOT_GDB_TID

    def extra_info(self, gdb_tid: int) -> str:
        if gdb_tid == BOOT_GDB_TID:
            return "kernel, no thread running yet"
        for thread in self._threads():
            if thread.gdb_tid == gdb_tid:
                running = " (on cpu)" if thread.address == self._current_address() else ""
                return f"tid {thread.tid} {thread.name or '?'}, {thread.state}{running}, prio {thread.priority}"
        return "gone"

    def name(self, gdb_tid: int) -> str:
        if gdb_tid == BOOT_GDB_TID:
            return "kernel"
        return next((t.name for t in self._threads() if t.gdb_tid == gdb_tid), "")

    def registers(self, gdb_tid: int) -> dict[int, int] | None:
        """The trapframe of a thread that is not on the CPU: x1..x31 and pc."""
        for thread in self._threads():
            if thread.gdb_tid == gdb_tid:
                frame = self.read_memory(thread.address, self.layout.pc + 4)
                if frame is None:
                    return None
                regs = {n: int.from_bytes(frame[4 * n:4 * n + 4], "little") for n in range(1, 32)}
                regs[0] = 0
                regs[PC_REGNUM] = int.from_bytes(frame[self.layout.pc:self.layout.pc + 4], "little")
                return regs
        return None
