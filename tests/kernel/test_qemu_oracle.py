"""QEMU oracle: the same scripted session gives the same transcript on
qemu-system-riscv32 -M virt as on our machine.  Only commands whose output
does not depend on time are compared (not ps, uptime or pingpong's counts)."""
from __future__ import annotations

from tests.userland.console_session import QemuSession, ToyosSession

PROMPT = "toyos$ "
SCRIPT = ["hello", "echo a 'b c' d", "fault null", "fault kernel", "fault priv",
          "threads", "free", "usertests", "free", "nosuchprogram", "kill 99"]


def transcript(session) -> list[str]:
    """Boot log, then each command's echo and output, one entry per prompt."""
    try:
        parts = [session.expect(PROMPT)]
        for line in SCRIPT:
            session.send(line + "\n")
            parts.append(session.expect(PROMPT).replace("\r\n", "\n"))
        return parts
    finally:
        session.close()


def test_qemu_and_toyos_print_the_same_session(kernel_image):
    ours = transcript(ToyosSession(kernel_image))
    qemu = transcript(QemuSession(kernel_image))
    for line, want, got in zip(["(boot)"] + SCRIPT, qemu, ours):
        assert got == want, f"after {line!r}"
