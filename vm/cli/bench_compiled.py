"""`toyos bench compiled`: compiled C programs on toyos, Unicorn and QEMU in one run.

The programs (vm/cli/bench_c/*.c: linked lists, matrices, a state machine,
CRC, sorting, string search, recursion, a bytecode interpreter) are what
users run, not loops shaped like our fast path.  Debian's
gcc-riscv64-unknown-elf compiles each with -O2 for rv32im into a bare-metal
program for the board: crt0.S maps RAM as user pages under Sv32, arms the
machine timer (live, far away) and calls main() in U-mode; main checks its
own result and its status ends the run through the test device.  The same
ELF file runs on:

- toyos: the Machine in deterministic time, which also gives the exact
  instruction count every rate below divides by, once with each engine: the
  interpreter (the default) and the native engine (vm/native: hot pages
  translated to host code; its object code is cached on disk as Numba's is,
  and the report says how much compiling this run did);
- Unicorn 2.1.4 (JIT, count=0): the U-mode ecall ends the run (Unicorn
  raises it as an interrupt hook instead of trapping to mtvec);
- qemu-system-riscv32 -M virt: the child's CPU time for the program built
  with -DREPEAT=N (main runs the benchmark N times) minus its CPU time for
  the ELF the others run, over N - 1: QEMU is so fast that its start-up
  would otherwise outweigh the program.

Rates use CPU time (ours: this process; QEMU's: the child's), medians of
--runs.  Without the cross compiler this says so and measures nothing.
"""
from __future__ import annotations

import math
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SOURCES = Path(__file__).resolve().parent / "bench_c"
GCC = "riscv64-unknown-elf-gcc"
CFLAGS = ("-march=rv32im_zicsr", "-mabi=ilp32", "-O2", "-ffreestanding", "-nostdlib",
          "-mno-relax", "-fno-pic", "-fno-tree-loop-distribute-patterns")
PROGRAMS = ("list", "matrix", "fsm", "crc", "sort", "search", "recurse", "interp")
QEMU_REPEAT = 21
MAX_INSNS = 4_000_000_000


class BenchError(Exception):
    """A program did not build or failed its self-check: one line for the user."""


@dataclass
class Figures:
    name: str
    insns: int
    toyos: float            # CPU seconds, median: the interpreter
    native: float           # the native engine
    native_first: float     # its first run (translating, compiling when not cached)
    unicorn: float | None
    qemu: float | None


def compiler() -> str | None:
    return shutil.which(GCC)


def compile_program(name: str, out_dir: Path, defines: tuple[str, ...] = ()) -> Path:
    """bench_c/NAME.c + crt0.S + support.c -> an ELF in OUT_DIR (BenchError on a compiler error)."""
    elf = out_dir / f"{name}{''.join(defines)}.elf"
    command = [GCC, *CFLAGS, *defines, "-T", str(SOURCES / "link.ld"), "-o", str(elf),
               str(SOURCES / "crt0.S"), str(SOURCES / f"{name}.c"), str(SOURCES / "support.c"), "-lgcc"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or ["no message"])[0]
        raise BenchError(f"{name}.c: {GCC} failed: {first}")
    return elf


def run_toyos(elf: bytes, runs: int, engine: str = "interp") -> tuple[int, float, float]:
    """(instructions, median CPU seconds, the first run's) on our machine; BenchError unless the
    program exits 0.  The native engine's first run in a process translates (and, when its cache
    lacks them, compiles) the program's hot pages; later runs find them made."""
    from vm.machine import Machine
    seconds, insns = [], 0
    for _ in range(runs):
        machine = Machine(ram_mb=32, deterministic=True, engine=engine)
        machine.load_elf(elf)
        start = time.process_time()
        result = machine.run(max_insns=MAX_INSNS)
        seconds.append(time.process_time() - start)
        if result.reason != "poweroff" or result.exit_code != 0:
            raise BenchError(f"on toyos ({engine}): {_describe(result)}")
        if insns and result.insns != insns:
            raise BenchError(f"on toyos ({engine}): {result.insns} instructions, then {insns}")
        insns = result.insns
    return insns, statistics.median(seconds), seconds[0]


def _describe(result) -> str:
    if result.reason == "poweroff":
        return f"failed its self-check (exit status {result.exit_code})"
    return f"did not finish ({result.reason}: {result.message})"


def run_unicorn(elf: bytes, runs: int) -> float | None:
    """Median CPU seconds on Unicorn, or None when it is not installed."""
    try:
        import unicorn
        from unicorn import riscv_const
    except ImportError:
        return None
    from asm.elfread import parse_elf
    image = parse_elf(elf)
    seconds = []
    for _ in range(runs):
        uc = unicorn.Uc(unicorn.UC_ARCH_RISCV, unicorn.UC_MODE_RISCV32)
        uc.mem_map(0x8000_0000, 32 << 20)
        uc.mem_map(0x0200_0000, 0x1_0000)         # the CLINT crt0 arms: plain memory here
        for segment in image.load_segments:
            uc.mem_write(segment.paddr, segment.data)
        status = []

        def on_ecall(uc, intno, _user):
            status.append((intno, uc.reg_read(riscv_const.UC_RISCV_REG_A0)))
            uc.emu_stop()

        uc.hook_add(unicorn.UC_HOOK_INTR, on_ecall)
        start = time.process_time()
        uc.emu_start(image.entry, 0xFFFF_FFFF, count=0)
        seconds.append(time.process_time() - start)
        if status != [(8, 0)]:
            raise BenchError(f"on Unicorn: ended with {status or 'no ecall'} (want the U-mode ecall, a0 = 0)")
    return statistics.median(seconds)


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_qemu(elf_path: Path, runs: int) -> float | None:
    """Median CPU seconds of a whole qemu-system-riscv32 run, or None when QEMU is missing."""
    qemu = shutil.which("qemu-system-riscv32")
    if qemu is None:
        return None
    seconds = []
    for _ in range(runs):
        before = _child_cpu()
        done = subprocess.run([qemu, "-M", "virt", "-bios", "none", "-nographic", "-kernel", str(elf_path)],
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=300)
        seconds.append(_child_cpu() - before)
        if done.returncode != 0:
            raise BenchError(f"on QEMU: exit status {done.returncode}")
    return statistics.median(seconds)


def measure(runs: int, out=print, qemu_repeat: int = QEMU_REPEAT) -> list[Figures] | None:
    """Build and run every program on the three machines; None when there is no cross compiler."""
    if compiler() is None:
        out(f"compiled: {GCC} is not installed (apt-get install gcc-riscv64-unknown-elf) - skipped")
        return None
    from vm.jit_cache import load_core
    load_core()
    figures = []
    with tempfile.TemporaryDirectory(prefix="toyos-bench-c-") as tmp:
        for name in PROGRAMS:
            path = compile_program(name, Path(tmp))
            repeated = compile_program(name, Path(tmp), (f"-DREPEAT={qemu_repeat}",))
            elf = path.read_bytes()
            try:
                insns, ours, _ = run_toyos(elf, runs)
                native_insns, native, native_first = run_toyos(elf, runs, "native")
                if native_insns != insns:
                    raise BenchError(f"the native engine ran {native_insns} instructions, "
                                     f"the interpreter {insns}")
                uni = run_unicorn(elf, runs)
                once, many = run_qemu(path, runs), run_qemu(repeated, runs)
            except BenchError as error:
                raise BenchError(f"{name}: {error}") from None
            qemu = None if once is None else max(many - once, 1e-6) / (qemu_repeat - 1)
            figures.append(Figures(name, insns, ours, native, native_first, uni, qemu))
    return figures


def _geomean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values))


def report(figures: list[Figures]) -> str:
    """The table: MIPS per machine and engine, each engine's ratio to each peer, geometric means."""
    def mips(f: Figures, seconds: float | None) -> str:
        return "     -" if seconds is None else f"{f.insns / seconds / 1e6:6.0f}"

    def ratio(ours: float, seconds: float | None) -> str:
        return "    -" if seconds is None else f"{seconds / ours:5.2f}"

    lines = ["compiled C (gcc -O2 rv32im, U-mode, Sv32, timer live); MIPS by CPU time, ratio = toyos / peer",
             "interp = the interpreter (default engine), native = --engine native",
             f"{'program':9} {'M insns':>8} {'interp':>6} {'native':>6} {'unicorn':>7} {'qemu':>6} "
             f"{'interp/uni':>10} {'native/uni':>10} {'native/qemu':>11}"]
    for f in figures:
        lines.append(f"{f.name:9} {f.insns / 1e6:8.1f} {mips(f, f.toyos)} {mips(f, f.native)} "
                     f"{mips(f, f.unicorn):>7} {mips(f, f.qemu)} {ratio(f.toyos, f.unicorn):>10} "
                     f"{ratio(f.native, f.unicorn):>10} {ratio(f.native, f.qemu):>11}")
    for engine in ("toyos", "native"):
        label = "interp" if engine == "toyos" else "native"
        for peer in ("unicorn", "qemu"):
            ratios = {f.name: getattr(f, peer) / getattr(f, engine) for f in figures
                      if getattr(f, peer) is not None}
            if ratios:
                lowest = min(ratios, key=ratios.get)
                lines.append(f"geometric mean {label}/{peer}: {_geomean(list(ratios.values())):.2f}  "
                             f"(lowest {ratios[lowest]:.2f}, {lowest})")
            else:
                lines.append(f"{peer}: not installed - no ratio")
    from vm.native.compile import stats
    first = {f.name: f.unicorn / f.native_first for f in figures if f.unicorn is not None}
    if first:
        lowest = min(first, key=first.get)
        lines.append(f"native's first runs (translating; median above is of the runs after): "
                     f"geometric mean native/unicorn {_geomean(list(first.values())):.2f} "
                     f"(lowest {first[lowest]:.2f}, {lowest})")
    lines.append(f"native engine: {stats['compiled']} units compiled by LLVM in this run "
                 f"({stats['compile_seconds']:.2f} s CPU, in the first runs), "
                 f"{stats['loaded'] - stats['compiled']} loaded from its on-disk cache")
    return "\n".join(lines)


def run_benchmark(runs: int) -> int:
    try:
        figures = measure(runs)
    except BenchError as error:
        print(f"toyos bench compiled: {error}")
        return 1
    if figures is not None:
        print(report(figures), flush=True)
    return 0
