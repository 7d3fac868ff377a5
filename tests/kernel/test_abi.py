"""The generated ABI files match kernel/abi.toml, and the ABI is self-consistent."""
from __future__ import annotations

import tomllib

from kernel import gen_abi


def test_generated_files_are_fresh():
    for path, text in gen_abi.outputs().items():
        assert path.read_text() == text, f"{path} is stale: run python3 kernel/gen_abi.py"


def test_generated_files_say_so():
    for path in gen_abi.outputs():
        assert "do not edit" in path.read_text().splitlines()[0]


def test_syscall_numbers_and_names_are_unique():
    abi = tomllib.loads(gen_abi.ABI_TOML.read_text())
    nums = [s["num"] for s in abi["syscall"]]
    names = [s["name"] for s in abi["syscall"]]
    assert len(set(nums)) == len(nums) and len(set(names)) == len(names)
    assert sorted(nums) == list(range(len(nums))), "syscall table must be dense"
    for s in abi["syscall"]:
        assert len(s["args"]) <= 6, s["name"]


def test_structure_fields_do_not_overlap():
    abi = tomllib.loads(gen_abi.ABI_TOML.read_text())
    for table in ("thread", "thread_info", "ps_record"):
        end = abi["trapframe"]["size"] if table == "thread" else 0
        for name, off, size in abi[table]["fields"]:
            assert off >= end, (table, name)
            assert off % 4 == 0, (table, name)
            end = off + size
        assert end <= abi[table]["size"], table
