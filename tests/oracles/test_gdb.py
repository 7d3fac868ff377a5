"""Oracle: real gdb-multiarch 13 sessions against `toyos run --gdb PORT`.

gdb decides what is right: it parses our packets, target description, stop
replies and thread lists exactly as it would QEMU's.  Each test assembles a
small bare-metal program (with our assembler), starts `toyos run --gdb` in a
subprocess, drives `gdb-multiarch -batch` through it and checks what gdb
printed, then how the program ended.  Addresses come from the ELF's symbols
and instruction words from its bytes, never from numbers written here.
"""
from __future__ import annotations

import os
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from asm.elfread import read_elf
from tests.oracle_tools import GDB, need_tool
from tests.vm.build import build

ROOT = Path(__file__).resolve().parents[2]
COMPILE_TIMEOUT = 300     # a cold Numba cache compiles the core before the stub listens
GDB_TIMEOUT = 60

COUNTER_LOOP = """
    .section .text
    .globl _start
_start:
    li s1, 0
    la t0, counter
    li t1, 0
loop:
    addi t1, t1, 1
    sw t1, 0(t0)
    li t2, 5
    blt t1, t2, loop
after_loop:
    la t0, result
    lw a0, 0(t0)
    add a0, a0, s1
    li t1, 0x100000          # sifive_test: (code << 16) | 0x3333 exits with code
    slli a0, a0, 16
    li t2, 0x3333
    or a0, a0, t2
    sw a0, 0(t1)
hang:
    j hang

    .section .data
    .globl counter
counter: .word 0
result:  .word 0
magic:   .word 0x12345678, 0xcafef00d
"""

# Counts to 5000, says "R" on the UART (it runs: a test may interrupt it now), spins.
SPIN = """
    .section .text
    .globl _start
_start:
    li t0, 0
    li t1, 5000
count:
    addi t0, t0, 1
    blt t0, t1, count
    li t2, 0x10000000
    li t3, 'R'
    sb t3, 0(t2)
spin:
    addi t0, t0, 1
    j spin
"""

# No trap handler (mtvec = 0): the load from address 4 would end the run; under
# gdb it shows as SIGSEGV on the load, with the registers as they were.
FAULT = """
    .section .text
    .globl _start
_start:
    li a0, 4
    li a1, 0x2a
bad_load:
    lw a2, 0(a0)
    j bad_load
"""

# M-mode maps VA 0x40000000 (a megapage, no X) to PA 0x80400000, identity-maps
# the code's megapage, turns on Sv32 and drops to S-mode, which reads a word
# through the mapping and spins.
SV32 = """
    .section .text
    .globl _start
_start:
    la t0, root
    li t1, 0x80000000
    srli t1, t1, 2
    ori t1, t1, 0xCF         # V R W X A D: code megapage, identity
    li t2, 0x800             # vpn1 = 0x200
    add t2, t2, t0
    sw t1, 0(t2)
    li t1, 0x80400000
    srli t1, t1, 2
    ori t1, t1, 0xC7         # V R W A D: data megapage
    sw t1, 0x400(t0)         # vpn1 = 0x100
    li t1, 0x80400010
    li t2, 0x5eed1234
    sw t2, 0(t1)
    srli t1, t0, 12
    li t2, 0x80000000
    or t1, t1, t2
    csrw satp, t1
    li t1, -1
    csrw pmpaddr0, t1
    li t1, 0x1f
    csrw pmpcfg0, t1
    la t1, s_mode
    csrw mepc, t1
    li t1, 0x1800
    csrc mstatus, t1
    li t1, 0x0800            # MPP = S
    csrs mstatus, t1
    mret
s_mode:
    li t0, 0x40000010
    lw a0, 0(t0)
in_s:
    j in_s

    .section .bss
    .balign 4096
root:
    .space 4096
"""


def _program(tmp_path, source: str, name: str) -> Path:
    src = tmp_path / f"{name}.s"
    src.write_text(source)
    elf = tmp_path / f"{name}.elf"      # our own copy: the build cache lives elsewhere
    elf.write_bytes(build([src], include_dirs=()).read_bytes())
    return elf


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Toyos:
    """`toyos run|boot --gdb PORT PROG` in a subprocess, waited for until it listens."""

    def __init__(self, elf: Path, *extra: str, command: str = "run"):
        self.port = _free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "vm.cli", command, str(elf), "--gdb", str(self.port),
             "--deterministic", *extra],
            cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.stderr_lines: list[bytes] = []
        self.output = b""                   # guest output read by wait_for_output
        self.listening = threading.Event()
        threading.Thread(target=self._read_stderr, daemon=True).start()
        if not self.listening.wait(COMPILE_TIMEOUT) or self.proc.poll() is not None:
            self.proc.kill()
            pytest.fail(f"toyos {command} --gdb never listened: {b''.join(self.stderr_lines)!r}")

    def _read_stderr(self):
        for line in self.proc.stderr:
            self.stderr_lines.append(line)
            if b"waiting for gdb" in line:
                self.listening.set()
        self.listening.set()

    def wait_for_output(self, expected: bytes, timeout: float = GDB_TIMEOUT) -> None:
        """Block until the guest has printed `expected` (read ahead of finish())."""
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while expected not in self.output:
            ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
            data = os.read(fd, 4096) if ready else b""
            if not data:
                pytest.fail(f"the guest never printed {expected!r}: {self.output!r} "
                            f"{b''.join(self.stderr_lines)!r}")
            self.output += data

    def finish(self, timeout: float = 30) -> tuple[int, bytes]:
        out = self.output + self.proc.stdout.read()
        return self.proc.wait(timeout), out

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def gdb():
    return need_tool(GDB)


def _gdb_argv(gdb: str, elf: Path, port: int, commands: list[str]) -> list[str]:
    # remotetimeout: gdb's 2 s default is shorter than a reply can take on a loaded machine
    argv = [gdb, "-batch", "-nx", "-ex", "set confirm off", "-ex", "set pagination off",
            "-ex", "set remotetimeout 60",
            "-ex", "set architecture riscv:rv32", "-ex", f"file {elf}",
            "-ex", f"target remote 127.0.0.1:{port}"]
    for command in commands:
        argv += ["-ex", command]
    return argv


def run_gdb(gdb: str, elf: Path, port: int, commands: list[str]) -> str:
    result = subprocess.run(_gdb_argv(gdb, elf, port, commands), capture_output=True,
                            text=True, timeout=GDB_TIMEOUT)
    return result.stdout + result.stderr


def _values(output: str) -> list[int]:
    """Every `$n = 0x...` gdb printed for `p/x` commands, in order."""
    return [int(v, 16) for v in re.findall(r"\$\d+ = (0x[0-9a-f]+)", output)]


def _word(elf_path: Path, addr: int) -> int:
    """The 32-bit word the ELF puts at `addr` (the instruction gdb must see)."""
    for seg in read_elf(elf_path).load_segments:
        if seg.vaddr <= addr < seg.vaddr + seg.filesz:
            off = addr - seg.vaddr
            return int.from_bytes(seg.data[off:off + 4], "little")
    raise AssertionError(f"{addr:#x} is not in the ELF")


def test_break_step_watch_write_and_detach(gdb, tmp_path):
    elf = _program(tmp_path, COUNTER_LOOP, "counter_loop")
    sym = read_elf(elf).symbols
    loop, after = sym["loop"], sym["after_loop"]
    toyos = Toyos(elf)
    try:
        out = run_gdb(gdb, elf, toyos.port, [
            "p/x $pc",                                   # reset: the boot ROM
            "stepi", "p/x $pc",                          # steps in ROM need a breakpoint there
            "break *loop", "continue",
            "p/x $pc", "p/x $t1",
            "stepi", "p/x $pc", "stepi", "p/x $pc", "stepi", "p/x $pc", "stepi", "p/x $pc",
            "x/2xw &magic",
            "delete",
            "watch *(int *)&counter", "continue", "p/x $pc", "delete",
            "set breakpoint always-inserted on",
            "break *after_loop", "p/x *(unsigned int *)after_loop",   # planted, shown as the original
            "continue", "p/x $pc",
            "info threads",
            "set var *(int *)&result = 40", "set $s1 = 2",
            "p/x $priv", "p/x $mstatus", "p/x $mepc",
            "x/xw 0",
            "detach",
        ])
        status, _ = toyos.finish()
    finally:
        toyos.kill()
    values = _values(out)
    # pc: boot ROM, then the loop (t1 = 0), four single steps around the loop (branch taken)
    assert values[0:2] == [0x1000, 0x1004], out
    values = values[1:]
    assert values[1:3] == [loop, 0], out
    assert values[3:7] == [loop + 4, loop + 8, loop + 12, loop], out
    assert "0x12345678\t0xcafef00d" in out, out
    # the store `sw t1, 0(t0)` changed counter from 1 to 2; gdb stepped over it
    assert "Hardware watchpoint 2: *(int *)&counter" in out
    assert re.search(r"Old value = 1\s+New value = 2", out), out
    assert values[7] == loop + 8, out
    assert values[8] == _word(elf, after), out          # gdb sees the instruction, not our ebreak
    assert values[9] == after, out
    assert re.search(r"\* 1\s+Thread 1", out), out
    assert values[10] == 3, out                         # priv: M-mode
    assert "Cannot access memory at address 0x0" in out, out
    assert "detached" in out, out
    assert status == 42, (out, toyos.stderr_lines)      # result 40 + s1 2, written by gdb


def test_read_and_access_watchpoints_and_exit_status(gdb, tmp_path):
    elf = _program(tmp_path, COUNTER_LOOP, "counter_loop")
    sym = read_elf(elf).symbols
    toyos = Toyos(elf)
    try:
        out = run_gdb(gdb, elf, toyos.port, [
            "awatch *(int *)&counter", "continue", "p/x $pc", "p/x $t1", "delete",
            "set var *(int *)&result = 7",
            "rwatch *(int *)&result", "continue", "p/x $pc", "delete",
            "continue",
        ])
        status, _ = toyos.finish()
    finally:
        toyos.kill()
    values = _values(out)
    # the first access to counter is the store in the loop; gdb reports it stepped over
    assert "Hardware access (read/write) watchpoint 1: *(int *)&counter" in out, out
    assert values[0:2] == [sym["loop"] + 8, 1], out
    # the load `lw a0, 0(t0)` of result
    assert "Hardware read watchpoint 2: *(int *)&result" in out, out
    assert re.search(r"Value = 7\b", out), out
    assert values[2] == sym["after_loop"] + 12, out
    assert "[Inferior 1 (Remote target) exited with code 07]" in out, out
    assert status == 7


def test_interrupt_with_ctrl_c_then_kill(gdb, tmp_path):
    elf = _program(tmp_path, SPIN, "spin")
    sym = read_elf(elf).symbols
    toyos = Toyos(elf)
    proc = subprocess.Popen(
        _gdb_argv(gdb, elf, toyos.port, ["continue", "p/x $pc", "p/x $t0", "kill"]),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        connected = threading.Event()

        def read_gdb():
            for line in proc.stdout:
                lines.append(line)
                if "in ?? ()" in line:        # gdb printed the first stop: it is connected
                    connected.set()
            connected.set()

        reader = threading.Thread(target=read_gdb, daemon=True)
        reader.start()
        assert connected.wait(GDB_TIMEOUT), lines
        toyos.wait_for_output(b"R")           # `continue` was sent: the guest runs
        proc.send_signal(signal.SIGINT)       # gdb sends the 0x03 byte
        proc.wait(GDB_TIMEOUT)
        reader.join(GDB_TIMEOUT)
        out = "".join(lines)
        status, _ = toyos.finish()
    finally:
        proc.kill()
        toyos.kill()
    assert "received signal SIGINT" in out, out
    pc, t0 = _values(out)[:2]
    assert pc in (sym["spin"], sym["spin"] + 4), out
    assert t0 > 5000, out                # it really ran before the interrupt
    assert status == 137, toyos.stderr_lines


def test_a_fault_without_a_handler_stops_as_a_signal(gdb, tmp_path):
    elf = _program(tmp_path, FAULT, "fault")
    sym = read_elf(elf).symbols
    toyos = Toyos(elf)
    try:
        out = run_gdb(gdb, elf, toyos.port, ["continue", "p/x $pc", "p/x $a1", "detach"])
        status, _ = toyos.finish()
    finally:
        toyos.kill()
    assert "Program received signal SIGSEGV" in out, out
    assert _values(out) == [sym["bad_load"], 0x2A], out
    assert status == 1 and b"load access fault" in b"".join(toyos.stderr_lines)


def test_memory_goes_through_the_current_address_space(gdb, tmp_path):
    elf = _program(tmp_path, SV32, "sv32")
    sym = read_elf(elf).symbols
    toyos = Toyos(elf)
    try:
        out = run_gdb(gdb, elf, toyos.port, [
            "break *in_s", "continue",
            "p/x $priv", "p/x $a0", "p/x *(unsigned int *)0x40000010", "p/x $satp",
            "x/xw 0x50000000",                               # not mapped in this space
            "set var *(unsigned int *)0x40000014 = 0xabcd0042",
            "set $priv = 3",                                 # M-mode: bare, physical addresses
            "p/x *(unsigned int *)0x80400014",
            "set $priv = 1",
            "kill",
        ])
    finally:
        toyos.kill()
    values = _values(out)
    assert values[0] == 1, out                       # S-mode
    assert values[1] == values[2] == 0x5EED1234, out
    assert values[3] == 0x80000000 | (sym["root"] >> 12), out
    assert "Cannot access memory at address 0x50000000" in out, out
    assert len(values) == 5 and values[4] == 0xABCD0042, out


def test_booted_toyos_threads_syscalls_and_detach(gdb, toyos_image):
    elf = read_elf(toyos_image)
    sym = elf.symbols
    toyos = Toyos(toyos_image, "--input-text", "ps\\nshutdown\\n", command="boot")
    try:
        out = run_gdb(gdb, toyos_image, toyos.port, [
            "break *syscall_dispatch", "continue",
            "p/x $pc", "p/x $priv", "p/x $scause",
            "stepi", "p/x $pc",
            "info threads",
            "delete",
            "watch *(unsigned int *)&current_thread", "continue",
            "p/x *(unsigned int *)&current_thread",
            "delete",
            "info threads",
            "detach",
        ])
        status, transcript = toyos.finish()
    finally:
        toyos.kill()
    values = _values(out)
    # the first system call: from U-mode (scause 8), the kernel in S-mode
    assert values[0:3] == [sym["syscall_dispatch"], 1, 8], out
    assert values[3] == sym["syscall_dispatch"] + 4, out
    # threads read from kernel memory: pm on the cpu, idle waiting in its loop
    from vm.abi_tables import FLAGS, STATES
    state = "(?:" + "|".join(STATES.values()) + ")"
    assert re.search(rf'Thread 1 "pm" \(tid 1 pm, {state} \(on cpu\), prio {FLAGS["PRIO_PM"]}\)'
                     r'\s+0x[0-9a-f]+ in syscall_dispatch', out), out
    assert re.search(rf'Thread 64 "idle" \(tid 0 idle, {state}, prio {FLAGS["PRIO_IDLE"]}\)'
                     r'\s+0x[0-9a-f]+ in idle_loop', out), out
    # the watchpoint on current_thread fires at a context switch: the new value is a slot
    assert re.search(r"Old value = \d+\s+New value = \d+", out), out
    switched_to = values[4]
    slot, rem = divmod(switched_to - sym["threads"], sym["THREAD_SIZE"])
    assert rem == 0 and 0 <= slot < sym["NTHREADS"], out
    # after detach the OS ran on: the shell ran `ps` and `shutdown` powered off
    assert "detached" in out, out
    assert b"console" in transcript and b"shell" in transcript, transcript
    assert status == 0, (transcript, toyos.stderr_lines)


def test_bad_ports_are_one_line_errors(tmp_path):
    elf = _program(tmp_path, SPIN, "spin")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        for arg, message in ((str(port), f"cannot listen on 127.0.0.1:{port}: Address already in use"),
                             ("99999", "'99999' is not a TCP port (1-65535)")):
            result = subprocess.run([sys.executable, "-m", "vm.cli", "run", str(elf), "--gdb", arg],
                                    cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True,
                                    text=True, timeout=COMPILE_TIMEOUT)
            assert result.returncode == 2 and message in result.stderr, result.stderr
            assert "Traceback" not in result.stderr


def test_booted_toyos_user_memory_through_the_callers_page_table(gdb, toyos_image):
    """At a debug_write system call, the buffer is a user address of the caller's space."""
    from vm.abi_tables import SYSCALLS, TRAPFRAME
    debug_write = next(n for n, call in SYSCALLS.items() if call["name"] == "debug_write")
    # the caller's registers, in the trapframe at the start of the current thread
    frame = "*(unsigned int *)&current_thread"
    a7, a0, a1 = (f"*(unsigned int *)({frame} + {TRAPFRAME[r]})" for r in ("a7", "a0", "a1"))
    toyos = Toyos(toyos_image, "--input-text", "shutdown\\n", command="boot")
    try:
        out = run_gdb(gdb, toyos_image, toyos.port, [
            f"break *syscall_dispatch if {a7} == {debug_write}",
            "continue", "p/x $satp", f"p/x {a0}", f"p/x {a1}", f"x/s {a0}", "detach",
        ])
        status, transcript = toyos.finish()
    finally:
        toyos.kill()
    assert len(_values(out)) == 3, out
    satp, buf, length = _values(out)
    assert satp >> 31 == 1 and buf < 0x80000000, out        # Sv32 on, a user address
    text = re.search(r'0x[0-9a-f]+:\s+"([^"]*)"', out)
    assert text, out
    # the string gdb read through the page table is what the machine printed
    printed = text.group(1).replace("\\n", "\n")
    assert printed.encode() in transcript and len(printed) == length, (out, transcript)
    assert status == 0
