"""Oracle: each privileged test program prints the same transcript on QEMU and on our VM.

The programs (tests/vm/programs/priv/*.s) exercise M/S/U modes, traps and
delegation, Sv32, timers, the PLIC and the UART, and print what they see.
One ELF (built with our assembler) runs on `qemu-system-riscv32 -M virt
-bios none` and on our machine in deterministic time; the UART output and
the exit status must be equal.  spec_*.s programs are left out: they cover
points where QEMU 7.2 departs from the spec (tests/vm/test_priv_spec.py).
"""
from __future__ import annotations

import difflib

import pytest

from tests.oracles.qemu import run_qemu
from tests.vm.build import PRIV_PROGRAMS, PROGRAMS, build
from tests.vm.vmrun import run_elf

# Console input for the programs that read it; the same bytes go to both.
PROGRAM_INPUT = {"uart_irq": b"hi!?"}
VM_BUDGET = 20_000_000

TRANSCRIPT_PROGRAMS = sorted(p for p in PRIV_PROGRAMS.glob("*.s") if not p.stem.startswith("spec_"))


def diff(expected: bytes, got: bytes) -> str:
    lines = difflib.unified_diff(expected.decode(errors="replace").splitlines(),
                                 got.decode(errors="replace").splitlines(),
                                 "qemu", "toyos", lineterm="", n=2)
    return "\n".join(lines)


@pytest.mark.parametrize("source", TRANSCRIPT_PROGRAMS, ids=lambda p: p.stem)
def test_transcript_equals_qemu(source):
    elf = build([source], [PROGRAMS, PRIV_PROGRAMS])
    stdin = PROGRAM_INPUT.get(source.stem, b"")
    qemu = run_qemu(elf, stdin)
    assert qemu.exit_code == 0, (f"{source.name} does not finish on QEMU (exit {qemu.exit_code}); "
                                 f"the program is wrong:\n{qemu.output.decode(errors='replace')}")
    ours = run_elf(elf, input_bytes=stdin, max_insns=VM_BUDGET)
    assert ours.output == qemu.output, (
        f"{source.name}: transcripts differ (ours ended: {ours.reason}, exit {ours.exit_code}, "
        f"{ours.message})\n{diff(qemu.output, ours.output)}")
    assert (ours.reason, ours.exit_code) == ("poweroff", 0), ours.message


def test_toyos_run_cli_transcript_equals_qemu():
    """The same through the command line: `toyos run --deterministic --input-text`."""
    import subprocess
    import sys

    source = PRIV_PROGRAMS / "uart_irq.s"
    elf = build([source], [PROGRAMS, PRIV_PROGRAMS])
    stdin = PROGRAM_INPUT[source.stem]
    qemu = run_qemu(elf, stdin)
    assert qemu.exit_code == 0, "uart_irq.s does not finish on QEMU"
    ours = subprocess.run([sys.executable, "-m", "vm.cli", "run", "--deterministic",
                           "--input-text", stdin.decode(), "--max-insns", str(VM_BUDGET), str(elf)],
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=300)
    assert ours.stdout == qemu.output, diff(qemu.output, ours.stdout) + ours.stderr.decode()
    assert ours.returncode == 0, ours.stderr.decode()
