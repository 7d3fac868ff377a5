"""The compiled C benchmark suite (vm/cli/bench_compiled.py): every program
builds with the cross compiler, passes its own self-check on toyos, QEMU and
Unicorn, and a wrong expectation is reported as a failed self-check."""
from pathlib import Path

import pytest

from tests.oracle_tools import QEMU, need_module, need_tool
from vm.cli import bench_compiled as bc


@pytest.fixture(scope="module")
def figures():
    need_tool(bc.GCC)
    need_tool(QEMU)
    need_module("unicorn")
    return bc.measure(runs=1, out=lambda line: None, qemu_repeat=3)


def test_every_program_passes_its_self_check_on_all_three_machines(figures):
    assert [f.name for f in figures] == list(bc.PROGRAMS)
    for f in figures:
        # measure() raises BenchError for a nonzero status on any machine;
        # here every peer really ran (none reported as missing)
        assert f.insns > 10_000_000, f.name
        assert f.unicorn is not None and f.qemu is not None, f.name


def test_report_gives_ratios_and_geometric_means(figures):
    text = bc.report(figures)
    for name in bc.PROGRAMS:
        assert any(line.startswith(name + " ") for line in text.splitlines())
    assert "geometric mean interp/unicorn: " in text
    assert "geometric mean interp/qemu: " in text
    assert "geometric mean native/unicorn: " in text


def test_instruction_counts_are_deterministic(tmp_path: Path):
    need_tool(bc.GCC)
    elf = bc.compile_program("recurse", tmp_path).read_bytes()
    assert bc.run_toyos(elf, 1)[0] == bc.run_toyos(elf, 1)[0] == bc.run_toyos(elf, 1, "native")[0]


def test_a_wrong_result_is_a_failed_self_check(tmp_path: Path):
    need_tool(bc.GCC)
    elf = bc.compile_program("crc", tmp_path, defines=("-DEXPECTED=1u",)).read_bytes()
    with pytest.raises(bc.BenchError, match=r"failed its self-check \(exit status 1\)"):
        bc.run_toyos(elf, 1)


def test_a_compiler_error_is_one_line(tmp_path: Path):
    need_tool(bc.GCC)
    with pytest.raises(bc.BenchError, match=r"^nosuch\.c: riscv64-unknown-elf-gcc failed: "):
        bc.compile_program("nosuch", tmp_path)


def test_without_the_cross_compiler_it_says_so_and_measures_nothing(monkeypatch):
    monkeypatch.setattr(bc, "compiler", lambda: None)
    said = []
    assert bc.measure(runs=1, out=said.append) is None
    assert said == ["compiled: riscv64-unknown-elf-gcc is not installed "
                    "(apt-get install gcc-riscv64-unknown-elf) - skipped"]
