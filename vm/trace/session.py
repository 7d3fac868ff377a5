"""A tracing session: owns the buffer, arms the core, drains, decodes and writes.

The machine calls `drain()` whenever run() stops with STOP_TRACE (the
buffer is nearly full, or a syscall's memory must be read while it is still
what the kernel sees) and once more at the end (`close()`).  Text and JSON
lines stream to the output as they are decoded; Perfetto JSON, the summary
and the HTML timeline need the whole run and are written by `close()`.
"""
from __future__ import annotations

import sys

import numpy as np

from vm import memmap
from vm import state as S
from vm.trace import jsonl, perfetto, summary as summary_module
from vm.trace.abi import ThreadLayout, TraceAbi, from_tables, thread_layout
from vm.trace.decode import OUTPUT_ARGS, POINTER_KINDS, Decoder
from vm.trace.events import (
    DEFAULT_CAPACITY, N_COLUMNS, T_CAPTURE, T_CAPTURE_RET, T_CT_OFFSET, T_INDEX, T_LAST_A7,
    T_LAST_CAUSE, T_LAST_CT, T_LOST, T_MASK, T_STOP, TRACE_SLOTS)
from vm.trace.memview import MemView
from vm.trace.text import TextRenderer

FORMATS = ("text", "jsonl", "perfetto")


def no_trace_buffer() -> np.ndarray:
    """What the core gets when nobody traces: a one-row buffer it never touches."""
    return np.zeros((1, N_COLUMNS), np.int64)


def capture_masks(abi: TraceAbi) -> tuple[int, int]:
    """Syscalls whose memory arguments the host reads at entry, and those it reads at return.

    The run stops at each, so what is shown is what the kernel saw: a buffer
    passed in is read at entry, one the call fills (an IPC call's write
    lease, lease_read's buffer) at the return.
    """
    at_entry = at_return = 0
    for number, call in abi.syscalls.items():
        if number >= 63:
            continue
        outputs = OUTPUT_ARGS.get(call.name, ())
        if call.name in abi.ipc_call:
            at_entry |= 1 << number
            at_return |= 1 << number
        if any(a.kind in POINTER_KINDS and a.name not in outputs for a in call.args):
            at_entry |= 1 << number
        if outputs:
            at_return |= 1 << number
    return at_entry, at_return


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
                 ram_base: int = memmap.RAM_BASE):
        if fmt not in FORMATS:
            raise ValueError(f"unknown trace format '{fmt}' (choose from {', '.join(FORMATS)})")
        self.mask = mask
        self.abi = abi if abi is not None else from_tables()
        self.layout = layout
        self.out = out if out is not None else sys.stderr
        self.fmt = fmt
        self.filter = filter
        self.capture = capture_masks(self.abi) if capture else (0, 0)
        self.keep = keep or fmt == "perfetto"
        self.ram_base = ram_base
        self.buffer = np.zeros((capacity, N_COLUMNS), np.int64)
        self.decoder = Decoder(self.abi, layout)
        self.text = TextRenderer()
        self.events: list[dict] = []
        self.counts: dict[str, int] = {}
        self.enabled = False
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
        st[base + T_CAPTURE], st[base + T_CAPTURE_RET] = self.capture
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
            self.decoder.open_calls.clear()
        elif not on and self.enabled:
            self.drain(st, ram)
        st[base + T_MASK] = self.mask if on else 0
        self.enabled = on

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
        events = self.decoder.decode(rows, MemView(ram, self.ram_base))
        self._emit([e for e in events if matches(e, self.filter)])
        if lost:
            self.lost += lost
            self._write_note(f"--- {lost} trace events lost (buffer full) ---")
        return events

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
        if self.fmt == "text":
            lines = self.text.finish()
            if lines:
                self.out.write("".join(l + "\n" for l in lines))
        elif self.fmt == "perfetto":
            self.out.write(perfetto.render(self.events))
        self.out.flush()

    def summary_text(self) -> str:
        return summary_module.render(summary_module.summarise(self.events))
