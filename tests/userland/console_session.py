"""Drive a booted toyos image through its console, on QEMU or on our VM.

A session is a conversation: `expect(text)` waits until the guest has
printed `text` (and returns everything printed since the previous expect),
`send(text)` types into the UART. Test scripts are written once against this
interface and run on every backend, so the QEMU oracle and our machine are
held to the same transcript.

Each backend bounds a session: QEMU by wall-clock seconds, our VM by guest
instructions (deterministic time), so no test can hang.  Both take `disk`, a
raw FAT image attached as the virtio-blk disk the way `make run` / `make
qemu` attach build/disk.img (tests/userland/disks.py makes such images).
"""
from __future__ import annotations

import os
import select
import subprocess
import time

from tests.oracle_tools import need_tool


class SessionTimeout(AssertionError):
    """The guest did not print what the test waited for."""


class QemuSession:
    name = "qemu"

    """toyos on qemu-system-riscv32 -M virt, console on piped stdin/stdout."""

    def __init__(self, image: str, wall_seconds: float = 60.0, disk: str | None = None):
        qemu = need_tool("qemu-system-riscv32")
        from tests.userland.disks import qemu_disk_args
        extra = qemu_disk_args(disk) if disk else []
        self.proc = subprocess.Popen(
            [qemu, "-M", "virt", "-bios", "none", "-nographic", "-m", "128M",
             *extra, "-kernel", image],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.deadline = time.monotonic() + wall_seconds
        self.output = bytearray()
        self._seen = 0

    def send(self, text: str) -> None:
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def pause(self, seconds: float, insns: int) -> None:
        """Let the guest run a while with no input (QEMU: `seconds` of wall time)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end and self._pump(end):
            pass

    def _pump(self, until: float) -> bool:
        """Read what QEMU printed; False once it exited or time is up."""
        fd = self.proc.stdout.fileno()
        remaining = until - time.monotonic()
        if remaining <= 0:
            return False
        ready, _, _ = select.select([fd], [], [], min(remaining, 0.5))
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                return False
            self.output += chunk
        return True

    def expect(self, text: str) -> str:
        wanted = text.encode()
        while True:
            index = self.output.find(wanted, self._seen)
            if index >= 0:
                start, self._seen = self._seen, index + len(wanted)
                return self.output[start:self._seen].decode(errors="replace")
            if not self._pump(self.deadline):
                raise SessionTimeout(f"waited for {text!r}; the guest printed:\n"
                                     + self.output.decode(errors="replace"))

    def wait_exit(self) -> int:
        """Read until the guest powers off; return QEMU's exit status."""
        while self._pump(self.deadline):
            pass
        try:
            return self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            raise SessionTimeout("guest did not power off; it printed:\n"
                                 + self.output.decode(errors="replace"))

    @property
    def transcript(self) -> str:
        return self.output.decode(errors="replace")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass


class ToyosSession:
    """toyos on our machine in deterministic time, driven through the Machine API.

    Input is queued with Machine.feed_input and reaches the UART by the
    machine's deterministic rule, so a session is the same run every time.
    `max_insns` bounds the whole session.
    """
    name = "toyos"

    def __init__(self, image: str, max_insns: int = 400_000_000, disk: str | None = None,
                 disk_readonly: bool = False, net=None, mac: bytes | None = None):
        from vm.devices.virtio_blk import DiskImage
        from vm.machine import Machine
        attached = DiskImage.open(str(disk), disk_readonly) if disk else None
        # net: a deterministic back-end (tests/userland/net_wire.py ScriptedLink)
        self.machine = Machine(deterministic=True, disk=attached, net=net, mac=mac)
        self.machine.load_elf(image)
        self.image = image
        self.limit = max_insns
        self._seen = 0
        self.result = None

    def send(self, text: str) -> None:
        self.machine.feed_input(text.encode())

    def _step(self) -> bool:
        """Run one host slice; False once the run is over."""
        if self.result is not None:
            return False
        self.result = self.machine.run_slice(0, self.limit)
        return self.result is None

    def pause(self, seconds: float, insns: int) -> None:
        """Let the guest run `insns` more instructions with no new input."""
        end = self.machine.insns + insns
        while self.machine.insns < end and self._step():
            pass

    def expect(self, text: str) -> str:
        wanted = text.encode()
        while True:
            output = self.machine.output
            index = output.find(wanted, self._seen)
            if index >= 0:
                start, self._seen = self._seen, index + len(wanted)
                return output[start:self._seen].decode(errors="replace")
            if not self._step():
                why = self.result.message if self.result else ""
                raise SessionTimeout(f"waited for {text!r} ({why}); the guest printed:\n"
                                     + output.decode(errors="replace"))

    def find_thread(self, name: str) -> int | None:
        """Kernel address of the live thread called `name` (read through the
        kernel's symbols and the thread layout of abi.toml), or None."""
        from pathlib import Path

        from asm.elfread import parse_elf
        from vm.abi_tables import THREAD, THREAD_SIZE, TID_SLOT_BITS
        threads = parse_elf(Path(self.image).read_bytes()).symbols["threads"]
        for slot in range(1, 1 << TID_SLOT_BITS):
            base = threads + slot * THREAD_SIZE
            state = int.from_bytes(self.machine.read_mem(base + THREAD["state"][0], 4), "little")
            raw = self.machine.read_mem(base + THREAD["name"][0], THREAD["name"][1])
            if state and raw.split(b"\0")[0] == name.encode():
                return base
        return None

    def run_until_thread(self, name: str, step: int = 100_000) -> int:
        """Run until a thread called `name` lives (its program was spawned)."""
        while (thread := self.find_thread(name)) is None:
            if not self._step_insns(step):
                raise SessionTimeout(f"no thread {name!r} appeared; the guest printed:\n"
                                     + self.transcript)
        return thread

    def _step_insns(self, insns: int) -> bool:
        end = self.machine.insns + insns
        while self.machine.insns < end:
            if not self._step():
                return False
        return True

    def wait_exit(self) -> int:
        while self._step():
            pass
        if self.result.reason != "poweroff":
            raise SessionTimeout(f"guest did not power off ({self.result.message}); it printed:\n"
                                 + self.transcript)
        return self.result.exit_code

    @property
    def transcript(self) -> str:
        return self.machine.output.decode(errors="replace")

    def close(self) -> None:
        pass
