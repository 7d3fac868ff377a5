"""The Python `Machine`: owns the state arrays and drives the jitted CPU.

    m = Machine(ram_mb=128, deterministic=False, input_bytes=b"")
    m.load_elf("prog.elf")
    res = m.run(max_insns=None)      # RunResult(reason, exit_code, insns, message)

The host loop runs the CPU in slices (`step_budget`), drains UART output,
feeds UART input and handles WFI: with real time it sleeps until the next
timer deadline or input; with deterministic time it moves mtime forward to
the next deadline, so the same inputs give the same run, bit for bit.

Deterministic input rule: one byte of pending input is pushed into the UART
RX FIFO when the FIFO is empty and the retired-instruction count is a multiple
of INPUT_QUANTUM (100,000), or at once when the guest waits in WFI with an
empty FIFO.  Both depend only on the guest, so traced and untraced runs see
the input at the same instructions.

Deterministic end-of-script rule (opt-in: `idle_stop_ticks`, which `toyos run
--deterministic` sets to IDLE_STOP_TICKS because its whole script is queued at
the start; a driver that feeds input later, like the test sessions, leaves it
None): a scripted session without `shutdown` would otherwise run forever on
its timer ticks.  When the guest waits in WFI, all queued input has been
delivered and read (or there was none), the guest itself waits for input
(`guest_waits_for_input`, when the program can say: for the toyos image, a
thread blocked in a console call; lines typed ahead and still buffered in
the guest do not count as used up), and the guest has printed nothing and
been given no input for `idle_stop_ticks` of mtime (GUEST time, never wall
time: the run stays deterministic), the run stops with EXIT_INPUT_USED_UP.
Real-time runs never stop this way.

Network frames (`net`, a back-end of vm/devices/net_backends.py) arrive in the
host's time, which no replay can reproduce, so a machine with one refuses
deterministic time.  In real time the device is polled between slices like
the console, and an idle guest's wait also wakes when a back-end's
descriptor (`wake_fds`) is readable.
"""
from __future__ import annotations

import select
import time
from dataclasses import dataclass

import numpy as np

from vm import memmap
from vm import riscv as RV
from vm import state as S
from vm.devices import board, boot_rom, virtio_blk, virtio_net
from vm.devices import clint as clint_dev
from vm.devices import plic as plic_dev
from vm.devices import uart as uart_dev
from vm.jit_cache import load_core
from vm.loader import ElfError, LoadError, load_elf

INPUT_QUANTUM = 100_000           # deterministic mode: input moves only at multiples of this
REALTIME_SLICE = 1_000_000        # ~ a few ms of guest time between host checks
TICKS_PER_SECOND = memmap.TIMEBASE_HZ
IDLE_STOP_SECONDS = 10            # deterministic mode: quiet guest time before the run stops
IDLE_STOP_TICKS = IDLE_STOP_SECONDS * TICKS_PER_SECOND
EXIT_INPUT_USED_UP = 125          # exit status of that stop
EXIT_MAX_INSNS = 124              # exit status when --max-insns runs out
# execution engines: the interpreter (vm/cpu.py, the reference) and hot pages translated
# to host code (vm/native)
ENGINES = ("interp", "native")

@dataclass
class RunResult:
    reason: str          # poweroff tohost trap max-insns idle input-used-up quit reset
    exit_code: int
    insns: int
    message: str = ""


def max_insns_result(insns: int) -> RunResult:
    """The stop when --max-insns runs out (the command line adds the count once)."""
    return RunResult("max-insns", EXIT_MAX_INSNS, insns, "stopped by --max-insns")


class Machine:
    def __init__(self, ram_mb: int = memmap.DEFAULT_RAM_MB, deterministic: bool = False,
                 input_bytes: bytes = b"", virtio=(), disk=None, net=None, mac=None,
                 engine: str = "interp"):
        if ram_mb <= 0 or ram_mb > 2048:
            raise ValueError(f"RAM size {ram_mb} MiB out of range (1..2048)")
        if engine not in ENGINES:
            raise ValueError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
        self.ram_bytes = ram_mb << 20
        self.deterministic = deterministic
        self.st = np.zeros(S.STATE_SIZE, dtype=np.int64)
        self.regs = np.zeros(32, dtype=np.uint32)
        self.csrs = np.zeros(4096, dtype=np.int64)
        self.ram = np.zeros(self.ram_bytes, dtype=np.uint8)
        self._ram_pristine = True           # all zero, never written: load_elf need not clear it
        self.ram32 = self.ram.view(np.uint32)
        self.ram16 = self.ram.view(np.uint16)
        from vm.mmu import new_tlb
        self.tlb = new_tlb()
        self.dev = board.new_state()        # every device's state, one window per BOARD row
        # views of the windows the host reads and writes (the core gets `dev` only)
        self.rom = self.dev[board.BOOT_ROM:board.BOOT_ROM + boot_rom.WINDOW_WORDS]
        self.clint = self.dev[board.CLINT:board.CLINT + clint_dev.WINDOW_WORDS]
        self.plic = self.dev[board.PLIC:board.PLIC + plic_dev.WINDOW_WORDS]
        self.uart = self.dev[board.UART:board.UART + uart_dev.WINDOW_WORDS]
        if disk is not None:                # a virtio_blk.DiskImage: the first device, slot 7 as on QEMU
            slot = board.attach_virtio(self.dev, "blk", deterministic)
            virtio_blk.bind(self.dev, board.VIRTIO_SLOTS[slot], disk)
        self.net = None                     # the virtio_net.Link of a net back-end: next slot, as QEMU's
        self.wake_fds = []                  # host descriptors whose input wakes an idle guest
        if net is not None:                 # -netdev/-device after the disk's
            if deterministic and not net.deterministic:
                raise ValueError("a network back-end needs real time: frames arrive in the host's "
                                 "time, which --deterministic cannot replay")
            slot = board.attach_virtio(self.dev, "net", deterministic)
            self.net = virtio_net.bind(self.dev, board.VIRTIO_SLOTS[slot], net,
                                       virtio_net.DEFAULT_MAC if mac is None else mac)
            self.wake_fds.append(net.fileno())
        for kind in virtio:                 # virtio device kinds, highest free slot first, as QEMU
            board.attach_virtio(self.dev, kind, deterministic)
        self.output = bytearray()           # all the guest printed (grows in place: long sessions stay linear)
        self.on_output = None               # callable(bytes): streams guest output
        self.input_hook = None              # callable(timeout) -> bytes | None (EOF); real-time input
        self.stop_requested = False         # set by the console (Ctrl-A x) to end the run
        self.pending_input = bytearray(input_bytes)
        self.input_eof = False
        self.idle_stop_ticks = None         # deterministic end-of-script rule (module docstring); None: off
        self.guest_waits_for_input = None   # () -> bool for that rule, or None when the program cannot say
        self.elf = None
        self._image = None
        self.tracer = None                  # [trace hook] a vm.trace.session.TraceSession
        self.trace_buffer = np.zeros((1, 16), dtype=np.int64)   # replaced by attach_tracer
        self._t0 = time.monotonic()
        self.reset()
        self.native = None                  # the native engine (vm/native), when asked for
        if engine == "native":
            from vm.native.engine import NativeEngine
            self.native = NativeEngine(self)

    # ---- state ------------------------------------------------------------------
    def reset(self) -> None:
        from vm.csr import reset_csrs
        st = self.st
        st[:] = 0
        st[S.PC] = memmap.BOOT_ROM_BASE
        st[S.PRIV] = RV.PRIV_M
        st[S.FETCH_KEY] = RV.TLB_KEY_BARE
        st[S.DATA_KEY] = RV.TLB_KEY_BARE
        st[S.RES_ADDR] = -1
        st[S.TRAP_CAUSE] = -1
        st[S.RAM_SIZE] = self.ram_bytes
        st[S.TOHOST_PADDR] = -1
        st[S.WATCH_STORE_PAGE] = -1
        st[S.TICK_DIV] = S.TICK_INSNS if self.deterministic else 0
        self.regs[:] = 0
        self._quiet_since = 0                       # mtime of the last output or input (mtime is 0 now)
        reset_csrs(self.csrs)
        self.tlb[:] = -1
        board.reset(self.dev, self.deterministic)
        self._t0 = time.monotonic()
        if self.tracer is not None:                 # [trace hook] a reset keeps tracing
            self.tracer.rearm(self.st, self.ram)

    @property
    def pc(self) -> int:
        return int(self.st[S.PC])

    @pc.setter
    def pc(self, value: int) -> None:
        self.st[S.PC] = value & 0xFFFFFFFF

    @property
    def priv(self) -> int:
        return int(self.st[S.PRIV])

    @property
    def insns(self) -> int:
        return int(self.st[S.INSTRET])

    def csr_read(self, num: int) -> int:
        """A CSR as M-mode reads it (no side effects, no privilege check)."""
        from vm.csr import csr_read
        saved = self.st[S.PRIV]
        self.st[S.PRIV] = RV.PRIV_M
        try:
            value = int(csr_read(self.st, self.csrs, self.dev, num))
        finally:
            self.st[S.PRIV] = saved
        if value < 0:
            raise KeyError(f"CSR 0x{num:03x} is not implemented")
        return value

    def read_mem(self, addr: int, length: int = 4, virtual: bool = False) -> bytes:
        """Bytes at a physical address (RAM or boot ROM), or at a virtual one through the MMU."""
        if virtual:
            from vm.mmu import translate
            out = bytearray()
            saved = self.st[S.TRAP_CAUSE]
            for i in range(length):
                pa = int(translate(self.st, self.csrs, self.ram, self.ram32, self.tlb,
                                   (addr + i) & 0xFFFFFFFF, RV.ACCESS_READ))
                if pa < 0:
                    self.st[S.TRAP_CAUSE] = saved
                    raise ValueError(f"virtual address 0x{addr + i:08x} is not mapped")
                out += self.read_mem(pa, 1)
            self.st[S.TRAP_CAUSE] = saved
            return bytes(out)
        off = addr - memmap.RAM_BASE
        if 0 <= off and off + length <= self.ram_bytes:
            return self.ram[off:off + length].tobytes()
        off = addr - memmap.BOOT_ROM_BASE
        if 0 <= off and off + length <= memmap.BOOT_ROM_SIZE:
            return self.rom.astype("<u4").tobytes()[off:off + length]
        raise ValueError(f"physical address 0x{addr:08x} is not RAM or ROM")

    def write_mem(self, addr: int, data: bytes) -> None:
        """Write bytes at a physical RAM address."""
        off = addr - memmap.RAM_BASE
        if not (0 <= off and off + len(data) <= self.ram_bytes):
            raise ValueError(f"physical address 0x{addr:08x} is not RAM")
        self.ram[off:off + len(data)] = np.frombuffer(bytes(data), dtype=np.uint8)
        self._ram_pristine = False
        self.tlb[:] = -1

    # ---- loading ---------------------------------------------------------------------
    def load_elf(self, path_or_bytes):
        """Load an ELF executable; raises ElfError or LoadError with one line."""
        self.reset()
        if not self._ram_pristine:          # clearing touches every page: 0.4 s for 128 MiB
            self.ram[:] = 0
        self._ram_pristine = False
        elf = load_elf(self, path_or_bytes)
        self.elf = elf
        self._image = path_or_bytes
        tohost = elf.symbols.get("tohost")
        if tohost is not None and memmap.RAM_BASE <= tohost < memmap.RAM_BASE + self.ram_bytes:
            self.st[S.TOHOST_PADDR] = tohost
            self.st[S.WATCH_STORE_PAGE] = tohost >> 12
        return elf

    # ---- running ------------------------------------------------------------------------
    @staticmethod
    def _warm_up(cpu) -> None:
        m = Machine(ram_mb=1)
        cpu.run(m.st, m.regs, m.csrs, m.ram, m.ram32, m.ram16, m.tlb, m.dev, 0, m.trace_buffer)

    def step_budget(self, n: int) -> int:
        """Run at most `n` instructions in the jitted core; returns the stop reason code."""
        cpu = load_core()
        self._ram_pristine = False
        if self.native is not None and self.tracer is None and self.st[S.DEBUG] == 0:
            return self.native.step(n)      # the tracer and gdb run on the interpreter
        return int(cpu.run(self.st, self.regs, self.csrs, self.ram, self.ram32, self.ram16,
                           self.tlb, self.dev, n, self.trace_buffer))

    def attach_tracer(self, session) -> None:
        """[trace hook] Record OS events into `session` (after load_elf: reset clears it)."""
        self.tracer = session
        self.trace_buffer = session.buffer
        session.attach(self.st, self.ram)

    def poll_devices(self) -> None:
        """Every device's host side (vm/devices/__init__.py), then their IRQ lines into the PLIC."""
        from vm.bus import sync_irq_lines
        board.poll(self.dev, self.st, self.ram)
        sync_irq_lines(self.st, self.dev)

    def drain_output(self) -> bytes:
        out = uart_dev.drain_output(self.dev, board.UART)
        if out:
            self._quiet_since = clint_dev.mtime(self.st)
            self.output += out
            if self.on_output is not None:
                self.on_output(out)
        return out

    def feed_input(self, data: bytes) -> None:
        """Queue console input (delivered to the UART as the rules above say)."""
        self.pending_input += data

    def _push_input(self, force: bool = False) -> bool:
        """Move queued input into the UART RX FIFO; True if a byte went in."""
        if not self.pending_input:
            return False
        if self.deterministic:
            if self.uart[uart_dev.RX_COUNT] != 0:
                return False
            if not force and self.insns % INPUT_QUANTUM != 0:
                return False
            uart_dev.push_input(self.dev, board.UART, bytes(self.pending_input[:1]))
            del self.pending_input[:1]
        else:
            n = uart_dev.push_input(self.dev, board.UART, bytes(self.pending_input))
            del self.pending_input[:n]
            if n == 0:
                return False
        from vm.bus import sync_irq_lines
        sync_irq_lines(self.st, self.dev)
        self._quiet_since = clint_dev.mtime(self.st)
        return True

    def _input_used_up_and_quiet(self) -> bool:
        """Deterministic end-of-script rule (see the module docstring)."""
        if not self.deterministic or self.idle_stop_ticks is None:
            return False
        now = clint_dev.mtime(self.st)
        if (self.pending_input or self.uart[uart_dev.RX_COUNT] != 0
                or not (self.input_hook is None or self.input_eof) or now < self._quiet_since
                or (self.guest_waits_for_input is not None and not self.guest_waits_for_input())):
            self._quiet_since = now                 # input not read yet (or mtime set back)
            return False
        return now - self._quiet_since >= self.idle_stop_ticks

    def _wall_ticks(self) -> int:
        return int((time.monotonic() - self._t0) * TICKS_PER_SECOND)

    def _sync_clock(self) -> None:
        if not self.deterministic:
            now = max(self._wall_ticks(), clint_dev.mtime(self.st))
            self.st[S.MTIME_BASE] = now
            self.st[S.MTIME_INSTRET0] = self.st[S.INSTRET]

    def _poll_host_input(self, timeout: float) -> None:
        if self.input_hook is None or self.input_eof:
            if timeout > 0 and self.wake_fds:
                select.select(self.wake_fds, [], [], timeout)     # a frame ends the wait
            elif timeout > 0:
                time.sleep(timeout)
            return
        data = self.input_hook(timeout)
        if data is None:
            self.input_eof = True
        elif data:
            self.feed_input(data)

    def next_deadline(self):
        """The next mtime value at which a timer interrupt becomes pending, or None."""
        from vm.traps import STIMECMP, MENVCFGH
        now = clint_dev.mtime(self.st)
        deadlines = []
        mtimecmp = int(self.clint[clint_dev.MTIMECMP]) & 0xFFFFFFFFFFFFFFFF
        if now < mtimecmp < 1 << 62:
            deadlines.append(mtimecmp)
        stimecmp = int(self.csrs[STIMECMP]) & 0xFFFFFFFFFFFFFFFF
        if (self.st[S.STIMECMP_ARMED] and self.csrs[MENVCFGH] & RV.MENVCFGH_STCE
                and now < stimecmp < 1 << 62):
            deadlines.append(stimecmp)
        return min(deadlines) if deadlines else None

    def _idle(self) -> bool:
        """The guest waits in WFI with nothing pending. False if nothing can ever wake it."""
        if self.deterministic:
            if self.uart[uart_dev.RX_COUNT] == 0 and self._push_input(force=True):
                return True
            deadline = self.next_deadline()
            if deadline is None:
                return False
            clint_dev.set_mtime(self.st, deadline)
            return True
        deadline = self.next_deadline()
        if (deadline is None and (self.input_hook is None or self.input_eof) and not self.pending_input
                and not self.wake_fds):
            return False
        if self.pending_input and self._push_input():
            return True
        timeout = 0.05
        if deadline is not None:
            timeout = min(timeout, max(0.0, (deadline - self._wall_ticks()) / TICKS_PER_SECOND))
        self._poll_host_input(timeout)
        self._push_input()
        return True

    def run(self, max_insns: int | None = None, trace_insn=None) -> RunResult:
        """Run until power-off, tohost, an unhandled trap, max_insns, idleness or a host stop."""
        if trace_insn is not None:
            from vm.trace.insn import run_traced
            return run_traced(self, max_insns, trace_insn)
        start = self.insns
        while True:
            result = self.run_slice(start, max_insns)
            if result is not None:
                return result

    def run_slice(self, start: int, max_insns: int | None, limit: int | None = None):
        """One host slice: returns a RunResult when the run is over, else None."""
        if self.stop_requested:
            self.stop_requested = False
            return RunResult("quit", 0, self.insns, "stopped from the console")
        if self.deterministic and self.pending_input:
            # slices end on multiples of INPUT_QUANTUM, where input may be pushed
            slice_len = INPUT_QUANTUM - self.insns % INPUT_QUANTUM
        else:
            slice_len = REALTIME_SLICE
        if limit is not None:
            slice_len = min(slice_len, limit)
        if max_insns is not None:
            left = start + max_insns - self.insns
            if left <= 0:
                return max_insns_result(self.insns)
            slice_len = min(slice_len, left)
        self.before_step()
        return self.after_step(self.step_budget(slice_len))

    def before_step(self) -> None:
        """Host work before the CPU runs: console input, the devices' host side, the real-time clock."""
        if not self.deterministic:
            self._poll_host_input(0)
            self.poll_devices()             # deterministic runs serve devices only when they ask
        self._push_input()
        self._sync_clock()

    def after_step(self, code: int):
        """Host work after the CPU stopped with `code`: a RunResult when the run is over, else None."""
        self.drain_output()
        if self.tracer is not None:                     # [trace hook] drain every slice: live traces
            self.tracer.drain(self.st, self.ram)
        if code in (S.STOP_BUDGET, S.STOP_OUTPUT_FULL):
            return None
        if code == S.STOP_DEVICE:                       # a device needs the host (virtio notify)
            self.poll_devices()
            return None
        if code == S.STOP_TRACE:                        # [trace hook] drained above; go on
            return None
        if code == S.STOP_WFI:
            if self._input_used_up_and_quiet():
                return RunResult("input-used-up", EXIT_INPUT_USED_UP, self.insns,
                                 f"input used up and the guest idle for "
                                 f"{self.idle_stop_ticks / TICKS_PER_SECOND:g} s of guest time; stopping")
            if self._idle():
                return None
            return RunResult("idle", 0, self.insns,
                             "the guest waits for an interrupt that nothing can raise")
        if code == S.STOP_POWEROFF:
            status = int(self.st[S.EXIT_CODE])
            return RunResult("poweroff", status, self.insns,
                             "powered off" if status == 0 else f"guest failed with code {status}")
        if code == S.STOP_TOHOST:
            status = int(self.st[S.EXIT_CODE])
            return RunResult("tohost", status, self.insns,
                             "passed" if status == 0 else f"test {status} failed (tohost)")
        if code == S.STOP_NO_HANDLER:
            return RunResult("trap", 1, self.insns, self.trap_message())
        if code == S.STOP_RESET:
            self.load_elf(self._image)
            return None
        return RunResult("quit", 0, self.insns, "stopped")

    def trap_message(self) -> str:
        cause = int(self.st[S.STOP_CAUSE])
        return (f"unhandled trap: {RV.cause_name(cause)} (mcause=0x{cause:08x}) at pc=0x{int(self.st[S.STOP_PC]):08x} "
                f"tval=0x{int(self.st[S.STOP_TVAL]):08x} (mtvec is 0)")
