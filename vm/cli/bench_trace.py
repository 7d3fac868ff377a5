"""Tracer overhead figures: what tracing costs in guest MIPS (a benchmark, not a test).

Workload: boot toyos in deterministic time and run `pingpong N` (IPC round
trips: a syscall and two context switches each) to power-off; medians of a
few interleaved runs of each configuration:
  baseline   vm/cpu.py with every `[trace hook]` stripped out (compiled here)
  off        the real core, tracing off (the cost of merely having the hooks)
  record     syscalls+switches recorded (rows and argument copies in the core,
             drains keep raw rows; decoding after the run is not counted)
  decode     the same, decoded to JSON lines as it runs (what a live trace costs)
and a CPU-bound register loop (no traps) on the hook-free and the real core.
Targets (DESIGN.md / issue 5): off within 3 % of baseline, record within 30 %.
Times are process CPU time, so other work on the machine counts less.

    python -m vm.cli.bench_trace        prints the figures
    run_benchmark() -> dict             the same, for `toyos bench`
"""
from __future__ import annotations

import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

from vm.devices.registers import FINISHER_PASS
from vm.memmap import SIFIVE_TEST_BASE

ROUND_TRIPS = 10000
# CPU-bound peer: a register loop (no traps) that powers off through sifive_test.
LOOP = f"""
    .text
    .globl _start
_start:
    li t0, 20000000
1:  addi t1, t1, 3
    xor t2, t1, t0
    addi t0, t0, -1
    bnez t0, 1b
    li t0, {SIFIVE_TEST_BASE:#x}
    li t1, {FINISHER_PASS:#x}
    sw t1, 0(t0)
2:  j 2b
"""
REPEATS = 5
SESSION = f"pingpong {ROUND_TRIPS}\nshutdown\n".encode()


def strip_hooks(source: str) -> str:
    """vm/cpu.py without the tracer: drop each `if st[S.TRACE]...:` block and the STOP_TRACE test."""
    out, skip_deeper = [], None
    for line in source.splitlines():
        indent = len(line) - len(line.lstrip())
        if skip_deeper is not None:
            if line.strip() and indent > skip_deeper:
                continue
            skip_deeper = None
        if line.lstrip().startswith("if st[S.TRACE]"):
            skip_deeper = indent
            continue
        if "# [trace hook]" in line:
            line = line.replace(" or st[S.STOP] == S.STOP_TRACE", "")
            line = line.replace(" and st[S.TRACE] == 0", "")     # the inline ecall's condition
            # enter_trap = record_trap (if tracing) + take_trap: keep the take_trap
            line = line.replace("enter_trap(tbuf, st, regs, ram, csrs, dev, ", "take_trap(st, csrs, ")
        out.append(line)
    return "\n".join(out) + "\n"


def baseline_core():
    """The core compiled from the stripped source (its own module, its own Numba cache)."""
    from vm import cpu
    stripped = strip_hooks(Path(cpu.__file__).read_text())
    assert "record_trap(" not in stripped and "enter_trap(" not in stripped
    assert "record_sret(" not in stripped and "STOP_TRACE" not in stripped
    folder = Path(tempfile.gettempdir()) / "toyos-bench-baseline"
    folder.mkdir(exist_ok=True)
    path = folder / "cpu_baseline.py"
    if not path.exists() or path.read_text() != stripped:
        path.write_text(stripped)
    spec = importlib.util.spec_from_file_location("toyos_cpu_baseline", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module              # Numba's cache finds the module by name
    spec.loader.exec_module(module)
    return module


def _session(image: str, core=None, trace: bool = False, defer: bool = False) -> tuple[int, float]:
    """One deterministic boot + pingpong + shutdown: (guest instructions, seconds)."""
    import io
    from vm.machine import Machine
    from vm.trace.events import TRACE_SWITCHES, TRACE_SYSCALLS
    from vm.trace.session import TraceSession

    machine = Machine(deterministic=True, input_bytes=SESSION)
    elf = machine.load_elf(image)
    if core is not None:
        def step_budget(n, m=machine):
            return int(core.run(m.st, m.regs, m.csrs, m.ram, m.ram32, m.ram16, m.tlb, m.dev,
                                n, m.trace_buffer))
        machine.step_budget = step_budget
    session = None
    if trace:
        session = TraceSession.for_kernel(elf.symbols, TRACE_SYSCALLS | TRACE_SWITCHES,
                                          out=io.StringIO(), fmt="jsonl", defer=defer)
        machine.attach_tracer(session)
    t0 = time.process_time()          # CPU time: other processes on the machine do not count
    result = machine.run(max_insns=200_000_000)
    if session is not None:
        session.drain(machine.st, machine.ram)
    seconds = time.process_time() - t0          # deferred decoding is not the machine's time
    if session is not None:
        session.close(machine.st, machine.ram)
    if result.reason != "poweroff":
        raise RuntimeError(f"benchmark session did not power off: {result.message}")
    if b"round trips" not in machine.output:
        raise RuntimeError(f"pingpong did not report: {machine.output[-300:]!r}")
    return result.insns, seconds


def _loop(elf: bytes, core=None) -> float:
    """MIPS of the CPU-bound loop on `core` (None: the real one, tracing off)."""
    from vm.machine import Machine
    machine = Machine(ram_mb=1, deterministic=True)
    machine.load_elf(elf)
    if core is not None:
        def step_budget(n, m=machine):
            return int(core.run(m.st, m.regs, m.csrs, m.ram, m.ram32, m.ram16, m.tlb, m.dev,
                                n, m.trace_buffer))
        machine.step_budget = step_budget
    t0 = time.process_time()
    result = machine.run()
    return result.insns / (time.process_time() - t0) / 1e6


def run_benchmark(image: str | None = None, log=print) -> dict:
    from vm.cli import build as build_cli
    if image is None:
        image = str(Path(tempfile.gettempdir()) / "toyos-bench-baseline" / "toyos.elf")
        build_cli.build(Path(image), "toyos", log=lambda *a: None)
    log("tracer benchmark: compiling the hook-free baseline core (first run only)...")
    baseline = baseline_core()
    _session(image, baseline)                    # compile / warm both cores
    _session(image, None, trace=True)
    _session(image, None, trace=True, defer=True)
    configs = {"baseline": (baseline, False, False), "off": (None, False, False),
               "record": (None, True, True), "decode": (None, True, False)}
    seconds = {name: [] for name in configs}
    insns = 0
    for _ in range(REPEATS):                     # interleaved, so load drifts hit all alike
        for name, (core, trace, defer) in configs.items():
            insns, took = _session(image, core, trace, defer)
            seconds[name].append(took)
    figures = {"insns": insns}
    for name in configs:
        figures[f"{name}_mips"] = insns / statistics.median(seconds[name]) / 1e6
    figures["off_overhead_pct"] = 100 * (1 - figures["off_mips"] / figures["baseline_mips"])
    figures["record_overhead_pct"] = 100 * (1 - figures["record_mips"] / figures["off_mips"])
    figures["decode_overhead_pct"] = 100 * (1 - figures["decode_mips"] / figures["off_mips"])
    from asm.assembler import assemble_text
    loop = assemble_text(LOOP, "loop.s").elf_bytes()
    _loop(loop, baseline)
    _loop(loop)
    cpu_bound = {"baseline": [], "off": []}
    for _ in range(REPEATS):
        cpu_bound["baseline"].append(_loop(loop, baseline))
        cpu_bound["off"].append(_loop(loop))
    figures["loop_baseline_mips"] = statistics.median(cpu_bound["baseline"])
    figures["loop_off_mips"] = statistics.median(cpu_bound["off"])
    figures["loop_off_overhead_pct"] = 100 * (1 - figures["loop_off_mips"] / figures["loop_baseline_mips"])
    log(f"tracer: CPU-bound loop (no traps), median of {REPEATS}")
    log(f"  hook-free core              {figures['loop_baseline_mips']:7.1f} MIPS")
    log(f"  tracing off                 {figures['loop_off_mips']:7.1f} MIPS  "
        f"({figures['loop_off_overhead_pct']:+.1f} % vs hook-free; target <= 3 %)")
    log(f"tracer: boot + pingpong {ROUND_TRIPS} + shutdown, {insns:,} guest instructions, "
        f"median of {REPEATS}")
    log(f"  hook-free core              {figures['baseline_mips']:7.1f} MIPS")
    log(f"  tracing off                 {figures['off_mips']:7.1f} MIPS  "
        f"({figures['off_overhead_pct']:+.1f} % vs hook-free; target <= 3 %)")
    log(f"  syscalls+switches recorded  {figures['record_mips']:7.1f} MIPS  "
        f"({figures['record_overhead_pct']:+.1f} % vs off; target <= 30 %; decoded after the run)")
    log(f"  ... and decoded as it runs  {figures['decode_mips']:7.1f} MIPS  "
        f"({figures['decode_overhead_pct']:+.1f} % vs off: Python decoding, JSON lines)")
    return figures


if __name__ == "__main__":
    run_benchmark(sys.argv[1] if len(sys.argv) > 1 else None)
