"""Trace record layout: the one source of truth for the jitted recorder and the host.

The core appends rows to a preallocated int64 array of shape (capacity,
N_COLUMNS); the write index lives in the machine's state vector.  Every row
starts with the same four columns (KIND, ICOUNT = guest instructions
retired, MTIME, THREAD = the kernel's current-thread pointer) and ends with
SATP; the meaning of F0..F10 depends on KIND.

    kind      F0      F1..F6   F7   F8   F9   F10  SATP
    SYSCALL   a7      a0..a5   a6   t0   t1   -    satp of the caller
    RETURN    a0      a1..a6   t0   t1   -    -    satp of the thread
    SWITCH    from    to, last cause, last a7, sched note, decisions (F1..F5)
    FAULT     cause   epc, tval, from priv (F1..F3)       satp
    IRQ       cause   epc, irq (PLIC source, -1 if not external), from priv (F1..F3)
    DATA      bytes   full length, then up to DATA_BYTES bytes packed little-endian
                      in F2..F9, F10 = the register the pointer came from

A DATA row follows the SYSCALL or RETURN row whose memory it copies: the
recorder reads a string or buffer argument through the caller's page table
at the moment of the call (or, for memory the call fills, at its return), so
what the decoder shows is what the kernel saw, without stopping the run.
Which argument to copy is the capture table: the buffer's last SPEC_ROWS rows
(row `capacity - SPEC_ROWS + n` for syscall n), filled by the host from the
ABI tables; see SPEC_* below.  Memory a call fills is copied at its return,
but where it is (the pointer and length registers, an IPC call's lease) is
read at the call's entry and kept in the pending rows (PENDING_ROWS rows
just before the capture table, one per thread in a call, see PEND_* below):
the kernel need not keep any register of the call for the tracer.

SYSCALL is an ecall from U-mode (a6, t0 and t1 carry the IPC lease),
RETURN an sret to U-mode (the end of a syscall, or the resumption after an
interrupt or a fault).  SWITCH means the kernel's current-thread pointer
changed since the last trap entry or sret; "last cause" is the cause of the
trap that entered the kernel and "last a7" the syscall number if that trap
was an ecall (-1 otherwise, and cause -1 before the first trap).  "sched
note" and "decisions" are the kernel's `sched_note` words (kernel/sched.s:
why its scheduler last switched, and how many times it has): a switch whose
count did not move was the IPC fast path's direct hand-off (-1: the kernel
has no such symbol).
"""
from __future__ import annotations

N_COLUMNS = 16
COL_KIND, COL_ICOUNT, COL_MTIME, COL_THREAD = 0, 1, 2, 3
COL_F0 = 4          # F0..F10 are columns 4..14
N_FIELDS = 11
COL_SATP = 15

KIND_SYSCALL = 1
KIND_RETURN = 2
KIND_SWITCH = 3
KIND_FAULT = 4
KIND_IRQ = 5
KIND_DATA = 6

KIND_NAMES = {KIND_SYSCALL: "syscall", KIND_RETURN: "return", KIND_SWITCH: "switch",
              KIND_FAULT: "fault", KIND_IRQ: "irq", KIND_DATA: "data"}

# The tracer's block of slots in the machine's int64 state vector: vm/state.py
# reserves TRACE_SLOTS slots starting at its TRACE index (st[TRACE] is the
# mask, so the core tests one slot to know whether to call the recorder).
T_MASK = 0          # categories to record; 0 = tracing off
T_INDEX = 1         # next free row of the buffer
T_CT_OFFSET = 2     # RAM offset of the kernel's current-thread pointer; -1 = unknown
T_LAST_CT = 3       # current-thread pointer seen at the last trap entry or sret
T_LAST_CAUSE = 4    # cause of the last trap entry (why the kernel was entered)
T_LAST_A7 = 5       # a7 of the last ecall from U (-1 otherwise)
T_NOTE_OFFSET = 6   # RAM offset of the kernel's sched_note (why, decisions); -1 = unknown
T_STOP = 7          # nonzero: the recorder asked the run to stop (the buffer is nearly full)
T_LOST = 8          # rows that did not fit (only if the core could not stop in time)
T_PENDING = 9       # pending rows in use (each belongs to one thread pointer for good)
TRACE_SLOTS = 10

# The registers a SYSCALL row keeps in F1..F9 and a RETURN row in F0..F8, in
# this order: every register kernel/abi.toml names for arguments, results and
# the IPC message (tests/vm check it).  The decoder finds a register's column
# by its name here; the capture table below numbers registers the same way.
ROW_REGS = ("a0", "a1", "a2", "a3", "a4", "a5", "a6", "t0", "t1")

# The capture table: SPEC_ROWS rows at the end of the buffer, one per syscall
# number.  Registers are indexes into ROW_REGS; -1 = nothing.
SPEC_ROWS = 64
SPEC_ENTRY_PTR = 0      # register holding a pointer to copy at entry
SPEC_ENTRY_LEN = 1      # register holding its length; -1 = NUL-terminated string
SPEC_ENTRY_RIGHTS = 2   # copy only if t1 has one of these bits (0 = always): IPC lease rights
SPEC_RET_PTR = 3        # register (preserved across the call) pointing at memory it filled
SPEC_RET_LEN = 4        # register bounding it; the result a0 bounds it too
SPEC_RET_RIGHTS = 5
SPEC_RIGHTS_REG = 6     # register holding the lease rights the two RIGHTS columns test
DATA_BYTES = 64
REG_COUNT = 9

# The pending rows: PENDING_ROWS rows before the capture table.  Row k (k <
# st[T_PENDING]) belongs to one thread pointer; while that thread is in a
# call that fills memory, it holds what to copy at the call's return.
PENDING_ROWS = 64       # at least the kernel's thread slots (a row per thread pointer)
PEND_THREAD = 0         # the thread pointer this row belongs to
PEND_NUMBER = 1         # the call's number (a7), or -1: nothing to copy at its return
PEND_PTR = 2            # the address to copy from at the return
PEND_LEN = 3            # its length (the result a0 bounds it too)
PEND_REG = 4            # the register the address came from (the DATA row's F10)
PEND_SATP = 5           # the caller's satp: the return copies only in the same space
RESERVED_ROWS = PENDING_ROWS + SPEC_ROWS    # rows at the end of the buffer that are not events

# What to record: bits of the trace mask in the state vector (0 = tracing off).
TRACE_SYSCALLS = 1
TRACE_SWITCHES = 2
TRACE_IRQ = 4
TRACE_FAULTS = 8
CATEGORIES = {"syscalls": TRACE_SYSCALLS, "switches": TRACE_SWITCHES,
              "irq": TRACE_IRQ, "faults": TRACE_FAULTS}
ALL_CATEGORIES = TRACE_SYSCALLS | TRACE_SWITCHES | TRACE_IRQ | TRACE_FAULTS
# Not a category (records nothing): the core stops at the first instruction boundary
# after every trap entry and every sret, so the host can look at the OS at each
# crossing between the kernel and a thread.  `toyos fi` waits for its moment this
# way instead of one instruction at a time (vm/cli/fi_run.py).
TRACE_STOP_AT_CROSSINGS = 16

# A recorder asks the run to stop while fewer than this many rows are free, so
# the traps before the core reaches its next boundary still fit: nothing is dropped.
HEADROOM = 64
STOP_FULL = 1
DEFAULT_CAPACITY = 1 << 16



def parse_categories(text: str) -> int:
    """'syscalls,switches' -> mask; 'all' for everything; ValueError names a bad word."""
    mask = 0
    for word in filter(None, (w.strip() for w in text.split(","))):
        if word == "all":
            mask |= ALL_CATEGORIES
        elif word in CATEGORIES:
            mask |= CATEGORIES[word]
        else:
            raise ValueError(f"unknown trace category '{word}' "
                             f"(choose from {', '.join(CATEGORIES)}, all)")
    return mask

