"""Boot the real image on our machine in deterministic time and check what
the kernel promises: a one-command scripted session, determinism, the
symbols an outside tracer reads, supervised servers coming back, faults
reported with the right cause while the shell goes on."""
from __future__ import annotations

import re

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.userland.console_session import ToyosSession
from vm.riscv import CAUSE_NAMES

ROOT = Path(__file__).resolve().parents[2]
ABI = tomllib.loads((ROOT / "kernel" / "abi.toml").read_text())
PROMPT = "toyos$ "


def session_until_prompt(image: str) -> ToyosSession:
    s = ToyosSession(image)
    s.expect(PROMPT)
    return s


def command(s: ToyosSession, line: str) -> str:
    """Type a line, return what came back up to the next prompt."""
    s.send(line + "\n")
    return s.expect(PROMPT).replace("\r\n", "\n")[:-len(PROMPT)]


def test_toyos_boot_runs_a_scripted_session_and_exits_with_the_guest_status(kernel_image):
    result = subprocess.run(
        [sys.executable, "-m", "vm.cli", "boot", "--deterministic",
         "--input-text", "hello\\necho one two\\nshutdown\\n", kernel_image],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    out = result.stdout.replace("\r\n", "\n")
    assert result.returncode == 0, result.stderr
    assert out.startswith("toyos kernel: booting\n")
    assert "hello, world\n" in out
    assert "one two\n" in out


def test_toyos_boot_without_an_image_says_so(tmp_path):
    result = subprocess.run([sys.executable, "-m", "vm.cli", "boot", str(tmp_path / "none.elf")],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "no such image" in result.stderr
    assert "Traceback" not in result.stderr


def test_same_input_gives_the_same_run(kernel_image):
    runs = []
    for _ in range(2):
        s = session_until_prompt(kernel_image)
        command(s, "threads")
        command(s, "ps")
        runs.append((s.transcript, s.machine.insns))
    assert runs[0] == runs[1]


def test_kernel_exports_what_a_tracer_needs(kernel_image):
    from asm.elfread import parse_elf
    elf = parse_elf(Path(kernel_image).read_bytes())
    symbols = elf.symbols
    fields = {name: off for name, off, _ in ABI["thread"]["fields"]}
    for field in ("id", "name", "state", "priority"):
        assert symbols[f"THREAD_{field.upper()}"] == fields[field], field
    assert symbols["THREAD_SIZE"] == ABI["thread"]["size"]
    # At the prompt the running thread is one the tracer can name.
    s = session_until_prompt(kernel_image)
    m = s.machine
    current = int.from_bytes(m.read_mem(symbols["current_thread"], 4), "little")
    name = m.read_mem(current + fields["name"], 16).split(b"\0")[0].decode()
    state = int.from_bytes(m.read_mem(current + fields["state"], 4), "little")
    assert name in {"idle", "pm", "console", "shell"}
    assert state == ABI["states"]["RUN"]          # the thread on the CPU is RUN
    # ... and it is the only one
    running = []
    for slot in range(ABI["kernel"]["NTHREADS"]):
        base = symbols["threads"] + slot * ABI["thread"]["size"]
        if int.from_bytes(m.read_mem(base + fields["state"], 4), "little") == ABI["states"]["RUN"]:
            running.append(base)
    assert running == [current]


@pytest.mark.parametrize("variant, cause", [
    ("null", f"{CAUSE_NAMES[15]} at 0x00000000"),     # the machine's names (one table)
    ("kernel", f"{CAUSE_NAMES[13]} at 0x80000000"),
    ("priv", CAUSE_NAMES[2]),
])
def test_faults_are_reported_with_their_cause_and_the_shell_goes_on(kernel_image, variant, cause):
    s = session_until_prompt(kernel_image)
    out = command(s, f"fault {variant}")
    assert "fault[" in out and cause in out and "— killed" in out
    assert command(s, "echo still here").endswith("still here\n")


def test_a_killed_console_is_restarted_and_the_shell_keeps_working(kernel_image):
    s = session_until_prompt(kernel_image)
    s.send("kill 2\n")
    s.expect("pm: console died, restarting")
    s.expect("pm: started console")
    s.send("echo back\n")
    s.expect("back\r\n")


def test_a_killed_shell_is_restarted_with_a_new_prompt(kernel_image):
    s = ToyosSession(kernel_image)
    pid = re.search(r"pm: started shell \(pid (\d+)\)", s.expect(PROMPT)).group(1)
    s.send(f"kill {pid}\n")
    s.expect("pm: shell died, restarting")
    s.expect(PROMPT)
    assert "again" in command(s, "echo again")


def test_ps_shows_the_kernel_accounting(kernel_image):
    s = session_until_prompt(kernel_image)
    command(s, "threads")
    out = command(s, "ps")
    rows = {line.split()[2]: line.split() for line in out.splitlines()[2:-1] if line.strip()}
    assert {"idle", "pm", "console", "shell"} <= set(rows)
    assert "wait: call pm" in out          # the shell, asking pm for this very list
    assert "wait: recv" in out             # the console, waiting for clients and IRQs
    syscalls = int(rows["console"][-2])
    assert syscalls > 0


@pytest.mark.parametrize("ram_mb", [64, 256])
def test_the_kernel_uses_the_ram_the_machine_has(kernel_image, ram_mb):
    from vm.machine import Machine
    s = ToyosSession.__new__(ToyosSession)      # a session on a machine of another size
    s.machine = Machine(ram_mb=ram_mb, deterministic=True)
    s.machine.load_elf(kernel_image)
    s.limit, s._seen, s.result = 400_000_000, 0, None
    s.expect(PROMPT)
    out = command(s, "free")
    free, used = (int(w) for w in out.split("frames:")[1].replace(",", " ").split()[:3:2])
    frames_base = ABI["kernel"]["FRAMES_BASE"]
    assert free + used == (0x8000_0000 + ram_mb * 2**20 - frames_base) // 4096


def test_a_kernel_bug_panics_with_a_register_dump(kernel_image):
    """Break the kernel on purpose (an illegal word at the start of sys_sleep):
    the trap taken in S-mode must end in a panic that names the cause and
    dumps the registers, and the machine must power off with status 1."""
    from asm.elfread import parse_elf
    symbols = parse_elf(Path(kernel_image).read_bytes()).symbols
    s = session_until_prompt(kernel_image)
    s.machine.write_mem(symbols["sys_sleep"], b"\0\0\0\0")
    s.send("sleep 1\n")
    assert s.wait_exit() == 1
    assert "kernel panic: trap in kernel mode" in s.transcript
    dump = s.transcript.split("kernel panic:")[1]
    assert "scause=00000002" in dump                  # illegal instruction
    assert f"sepc={symbols['sys_sleep']:08x}" in dump
    assert all(f"x{n:02d}=" in dump for n in range(1, 32))


def test_sysfuzz_1e5_calls_leave_the_kernel_up_and_frames_back(kernel_image):
    """10^5 random system calls (userland/programs/sysfuzz.s): the kernel
    answers afterwards and every frame the fuzzer's process took is free."""
    s = session_until_prompt(kernel_image)
    before = command(s, "free")
    assert "sysfuzz: 100000 calls" in command(s, "sysfuzz 100000 11")
    assert command(s, "free") == before
    assert command(s, "echo alive").endswith("alive\n")


def test_a_scripted_session_without_shutdown_ends_when_the_input_is_used_up(kernel_image):
    from vm.machine import EXIT_INPUT_USED_UP
    result = subprocess.run(
        [sys.executable, "-m", "vm.cli", "boot", "--deterministic", "--input-text", "hello\\n",
         kernel_image], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == EXIT_INPUT_USED_UP, result.stderr
    assert "hello, world\n" in result.stdout.replace("\r\n", "\n")
    lines = [l for l in result.stderr.splitlines() if l.startswith("toyos boot:")]
    assert len(lines) == 1 and "input used up" in lines[0] and "guest time" in lines[0]


def test_lines_typed_ahead_of_a_silent_command_still_run(kernel_image):
    # `sleep 11` prints nothing for 11 s of guest time while the next lines wait in the
    # console server's buffer: the run used to stop at 10 s as "input used up", before `hello`
    from vm.machine import EXIT_INPUT_USED_UP
    result = subprocess.run(
        [sys.executable, "-m", "vm.cli", "boot", "--deterministic", "--input-text", "sleep 11\\nhello\\n",
         kernel_image], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == EXIT_INPUT_USED_UP, result.stderr
    assert result.stdout.replace("\r\n", "\n").endswith("toyos$ hello\nhello, world\ntoyos$ \n")


def test_build_writes_only_the_image_at_o(tmp_path, kernel_image):
    out, build_dir = tmp_path / "out", tmp_path / "intermediates"
    result = subprocess.run(
        [sys.executable, "-m", "vm.cli", "build", "-q", "-o", str(out / "x.elf"),
         "--build-dir", str(build_dir)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["x.elf"]
    assert (build_dir / "archive.cpio").is_file() and (build_dir / "bin" / "pm.elf").is_file()
    # build() without a build dir (the test fixture) uses a temporary one of its own
    assert sorted(p.name for p in Path(kernel_image).parent.iterdir()) == ["toyos.elf"]
