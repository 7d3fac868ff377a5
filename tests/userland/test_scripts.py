"""Scripts and the environment of the shell (issue 10), on our machine and on QEMU.

One session per machine, booted with a disk `make image` would make (/bin
holding the build's programs and /bin/sh, the shell, plus the shipped
/bin/batch.sh) and a few scripts: variables and `$NAME` expansion,
`export` and what a child inherits (`env`, a program, prints it), PATH
deciding where programs are found, `sh FILE ARGS` with `$0..$9 $#`, `&&`/`||`,
`exit N` and `$?`, `NAME=value cmd` (variables for that command only, and
the limits of the environment block), a script's output redirected as a whole, `source`
changing this shell's variables, a #!/bin/sh file run by name, `help`
naming the programs of the disk's /bin as mtools lists them, and the
failures: a script that does not exist, one that cannot be read (a
folder), a syntax error, scripts that run themselves (stopped at a depth,
not a hang), a value too long (refused, not cut).  Both machines must
print the same transcript, and it must be the one written here.
"""
from __future__ import annotations

import shutil

import pytest

from tests.oracles.test_fat_mtools import mtool
from tests.userland.conftest import boot_shell
from tests.userland.disks import make_disk_mtools, with_bin

LONG = "a" * 300
MID = "b" * 200
DEPTH = 8          # servers/shell/script.s SCRIPT_DEPTH_MAX

SCRIPTS = {
    "args.sh": b"echo $0 $1 $2 $#\necho [$X] [$Y]\n",
    "status.sh": b"echo a && nosuch || echo caught $?\nexit 3\necho not reached\n",
    "vars.sh": b"V=fromsource\nexport W=exported\n",
    "syntax.sh": b"echo before\necho a ; ; b\necho after\n",
    "rec.sh": b"echo level $SHLVL\nsh rec.sh\n",
    "srec.sh": b"echo s\nsource srec.sh\n",
    "hb": b"#!/bin/sh\necho hashbang $0 $1\n",
    "envsrc.sh": b"E=2 env\n",
    "dir": {},
}

# (line typed, what it prints)
SESSION = [
    ("echo $PATH $SHLVL", "/bin 1\n"),
    ("X=hello; echo $X ${X}! \"$X\" '$X'", "hello hello! hello $X\n"),
    ("export X; Y=local; env", "PATH=/bin\nSHLVL=1\nX=hello\n"),
    ("sh args.sh one two", "args.sh one two 2\n[hello] []\n"),
    ("sh status.sh; echo $?", "a\nshell: nosuch: command not found\ncaught 127\nsh: exit status 3\n3\n"),
    ("sh status.sh > out; echo $?", "sh: exit status 3\n3\n"),
    ("cat out", "a\nshell: nosuch: command not found\ncaught 127\n"),
    ("source vars.sh; echo $V $W $?", "fromsource exported 0\n"),
    ("env", "PATH=/bin\nSHLVL=1\nX=hello\nW=exported\n"),
    ("./hb x", "hashbang ./hb x\n"),
    ("hb x", "shell: hb: command not found\n"),
    ("PATH=/:/bin; hb y; unset X W; env", "hashbang /hb y\nPATH=/:/bin\nSHLVL=1\n"),
    ("PATH=/nothing; hello; PATH=/bin", "hello, world\n"),
    ("sh nosuch.sh; echo $?", "sh: nosuch.sh: no such file or directory\nsh: exit status 127\n127\n"),
    ("sh dir; echo $?", "sh: dir: is a directory\nsh: exit status 126\n126\n"),
    ("source nosuch.sh; echo $?", "source: nosuch.sh: no such file or directory\n127\n"),
    ("sh syntax.sh; echo $?", "before\nshell: syntax.sh: line 2: syntax error near ';'\nsh: exit status 2\n2\n"),
    ("sh rec.sh; echo $?", "".join(f"level {n}\n" for n in range(2, DEPTH + 2))
     + f"sh: rec.sh: scripts nested too deep ({DEPTH} at most)\nsh: exit status 2\n2\n"),
    ("source srec.sh; echo $?", "s\n" * DEPTH + f"source: srec.sh: scripts nested too deep ({DEPTH} at most)\n2\n"),
    (f"A={LONG}", "shell: A: value too long (255 bytes at most)\n"),
    ("echo $? [$A]", "1 []\n"),
    (f"B={MID}; echo $B$B$B$B$B$B$B$B$B$B$B; echo $?",
     "shell: the command is too long once expanded (2048 bytes at most)\n1\n"),
    ("FOO=1 env", "PATH=/bin\nSHLVL=1\nFOO=1\n"),         # for that command only
    ("env; echo [$FOO]", "PATH=/bin\nSHLVL=1\n[]\n"),
    ("FOO=1 BAR=2 FOO=3 PATH=/x env", "PATH=/x\nSHLVL=1\nBAR=2\nFOO=3\n"),
    ("seq 2 | N=7 M=8 env | grep =[78]", "N=7\nM=8\n"),
    ("X=1 sh args.sh a", "args.sh a  1\n[1] []\n"),
    ("PATH=/ hb z; hb z", "hashbang /hb z\nshell: hb: command not found\n"),
    ("A=1 source envsrc.sh; echo [$A] [$E]", "PATH=/bin\nSHLVL=1\nA=1\nE=2\n[] []\n"),
    (f"X={LONG} env; echo $?", "shell: X: value too long (255 bytes at most)\n1\n"),
    ("C=$B D=$B E=$B F=$B env | wc -c; C=$B D=$B E=$B F=$B G=$B env; echo $?",
     "830\nshell: G: the environment would pass 1024 bytes\n1\n"),
    (" ".join(f"V{i}=x" for i in range(31)) + " env | wc -l", "33\n"),
    ("A=1 | cat; echo $?", "shell: A=1: an assignment in a pipeline sets nothing\n0\n"),
    ("export 1X; echo $?", "shell: export: 1X: not a valid name\n1\n"),
]

BATCH = ("batch.sh: job stream of 0 extra arguments\nstep 1: input made\nstep 2: selected\n"
         "step 3: count\n5\nstep 4: largest\n47\n37\n27\nshell: nosuch: command not found\n"
         "step 5: failed with status 127, the stream goes on\nbatch.sh: done\n")
BATCH_SESSION = [
    ("batch.sh", BATCH),
    ("sh /bin/batch.sh > log; echo $?", "0\n"),
    ("cat log", BATCH),
]


@pytest.fixture(scope="module")
def disk(tmp_path_factory, toyos_build):
    from vm.cli.disk_image import SKELETON
    tmp = tmp_path_factory.mktemp("scripts")
    shipped = {"batch.sh": (SKELETON / "bin" / "batch.sh").read_bytes(),
               "disk-only": b"#!/bin/sh\necho only on the disk\n"}
    return make_disk_mtools(tmp / "disk.img", with_bin({**SCRIPTS, "bin": shipped}, toyos_build[1]),
                            tmp / "host")


@pytest.fixture(scope="module")
def transcripts(disk, toyos_image, tmp_path_factory):
    done = {}
    for backend in ("qemu", "toyos"):
        image = tmp_path_factory.mktemp(backend) / "disk.img"
        shutil.copyfile(disk, image)
        shell = boot_shell(backend, toyos_image, disk=image)
        try:
            done[backend] = [shell.run(line) for line, _ in SESSION + BATCH_SESSION]
            done[backend + " help"] = shell.run("help")
            done[backend + " time"] = shell.run("time Q=5 env")
            assert shell.shutdown() == 0
        finally:
            shell.session.close()
    return done


@pytest.mark.parametrize("backend", ["qemu", "toyos"])
def test_scripts_and_variables(transcripts, backend):
    for (line, wanted), got in zip(SESSION + BATCH_SESSION, transcripts[backend]):
        assert got == wanted, line


def test_the_same_transcript_on_qemu_and_ours(transcripts):
    assert transcripts["qemu"] == transcripts["toyos"]


def help_section(out: str, title: str) -> list[str]:
    return out.split(title + "\n", 1)[1].split("\nA builtin")[0].split("\nPrograms")[0].split()


@pytest.mark.parametrize("backend", ["qemu", "toyos"])
def test_help_names_the_programs_of_the_disk_as_mtools_lists_them(transcripts, disk, backend):
    out = transcripts[backend + " help"]
    listed = mtool("mdir", "-b", "-i", disk, "::/bin").stdout.decode().split()
    on_disk = [path.removeprefix("::/bin/") for path in listed]
    assert "disk-only" in on_disk and "sh" in on_disk
    assert help_section(out, "Programs on the disk (/bin):") == on_disk, out
    archive = help_section(out, "Programs (the boot archive):")
    assert "hello" in archive and "disk-only" not in archive and "sh" not in archive, out
    assert "A builtin is found before a program of the same name" in out    # /bin/echo


@pytest.mark.parametrize("backend", ["qemu", "toyos"])
def test_time_gives_its_command_the_assignments_before_it(transcripts, backend):
    out = transcripts[backend + " time"]
    assert out.startswith("PATH=/bin\nSHLVL=1\nQ=5\nreal "), out
