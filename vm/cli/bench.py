"""`toyos bench`: benchmark figures for the machine (and the assembler, when present).

    toyos bench            everything
    toyos bench cpu        guest MIPS (M-mode, U-mode under Sv32, memory-heavy),
                           Unicorn on the same workload, Numba compile/start-up
    toyos bench asm        the assembler's lines per second (asm/bench.py)
    toyos bench trace      the tracer's overhead (vm/cli/bench_trace.py)
    toyos bench os         the kernel's measures: syscall, IPC, switch, boot, idle (vm/cli/bench_os.py)
    toyos bench compiled   compiled C programs on toyos, Unicorn and QEMU (vm/cli/bench_compiled.py)
    toyos bench net        frames through the virtio-net card's udp back-end (vm/cli/bench_net.py)
    toyos bench startup    whole-process start of `toyos run` against `import numba` (vm/cli/bench_startup.py)

MIPS figures are medians of --runs runs and use the process's CPU time, so
other work on a shared machine does not deflate them; wall-clock figures are
printed beside them.  Nothing here asserts a speed: it prints figures.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROGRAMS = Path(__file__).resolve().parent / "bench_programs"
BOARD_INCLUDE = Path(__file__).resolve().parents[2] / "kernel" / "include"   # abi.inc: the board's addresses
WORKLOADS = (
    ("int_m", "integer workload, M-mode, no MMU"),
    ("int_u", "integer workload, U-mode, Sv32 + timer IRQ live"),
    ("mem_u", "copy+sum 4 MiB x8, U-mode, Sv32 4 KiB pages"),
    ("trap_u", "ecall round trips U -> S handler -> sret"),
)


def _runs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("a median needs at least 1 run")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", nargs="?", default="all", choices=("all", "cpu", "compiled", "asm", "trace", "os", "net", "ping", "startup"),
                        help="which figures (default all)")
    parser.add_argument("--runs", type=_runs, default=3, help="runs per MIPS figure (median; default 3)")
    parser.add_argument("--no-compile", action="store_true",
                        help="skip the cold Numba compile measurement (it takes a minute)")


def build(name: str) -> bytes:
    """The benchmark program as ELF bytes, from our assembler (GNU as if ours is missing)."""
    source = PROGRAMS / f"{name}.s"
    try:
        from asm.assembler import assemble_files
        return assemble_files([str(source)], include_dirs=[str(PROGRAMS), str(BOARD_INCLUDE)]).elf_bytes()
    except ImportError:
        with tempfile.TemporaryDirectory() as tmp:
            obj, elf = Path(tmp, "x.o"), Path(tmp, "x.elf")
            subprocess.run(["riscv64-unknown-elf-as", "-march=rv32ima_zicsr_zifencei", "-mabi=ilp32",
                            "-I", str(PROGRAMS), "-I", str(BOARD_INCLUDE), "-o", str(obj), str(source)], check=True)
            subprocess.run(["riscv64-unknown-elf-ld", "-m", "elf32lriscv", "--no-relax",
                            "-Ttext=0x80000000", "-o", str(elf), str(obj)], check=True)
            return elf.read_bytes()


def guest_mips(elf: bytes, runs: int):
    """(median CPU-time MIPS, median wall MIPS, instructions) for running `elf` to power-off."""
    from vm.machine import Machine
    cpu, wall, insns = [], [], 0
    for _ in range(runs):
        m = Machine(ram_mb=32, deterministic=True)
        m.load_elf(elf)
        t_cpu, t_wall = time.process_time(), time.perf_counter()
        result = m.run(max_insns=2_000_000_000)
        d_cpu, d_wall = time.process_time() - t_cpu, time.perf_counter() - t_wall
        if result.reason != "poweroff":
            raise RuntimeError(f"benchmark program ended with {result.reason}: {result.message}")
        insns = result.insns
        cpu.append(insns / d_cpu / 1e6)
        wall.append(insns / d_wall / 1e6)
    return statistics.median(cpu), statistics.median(wall), insns


def unicorn_mips(elf: bytes, runs: int):
    """The M-mode integer workload on Unicorn (JIT, count=0): (CPU MIPS, wall MIPS), or None."""
    try:
        import unicorn
        from unicorn import riscv_const
    except ImportError:
        return None
    from asm.elfread import parse_elf
    image = parse_elf(elf)
    end = image.symbols["bench_end"]
    cpu, wall = [], []
    insns = None
    for _ in range(runs):
        uc = unicorn.Uc(unicorn.UC_ARCH_RISCV, unicorn.UC_MODE_RISCV32)
        uc.mem_map(0x80000000, 32 << 20)
        for seg in image.load_segments:
            if seg.paddr >= 0x80000000:
                uc.mem_write(seg.paddr, seg.data)
        if insns is None:
            insns = _count_to(elf, end)
        t_cpu, t_wall = time.process_time(), time.perf_counter()
        uc.emu_start(image.entry, end, count=0)
        d_cpu, d_wall = time.process_time() - t_cpu, time.perf_counter() - t_wall
        cpu.append(insns / d_cpu / 1e6)
        wall.append(insns / d_wall / 1e6)
    return statistics.median(cpu), statistics.median(wall)


def _count_to(elf: bytes, end: int) -> int:
    """Instructions our machine runs from the ELF entry to `end` (for Unicorn's rate)."""
    from vm.machine import Machine
    m = Machine(ram_mb=32, deterministic=True)
    m.load_elf(elf)
    result = m.run(max_insns=2_000_000_000)
    tail = 4                                  # li t0; li t1 (2 words); sw at bench_end
    return result.insns - 6 - tail            # minus the boot ROM's six instructions


def _subprocess_seconds(code: str, env=None) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def compile_times(skip_cold: bool):
    code = ("from vm.machine import Machine\n"
            "m = Machine(ram_mb=1)\n"
            "m.step_budget(0)\n")
    cold = None
    if not skip_cold:
        with tempfile.TemporaryDirectory() as cache:
            env = dict(os.environ, NUMBA_CACHE_DIR=cache)
            cold = _subprocess_seconds(code, env)
    _subprocess_seconds(code)                 # make sure the normal cache is warm
    warm = statistics.median(_subprocess_seconds(code) for _ in range(3))
    return cold, warm


def bench_cpu(args) -> None:
    from vm.jit_cache import load_core
    load_core()
    elfs = {name: build(name) for name, _ in WORKLOADS}
    results = {}
    guest_mips(elfs["int_m"], 1)              # warm-up: the first run in a process is slower
    for name, label in WORKLOADS:
        cpu, wall, insns = guest_mips(elfs[name], args.runs)
        results[name] = cpu
        print(f"cpu {name:6} {label:50} {cpu:7.0f} MIPS  (wall {wall:.0f}; {insns / 1e6:.0f} M insns)",
              flush=True)
    uni = unicorn_mips(elfs["int_m"], args.runs)
    if uni is None:
        print("unicorn: not installed (pip install unicorn) - no ratio")
    else:
        print(f"unicorn int_m {'same integer workload on Unicorn 2 (JIT, count=0)':45} {uni[0]:7.0f} MIPS"
              f"  (wall {uni[1]:.0f})")
        print(f"ratio toyos/unicorn: M-mode {results['int_m'] / uni[0]:.2f}, "
              f"U-mode+Sv32 {results['int_u'] / uni[0]:.2f}")
    cold, warm = compile_times(args.no_compile)
    if cold is not None:
        print(f"numba compile, cold cache (fresh NUMBA_CACHE_DIR, subprocess): {cold:.1f} s")
    print(f"start-up with a warm cache (import + first run() call, subprocess): {warm:.2f} s")


def bench_asm() -> None:
    try:
        from asm.bench import run_benchmark
    except ImportError:
        print("asm: asm/bench.py not present")
        return
    result = run_benchmark()
    print("asm " + ", ".join(f"{k}={v:.0f}" if isinstance(v, float) else f"{k}={v}"
                             for k, v in result.items()))


def execute(args) -> int:
    if args.what in ("all", "cpu"):
        bench_cpu(args)
    if args.what in ("all", "compiled"):
        from vm.cli.bench_compiled import run_benchmark as run_compiled
        if run_compiled(args.runs) != 0:
            return 1
    if args.what in ("all", "asm"):
        bench_asm()
    if args.what in ("all", "trace"):
        from vm.cli.bench_trace import run_benchmark      # [trace hook] tracer overhead figures
        run_benchmark()
    if args.what in ("all", "startup"):
        from vm.cli.bench_startup import run_benchmark as run_startup
        run_startup(max(args.runs, 5))
    if args.what in ("all", "os"):
        from vm.cli.bench_os import report, run_benchmark as run_os   # [os hook] kernel measures
        print(report(run_os(runs=args.runs)), flush=True)
    if args.what in ("all", "net"):
        from vm.cli.bench_net import run_benchmark as run_net     # [net hook] udp frames/s
        print(run_net(), flush=True)
    if args.what in ("all", "ping"):
        from vm.cli.bench_ping import run_benchmark as run_ping   # [ping hook] echo round trips
        print(run_ping(), flush=True)
    return 0
