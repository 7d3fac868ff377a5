"""The riscv-tests-style ISA programs (tests/vm/programs/rv32*.s) pass on our VM.

Each program is built with our assembler and run on our machine; it ends by
storing to `tohost` (1 = pass, (n << 1) | 1 = test n failed).  A failure
names the test number and shows its source line.  tests/oracles/
test_qemu_isa.py runs the same programs on QEMU, which vouches for their
expected values.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from asm.isa import INSTRUCTIONS, decode
from tests.vm.build import PRIV_PROGRAMS, PROGRAMS, build
from tests.vm.vmrun import run_elf

ISA_PROGRAMS = sorted(PROGRAMS.glob("rv32*.s"))


def failing_test_line(source: Path, testnum: int) -> str:
    """The source line that defines test `testnum`, for the failure message."""
    pattern = re.compile(rf"^\s*(test_{testnum}:|[A-Z_0-9]+\s+{testnum}\s*,)")
    for lineno, line in enumerate(source.read_text().splitlines(), 1):
        if pattern.match(line):
            return f"{source.name}:{lineno}: {line.strip()}"
    return f"{source.name}: test {testnum} (source line not found)"


@pytest.mark.parametrize("source", ISA_PROGRAMS, ids=lambda p: p.stem)
def test_isa_program_passes_on_vm(source):
    run = run_elf(build([source]), max_insns=2_000_000)
    if run.exit_code == 0 and run.reason in ("tohost", "poweroff"):
        return
    detail = (f"reason={run.reason} exit_code={run.exit_code} insns={run.insns} "
              f"message={run.message!r} uart={run.output.decode(errors='replace')!r}")
    if run.exit_code and run.reason in ("tohost", "poweroff"):
        pytest.fail(f"test {run.exit_code} failed: {failing_test_line(source, run.exit_code)}\n{detail}")
    pytest.fail(f"{source.name} did not pass: {detail}")


def _executed_rows(elf_path) -> set[str]:
    """Names of the ISA rows the program executed, from its --trace-insn lines
    (pc, word, ...; interrupt lines start with dashes). ecall and ebreak
    execute by trapping; for any other row a line that trapped does not count."""
    trace = io.StringIO()
    run = run_elf(elf_path, max_insns=2_000_000, trace_insn=trace)
    assert run.reason in ("tohost", "poweroff", "idle"), run
    rows = set()
    for line in trace.getvalue().splitlines():
        if line.startswith("-"):
            continue
        row = decode(int(line.split()[1], 16))
        if row is not None and ("; trap" not in line or row.name in ("ecall", "ebreak")):
            rows.add(row.name)
    return rows


def test_programs_execute_every_instruction():
    """Every row of the ISA table is executed (not only assembled) by some test program."""
    sources = ISA_PROGRAMS + sorted(PRIV_PROGRAMS.glob("*.s"))
    executed = set()
    for source in sources:
        executed |= _executed_rows(build([source], [PROGRAMS, PRIV_PROGRAMS]))
    missing = sorted(row.name for row in INSTRUCTIONS if row.name not in executed)
    assert not missing, f"no test program executes: {missing}"


def test_toyos_run_exit_status_names_the_failed_test(tmp_path):
    """`toyos run` exits 0 for a pass and with the test number for a failure (tohost)."""
    import subprocess
    import sys

    passing = build([PROGRAMS / "rv32ui_rr.s"])
    failing_src = tmp_path / "fails_test_7.s"
    failing_src.write_text('.include "rvtest.inc"\nRVTEST_CODE_BEGIN\n'
                           "TEST_RR_OP 6, add, 3, 1, 2\n"
                           "TEST_RR_OP 7, add, 4, 1, 2\n"        # 1 + 2 is not 4
                           "RVTEST_CODE_END\nRVTEST_DATA_BEGIN\nRVTEST_DATA_END\n")
    failing = build([failing_src])
    toyos = [sys.executable, "-m", "vm.cli", "run", "--deterministic", "--max-insns", "1000000"]
    codes = [subprocess.run([*toyos, str(elf)], capture_output=True, timeout=300).returncode
             for elf in (passing, failing)]
    assert codes == [0, 7]
