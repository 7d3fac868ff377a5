"""A tracing session: owns the buffer, arms the core, drains, decodes and writes.

The machine calls `drain()` whenever run() stops with STOP_TRACE (the
buffer is nearly full, or a syscall's memory must be read while it is still
what the kernel sees) and once more at the end (`close()`).  Text and JSON
lines stream to the output as they are decoded; Perfetto JSON, the summary
and the HTML timeline need the whole run and are written by `close()`.
With `defer=True` (the benchmark's "recording only") drains just keep the
raw rows and thread names, and `close()` decodes everything at once.
"""
from __future__ import annotations

import sys

import numpy as np

from vm import abi_tables, memmap
from vm import state as S
from vm.trace import jsonl, perfetto, summary as summary_module
from vm.trace.abi import ThreadLayout, TraceAbi, from_tables, thread_layout
from vm.trace.decode import POINTER_KINDS, Decoder, row_index
from vm.trace.events import (
    COL_F0, COL_KIND, COL_THREAD, DEFAULT_CAPACITY, KIND_SWITCH, N_COLUMNS, SPEC_ENTRY_LEN, SPEC_ENTRY_PTR, SPEC_ENTRY_RIGHTS,
    SPEC_RET_LEN, SPEC_RET_PTR, SPEC_RET_RIGHTS, SPEC_RIGHTS_REG, SPEC_ROWS, RESERVED_ROWS, T_CT_OFFSET, T_INDEX, T_LAST_A7, T_NOTE_OFFSET,
    T_LAST_CAUSE, T_LAST_CT, T_LOST, T_MASK, T_PENDING, T_STOP, TRACE_SLOTS)
from vm.trace.memview import MemView
from vm.trace.text import TextRenderer

FORMATS = ("text", "jsonl", "perfetto")
LEASE_R, LEASE_W = abi_tables.FLAGS["LEASE_R"], abi_tables.FLAGS["LEASE_W"]


def no_trace_buffer() -> np.ndarray:
    """What the core gets when nobody traces: a one-row buffer it never touches."""
    return np.zeros((1, N_COLUMNS), np.int64)


def capture_table(abi: TraceAbi) -> np.ndarray:
    """The recorder's capture table (events.py SPEC_*): which argument of each syscall to copy.

    From the ABI's argument kinds and directions: a "str" is copied up to
    its NUL, a "buf" with its length argument, at entry if the call reads it
    and at the return if it fills it ("out"); an IPC call's lease (registers
    of [ipc] call) at entry if the server may read it and at the return if
    it may write it.
    """
    table = np.full((SPEC_ROWS, N_COLUMNS), -1, np.int64)
    table[:, SPEC_ENTRY_RIGHTS] = 0
    table[:, SPEC_RET_RIGHTS] = 0
    arg_rows = [row_index(r) for r in abi.arg_registers]
    for number, call in abi.syscalls.items():
        if not 0 <= number < SPEC_ROWS:
            continue
        row = table[number]
        if call.ipc == "call":
            lease = abi.ipc["call"]
            addr, length = row_index(lease["lease_addr"]), row_index(lease["lease_len"])
            row[SPEC_ENTRY_PTR], row[SPEC_ENTRY_LEN], row[SPEC_ENTRY_RIGHTS] = addr, length, LEASE_R
            row[SPEC_RET_PTR], row[SPEC_RET_LEN], row[SPEC_RET_RIGHTS] = addr, length, LEASE_W
            row[SPEC_RIGHTS_REG] = row_index(lease["lease_rights"])
            continue
        for i, arg in enumerate(call.args):
            if arg.kind not in POINTER_KINDS:
                continue
            length = arg_rows[arg.length] if arg.length is not None else -1
            if arg.out and length >= 0:
                row[SPEC_RET_PTR], row[SPEC_RET_LEN] = arg_rows[i], length
            elif not arg.out and row[SPEC_ENTRY_PTR] < 0:
                cstring = arg.kind == "str" or length < 0
                row[SPEC_ENTRY_PTR], row[SPEC_ENTRY_LEN] = arg_rows[i], -1 if cstring else length
    return table


def matches(event: dict, wanted: str | None) -> bool:
    """--trace-filter: a thread name or id; a switch matches either of its threads."""
    if not wanted:
        return True
    names = {str(event["tid"]), event["thread"]}
    if event["kind"] == "switch":
        names |= {str(event["from_tid"]), event["from"]}
    return wanted in names


class TraceSession:
    def __init__(self, mask: int, abi: TraceAbi | None = None, layout: ThreadLayout | None = None,
                 out=None, fmt: str = "text", filter: str | None = None,
                 capacity: int = DEFAULT_CAPACITY, capture: bool = True, keep: bool = False,
                 defer: bool = False,
                 ram_base: int = memmap.RAM_BASE):
        if fmt not in FORMATS:
            raise ValueError(f"unknown trace format '{fmt}' (choose from {', '.join(FORMATS)})")
        self.mask = mask
        self.abi = abi if abi is not None else from_tables()
        self.layout = layout
        self.out = out if out is not None else sys.stderr
        self.fmt = fmt
        self.filter = filter
        self.keep = keep or fmt == "perfetto"
        self.ram_base = ram_base
        self.buffer = np.zeros((capacity + RESERVED_ROWS, N_COLUMNS), np.int64)
        spec = capacity + RESERVED_ROWS - SPEC_ROWS          # the pending rows lie between
        if capture:
            self.buffer[spec:] = capture_table(self.abi)
        else:
            self.buffer[spec:] = -1
        self.decoder = Decoder(self.abi, layout)
        self.text = TextRenderer()
        self.events: list[dict] = []
        self.counts: dict[str, int] = {}
        self.enabled = False
        self.defer = defer          # keep raw rows while running, decode them in close()
        self.raw: list[np.ndarray] = []
        self.lost = 0
        self.drains = 0

    @classmethod
    def for_kernel(cls, symbols: dict[str, int], mask: int, **options) -> "TraceSession":
        """A session for a kernel whose ELF has these symbols (current_thread, THREAD_*)."""
        try:
            layout = thread_layout(symbols)
        except ValueError:
            layout = None          # bare-metal program: no threads to name
        return cls(mask, layout=layout, **options)

    # -- arming the core --------------------------------------------------------
    def attach(self, st: np.ndarray, ram: np.ndarray) -> None:
        """Point the state vector's trace slots at this session and switch it on."""
        base = S.TRACE
        st[base:base + TRACE_SLOTS] = 0
        offset = -1
        if self.layout is not None:
            offset = self.layout.current_thread - self.ram_base
            if not 0 <= offset <= ram.shape[0] - 4:
                offset = -1
        st[base + T_CT_OFFSET] = offset
        note = -1
        if self.layout is not None and self.layout.sched_note >= 0:
            note = self.layout.sched_note - self.ram_base
            if not 0 <= note <= ram.shape[0] - 8:
                note = -1
        st[base + T_NOTE_OFFSET] = note
        self.set_enabled(st, ram, True)

    def set_enabled(self, st: np.ndarray, ram: np.ndarray, on: bool) -> None:
        """Ctrl-A t: stop or resume recording (a resumed trace forgets half-seen syscalls)."""
        base = S.TRACE
        if on and not self.enabled:
            offset = st[base + T_CT_OFFSET]
            st[base + T_LAST_CT] = (int.from_bytes(ram[offset:offset + 4].tobytes(), "little")
                                    if offset >= 0 else 0)
            st[base + T_LAST_CAUSE] = -1
            st[base + T_LAST_A7] = -1
            st[base + T_PENDING] = 0      # calls seen before are forgotten, as the decoder's
            self.decoder.open_calls.clear()
        elif not on and self.enabled:
            self.drain(st, ram)
        st[base + T_MASK] = self.mask if on else 0
        self.enabled = on

    def rearm(self, st: np.ndarray, ram: np.ndarray) -> None:
        """The machine was reset (its state vector cleared): trace the new boot the same way."""
        if self.enabled:
            self.enabled = False
            self.decoder.open_calls.clear()
            self.attach(st, ram)
            self._write_note("--- machine reset: tracing the new boot ---")

    def toggle(self, st: np.ndarray, ram: np.ndarray) -> bool:
        """Ctrl-A t: flip recording; returns whether it is now on."""
        self.set_enabled(st, ram, not self.enabled)
        if self.fmt == "text":
            self._write_note(f"--- tracing {'on' if self.enabled else 'off'} ---")
        return self.enabled

    # -- draining ----------------------------------------------------------------
    def drain(self, st: np.ndarray, ram: np.ndarray) -> list[dict]:
        """Decode and write what the core recorded since the last drain; rearm the buffer."""
        base = S.TRACE
        count = int(st[base + T_INDEX])
        rows = self.buffer[:count].copy()
        st[base + T_INDEX] = 0
        st[base + T_STOP] = 0
        lost = int(st[base + T_LOST])
        st[base + T_LOST] = 0
        self.drains += 1
        mem = MemView(ram, self.ram_base)
        if self.defer:
            self._learn_threads(rows, mem)
            self.raw.append(rows)
            events = []
        else:
            events = self.decoder.decode(rows, mem)
            self._emit([e for e in events if matches(e, self.filter)])
        if lost:
            self.lost += lost
            self._write_note(f"--- {lost} trace events lost (buffer full) ---")
        if events and self.fmt != "perfetto":
            self.out.flush()                # `tail -f` shows a live trace
        return events

    def _learn_threads(self, rows: np.ndarray, mem: MemView) -> None:
        """Deferred decoding: read the names of threads now, while their structures live."""
        pointers = set(rows[:, COL_THREAD].tolist())
        pointers |= set(rows[rows[:, COL_KIND] == KIND_SWITCH][:, COL_F0].tolist())
        for pointer in pointers - self.decoder.threads.keys():
            self.decoder.thread(int(pointer), mem)

    def _emit(self, events: list[dict]) -> None:
        for e in events:
            self.counts[e["kind"]] = self.counts.get(e["kind"], 0) + 1
        if self.keep:
            self.events.extend(events)
        if self.fmt == "text":
            lines = self.text.feed(events)
            if lines:
                self.out.write("".join(l + "\n" for l in lines))
        elif self.fmt == "jsonl":
            if events:
                self.out.write(jsonl.render(events))

    def _write_note(self, note: str) -> None:
        if self.fmt == "text":
            self.out.write(note + "\n")
        else:
            print(f"toyos: {note}", file=sys.stderr)

    def close(self, st: np.ndarray | None = None, ram: np.ndarray | None = None) -> None:
        """Drain what is left and write the formats that need the whole run."""
        if st is not None and ram is not None:
            self.drain(st, ram)
            st[S.TRACE + T_MASK] = 0
        if self.raw:
            rows, self.raw = np.concatenate(self.raw), []
            events = self.decoder.decode(rows, None)
            self._emit([e for e in events if matches(e, self.filter)])
        if self.fmt == "text":
            lines = self.text.finish()
            if lines:
                self.out.write("".join(l + "\n" for l in lines))
        elif self.fmt == "perfetto":
            self.out.write(perfetto.render(self.events))
        self.out.flush()

    def summary_text(self) -> str:
        return summary_module.render(summary_module.summarise(self.events))
