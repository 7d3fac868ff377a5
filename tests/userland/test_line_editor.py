"""The shell's line editor (servers/shell/editor.s) and the console's raw mode.

Keys are typed as a terminal sends them (ESC [ A, ESC O H, ESC [ 3 ~ ...),
on QEMU and on our machine; the editor's echo is plain '\\b', spaces and
characters, so the transcript shows what the screen shows.
"""
from __future__ import annotations

import re

import pytest

from tests.userland.conftest import PROMPT, Shell
from tests.userland.console_session import ToyosSession
from vm.abi_tables import ERRNO

UP, DOWN, RIGHT, LEFT = "\x1b[A", "\x1b[B", "\x1b[C", "\x1b[D"
EINVAL = next(n for n, name in ERRNO.items() if name == "EINVAL")


def typed(shell, keys: str) -> tuple[str, str]:
    """Type keys (ending in Enter); -> (the echo of the line, what the command printed)."""
    shell.session.send(keys)
    out = shell.session.expect(PROMPT).replace("\r\n", "\n")
    echo, _, printed = out.partition("\n")
    return echo, printed[:-len(PROMPT)]


# keys -> what `echo` prints once the editor is done with them
EDITS = [
    ("echo ac" + LEFT + "B\n", "aBc\n"),                                  # insert mid-line
    ("cho x" + "\x1b[H" + "e" + "\x1b[F" + "!\n", "x!\n"),                 # Home, End (xterm)
    ("cho y" + "\x1bOH" + "e" + "\x1bOF" + "!\n", "y!\n"),                 # Home, End (SS3)
    ("cho z" + "\x1b[1~" + "e" + "\x1b[4~" + "!\n", "z!\n"),               # Home, End (vt)
    ("echo abc" + LEFT + LEFT + "\x1b[3~\n", "ac\n"),                      # Delete
    ("echo abc" + LEFT + LEFT + "\x7f\n", "bc\n"),                         # Backspace mid-line
    ("echo foo bar  \x17baz\n", "foo baz\n"),                              # Ctrl-W
    ("nonsense echo ok" + LEFT * 7 + "\x15\n", "ok\n"),                    # Ctrl-U to the cursor
    ("echo keep cut" + LEFT * 4 + "\x0b\n", "keep\n"),                     # Ctrl-K
    ("echo ab" + LEFT + LEFT + RIGHT + "X\n", "aXb\n"),                    # Right
    ("echo q\x1b[5~\x1bx\n", "q\n"),                                       # unknown sequences do nothing
]


def test_editing_keys(shell):
    for keys, printed in EDITS:
        assert typed(shell, keys)[1] == printed, repr(keys)
    assert shell.shutdown() == 0


def test_the_echo_redraws_what_changed(shell):
    echo, printed = typed(shell, "echo ac" + LEFT + "B\n")
    assert (echo, printed) == ("echo ac\bBc\b", "aBc\n")
    echo, printed = typed(shell, "echo abc" + LEFT + LEFT + "\x1b[3~\n")
    assert echo == "echo abc\b\bc \b\b"
    assert shell.shutdown() == 0


def test_history_up_down(shell):
    assert shell.run("echo one") == "one\n"
    assert shell.run("echo two") == "two\n"
    assert shell.run("echo two") == "two\n"                  # a repeat is kept once
    assert typed(shell, UP + UP + "\n")[1] == "one\n"
    assert typed(shell, "\x10\n")[1] == "one\n"              # Ctrl-P
    # Down past the newest brings back the line being typed
    assert typed(shell, "echo new" + UP + UP + DOWN + DOWN + "\n")[1] == "new\n"
    # the recalled line is edited like a typed one
    assert typed(shell, UP + "\x7f\x7f\x7fold\n")[1] == "old\n"
    assert shell.shutdown() == 0


def test_history_keeps_the_last_32_lines(shell):
    for i in range(34):
        shell.run(f"echo {i}")
    assert typed(shell, UP * 32 + "\n")[1] == "2\n"
    assert typed(shell, UP * 40 + "\n")[1] == "3\n"          # 0..2 are gone (and 2's repeat too)
    assert shell.shutdown() == 0


def test_tab_completes_program_and_builtin_names(shell):
    assert typed(shell, "sysb\tnull 3\n")[0] == "sysbench null 3"
    assert typed(shell, "shu\t\x15echo x\n")[1] == "x\n"
    shell.session.send("hel\t")                   # help and hello: listed under the line,
    listed = shell.session.expect(PROMPT + "hel")  # then the prompt and the line again
    assert listed.replace("\r\n", "\n") == "hel\nhelp  hello  \n" + PROMPT + "hel"
    assert typed(shell, "lo\n")[1] == "hello, world\n"
    assert shell.shutdown() == 0


def test_a_line_over_the_limit_is_refused_not_cut(shell):
    echo, printed = typed(shell, "echo " + "x" * 600 + "\n")
    assert echo == "echo " + "x" * 505                     # what fits is shown, then refused
    assert printed == "shell: line too long (at most 510 characters); not run\n"
    assert shell.run("echo fine") == "fine\n"
    assert shell.shutdown() == 0


def test_typeahead_during_a_program_is_echoed_when_read(shell):
    shell.session.send("sleep 1\necho typed ahead\n")
    out = shell.session.expect("typed ahead\r\n" + PROMPT).replace("\r\n", "\n")
    assert out == "sleep 1\n" + PROMPT + "echo typed ahead\ntyped ahead\n" + PROMPT
    assert shell.shutdown() == 0


def test_ctrl_d_on_an_empty_line_and_inside_one(shell):
    assert typed(shell, "echo ab" + LEFT + "\x04\n")[1] == "a\n"   # deletes under the cursor
    shell.session.send("\x04")
    assert shell.session.expect(PROMPT).replace("\r\n", "\n") == "\n" + PROMPT
    assert shell.shutdown() == 0


def test_help_lists_what_the_archive_holds(shell):
    out = shell.run("help")
    programs = out.split("Programs (the boot archive):\n", 1)[1].split("\nA builtin")[0].split()
    for name in ("hello", "cat", "sysbench", "hostile", "usertests"):
        assert name in programs, out
    for service in ("pm", "console", "shell"):
        assert service not in programs, out
    assert "A builtin is found before a program of the same name" in out    # echo is both
    assert "Programs on the disk" not in out            # no disk attached (test_scripts.py has one)
    assert shell.shutdown() == 0


@pytest.fixture
def toyos(image):
    return Shell(ToyosSession(image, max_insns=300_000_000))


def test_console_mode_refuses_modes_that_are_none(toyos):
    assert toyos.run("hostile consmode") == (
        f"hostile: consmode 2:{-EINVAL} -1:{-EINVAL} raw:0 cooked:1\nhostile: consmode -> 0\n")
    assert typed(toyos, "echo still" + LEFT + "l\x1b[F\n")[1] == "stilll\n"  # the editor goes on
    assert toyos.shutdown() == 0


def test_pm_programs_writes_whole_names_only_where_it_may(toyos):
    out = toyos.run("hostile programs")
    m = re.fullmatch(r"hostile: programs readonly 0 short 0 none 0 good (\d+)\n"
                     r"hostile: programs -> 0\n", out)
    assert m and int(m.group(1)) > 40, out
    assert toyos.shutdown() == 0


def test_a_background_reader_does_not_take_the_shells_keystrokes(shell):
    # `cat &` then typing: lines used to alternate between cat and the shell
    pid = int(re.fullmatch(r"\[(\d+)\]\n", shell.run("cat &")).group(1))
    for word in ("one", "two", "three"):
        assert shell.run(f"echo {word}") == f"{word}\n"
    assert shell.run(f"kill {pid}") == f"[{pid}] killed  cat\n"   # reported at the next prompt
    assert shell.run("wait") == ""
    assert shell.shutdown() == 0


def test_background_readers_never_lock_the_shell_out(toyos):
    # more waiting readers than the console keeps (8): the oldest background
    # read is refused (-EBUSY, cat ends with status 1) so the shell can read
    # (ends are reported at the next prompt, so after the command that saw them)
    started = [toyos.run("cat &") for _ in range(9)]
    pids = [int(re.match(r"\[(\d+)\]\n", out).group(1)) for out in started]
    ended = "".join(started) + toyos.run("echo still mine")
    assert "still mine\n" in ended
    for pid in pids:
        ended += toyos.run(f"kill {pid}")
    ended += toyos.run("wait")
    assert sorted(int(p) for p in re.findall(r"\[(\d+)\] (?:killed|exit status 1)  cat\n", ended)) == pids
    assert re.search(r"exit status 1", ended), ended
    # the reads of killed readers are forgotten: the table is usable again
    pids = [int(re.fullmatch(r"\[(\d+)\]\n", toyos.run("cat &")).group(1)) for _ in range(7)]
    assert toyos.run("echo and again") == "and again\n"
    assert toyos.shutdown() == 0


@pytest.fixture(scope="module")
def names_disk(tmp_path_factory):
    from tests.userland.disks import make_disk_mtools
    tmp = tmp_path_factory.mktemp("complete")
    return make_disk_mtools(tmp / "disk.img", {"notes.txt": b"one\n", "novel.txt": b"two\n",
                                               "docs": {"report.txt": b"three\n"}}, tmp / "host")


@pytest.mark.parametrize("backend", ["qemu", "toyos"])
def test_tab_completes_file_names(backend, names_disk, image, tmp_path):
    import shutil
    from tests.userland.conftest import boot_shell
    disk = tmp_path / "disk.img"
    shutil.copyfile(names_disk, disk)                # QEMU locks the file it uses
    shell = boot_shell(backend, image, disk=disk)
    try:
        # an argument: the working directory's names, a directory's with its '/'
        assert typed(shell, "cat not\t\n") == ("cat notes.txt ", "one\n")
        assert typed(shell, "cat do\trep\t\n") == ("cat docs/report.txt ", "three\n")
        assert typed(shell, "cat /docs/r\t\n") == ("cat /docs/report.txt ", "three\n")
        assert typed(shell, "cat<nov\t\n") == ("cat<novel.txt ", "two\n")       # after < and >
        shell.session.send("cat n\t")                # notes.txt and novel.txt: as far as they agree,
        shell.session.expect("cat no")
        shell.session.send("\t")                     # then, nothing to add, listed under the line
        listed = shell.session.expect(PROMPT + "cat no").replace("\r\n", "\n")
        assert listed == "\nnotes.txt  novel.txt  \n" + PROMPT + "cat no"
        assert typed(shell, "vel.txt\n")[1] == "two\n"
        # a command where a command goes, after | ; && too
        assert typed(shell, "cat notes.txt | hea\t-n 1\n") == ("cat notes.txt | head -n 1", "one\n")
        assert typed(shell, "ls nosuchdir/\t\n")[1] == "ls: nosuchdir/: no such file or directory\n" \
            "ls: exit status 1\n"                    # nothing to complete from: Tab adds nothing
        assert shell.shutdown() == 0
    finally:
        shell.session.close()
