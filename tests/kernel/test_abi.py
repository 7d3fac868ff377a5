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


# ── derived facts gen_abi refuses to generate from ─────────────────────────
import copy

import pytest


def _broken(edit) -> dict:
    abi = copy.deepcopy(tomllib.loads(gen_abi.ABI_TOML.read_text()))
    edit(abi)
    return abi


@pytest.mark.parametrize("what, edit", [
    ("TID_SLOT_BITS", lambda a: a["kernel"].update(TID_SLOT_BITS=5)),
    ("densely", lambda a: a["states"].update(RUN=12)),
    ("state_words", lambda a: a["state_words"].pop("RUN")),
    ("dense from 1", lambda a: a["protocol"][-1]["op"][-1].update(label=99)),
    ("share a label", lambda a: a["protocol"][-1]["op"][-1].update(label=a["protocol"][-1]["op"][0]["label"])),
    ("\\[ipc\\] says a1", lambda a: a["ipc"]["call"].update(port="a1")),
    ("unknown register", lambda a: a["ipc"]["received"].update(notified="x99")),
    ("no `len` argument", lambda a: next(s for s in a["syscall"] if s["name"] == "debug_write")
     .update(args=[["buf", "buf"]])),
    ("implements unknown", lambda a: next(p for p in a["protocol"] if p["server"] == "console")
     .update(implements="tty")),
    ("library must be", lambda a: a["syscall"][0].update(library="macro")),
])
def test_gen_abi_refuses_an_inconsistent_table(what, edit):
    with pytest.raises(SystemExit, match=what):
        gen_abi.render_inc(_broken(edit))


# ── the generated tables are the ones the programs use ─────────────────────
def _word(elf, addr: int) -> int:
    for seg in elf.load_segments:
        if seg.vaddr <= addr < seg.vaddr + seg.filesz:
            off = addr - seg.vaddr
            return int.from_bytes(seg.data[off:off + 4], "little")
    raise AssertionError(f"{addr:#x} is in no loaded segment")


def _cstr(elf, addr: int) -> str:
    out = bytearray()
    while (b := _word(elf, addr + len(out)) & 0xFF):
        out.append(b)
    return out.decode()


@pytest.fixture(scope="module")
def pm_elf(tmp_path_factory):
    from asm.elfread import parse_elf
    from vm.cli import build as build_cli
    sources = build_cli.user_programs()["pm"]
    out = tmp_path_factory.mktemp("pm") / "pm.elf"
    build_cli.link_toyos(sources, build_cli.include_dirs(sources, []), 0x10000, out)
    return parse_elf(out.read_bytes())


def test_pm_dispatches_each_label_to_its_operation(pm_elf):
    abi = tomllib.loads(gen_abi.ABI_TOML.read_text())
    pm = next(p for p in abi["protocol"] if p["server"] == "pm")
    table = pm_elf.symbols["op_table"]
    for op in pm["op"]:
        assert _word(pm_elf, table + 4 * (op["label"] - 1)) == pm_elf.symbols[f"op_{op['name']}"], op


def test_pm_names_faults_as_the_machine_does(pm_elf):
    from vm.riscv import CAUSE_NAMES
    table = pm_elf.symbols["cause_names"]
    for code in range(max(CAUSE_NAMES) + 1):
        pointer = _word(pm_elf, table + 4 * code)
        assert (_cstr(pm_elf, pointer) if pointer else None) == CAUSE_NAMES.get(code), code


def test_ps_shows_the_state_words_of_the_table(kernel_image):
    """Boot, run ps: every STATE column is a [state_words] entry (SEND/CALL + a port name)."""
    from tests.kernel.test_boot import command, session_until_prompt
    abi = tomllib.loads(gen_abi.ABI_TOML.read_text())
    words = abi["state_words"]
    ports = [k for k in abi["ports"] if k != "first_dynamic"]
    allowed = {w for k, w in words.items() if k not in ("SEND", "CALL")}
    allowed |= {words[k] + p for k in ("SEND", "CALL") for p in ports + ["port"]}
    s = session_until_prompt(kernel_image)
    command(s, "cat &")                  # blocks in a call to the console: a port name shows
    lines = command(s, "ps").splitlines()
    at = next(i for i, line in enumerate(lines) if "STATE" in line)     # after the echoed command
    start, end = lines[at].index("STATE"), lines[at].index("PRI")
    shown = {line[start:end].strip() for line in lines[at + 1:-1]}   # the last: the system figures
    assert shown <= allowed, shown - allowed
    assert {words["RUN"], words["CALL"] + "console", words["RECV"]} <= shown


def test_a_protocol_that_implements_another_gets_its_operations():
    from vm import abi_tables
    io, console = abi_tables.PROTOCOLS["io"], abi_tables.PROTOCOLS["console"]
    assert {label: console[label] for label in io} == io
    assert {console[label]["name"] for label in console if label not in io} == {"mode", "foreground", "stats", "write_inline"}  # its own
    abi = tomllib.loads(gen_abi.ABI_TOML.read_text())
    own = next(p for p in abi["protocol"] if p["server"] == "console")["op"]
    assert not {op["name"] for op in own} & {op["name"] for op in io.values()}, \
        "console repeats io's operations"


def test_every_library_call_has_a_generated_stub():
    abi = tomllib.loads(gen_abi.ABI_TOML.read_text())
    stubs = gen_abi.STUBS.read_text()
    for s in abi["syscall"]:
        has = f"\n{s['name']}:\n    SYSCALL {s['name'].upper()}\n" in stubs
        assert has == (s.get("library", "stub") != "inline"), s["name"]
