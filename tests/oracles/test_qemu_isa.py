"""Oracle: the ISA test programs pass on QEMU.

Built with GNU as/ld, a pass on `qemu-system-riscv32 -M virt` vouches for
the expected values written in the programs (tests/vm/programs/rv32*.s), so
a failure of the same program on our VM is the VM's fault.  Built with our
assembler, the same run checks our assembler against QEMU's CPU.
"""
from __future__ import annotations

import pytest

from tests.oracles.qemu import run_qemu
from tests.vm.build import PROGRAMS, build
from tests.vm.test_isa_programs import ISA_PROGRAMS, failing_test_line


@pytest.mark.parametrize("assembler", ["gnu", "toyos"])
@pytest.mark.parametrize("source", ISA_PROGRAMS, ids=lambda p: p.stem)
def test_isa_program_passes_on_qemu(source, assembler):
    run = run_qemu(build([source], [PROGRAMS], assembler=assembler))
    if run.exit_code == 0:
        return
    if run.exit_code is None:
        pytest.fail(f"{source.name} ({assembler}) timed out on QEMU; uart={run.output!r}")
    pytest.fail(f"{source.name} ({assembler}) on QEMU: test {run.exit_code} failed: "
                f"{failing_test_line(source, run.exit_code)}\nuart={run.output!r}")
