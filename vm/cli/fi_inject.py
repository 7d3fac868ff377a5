"""The targets `toyos fi` can hit and the faults it injects into them.

TARGETS is the one table of targets: adding a server is one row naming the
process (its first thread's name, as pm names it), whether pm restarts it
(server figures) or it is part of the trusted base (pm, whose death ends
the system by design, and the kernel: reported apart), and the interrupt
it serves, if any (the dropped-interrupt fault): a PLIC source, or the
kind of virtio device whose slot's source it is (the machine puts a device
in a slot when it is made).

Each fault is one function `inject_<kind>(run, target, rng)` called at the
chosen instruction count.  It returns a `poll()` that the run calls at
every crossing between the kernel and a thread from then on (the first
instruction after each trap entry and sret; the workload goes on meanwhile)
until the moment the fault makes sense has come (a user-mode instruction boundary of
the target, a message arriving, an interrupt notified): then it changes one
thing and returns a one-line description.  If the moment does not come
within CHANCE_BOUND instructions the run counts "no chance" (apart from the
outcomes).  Every random choice comes from `rng` in a fixed order, so (seed,
target, fault, instruction count) replays the same injection.
"""
from __future__ import annotations

from dataclasses import dataclass

from vm import riscv as RV
from vm import state as S
from vm.abi_tables import IPC, THREAD, TRAPFRAME
from vm.memmap import UART_IRQ

CHANCE_BOUND = 2_000_000        # instructions an injection may wait for its moment
RECV, SEND, CALL = 2, 3, 4      # kernel/abi.toml [states] (thread states blocked in IPC)
PC_INDEX = 32                   # "register 32" is the pc (the trapframe keeps it at 4 * 32)
REG_NAMES = {offset // 4: name for name, offset in TRAPFRAME.items() if name not in ("zero",)}
REG_NAMES[PC_INDEX] = "pc"
REG_INDEX = {name: index for index, name in REG_NAMES.items()}


@dataclass(frozen=True)
class Target:
    name: str
    process: str | None         # name of the process's first thread; None: the kernel
    restartable: bool           # pm restarts it: a server (else the trusted base, reported apart)
    irq: int | str | None = None    # PLIC source it serves, or its virtio device's kind

    @property
    def faults(self) -> tuple[str, ...]:
        if self.process is None:
            return ("reg", "code", "data")
        return ("reg", "code", "data", "ipc") + (("irq",) if self.irq is not None else ())


TARGETS = {t.name: t for t in (
    Target("console", "console", True, UART_IRQ),
    Target("fs", "fs", True, "blk"),
    Target("pipe", "pipe", True),
    Target("net", "net", True, "net"),
    Target("lpd", "lpd", True),
    Target("shell", "shell", True),
    Target("pm", "pm", False),
    Target("kernel", None, False),
)}
FAULTS = ("reg", "code", "data", "ipc", "irq")


def inject_reg(run, target, rng):
    """A bit flip in a register (x1..x31 or pc) of one of the target's threads, or of the
    hart while it runs the kernel."""
    m, view = run.m, run.view
    reg, bit = rng.randrange(1, PC_INDEX + 1), rng.randrange(32)
    if target.process is None:
        def poll():
            if m.priv != RV.PRIV_S:
                return None
            _flip_hart(m, reg, bit)
            return f"kernel {REG_NAMES[reg]} bit {bit} (pc 0x{m.pc:08x})"
        return poll
    pick = rng.random()

    def poll():
        if m.priv != RV.PRIV_U:
            return None           # at a user-mode boundary every other thread's trapframe is whole
        threads = view.process_threads(target.process)
        if not threads:
            return None
        thread = threads[int(pick * len(threads))]
        if thread.address == view.current():
            _flip_hart(m, reg, bit)
            where = "running"
        else:
            at = thread.address + 4 * reg
            view.set_word(at, view.word(at) ^ (1 << bit))
            where = "saved"
        return f"tid {thread.tid} {REG_NAMES[reg]} bit {bit} ({where})"
    return poll


def _flip_hart(m, reg: int, bit: int) -> None:
    if reg == PC_INDEX:
        m.st[S.PC] = int(m.st[S.PC]) ^ (1 << bit)
    else:
        m.regs[reg] ^= 1 << bit


def _flip_memory(run, target, rng, kind: str):
    view = run.view
    if target.process is None:
        ranges = view.kernel_code if kind == "code" else view.kernel_data
        base, size = rng.choice(ranges)
        paddr, bit = base + rng.randrange(size), rng.randrange(8)
        view.flip_ram_bit(paddr, bit)
        return f"kernel 0x{paddr:08x} bit {bit}"
    threads = view.process_threads(target.process)
    if not threads:
        return None
    want = RV.PTE_X if kind == "code" else RV.PTE_W
    pages = [p for p in view.user_pages(threads[0].satp) if p.perms & want]
    if not pages:
        return None
    page = rng.choice(pages)
    offset, bit = rng.randrange(RV.PAGE_SIZE), rng.randrange(8)
    view.flip_ram_bit(page.paddr + offset, bit)
    return f"0x{page.vaddr + offset:08x} (frame 0x{page.paddr:08x}) bit {bit}"


def inject_code(run, target, rng):
    """A bit flip in one of the target's code pages (the kernel: its .text)."""
    return lambda: _flip_memory(run, target, rng, "code")


def inject_data(run, target, rng):
    """A bit flip in one of the target's writable pages (the kernel: .data and .bss)."""
    return lambda: _flip_memory(run, target, rng, "data")


class WakeWatch:
    """Sees one of the target's threads that was blocked in IPC (and the kernel has
    since woken) on the CPU in user mode: its registers hold the message it has just
    received, and it has not read them yet."""

    def __init__(self, run, threads):
        self.m, self.view = run.m, run.view
        self.state_at = {t.address: t.address + THREAD["state"][0] for t in threads}
        self.blocked = {t.address: t.state if t.state in (RECV, SEND, CALL) else 0 for t in threads}

    def check(self, found):
        """found(thread address, the IPC state it was blocked in) for such a thread, or None."""
        current, user = self.view.current(), self.m.priv == RV.PRIV_U
        result = None
        for address, at in self.state_at.items():
            if address == current and user:
                if self.blocked[address]:
                    result = result or found(address, self.blocked[address])
                self.blocked[address] = 0
            else:
                state = self.view.word(at)
                if state in (RECV, SEND, CALL):
                    self.blocked[address] = state
        return result


def inject_ipc(run, target, rng):
    """A bit flip in the message a target thread has just received (a request, or the
    reply to its own call), in its registers before it reads them."""
    threads = run.view.process_threads(target.process)
    if not threads:
        return None
    watch, choice, bit = WakeWatch(run, threads), rng.random(), rng.randrange(32)

    def corrupt(address, state):
        part = IPC["received"] if state == RECV else IPC["replied"]
        names = sorted({v for v in part.values() if isinstance(v, str)}
                       | {w for v in part.values() if isinstance(v, list) for w in v})
        reg = REG_INDEX[names[int(choice * len(names))]]
        was = int(run.m.regs[reg])
        run.m.regs[reg] ^= 1 << bit
        return (f"{'request' if state == RECV else 'reply'} {REG_NAMES[reg]} bit {bit} "
                f"(0x{was:x} -> 0x{int(run.m.regs[reg]):x})")
    return lambda: watch.check(corrupt)


def inject_irq(run, target, rng):
    """A dropped interrupt: the notification the kernel sets for the target's device
    is cleared before the target sees it (pending in its thread, or just handed over
    by recv)."""
    m, view = run.m, run.view
    irq = irq_source(m, target.irq)
    bits = view.irq_bits(irq) if irq is not None else 0
    threads = view.process_threads(target.process)
    if not bits or not threads:
        return None
    notified = REG_INDEX[IPC["received"]["notified"]]
    pending_at = [t.address + THREAD["notify_bits"][0] for t in threads]
    watch = WakeWatch(run, threads)

    def handed(address, state):
        if state == RECV and m.regs[notified] & bits:
            m.regs[notified] &= ~bits & 0xFFFF_FFFF
            return f"irq {irq} dropped (delivered)"
        return None

    def poll():
        if m.priv == RV.PRIV_U:   # (inside notify_thread the bits are in flight: drop them once settled)
            for at in pending_at:
                if view.word(at) & bits:
                    view.set_word(at, view.word(at) & ~bits)
                    return f"irq {irq} dropped (pending)"
        return watch.check(handed)
    return poll


def irq_source(m, irq: int | str) -> int | None:
    """The PLIC source of a Target's irq: itself, or the slot of the virtio device of that kind."""
    if isinstance(irq, int):
        return irq
    from vm.devices import board, virtio_mmio
    from vm.memmap import VIRTIO_IRQ_BASE
    for slot, win in enumerate(board.VIRTIO_SLOTS):
        kind = virtio_mmio.kind_of(m.dev, win)
        if kind is not None and kind is virtio_mmio.KINDS[irq]:
            return VIRTIO_IRQ_BASE + slot
    return None


INJECTORS = {"reg": inject_reg, "code": inject_code, "data": inject_data,
             "ipc": inject_ipc, "irq": inject_irq}
