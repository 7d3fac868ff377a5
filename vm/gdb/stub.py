"""The GDB remote stub's command handlers: one method per packet.

Owns what each packet means.  The bytes on the wire are vm/gdb/packets.py's
job, the socket and the resume loop are vm/gdb/server.py's, and the machine
is reached only through a Target (vm/gdb/target.py), so the handlers can be
tested against a fake.  Replies follow gdb's documentation: `OK`, `Enn`,
hex data, a stop reply, or the empty packet for anything we do not know.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Protocol
from xml.sax.saxutils import escape as xml_escape

from vm.gdb import packets
from vm.gdb.target_xml import BY_REGNUM, GENERAL_COUNT, REGISTERS, Register, target_xml

PACKET_SIZE = 0x4000        # our receive buffer; gdb then sends up to this much
SIGTRAP = 5
SIGINT = 2
E_BAD_ADDRESS = b"E14"      # EFAULT, as gdb expects for memory it cannot reach
E_BAD_PACKET = b"E01"
E_FAILED = b"E02"

# Z/z types: 0 break, 1 hbreak (both planted as ebreak), 2 write, 3 read, 4 access watchpoint.
WATCH_KINDS = {2: "watch", 3: "rwatch", 4: "awatch"}


@dataclass(frozen=True)
class Stop:
    """Why the target stopped, as the stub reports it to gdb."""
    reason: str                 # "trap" (breakpoint/step), "interrupt", "watch", "fault", "exited", "killed"
    watch_kind: str = ""        # for "watch": watch, rwatch or awatch
    watch_addr: int = 0
    exit_code: int = 0
    signal: int = 0             # for "fault": the POSIX signal gdb shows (SIGSEGV, SIGILL, ...)


class Target(Protocol):
    """What the stub needs from the machine (vm/gdb/target.py implements it)."""

    def read_register(self, reg: Register) -> int | None: ...
    def write_register(self, reg: Register, value: int) -> bool: ...
    def read_memory(self, addr: int, length: int) -> bytes | None: ...
    def write_memory(self, addr: int, data: bytes) -> bool: ...
    def insert_breakpoint(self, addr: int) -> bool: ...
    def remove_breakpoint(self, addr: int) -> bool: ...
    def insert_watchpoint(self, kind: str, addr: int, length: int) -> bool: ...
    def remove_watchpoint(self, kind: str, addr: int, length: int) -> bool: ...
    def remove_all(self) -> None: ...


class Threads(Protocol):
    """The OS's threads as gdb sees them (vm/gdb/threads.py implements it)."""

    def list(self) -> list[int]: ...               # gdb thread ids, all > 0
    def current(self) -> int: ...                   # the thread the CPU is running
    def extra_info(self, tid: int) -> str: ...      # "name, state, priority"
    def name(self, tid: int) -> str: ...            # what `info threads` shows in quotes
    def registers(self, tid: int) -> dict[int, int] | None: ...  # saved regs of a sleeping thread


class SingleThread:
    """The fallback when the ELF has no toyos thread symbols: one thread, id 1."""

    def list(self) -> list[int]:
        return [1]

    def current(self) -> int:
        return 1

    def extra_info(self, tid: int) -> str:
        return "cpu"

    def name(self, tid: int) -> str:
        return ""

    def registers(self, tid: int) -> dict[int, int] | None:
        return None


@dataclass(frozen=True)
class Resume:
    """A handler's answer when gdb wants the target to run: the server runs it."""
    step: bool


DETACH = object()   # the server sends OK, removes breakpoints and lets the machine run
KILL = object()     # the server stops serving and ends the run


def _hex32(value: int) -> bytes:
    return (value & 0xFFFFFFFF).to_bytes(4, "little").hex().encode()


class Stub:
    """Turns one gdb packet into a reply, a Resume, DETACH or KILL."""

    def __init__(self, target: Target, threads: Threads | None = None) -> None:
        self.target = target
        self.threads = threads or SingleThread()
        self.no_ack = False          # set by QStartNoAckMode; the server reads it
        self.register_thread = 0     # Hg: whose registers g/p show (0 = the running one)
        self.cpu_thread = 0          # the thread the last stop reply named
        self.resumed_thread = 0      # vCont resumed only this thread (a step-over)
        self._thread_cursor: list[int] = []
        self._xml = target_xml().encode()
        self._threads_xml = b""

    # ---- dispatch -------------------------------------------------------
    def handle(self, payload: bytes):
        """Reply bytes, a Resume, DETACH or KILL for one packet's payload."""
        try:
            return self._dispatch(payload)
        except (ValueError, IndexError):
            return E_BAD_PACKET     # malformed numbers or fields: never a crash
        except Exception as error:  # a bug of ours must not take the guest's run down
            print(f"toyos gdb stub: {payload[:40]!r}: {type(error).__name__}: {error}",
                  file=sys.stderr, flush=True)
            return E_FAILED

    def _dispatch(self, p: bytes):
        first = p[:1]
        simple = {
            b"?": self._why_stopped, b"g": self._read_all_registers,
            b"G": self._write_all_registers, b"p": self._read_register,
            b"P": self._write_register, b"m": self._read_memory,
            b"M": self._write_memory, b"X": self._write_memory_binary,
            b"c": self._continue, b"s": self._step, b"Z": self._insert_point,
            b"z": self._remove_point, b"H": self._set_thread, b"T": self._thread_alive,
            b"D": self._detach,
        }
        if p == b"k" or p.startswith(b"vKill"):
            return KILL
        if p.startswith(b"vCont"):
            return self._vcont(p)
        if p.startswith(b"q") or p.startswith(b"Q"):
            return self._query(p)
        handler = simple.get(first)
        return handler(p[1:]) if handler else b""

    # ---- state ----------------------------------------------------------
    def stop_reply(self, stop: Stop) -> bytes:
        if stop.reason == "exited":
            return b"W%02x" % (stop.exit_code & 0xFF)
        if stop.reason == "killed":
            return b"X09"
        signal = {"interrupt": SIGINT, "fault": stop.signal}.get(stop.reason, SIGTRAP)
        reply = b"T%02x" % signal
        if stop.reason == "watch":
            reply += b"%s:%x;" % (stop.watch_kind.encode(), stop.watch_addr)
        self.register_thread = 0     # gdb re-reads the stopped thread's registers
        # A resume of one named thread is gdb stepping it over a breakpoint or a
        # watchpoint; if the kernel switched threads meanwhile, gdb must still
        # see that thread stop (it asserts otherwise), so the CPU stays "its".
        self.cpu_thread = self.resumed_thread or self.threads.current()
        self.resumed_thread = 0
        return reply + b"thread:%x;" % self.cpu_thread

    def _why_stopped(self, _: bytes) -> bytes:
        return self.stop_reply(Stop("trap"))

    def _cpu_thread(self) -> int:
        """The thread whose registers are the CPU's: the one last reported stopped."""
        return self.cpu_thread or self.threads.current()

    # ---- registers ------------------------------------------------------
    def _register_value(self, reg: Register) -> int | None:
        tid = self.register_thread
        if tid and tid != self._cpu_thread():
            saved = self.threads.registers(tid)
            return None if saved is None else saved.get(reg.regnum)
        return self.target.read_register(reg)

    def _read_all_registers(self, _: bytes) -> bytes:
        out = b""
        for reg in REGISTERS[:GENERAL_COUNT]:
            value = self._register_value(reg)
            out += b"xxxxxxxx" if value is None else _hex32(value)
        return out

    def _writable_thread(self) -> bool:
        return not self.register_thread or self.register_thread == self._cpu_thread()

    def _write_all_registers(self, args: bytes) -> bytes:
        if len(args) < 8 * GENERAL_COUNT or not self._writable_thread():
            return E_BAD_PACKET if self._writable_thread() else E_FAILED
        for i, reg in enumerate(REGISTERS[:GENERAL_COUNT]):
            chunk = args[8 * i:8 * i + 8]
            if chunk != b"xxxxxxxx":
                self.target.write_register(reg, int.from_bytes(bytes.fromhex(chunk.decode()), "little"))
        return b"OK"

    def _read_register(self, args: bytes) -> bytes:
        reg = BY_REGNUM.get(packets.parse_hex(args))
        if reg is None:
            return b"E00"   # no such register: gdb then stops asking for it
        value = self._register_value(reg)
        return b"xxxxxxxx" if value is None else _hex32(value)

    def _write_register(self, args: bytes) -> bytes:
        number, _, value = args.partition(b"=")
        reg = BY_REGNUM.get(packets.parse_hex(number))
        if reg is None or len(value) != 8 or not self._writable_thread():
            return E_FAILED
        ok = self.target.write_register(reg, int.from_bytes(bytes.fromhex(value.decode()), "little"))
        return b"OK" if ok else E_FAILED

    # ---- memory ---------------------------------------------------------
    def _read_memory(self, args: bytes) -> bytes:
        addr, length = (packets.parse_hex(x) for x in args.split(b","))
        length = min(length, PACKET_SIZE // 2 - 16)
        data = self.target.read_memory(addr, length)
        return E_BAD_ADDRESS if data is None else packets.hex_bytes(data)

    def _write_memory(self, args: bytes) -> bytes:
        where, _, hex_data = args.partition(b":")
        addr, length = (packets.parse_hex(x) for x in where.split(b","))
        data = bytes.fromhex(hex_data.decode())
        if len(data) != length:
            return E_BAD_PACKET
        return b"OK" if self.target.write_memory(addr, data) else E_BAD_ADDRESS

    def _write_memory_binary(self, args: bytes) -> bytes:
        where, _, raw = args.partition(b":")
        addr, length = (packets.parse_hex(x) for x in where.split(b","))
        data = packets.unescape_binary(raw)
        if len(data) != length:
            return E_BAD_PACKET
        if length == 0:
            return b"OK"    # gdb's probe for X support
        return b"OK" if self.target.write_memory(addr, data) else E_BAD_ADDRESS

    # ---- running --------------------------------------------------------
    def _continue(self, args: bytes):
        return self._resume_at(args, step=False)

    def _step(self, args: bytes):
        return self._resume_at(args, step=True)

    def _resume_at(self, args: bytes, step: bool):
        if args:   # `c ADDR`: resume somewhere else
            pc = BY_REGNUM[32]
            self.target.write_register(pc, packets.parse_hex(args))
        return Resume(step=step)

    def _vcont(self, p: bytes):
        if p == b"vCont?":
            return b"vCont;c;C;s;S"
        parts = [a.split(b":") for a in p[len(b"vCont;"):].split(b";") if a]
        actions = [part[0] for part in parts]
        if not actions:
            return E_BAD_PACKET
        named = [packets.parse_hex(part[1]) for part in parts if len(part) > 1 and part[1] != b"-1"]
        every_thread = any(len(part) == 1 or part[1] == b"-1" for part in parts)
        self.resumed_thread = named[0] if named and not every_thread else 0
        # One hart: any step action means the CPU steps; otherwise it continues.
        # C/S carry a signal to deliver, which has no meaning for a bare CPU.
        kinds = {a[:1].lower() for a in actions}
        if not kinds <= {b"c", b"s"}:
            return b""
        return Resume(step=b"s" in kinds)

    def _insert_point(self, args: bytes) -> bytes:
        return self._point(args, insert=True)

    def _remove_point(self, args: bytes) -> bytes:
        return self._point(args, insert=False)

    def _point(self, args: bytes, insert: bool) -> bytes:
        kind_text, addr_text, size_text = args.split(b";")[0].split(b",")[:3]
        kind, addr, size = (packets.parse_hex(x) for x in (kind_text, addr_text, size_text))
        if kind in (0, 1):   # hbreak too: an ebreak serves wherever there is RAM
            done = (self.target.insert_breakpoint(addr) if insert
                    else self.target.remove_breakpoint(addr))
        elif kind in WATCH_KINDS:
            name = WATCH_KINDS[kind]
            done = (self.target.insert_watchpoint(name, addr, size) if insert
                    else self.target.remove_watchpoint(name, addr, size))
        else:
            return b""
        return b"OK" if done else E_BAD_ADDRESS

    def _detach(self, _: bytes):
        return DETACH

    # ---- threads --------------------------------------------------------
    def _set_thread(self, args: bytes) -> bytes:
        op, tid_text = args[:1], args[1:]
        tid = -1 if tid_text == b"-1" else packets.parse_hex(tid_text or b"0")
        if op == b"g":
            self.register_thread = 0 if tid in (0, -1) else tid
        return b"OK"   # Hc: one hart, every resume runs the whole machine

    def _thread_alive(self, args: bytes) -> bytes:
        return b"OK" if packets.parse_hex(args) in self.threads.list() else b"E01"

    # ---- queries --------------------------------------------------------
    def _query(self, p: bytes):
        name, _, args = p.partition(b":")
        if name == b"qSupported":
            return (b"PacketSize=%x;qXfer:features:read+;vContSupported+;"
                    b"QStartNoAckMode+;qXfer:threads:read+" % PACKET_SIZE)
        if name == b"QStartNoAckMode":
            self.no_ack = True
            return b"OK"
        if name == b"qAttached":
            return b"1"     # we attached to a running machine: detach leaves it running
        if name == b"qXfer" and args.startswith(b"features:read:"):
            annex, _, span = args[len(b"features:read:"):].partition(b":")
            if annex != b"target.xml":
                return b"E00"
            return self._read_object(self._xml, span)
        if name == b"qXfer" and args.startswith(b"threads:read::"):
            span = args[len(b"threads:read::"):]
            if packets.parse_hex(span.split(b",")[0]) == 0:   # a new read: a fresh snapshot
                self._threads_xml = self._thread_list_xml()
            return self._read_object(self._threads_xml, span)
        if name == b"qC":
            return b"QC%x" % self._cpu_thread()
        if name == b"qfThreadInfo":
            self._thread_cursor = list(self.threads.list())
            return self._next_threads()
        if name == b"qsThreadInfo":
            return self._next_threads()
        if name.startswith(b"qThreadExtraInfo,"):
            tid = packets.parse_hex(name.split(b",", 1)[1])
            return packets.hex_bytes(self.threads.extra_info(tid).encode())
        if name == b"qOffsets":
            return b"Text=0;Data=0;Bss=0"
        if name == b"qSymbol":
            return b"OK"
        return b""

    def _next_threads(self) -> bytes:
        if not self._thread_cursor:
            return b"l"
        batch, self._thread_cursor = self._thread_cursor[:64], self._thread_cursor[64:]
        return b"m" + b",".join(b"%x" % tid for tid in batch)

    def _thread_list_xml(self) -> bytes:
        """The thread list with names, so `info threads` shows Thread N "name"."""
        rows = []
        for tid in self.threads.list():
            name = xml_escape(self.threads.name(tid), {'"': "&quot;"})
            extra = xml_escape(self.threads.extra_info(tid))
            rows.append(f'  <thread id="{tid:x}" core="0" name="{name}">{extra}</thread>')
        return ("<?xml version=\"1.0\"?>\n<threads>\n" + "\n".join(rows) + "\n</threads>\n").encode()

    @staticmethod
    def _read_object(data: bytes, span: bytes) -> bytes:
        """One qXfer chunk: `m` and more to come, or `l` for the last one."""
        offset, length = (packets.parse_hex(x) for x in span.split(b","))
        chunk = data[offset:offset + length]
        more = offset + length < len(data)
        return (b"m" if more else b"l") + packets.escape_binary(chunk)
