"""Run a bare-metal ELF on QEMU's rv32 `virt` board, the machine ours copies.

`run_qemu` gives the exit status (sifive_test: 0x5555 -> 0,
(code << 16) | 0x3333 -> code) and everything the guest printed on the UART.
Console input goes to the UART through stdin, as `toyos run --input` does
for ours.  A guest that never powers off is killed at the timeout.
"""
from __future__ import annotations

import subprocess
import threading
import time
from dataclasses import dataclass

from tests.oracle_tools import QEMU, need_tool


@dataclass
class QemuRun:
    exit_code: int | None   # None: killed at the timeout
    output: bytes


def qemu_command(elf, extra=()) -> list[str]:
    return [need_tool(QEMU), "-M", "virt", "-bios", "none", "-m", "128M", "-nographic",
            "-monitor", "none", "-serial", "stdio", *extra, "-kernel", str(elf)]


def run_qemu(elf, input_bytes: bytes = b"", timeout: float = 20.0, extra=(),
             after: bytes | None = None) -> QemuRun:
    """`after`: type the input only once the guest has printed these bytes (its
    prompt), as a user would.  Keys typed before toyos's console has set up the
    UART race its FIFO switch-on, which empties the receiver (QEMU's serial.c,
    servers/console/uart.s): on a loaded host QEMU then loses one now and then."""
    cmd = qemu_command(elf, extra)
    if after is not None:
        return _run_typing_after(cmd, input_bytes, timeout, after)
    try:
        result = subprocess.run(cmd, input=input_bytes, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired as expired:
        return QemuRun(None, expired.stdout or b"")
    return QemuRun(result.returncode, result.stdout)


def _run_typing_after(cmd, input_bytes: bytes, timeout: float, after: bytes) -> QemuRun:
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    output = bytearray()

    def read_all():
        for chunk in iter(lambda: proc.stdout.read1(4096), b""):
            output.extend(chunk)
    reader = threading.Thread(target=read_all, daemon=True)
    reader.start()
    deadline = time.monotonic() + timeout
    while after not in output and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if after in output:
        proc.stdin.write(input_bytes)
        proc.stdin.flush()
    try:
        proc.wait(timeout=max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        reader.join(5)
        return QemuRun(None, bytes(output))
    reader.join(5)
    return QemuRun(proc.returncode, bytes(output))
