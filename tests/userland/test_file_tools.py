"""The file tools (userland/programs: ls, cat, cp, mv, rm, mkdir, rmdir, touch,
head, tail, hexdump, df, sync) and the shell's cd/pwd, where they need no disk:
on what is typed at the console, and their usage lines, on QEMU and our machine.
hexdump's output is held to the host's `hexdump -C` for the same bytes.
"""
from __future__ import annotations

import shutil
import subprocess

import pytest


def typed(shell, command: str, lines: list[str], ctrl_d: bool = True) -> str:
    """Run `command` reading `lines` typed at the console, then Ctrl-D (unless
    the command ends by itself); the console's echo of the lines and what the
    command printed, as they came (a program that copies line by line
    interleaves with the echo)."""
    shell.start(command)
    shell.session.send("".join(line + "\n" for line in lines) + ("\x04" if ctrl_d else ""))
    out = shell.session.expect("toyos$ ").replace("\r\n", "\n")
    return out[:-len("toyos$ ")]


def host_hexdump(data: bytes) -> str:
    tool = shutil.which("hexdump")
    if tool is None:
        pytest.skip("no hexdump on the host")
    return subprocess.run([tool, "-C"], input=data, capture_output=True, check=True).stdout.decode()


def test_tools_on_typed_input_and_their_usage_lines(shell):
    lines = ["hello world", "", "0123456789abcdef" * 3, "0123456789abcdef" * 3, "\t~ end"]
    data = "".join(line + "\n" for line in lines).encode()
    assert typed(shell, "hexdump", lines) == data.decode() + host_hexdump(data)
    assert typed(shell, "hexdump -C", ["x" * 16]) == "x" * 16 + "\n" + host_hexdump(b"x" * 16 + b"\n")
    assert typed(shell, "head -n 1", ["a"], ctrl_d=False) == "a\na\n"    # it ends by itself
    assert typed(shell, "head -n 3", ["a", "b"]) == "a\na\nb\nb\n"
    assert typed(shell, "tail -n 2", ["a", "b", "c"]) == "a\nb\nc\n" + "b\nc\n"
    numbers = "".join(f"{i}\n" for i in range(12))
    assert typed(shell, "tail", numbers.split()) == numbers + "".join(f"{i}\n" for i in range(2, 12))
    assert typed(shell, "tail -n 0", ["a"]) == "a\n"
    assert typed(shell, "cat -", ["same"]) == "same\nsame\n"
    assert shell.run("head -n x") == "usage: head [-n N] [FILE...]\nhead: exit status 2\n"
    assert shell.run("mkdir") == "usage: mkdir NAME...\nmkdir: exit status 2\n"
    assert shell.run("rm") == "usage: rm NAME...\nrm: exit status 2\n"
    assert shell.run("cp a") == "usage: cp SRC... DST\ncp: exit status 2\n"
    assert shell.run("mv") == "usage: mv SRC... DST\nmv: exit status 2\n"
    assert shell.run("hexdump a b") == "usage: hexdump [-C] [FILE]\nhexdump: exit status 2\n"
    assert shell.run("pwd") == "/\n"
    assert shell.run("cd") == "" and shell.run("cd /") == "" and shell.run("cd /./..") == ""
    assert shell.run("pwd") == "/\n"
    assert shell.run("cd a b") == "usage: cd [DIR]\n"
    assert shell.shutdown() == 0
