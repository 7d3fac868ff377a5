"""Run a test ELF on our machine and report how it ended.

One place that knows C's public API (vm.machine.Machine), so the ISA,
transcript, lockstep and Unicorn tests all drive the VM the same way: in
deterministic time, with scripted console input, within an instruction
budget.
"""
from __future__ import annotations

from dataclasses import dataclass

DEFAULT_BUDGET = 5_000_000


@dataclass
class VmRun:
    reason: str
    exit_code: int | None
    insns: int
    message: str
    output: bytes


def run_elf(elf, input_bytes: bytes = b"", max_insns: int = DEFAULT_BUDGET, trace_insn=None,
            virtio=(), disk=None) -> VmRun:
    """Load `elf` (a path) into a fresh deterministic Machine (with `virtio` device kinds and a
    virtio_blk.DiskImage `disk`) and run it."""
    from vm.machine import Machine

    machine = Machine(ram_mb=128, deterministic=True, input_bytes=input_bytes, virtio=virtio, disk=disk)
    machine.load_elf(str(elf))
    result = machine.run(max_insns=max_insns, trace_insn=trace_insn)
    return VmRun(str(result.reason), result.exit_code, result.insns, result.message or "",
                 bytes(machine.output))
