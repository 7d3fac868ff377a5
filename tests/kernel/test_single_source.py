"""One source of truth (DESIGN.md, "The ABI is defined once"): the kernel,
servers and user library spell no system-call number, board address or
abi.toml constant of their own.  A scan of the sources, so a copy made by
hand fails here rather than drifting later."""
from __future__ import annotations

import re

from kernel import gen_abi
from vm import memmap

ROOT = gen_abi.ROOT
SOURCES = sorted(p for folder in ("kernel", "servers", "userland") for pattern in ("*.s", "*.inc")
                 for p in (ROOT / folder).rglob(pattern) if p.name != "abi.inc")
GENERATED = (ROOT / "kernel" / "include" / "abi.inc").read_text()


def code_lines(path):
    for number, line in enumerate(path.read_text().splitlines(), 1):
        yield number, line.split("#", 1)[0]


def test_the_scan_sees_the_tree():
    names = {p.relative_to(ROOT).as_posix() for p in SOURCES}
    assert {"kernel/ipc.s", "servers/pm/pm.s", "userland/lib/fd.s"} <= names


def test_no_system_call_number_by_hand():
    number_reg = gen_abi.load()["registers"]["number"]
    bad = []
    for p in SOURCES:
        lines = [(n, line.strip()) for n, line in code_lines(p) if line.strip()]
        for (n, line), (_, following) in zip(lines, lines[1:]):
            # a number loaded into the number register right before the trap
            if re.match(rf"li\s+{number_reg}\s*,\s*-?\d", line) and following == "ecall":
                bad.append(f"{p.relative_to(ROOT)}:{n}: {line}")
    assert not bad, "use SYSCALL NAME or SYS_<NAME>:\n" + "\n".join(bad)


def test_no_board_address_by_hand():
    bases = {d.base for d in memmap.BOARD if d.kind != "boot_rom"}   # 0x1000 is also a page
    bad = []
    for p in SOURCES:
        for n, line in code_lines(p):
            for literal in re.findall(r"\b0x[0-9a-fA-F]+\b", line):
                if int(literal, 16) in bases:
                    bad.append(f"{p.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not bad, "use abi.inc's *_BASE names ([board] in abi.toml):\n" + "\n".join(bad)


def test_no_abi_constant_defined_again():
    generated = set(re.findall(r"^\.equ (\w+),", GENERATED, re.M))
    bad = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}" for p in SOURCES for n, line in code_lines(p)
           if (m := re.match(r"\s*\.equ\s+(\w+)\s*,", line)) and m.group(1) in generated]
    assert not bad, "defined by abi.inc already:\n" + "\n".join(bad)
