"""`toyos run`: exit statuses, error lines and a console that leaves pipes alone."""
import subprocess
import sys

import pytest

from tests.vm import rv_mini as rv


def toyos_run(tmp_path, words, *args, stdin=b"", **elf_kw):
    prog = tmp_path / "prog.elf"
    prog.write_bytes(rv.elf(words, **elf_kw))
    return subprocess.run([sys.executable, "-m", "vm.cli", "run", str(prog), *args],
                          input=stdin, capture_output=True, timeout=300)


def test_power_off_is_exit_0_and_output_goes_to_stdout(tmp_path):
    proc = toyos_run(tmp_path, rv.put_char("o") + rv.put_char("k") + rv.power_off())
    assert proc.returncode == 0
    assert proc.stdout == b"ok"


def test_fail_code_is_the_exit_status(tmp_path):
    proc = toyos_run(tmp_path, rv.power_off(3))
    assert proc.returncode == 3
    assert b"failed with code 3" in proc.stderr


def test_unhandled_trap_is_exit_1_with_one_line(tmp_path):
    proc = toyos_run(tmp_path, [rv.ECALL])
    assert proc.returncode == 1
    lines = [l for l in proc.stderr.decode().splitlines() if l.startswith("toyos run:")]
    assert len(lines) == 1 and "environment call from M-mode" in lines[0]


def test_max_insns_is_exit_124(tmp_path):
    proc = toyos_run(tmp_path, [rv.jal(0, 0)], "--max-insns", "1000")
    assert proc.returncode == 124


def test_bad_file_is_exit_2_without_traceback(tmp_path):
    bad = tmp_path / "bad.elf"
    bad.write_bytes(b"not an elf at all")
    proc = subprocess.run([sys.executable, "-m", "vm.cli", "run", str(bad)], capture_output=True, timeout=300)
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr
    assert proc.stderr.decode().count("\n") == 1 and "not an ELF" in proc.stderr.decode()


def test_piped_stdin_feeds_the_uart(tmp_path):
    from tests.vm.test_machine_run import _echo_program
    proc = toyos_run(tmp_path, _echo_program(2), stdin=b"xy")
    assert proc.returncode == 0 and proc.stdout == b"xy"


def test_input_text_escapes_in_deterministic_mode(tmp_path):
    from tests.vm.test_machine_run import _echo_program
    proc = toyos_run(tmp_path, _echo_program(3), "--deterministic", "--input-text", "a\\tb")
    assert proc.returncode == 0 and proc.stdout == b"a\tb"


def test_trace_insn_writes_a_line_per_instruction(tmp_path):
    trace = tmp_path / "trace.txt"
    proc = toyos_run(tmp_path, rv.li(10, 0x1234) + rv.power_off(), "--trace-insn", str(trace))
    assert proc.returncode == 0
    lines = trace.read_text().splitlines()
    assert lines[0].startswith("00001000 00000297 M auipc")
    assert any(l.startswith("80000004 ") and "a0=0x00001234" in l for l in lines)
    assert len(lines) == 6 + 2 + 2 + 2 + 1     # reset vector, li a0, li t0, li t1, sw


def test_console_restores_the_terminal():
    """On a pseudo-terminal the mode after the run equals the mode before it."""
    pty = pytest.importorskip("pty")
    import os
    import termios
    from vm.console import Console

    class Dummy:
        on_output = None
        input_hook = None
        stop_requested = False

    master, slave = pty.openpty()
    try:
        with os.fdopen(slave, "rb", buffering=0, closefd=False) as tty_in:
            before = termios.tcgetattr(slave)
            machine = Dummy()
            try:
                with Console(machine, stdin=tty_in, stdout=open(os.devnull, "wb")):
                    during = termios.tcgetattr(slave)
                    raise RuntimeError("the guest crashed")
            except RuntimeError:
                pass
            assert during != before                     # raw mode was on
            assert termios.tcgetattr(slave) == before   # and is undone
            with Console(machine, stdin=tty_in, stdout=open(os.devnull, "wb")) as console:
                os.write(master, b"a\x01hb\x01x")       # Ctrl-A h: help, Ctrl-A x: quit
                assert console.poll(1.0) == b"ab"
            assert machine.stop_requested
    finally:
        os.close(master)
        os.close(slave)


@pytest.mark.parametrize("args, message", [
    (["--max-insns", "-1"], "argument --max-insns: -1 is negative"),
    (["--input-text", "\\u1234"], "--input-text: the console takes bytes"),
    (["--trace-insn", "/nonexistent-dir/t.txt"], "/nonexistent-dir/t.txt: No such file or directory"),
    (["--trace-html", "/nonexistent-dir/t.html"], "/nonexistent-dir/t.html: No such file or directory"),
])
def test_bad_flag_values_get_one_line(tmp_path, args, message):
    proc = toyos_run(tmp_path, rv.power_off(), *args)
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert message in err.splitlines()[-1] and "Traceback" not in err, err


def test_boot_names_itself_in_its_errors(tmp_path):
    bad = tmp_path / "bad.elf"
    bad.write_bytes(b"not an elf at all")
    proc = subprocess.run([sys.executable, "-m", "vm.cli", "boot", str(bad)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"toyos boot: {bad}: not an ELF")


@pytest.mark.parametrize("runs", ["0", "-1", "x"])
def test_bench_needs_at_least_one_run(runs):
    proc = subprocess.run([sys.executable, "-m", "vm.cli", "bench", "asm", "--runs", runs],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2
    assert "argument --runs" in proc.stderr.splitlines()[-1] and "Traceback" not in proc.stderr


def test_stop_message_starts_on_its_own_line(tmp_path):
    # a prompt without a newline, then the run stops: the message must not follow the prompt
    proc = toyos_run(tmp_path, rv.put_char("$") + [rv.jal(0, 0)], "--max-insns", "1000")
    assert proc.returncode == 124
    assert proc.stdout == b"$\n"


def test_a_program_that_declares_ram_end_needs_that_much_ram(tmp_path):
    # the toyos kernel hands out frames up to RAM_END; with less RAM it panicked after booting
    source = tmp_path / "k.s"
    source.write_text(".equ RAM_END, 0x88000000\n.globl _start\n_start: j _start\n")
    elf = tmp_path / "k.elf"
    subprocess.run([sys.executable, "-m", "vm.cli", "as", str(source), "-o", str(elf)], check=True)
    proc = subprocess.run([sys.executable, "-m", "vm.cli", "run", "-m", "5", str(elf)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2
    assert proc.stderr == f"toyos run: {elf} uses RAM up to 0x88000000 (RAM_END): it needs -m 128 or more\n"
    proc = subprocess.run([sys.executable, "-m", "vm.cli", "run", "-m", "128", "--max-insns", "100", str(elf)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 124
    assert proc.stderr == "toyos run: stopped by --max-insns (100 instructions)\n"   # the count once


def test_max_insns_with_an_instruction_trace_stops_the_same_way(tmp_path):
    from vm.machine import EXIT_MAX_INSNS
    trace = tmp_path / "t.txt"
    proc = toyos_run(tmp_path, [rv.jal(0, 0)], "--max-insns", "7", "--trace-insn", str(trace))
    assert proc.returncode == EXIT_MAX_INSNS
    assert proc.stderr.decode() == "toyos run: stopped by --max-insns (7 instructions)\n"
    assert len(trace.read_text().splitlines()) == 7


def test_help_documents_the_idle_stop_status():
    from vm.machine import EXIT_INPUT_USED_UP, EXIT_MAX_INSNS, IDLE_STOP_SECONDS
    from vm.cli.run import EXIT_STATUS_HELP
    assert f"{EXIT_INPUT_USED_UP} when a --deterministic run" in EXIT_STATUS_HELP
    assert f"{EXIT_MAX_INSNS} when --max-insns runs out" in EXIT_STATUS_HELP
    assert f"{IDLE_STOP_SECONDS} s of GUEST time" in EXIT_STATUS_HELP
    assert EXIT_INPUT_USED_UP not in (0, 1, 2, 124)


def test_a_deterministic_run_that_idles_with_its_input_used_up_ends_with_125(tmp_path):
    from tests.vm.test_machine_run import _idle_timer_loop
    from vm.machine import EXIT_INPUT_USED_UP
    proc = toyos_run(tmp_path, _idle_timer_loop(echo=True), "--deterministic",
                     "--input-text", "ok\\n", "--max-insns", "10000000")
    assert proc.returncode == EXIT_INPUT_USED_UP, proc.stderr
    assert proc.stdout == b"ok\n"
    lines = proc.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("toyos run: input used up and the guest idle")

