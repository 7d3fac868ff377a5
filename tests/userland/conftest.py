"""Fixtures for booting the real toyos image: build once, boot per test.

`shell` is parametrized over the two machines that boot the same image:
QEMU (the oracle; skipped only through tests/oracle_tools) and our VM in
deterministic time. Set TOYOS_TEST_ASSEMBLER=gnu to build with GNU binutils.
"""
from __future__ import annotations


import pytest

from tests.userland.console_session import QemuSession, ToyosSession

PROMPT = "toyos$ "


@pytest.fixture(scope="session")
def image(toyos_image) -> str:
    """The real image (tests/conftest.py builds it once)."""
    return toyos_image


class Shell:
    """A booted toyos at its prompt, spoken to one command line at a time."""

    def __init__(self, session):
        self.session = session
        self.backend = session.name
        self.boot_log = self.session.expect(PROMPT)
        self.background = ""        # what background jobs printed between commands

    def run(self, line: str) -> str:
        """Type `line`, wait for the next prompt; return what the command printed."""
        self.session.send(line + "\n")
        out = self.session.expect(PROMPT).replace("\r\n", "\n")
        echoed = line + "\n"
        at = out.find(echoed)
        assert at >= 0, f"the console did not echo {line!r}: {out!r}"
        self.background += out[:at]
        return out[at + len(echoed):-len(PROMPT)]

    def start(self, line: str) -> None:
        """Type `line` without waiting for the prompt (a foreground program)."""
        self.session.send(line + "\n")
        self.session.expect(line + "\r\n")

    def pause(self, seconds: float = 0.5, insns: int = 5_000_000) -> None:
        self.session.pause(seconds, insns)

    def shutdown(self) -> int:
        self.session.send("shutdown\n")
        return self.session.wait_exit()


def boot_shell(backend: str, image: str, disk=None, max_insns: int = 400_000_000) -> Shell:
    """A Shell booted on `backend` ("qemu" or "toyos"), with `disk` attached when given
    (a raw image, as `make run` / `make qemu` attach build/disk.img); close its
    .session when done."""
    if backend == "qemu":
        session = QemuSession(image, disk=str(disk) if disk else None)
    else:
        session = ToyosSession(image, max_insns=max_insns, disk=str(disk) if disk else None)
    try:
        return Shell(session)
    except BaseException:
        session.close()
        raise


@pytest.fixture(params=["qemu", "toyos"])
def shell(request, image):
    booted = boot_shell(request.param, image)
    try:
        yield booted
    finally:
        booted.session.close()
