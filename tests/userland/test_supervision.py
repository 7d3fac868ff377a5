"""pm's supervision of the services (issue 13): restarts, generations, the restart budget,
the watchdog.

A service is broken from outside, as `toyos fi` does it: its saved pc is
set to page 0 while it waits, so it faults as soon as it runs again; or the
instruction it will run next is made a jump to itself, so it spins without
ever faulting (a fail-silent server only pm's watchdog can notice).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from asm.elfread import parse_elf
from vm.cli import fi_inject, fi_run
from vm.memmap import RAM_BASE
from vm.pagewalk import peek_translate

PM_INC = Path(__file__).resolve().parents[2] / "servers" / "pm" / "pm.inc"
BUDGET = int(re.search(r"\.equ RESTART_BUDGET, (\d+)", PM_INC.read_text()).group(1))
WINDOW_MS = int(re.search(r"\.equ RESTART_WINDOW_MS, (\d+)", PM_INC.read_text()).group(1))


class Breaker:
    """Breaks a service's current process each time `kill()` is called, and runs
    until pm has dealt with it."""

    def __init__(self, image, service: str):
        data = Path(image).read_bytes()
        # booted with a disk and a net card: every service runs, at the prompt
        self.run = fi_run.Run(fi_run.Booted(data, parse_elf(data)), service, "reg", 0, None)
        self.service = service

    def kill(self) -> str:
        view, m = self.run.view, self.run.m
        while True:
            threads = view.process_threads(self.service)
            if threads and threads[0].address != view.current():
                break
            assert self.run.step_one()
        view.set_word(threads[0].address + 4 * fi_inject.PC_INDEX, 4)    # page 0: never mapped
        start = len(m.output)
        self.run.m.feed_input(b"\n")                  # wake the shell (the console wakes on its own)
        out = self.run.expect(f"pm: {self.service} ", fi_run.HANG_BOUND)
        assert out is not None, m.output[start:]
        return self.run.expect("\n", fi_run.HANG_BOUND)

    def idle(self, ms: int) -> None:
        """Let guest time pass (the machine idles at the prompt)."""
        end = self.run.m.insns + ms * 10_000 * 10         # 10 MHz timer, 10 instructions a tick
        while self.run.m.insns < end and self.run.step():
            pass


@pytest.mark.parametrize("service", ["shell", "console"])
def test_a_service_that_dies_too_often_is_held_and_pm_says_so(toyos_image, service):
    breaker = Breaker(toyos_image, service)
    for _ in range(BUDGET):
        assert breaker.kill() == "died, restarting\n"
    assert breaker.kill() == f"held: died {BUDGET + 1} times in {WINDOW_MS // 1000} s\n"
    assert not breaker.run.view.process_threads(service)      # not started again


def test_deaths_outside_the_window_do_not_count(toyos_image):
    breaker = Breaker(toyos_image, "shell")
    for _ in range(BUDGET):
        assert breaker.kill() == "died, restarting\n"
    breaker.idle(WINDOW_MS + 1000)
    for _ in range(BUDGET):
        assert breaker.kill() == "died, restarting\n"
    breaker.run.m.feed_input(b"echo alive\n")
    assert breaker.run.expect("alive\r\n", fi_run.HANG_BOUND) is not None


def test_svc_lists_restarts_and_holds_services(toyos_image):
    from tests.userland.conftest import Shell
    from tests.userland.console_session import ToyosSession
    shell = Shell(ToyosSession(toyos_image))
    row = lambda out, name: re.search(rf"^{name} +(\S+) +(\d+) +(\d+) +(\d+)$", out, re.M).groups()
    out = shell.run("svc")
    shell_pid = re.search(r"pm: started shell \(pid (\d+)\)", shell.boot_log).group(1)
    assert out.startswith("NAME ") and row(out, "console") == ("up", "1", "0", "2")
    assert row(out, "shell") == ("up", "1", "0", shell_pid)
    assert "console died, restarting" in shell.run("kill 2")
    assert row(shell.run("svc"), "console") == ("up", "2", "1", "2")
    assert "pm: console restarted by hand" in shell.run("svc restart console")
    assert row(shell.run("svc"), "console") == ("up", "3", "1", "2")    # by hand: not a death
    assert shell.run("svc hold nosuch") == "svc: no service nosuch\n"
    assert shell.run("svc bogus") == "usage: svc [restart|hold NAME]\n"
    assert "pm: shell restarted by hand" in shell.run("svc restart shell")
    assert row(shell.run("svc"), "shell") == ("up", "2", "0", shell_pid)
    shell.session.send("svc hold console\n")
    shell.session.expect("pm: console held by hand")
    shell.pause()
    assert not shell.session.find_thread("console")


J_SELF = 0x0000006F         # jal x0, 0: `j .`


def spin(run, service: str) -> None:
    """Make the service's first thread loop for ever where it runs next: `j .` over the
    instruction at its saved pc, in its own copy of its code (a restart loads a new one)."""
    thread = run.view.process_threads(service)[0]
    pc = run.view.word(thread.address + 4 * fi_inject.PC_INDEX)
    paddr, _ = peek_translate(run.m.ram, RAM_BASE, thread.satp, pc)
    run.view.set_word(int(paddr), J_SELF)


@pytest.mark.parametrize("service, line", [("console", "echo hi"), ("pipe", "seq 1 3 | wc -l"),
                                           ("fs", "cat /c1.txt")])
def test_a_server_that_spins_without_faulting_is_restarted_by_the_watchdog(toyos_image, service, line):
    data = Path(toyos_image).read_bytes()
    run = fi_run.Run(fi_run.Booted(data, parse_elf(data)), service, "reg", 0, None)
    spin(run, service)
    assert run.command(line, "") is not None                   # the line ends, one way or another
    assert f"pm: {service} not answering, restarting" in run.m.output.decode()
    assert run.command("echo alive", "") == "alive\n"
    out = run.command("svc", "")
    assert re.search(rf"^{service} +up +2 +1 ", out, re.M), out  # a new generation, one restart
    others = [row for row in out.splitlines()[1:] if not row.startswith(service + " ")]
    assert others and all(re.search(r" up +1 +0 ", row) for row in others), out


def test_a_shell_that_spins_is_restarted_at_the_ctrl_c_it_ignores(toyos_image):
    """The shell serves no port, so no ping reaches it; a Ctrl-C that it does not
    come back from (here: it spins as soon as its read returns) ends it."""
    data = Path(toyos_image).read_bytes()
    run = fi_run.Run(fi_run.Booted(data, parse_elf(data)), "shell", "reg", 0, None)
    spin(run, "shell")
    run.m.feed_input(b"x")                                      # its read returns: it spins
    assert run.expect("pm: shell ", 20_000_000) is None         # nothing notices without a Ctrl-C
    run.m.feed_input(b"\x03")
    assert run.expect("pm: shell not answering, restarting", fi_run.HANG_BOUND) is not None
    assert run.expect(fi_run.PROMPT, fi_run.HANG_BOUND) is not None
    assert run.command("echo alive", "") == "alive\n"
    assert "pm: console " not in run.m.output.decode()           # the console was not to blame


def test_a_ctrl_c_at_the_prompt_or_in_a_command_restarts_nothing(toyos_image):
    data = Path(toyos_image).read_bytes()
    run = fi_run.Run(fi_run.Booted(data, parse_elf(data)), "shell", "reg", 0, None)
    run.m.feed_input(b"\x03")                                   # at the prompt
    assert run.expect(fi_run.PROMPT, fi_run.HANG_BOUND) is not None
    run.m.feed_input(b"sleep 5\n")                              # in a foreground command
    assert run.expect("sleep 5\r\n", fi_run.ECHO_BOUND) is not None
    run.m.feed_input(b"\x03")
    assert run.expect(fi_run.PROMPT, fi_run.HANG_BOUND) is not None
    for _ in range(3):                                          # lines typed at once after it
        assert run.command("echo hi", "") == "hi\n"
    end = run.m.insns + 30_000_000                              # well past the watch's ticks
    while run.m.insns < end and run.step():
        pass
    assert "pm: " not in run.m.output.decode()[len(run.booted.output):]


def bend(run, service: str, words: tuple[int | None, ...], index: int, bit: int) -> None:
    """Flip `bit` of instruction `index` of the one place in the service's code that
    reads `words` (None: any word; located by its instructions, so a rebuilt image
    still has it)."""
    thread = run.view.process_threads(service)[0]
    found = []
    for page in run.view.user_pages(thread.satp):
        if not page.perms & 8:                                   # X
            continue
        code = [run.view.word(page.paddr + 4 * i) for i in range(1024)]
        found += [page.paddr + 4 * i for i in range(1024 - len(words))
                  if all(w is None or w == c for w, c in zip(words, code[i:]))]
    assert len(found) == 1, found
    address = found[0] + 4 * index
    run.view.set_word(address, run.view.word(address) ^ (1 << bit))



def bend(run, service: str, words, index: int, bit: int) -> None:
    """Flip `bit` of instruction `index` of the one place in the service's code that
    reads `words` (each an instruction word, (word, mask) for its bits under the mask,
    or None for any), located by its instructions so that a rebuilt image still has it:
    a campaign's code flip, replayed on today's image."""
    def fits(want, word):
        if want is None:
            return True
        value, mask = want if isinstance(want, tuple) else (want, 0xFFFF_FFFF)
        return word & mask == value
    thread = run.view.process_threads(service)[0]
    found = []
    for page in run.view.user_pages(thread.satp):
        if page.perms & 8:                                       # X
            code = [run.view.word(page.paddr + 4 * i) for i in range(1024)]
            found += [page.paddr + 4 * i for i in range(1024 - len(words))
                      if all(fits(w, c) for w, c in zip(words, code[i:]))]
    assert len(found) == 1, found
    address = found[0] + 4 * index
    run.view.set_word(address, run.view.word(address) ^ (1 << bit))


AUIPC_T0, ADDI_T0 = (0x297, 0xFFF), (0x28293, 0xFFFFF)          # la t0, SYMBOL
AUIPC_A0, ADDI_A0 = (0x517, 0xFFF), (0x50513, 0xFFFFF)          # la a0, SYMBOL


@pytest.mark.parametrize("reproducer, words, index, bit", [
    # console:code:2386927192:2457499 on image dc69f0e4d37f: `la t0, ready_len` bent into
    # `addi a3, t0, ...` before a raw read is served, so every read of the shell's line
    # editor is answered at once with 0 bytes, and the shell printed its prompt for ever
    ("console:code:2386927192:2457499",
     (AUIPC_T0, ADDI_T0, 0x0002A583, AUIPC_A0, ADDI_A0, 0x00000097), 1, 10),
    # console:code:971929778:5241011: `li t0, CONSOLE_MODE` bent into `li t0, -2043`, so
    # console.mode is refused (-ENOSYS), the console stays raw, and the shell took every
    # key for a command line
    # (main now takes the caller from reply_keep right after the test: li a7, 38; ecall)
    ("console:code:971929778:5241011", (0x00000413, None, 0x00500293, None, 0x02600893, 0x00000073), 2, 31),
    # console:code:3239595232:3553522 on image 7340298a5094: in edit_input, `la t0, raw_len`
    # bent into raw_len - 2048 (bit 31 of its addi), a word that stays 0: typed keys pile up
    # unserved while the shell's read waits, and the console answers pm's ping all along
    # (its audit, audit.s, finds the read owed)
    ("console:code:3239595232:3553522",
     ((0x97, 0xFFF), (0x080E7, 0xFFFFF), (0x00054063, 0x01FFF07F), AUIPC_T0, ADDI_T0, 0x0002A603,
      (0x00060063, 0x01FFF07F)), 4, 31),
    # the same reproducer on image 34ee7283a751, where that address is raw_mode's
    # `lw a1, 0(t0)` (the raw owner) bent into `lw a1, -2048(t0)`: the shell's raw read
    # is never its owner's, so never served (the audit reads the owner itself)
    ("console:code:3239595232:3564762",
     (AUIPC_T0, ADDI_T0, 0x0002A503, AUIPC_T0, ADDI_T0, 0x0002A583, 0x00008067), 5, 31),
])
def test_a_console_that_answers_the_shell_wrongly_is_reported_and_restarted(
        toyos_image, reproducer, words, index, bit):
    data = Path(toyos_image).read_bytes()
    run = fi_run.Run(fi_run.Booted(data, parse_elf(data)), "console", "reg", 0, None)
    bend(run, "console", words, index, bit)
    run.m.feed_input(b"echo hi\n")
    assert run.expect("pm: console answering wrongly, restarting", fi_run.HANG_BOUND) is not None
    assert run.expect(fi_run.PROMPT, fi_run.HANG_BOUND) is not None
    assert run.command("echo alive", "") == "alive\n"
    out = run.command("svc", "")
    assert re.search(r"^console +up +2 +1 ", out, re.M), out        # one restart, in the budget


def test_a_shell_that_loops_on_its_calls_to_pm_is_restarted_at_the_ctrl_c(toyos_image):
    """Campaign reproducer shell:code:1297128133:4627959 (image ee6c8e925255): pm_call's
    `ret` bent into `jalr x0, 16(ra)`, so the shell comes back from its calls to pm in the
    wrong place and loops on them, printing `[-10] done` for ever.  Waiting in a call to
    pm is then no sign that it obeyed the Ctrl-C."""
    data = Path(toyos_image).read_bytes()
    run = fi_run.Run(fi_run.Booted(data, parse_elf(data)), "shell", "reg", 0, None)
    bend(run, "shell", (0x00600893, 0x00000073, 0x00008067, 0x00050413), 2, 24)
    assert run.command("hello", "") is None                     # it never comes back
    run.m.feed_input(b"\x03")
    assert run.expect("pm: shell not answering, restarting", fi_run.HANG_BOUND) is not None
    assert run.expect(fi_run.PROMPT, fi_run.HANG_BOUND) is not None
    assert run.command("echo alive", "") == "alive\n"
