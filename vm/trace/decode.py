"""Turn raw trace rows into named events, the way strace would print them.

The decoder is fed rows as the host drains the buffer, together with a view
of guest memory at that moment, and keeps what it needs across drains:
which syscall each thread is in (a RETURN closes it), the names of threads,
and which client's IPC call a server is handling.  Events are plain dicts
(JSON-ready): every renderer (text, JSON lines, Perfetto, summary, HTML)
reads the same dicts, so they cannot disagree.

Memory arguments come from the DATA rows the recorder copied at the call
(or at its return, for memory the call filled), so what is shown is what
the kernel saw; without one, guest memory is read now, through the caller's
page table (the satp recorded with the syscall).
"""
from __future__ import annotations

from vm.abi_tables import FLAGS
from vm.memmap import TIMEBASE_HZ
from vm.trace.abi import Call, ThreadLayout, TraceAbi
from vm.riscv import CAUSE_INTERRUPT, CAUSE_USER_ECALL, cause_name
from vm.trace.events import (
    COL_F0, COL_ICOUNT, COL_KIND, COL_MTIME, COL_SATP, COL_THREAD, KIND_DATA,
    KIND_FAULT, KIND_IRQ, KIND_RETURN, KIND_SWITCH, KIND_SYSCALL, N_FIELDS, ROW_REGS)
from vm.trace.memview import MemView

try:                                    # the scheduler's words (kernel/abi.toml [sched_words])
    from vm.abi_tables import SCHED_POLICIES, SCHED_REASONS
except ImportError:                     # tables generated before the scheduler had policies
    SCHED_POLICIES, SCHED_REASONS = {}, {}
SCHED_WHY = {num: {"blocked": "it left the CPU (waits or ended)", "slice": "time slice used up",
                   "preempted": "a higher rank became ready", "yield": "it yielded",
                   "demoted": "allotment used up, down to level {level}"}.get(word, word)
             for num, word in SCHED_REASONS.items()}

STRING_LIMIT = 32                  # bytes of a string or buffer shown before "..."
POINTER_KINDS = ("str", "buf")     # kernel/abi.toml's kinds of memory arguments
KERNEL_TID = -1                    # "thread" of events before the first thread runs
US_PER_TICK = 1_000_000 / TIMEBASE_HZ


def row_index(register: str) -> int:
    """Where a SYSCALL row's F1.. (or a RETURN row's F0..) keeps an ABI register."""
    return ROW_REGS.index(register)


def to_signed(value: int) -> int:
    value &= 0xFFFFFFFF
    return value - (1 << 32) if value & 0x80000000 else value


def quote(data: bytes, truncated: bool) -> str:
    """strace's way: "text\\n" with C escapes, then ... when cut short."""
    out = ['"']
    for b in data:
        c = chr(b)
        if c == '"' or c == "\\":
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        elif 32 <= b < 127:
            out.append(c)
        else:
            out.append(f"\\x{b:02x}")
    out.append('"')
    if truncated:
        out.append("...")
    return "".join(out)


def data_row(row) -> tuple[int, bytes, int]:
    """(register, bytes, full length) of a DATA row."""
    got, full, reg = int(row[COL_F0]), int(row[COL_F0 + 1]), int(row[COL_F0 + 10])
    raw = b"".join(int(w).to_bytes(8, "little", signed=True) for w in row[COL_F0 + 2:COL_F0 + 10])
    return reg, raw[:got], full


class Decoder:
    def __init__(self, abi: TraceAbi, layout: ThreadLayout | None,
                 string_limit: int = STRING_LIMIT):
        self.abi = abi
        # Row positions of the syscall arguments and of each IPC message field
        # (kernel/abi.toml [registers], [ipc]).
        self.arg_rows = [row_index(r) for r in abi.arg_registers]
        self.ipc_rows = {part: {f: [row_index(r) for r in reg] if isinstance(reg, list) else row_index(reg)
                                for f, reg in fields.items()}
                         for part, fields in abi.ipc.items()}
        self.layout = layout
        self.decisions = None           # the kernel's count of scheduler switches, last seen
        self.string_limit = string_limit
        self.seq = 0
        self.next_call_id = 1
        self.open_calls: dict[int, dict] = {}       # thread pointer -> its syscall event
        self.ipc_in_flight: dict[int, dict] = {}    # client tid -> its IPC call event
        self.serving: dict[int, dict] = {}          # server tid -> the call it received
        self.threads: dict[int, tuple[int, str]] = {0: (KERNEL_TID, "kernel")}
        self.names_by_tid: dict[int, str] = {}
        self.last_satp = 0
        self.read_this_drain: set[int] = set()

    # -- threads -------------------------------------------------------------
    def thread(self, pointer: int, mem: MemView | None) -> tuple[int, str]:
        """(id, name) of the thread structure at `pointer`, read from kernel memory."""
        if pointer == 0 or self.layout is None or mem is None or pointer in self.read_this_drain:
            return self.threads.get(pointer, (pointer, f"thread@{pointer:#x}"))
        self.read_this_drain.add(pointer)      # names change rarely: once per drain is enough
        lay = self.layout
        base = self._kernel_paddr(pointer, mem)
        raw_id = None if base is None else mem.read_phys(base + lay.id_offset, 4)
        raw_name = None if base is None else mem.read_phys(base + lay.name_offset, lay.name_size)
        if raw_id is not None and raw_name is not None:
            tid = int.from_bytes(raw_id, "little")
            name = raw_name.split(b"\0", 1)[0].decode("ascii", "replace")
            if tid or name:        # a freed structure reads as zeros: keep what we knew
                self.threads[pointer] = (tid, name or f"thread{tid}")
                self.names_by_tid[tid] = name or f"thread{tid}"
        return self.threads.get(pointer, (pointer, f"thread@{pointer:#x}"))

    def _kernel_paddr(self, vaddr: int, mem: MemView) -> int | None:
        if mem.read_phys(vaddr, 1) is not None:
            return vaddr           # the kernel's own memory is identity-mapped
        return mem.translate(self.last_satp, vaddr)

    # -- arguments -------------------------------------------------------------
    def _render_args(self, call: Call, values: list[int], rows: list[int], satp: int,
                     mem: MemView | None, captured: dict | None = None) -> tuple[dict, str]:
        """Arguments `values` of `call`, held in row registers `rows`."""
        raw, shown = {}, []
        for arg, value, reg in zip(call.args, values, rows):
            raw[arg.name] = value
            kind = "ptr" if arg.out else arg.kind       # filled by the call: shown at its return
            length = values[arg.length] if arg.length is not None else None
            copy = (captured or {}).get(reg)
            shown.append(f"{arg.name}={self._render(kind, value, length, satp, mem, copy)}")
        return raw, ", ".join(shown)

    def _render(self, kind: str, value: int, length: int | None, satp: int, mem: MemView | None,
                copy: tuple[bytes, int] | None = None) -> str:
        if kind in POINTER_KINDS and value and copy is not None:
            data, full = copy               # full: the string's or buffer's whole length
            shown = data[:self.string_limit]
            return quote(shown, full > len(shown))
        if kind in POINTER_KINDS and value and mem is not None:
            if kind == "str" and length is None:
                got = mem.read_cstr(satp, value, self.string_limit)
                if got is not None:
                    return quote(*got)
            elif length is not None:
                want = min(length, self.string_limit)
                data = mem.read_virt(satp, value, want)
                if data is not None:
                    return quote(data, length > self.string_limit)
            return f"{value:#x}"
        if kind in ("ptr", "bits", "prot", "str", "buf"):
            return f"{value:#x}"
        if kind == "port":
            return self.abi.ports.get(value, str(value))
        if kind == "tid" and to_signed(value) == FLAGS["REPLY_CALLER"]:
            return "REPLY_CALLER"       # the reply capability (kernel/abi.toml, IPC)
        if kind == "uint":
            return str(value)
        return str(to_signed(value))

    def _result(self, value: int) -> tuple[int, str | None, str]:
        signed = to_signed(value)
        if signed < 0 and -signed in self.abi.errnos:
            name = self.abi.errnos[-signed]
            return signed, name, f"-{name}"
        return signed, None, str(signed)

    # -- rows ------------------------------------------------------------------
    def _event(self, kind: str, row, tid: int, name: str) -> dict:
        self.seq += 1
        return {"seq": self.seq, "kind": kind, "insn": int(row[COL_ICOUNT]),
                "us": round(int(row[COL_MTIME]) * US_PER_TICK, 1), "tid": tid, "thread": name}

    def decode(self, rows, mem: MemView | None) -> list[dict]:
        out: list[dict] = []
        self.read_this_drain.clear()
        rows = rows.tolist() if hasattr(rows, "tolist") else rows   # plain ints: much faster
        for index, row in enumerate(rows):
            kind = int(row[COL_KIND])
            if kind == KIND_DATA:
                continue                # read with the row before it
            captured = {}
            for follow in rows[index + 1:index + 3]:
                if int(follow[COL_KIND]) != KIND_DATA:
                    break
                reg, data, full = data_row(follow)
                captured[reg] = (data, full)
            pointer = int(row[COL_THREAD])
            if kind in (KIND_SYSCALL, KIND_RETURN, KIND_FAULT):
                self.last_satp = int(row[COL_SATP])
            tid, name = self.thread(pointer, mem)
            f = [int(x) for x in row[COL_F0:COL_F0 + N_FIELDS]]
            satp = int(row[COL_SATP])
            if kind == KIND_SYSCALL:
                out.append(self._syscall(row, pointer, tid, name, f, satp, mem, captured))
            elif kind == KIND_RETURN:
                event = self._return(row, pointer, tid, name, f, satp, mem, captured)
                if event is not None:
                    out.append(event)
            elif kind == KIND_SWITCH:
                out.append(self._switch(row, tid, name, f, mem))
            elif kind == KIND_FAULT:
                self.open_calls.pop(pointer, None)
                event = self._event("fault", row, tid, name)
                event.update(cause=f[0], cause_name=cause_name(f[0]), pc=f[1], tval=f[2], priv=f[3])
                out.append(event)
            elif kind == KIND_IRQ:
                event = self._event("irq", row, tid, name)
                event.update(cause=f[0], cause_name=cause_name(f[0]),
                             irq=f[2] if f[2] > 0 else None, pc=f[1], priv=f[3])
                out.append(event)
        return out

    def _syscall(self, row, pointer, tid, name, f, satp, mem, captured) -> dict:
        number, regs = f[0], f[1:1 + len(ROW_REGS)]       # the registers of events.ROW_REGS
        call = self.abi.syscall(number)
        event = self._event("syscall", row, tid, name)
        event.update(call_id=self.next_call_id, nr=number, name=call.name)
        if call.ipc:
            event["ipc_step"] = call.ipc
        self.next_call_id += 1
        rows = self.arg_rows[:len(call.args)]
        raw, text = self._render_args(call, [regs[r] for r in rows], rows, satp, mem, captured)
        event.update(args=raw, argtext=text)
        if call.ipc == "call":
            self._ipc_call(event, regs, satp, mem, captured)
        self.open_calls[pointer] = event
        return event

    def _ipc_call(self, event: dict, regs: list[int], satp: int, mem, captured: dict) -> None:
        at = self.ipc_rows["call"]
        port, label, word_rows = regs[at["port"]], regs[at["label"]], at["words"]
        words = [regs[r] for r in word_rows]
        lease_addr, lease_len = regs[at["lease_addr"]], regs[at["lease_len"]]
        server, ops = self.abi.protocol(port)
        op = ops.get(label)
        shown = []
        if op is not None:
            raw, text = self._render_args(op, words, word_rows, satp, mem, captured)
            shown.append(text)
            event["ipc_args"] = raw
        else:
            shown.append(", ".join(f"w{i}={to_signed(w)}" for i, w in enumerate(words)))
        lease = op.lease if op is not None else ""
        if lease == "inline":      # abi.toml: the bytes are the words, their count the lease length
            data = b"".join(w.to_bytes(4, "little") for w in words)
            count = min(lease_len, len(data))
            shown.append("buf=" + quote(data[:min(count, self.string_limit)], count > self.string_limit))
        elif lease_addr and lease_len:
            if lease == "read":
                shown.append("buf=" + self._render("buf", lease_addr, lease_len, satp, mem,
                                                   captured.get(at["lease_addr"])))
            else:
                shown.append(f"buf={lease_addr:#x}, buf_len={lease_len}")
        op_name = op.name if op is not None else f"op{label}"
        event["ipc"] = {"port": port, "server": server, "op": op_name, "label": label,
                        "lease": lease, "lease_addr": lease_addr, "lease_len": lease_len,
                        "satp": satp}
        event["argtext"] = f"{server}.{op_name}({', '.join(t for t in shown if t)})"
        self.ipc_in_flight[event["tid"]] = event

    def _return(self, row, pointer, tid, name, f, satp, mem, captured) -> dict | None:
        call = self.open_calls.pop(pointer, None)
        if call is None:
            return None            # back from an interrupt or a fault, not a syscall
        event = self._event("return", row, tid, name)
        value, error, text = self._result(f[0])
        event.update(call_id=call["call_id"], name=call["name"], ret=value, ret1=to_signed(f[1]),
                     error=error, rettext=text, insns=event["insn"] - call["insn"],
                     start_us=call["us"])
        spec = self.abi.syscall(call["nr"])
        if spec.ipc:
            event["ipc_step"] = spec.ipc
        if "ipc" in call:
            self.ipc_in_flight.pop(tid, None)
            ipc = call["ipc"]
            event["ipc"] = {"server": ipc["server"], "op": ipc["op"]}
            if ipc["lease"] == "write" and error is None and value > 0 and ipc["lease_addr"]:
                data = self._render("buf", ipc["lease_addr"], min(value, ipc["lease_len"]),
                                    satp, mem, captured.get(self.ipc_rows["call"]["lease_addr"]))
                event["rettext"] = f"{text} (buf={data})"
        for i, arg in enumerate(spec.args):
            addr = call["args"].get(arg.name)
            if arg.out and arg.kind == "buf" and error is None and value > 0 and addr:
                shown = self._render("buf", addr, value, satp, mem, captured.get(self.arg_rows[i]))
                event["rettext"] = f"{text} ({arg.name}={shown})"
        if spec.ipc in ("recv", "reply_recv") and error is None:
            self._ipc_received(event, f)
        return event

    def _ipc_received(self, event: dict, f: list[int]) -> None:
        at = self.ipc_rows["received"]
        sender, label, notified = f[at["sender"]], f[at["label"]], f[at["notified"]]
        if sender == 0:
            event["rettext"] = f"notification {notified:#x}"
            return
        client_call = self.ipc_in_flight.get(sender)
        sender_name = self.names_by_tid.get(sender, "?")
        if client_call is None:
            event["rettext"] = f"label {label} from {sender} {sender_name}"
            return
        ipc = client_call["ipc"]
        event["ipc"] = {"server": ipc["server"], "op": ipc["op"], "from_tid": sender,
                        "from_name": sender_name, "client_call_id": client_call["call_id"]}
        event["rettext"] = f"{ipc['server']}.{ipc['op']} from {sender} {sender_name}"

    def _switch(self, row, tid, name, f, mem) -> dict:
        from_tid, from_name = self.thread(f[0], mem)
        event = self._event("switch", row, tid, name)
        event.update(from_tid=from_tid, to_tid=tid, to=name,
                     reason=self._switch_reason(f[0], f[2], f[3]))
        event["from"] = from_name
        sched = self._sched_decision(f[4], f[5])
        if sched is not None:
            event["sched"] = sched
        return event

    def _sched_decision(self, note: int, count: int) -> str | None:
        """What the kernel's scheduler decided (its sched_note, kernel/sched.s), or
        that the switch was the IPC fast path's direct hand-off (the count did not move)."""
        if count <= 0:                      # a kernel without sched_note (or before
            return None                     # its first decision: the count starts at 1)
        last, self.decisions = self.decisions, count
        if last is not None and count == last:
            return "ipc hand-off"
        why = SCHED_WHY.get(note & 0xFF, f"reason {note & 0xFF}")
        policy = SCHED_POLICIES.get((note >> 8) & 0xFF, "?")
        old_level, new_level = (note >> 16) & 0xFF, (note >> 24) & 0xFF
        if policy == "mlfq":
            why = why.format(level=old_level) + f"; next runs at level {new_level}"
        return f"{policy}: {why.format(level=old_level)}"

    def _switch_reason(self, from_pointer: int, cause: int, a7: int) -> str:
        if cause < 0:
            return "start"
        if cause & CAUSE_INTERRUPT:
            return "preempted"
        if cause != CAUSE_USER_ECALL:
            return f"fault: {cause_name(cause)}"
        pending = self.open_calls.get(from_pointer)
        call = self.abi.syscall(pending["nr"] if pending else a7)
        if call.yields:
            return "yield"
        if call.exits:
            return "exit"
        if pending is not None and "ipc" in pending:
            ipc = pending["ipc"]
            op = self.abi.protocol(ipc["port"])[1].get(ipc["label"])
            if op is not None and op.exits:
                return "exit"
            return f"blocked: call {ipc['server']}.{ipc['op']}"
        return f"blocked: {call.name}"
