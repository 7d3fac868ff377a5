"""`toyos bench os`'s exact figures (vm/cli/bench_os.py) on the real image.

Guest-instruction counts are deterministic, so the DESIGN.md §7 budgets are
checked here; wall time and idle CPU are only printed by the benchmark.
"""
from __future__ import annotations

from pathlib import Path

from vm.cli import bench_os

CONSOLE_WRITE_CEILING = 580     # instructions per 13-byte write() (sysbench write)


def test_guest_figures_are_measured_and_within_the_design_budgets(kernel_image):
    figures = bench_os.guest_figures(Path(kernel_image))
    assert set(figures) == {"boot_insns", "null_syscall_insns", "yield_switch_insns",
                            "ipc_round_trip_insns", "console_write_insns"}
    assert all(isinstance(v, int) and v > 0 for v in figures.values()), figures
    assert figures["null_syscall_insns"] <= bench_os.GOALS["null_syscall_insns"]
    assert figures["ipc_round_trip_insns"] <= bench_os.GOALS["ipc_round_trip_insns"]
    assert figures["boot_insns"] <= bench_os.GOALS["boot_insns"]
    # issue 12's goal is 500 (not met yet: BENCHMARKS.md says by how much); this
    # holds what lends-a-lease-on-the-fast-path and the ring bursts gave (1,440 before)
    assert figures["console_write_insns"] <= CONSOLE_WRITE_CEILING
    # a switch through the scheduler costs more than the direct IPC hand-off
    assert figures["yield_switch_insns"] > figures["ipc_round_trip_insns"] // 2
    text = bench_os.report(figures | {"boot_wall_s": 0.5, "idle_cpu_percent": 1.0,
                                      "runs": 1, "idle_seconds": 1.0})
    assert len(text.splitlines()) == 8
    assert f"{figures['ipc_round_trip_insns']} instructions" in text
