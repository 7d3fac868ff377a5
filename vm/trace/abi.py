"""What the tracer knows about the kernel's interface, in one small shape.

`TraceAbi` holds syscall, errno, port and IPC-protocol names with argument
names, kinds, directions and lengths, which calls are IPC steps, and the
registers of the IPC message; `from_tables()` builds it from the generated
vm/abi_tables.py (the ABI's single source is kernel/abi.toml), so the
tracer names no call, argument or register itself.  `ThreadLayout` says where the kernel keeps the
current-thread pointer and what the thread structure looks like, read from
the kernel ELF's symbols (offsets are exported as absolute symbols).
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Arg:
    name: str
    kind: str = "int"       # kernel/abi.toml's kinds: int, uint, ptr, str, buf, len, port, ...
    out: bool = False       # the call fills it: shown at the return, not at entry
    length: int | None = None   # index of the argument holding a buffer's length


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Arg, ...] = ()
    lease: str = ""         # IPC only: "", "read" (client lends data), "write" (server fills it)
    ipc: str | None = None  # the IPC step a syscall is: "call", "recv", "reply", "reply_recv"
    exits: bool = False     # the caller does not come back (thread_exit, pm.exit)
    yields: bool = False    # the caller gives up the CPU


@dataclass
class TraceAbi:
    syscalls: dict[int, Call] = field(default_factory=dict)
    errnos: dict[int, str] = field(default_factory=dict)            # 14 -> "EFAULT"
    ports: dict[int, str] = field(default_factory=dict)             # 2 -> "console"
    protocols: dict[str, dict[int, Call]] = field(default_factory=dict)  # server -> label -> op
    dynamic_protocol: str = ""       # what a port with no well-known server speaks
    # kernel/abi.toml [registers] and [ipc]: register names of the syscall
    # arguments and of each IPC message field ("call", "received", ...).
    arg_registers: tuple[str, ...] = ()
    ipc: dict[str, dict] = field(default_factory=dict)

    def protocol(self, port: int) -> tuple[str, dict[int, Call]]:
        """(server name, its operations) for a port number."""
        server = self.ports.get(port)
        if server is None:
            return f"port{port}", self.protocols.get(self.dynamic_protocol, {})
        return server, self.protocols.get(server, {})

    def syscall(self, number: int) -> Call:
        return self.syscalls.get(number, Call(f"syscall_{number}"))

    def number(self, name: str) -> int | None:
        for number, call in self.syscalls.items():
            if call.name == name:
                return number
        return None


@dataclass(frozen=True)
class ThreadLayout:
    current_thread: int             # address of the kernel's current-thread pointer
    id_offset: int
    name_offset: int
    name_size: int = 16
    state_offset: int = -1
    priority_offset: int = -1
    sched_note: int = -1            # address of the scheduler's note (kernel/sched.s), -1: none

    # Symbol names the kernel exports; the first name found wins.
    SYMBOLS = {
        "current_thread": ("current_thread", "cur_thread", "current"),
        "id_offset": ("THREAD_ID", "T_ID", "TH_ID", "thread_id_offset", "THREAD_TID"),
        "name_offset": ("THREAD_NAME", "T_NAME", "TH_NAME", "thread_name_offset"),
        "name_size": ("THREAD_NAME_SIZE", "THREAD_NAME_LEN", "T_NAME_SIZE", "TH_NAME_LEN"),
        "state_offset": ("THREAD_STATE", "T_STATE", "TH_STATE", "thread_state_offset"),
        "priority_offset": ("THREAD_PRIORITY", "THREAD_PRIO", "T_PRIO", "TH_PRIO"),
        "sched_note": ("sched_note",),
    }

    @classmethod
    def from_symbols(cls, symbols: dict[str, int]) -> "ThreadLayout":
        """Build from an ELF symbol table; ValueError names a missing symbol."""
        found = {}
        for key, names in cls.SYMBOLS.items():
            for name in names:
                if name in symbols:
                    found[key] = symbols[name]
                    break
        for key in ("current_thread", "id_offset", "name_offset"):
            if key not in found:
                raise ValueError(f"kernel ELF has no symbol for {key} "
                                 f"(looked for {', '.join(cls.SYMBOLS[key])})")
        return cls(**found)


def from_tables(module=None) -> TraceAbi:
    """TraceAbi from the generated vm/abi_tables.py (empty tables if not generated yet)."""
    if module is None:
        try:
            from vm import abi_tables as module
        except ImportError:
            return TraceAbi()
    return _convert(module)


def _call(spec: dict) -> Call:
    return Call(spec["name"],
                tuple(Arg(a["name"], a["kind"], a["out"], a["len"]) for a in spec.get("args", ())),
                spec.get("lease") or "", spec.get("ipc"), spec.get("exits", False),
                spec.get("yields", False))


def _convert(module) -> TraceAbi:
    return TraceAbi(
        syscalls={n: _call(spec) for n, spec in module.SYSCALLS.items()},
        errnos=dict(module.ERRNO),
        ports=dict(module.PORTS),
        protocols={server: {label: _call(op) for label, op in ops.items()}
                   for server, ops in module.PROTOCOLS.items()},
        dynamic_protocol=module.DYNAMIC_PROTOCOL,
        arg_registers=tuple(module.REGISTERS["args"]),
        ipc=dict(module.IPC))


def thread_layout(symbols: dict[str, int], module=None) -> ThreadLayout:
    """ThreadLayout from the kernel's symbols, falling back on the ABI tables' offsets."""
    if module is None:
        try:
            from vm import abi_tables as module
        except ImportError:
            module = None
    merged = dict(symbols)
    if module is not None and hasattr(module, "THREAD"):
        fields = module.THREAD
        defaults = {"THREAD_ID": fields["id"][0], "THREAD_NAME": fields["name"][0],
                    "THREAD_NAME_SIZE": fields["name"][1], "THREAD_STATE": fields["state"][0],
                    "THREAD_PRIORITY": fields["priority"][0]}
        for name, value in defaults.items():
            merged.setdefault(name, value)
    return ThreadLayout.from_symbols(merged)
