"""The filter programs (seq yes grep sort uniq tr tee wc) against coreutils.

Each pipeline runs on toyos (booted for real, typed at its shell) and in the
host's shell with LC_ALL=C, and the two outputs must be equal: coreutils
decide what is right.  One boot of our machine serves the module; the
`shell` test runs the same pipelines on QEMU too.  Hypothesis makes the
input (numbers turned into words by tr) and the grep patterns.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.userland.conftest import Shell
from tests.userland.console_session import ToyosSession
from tests.userland.test_shell import ps_rows

PIPELINES = [
    "seq 1 1000 | grep 7 | wc -l",
    "seq 5 15 | grep -n '^1'",
    "seq 300 | grep -c '.*2.*3'",
    "seq 100 | grep -v '[13579]$' | wc",
    "seq 40 | grep '^[^1-3]*$'",
    "seq 200 | sort",
    "seq 200 | sort -n -r | uniq -c | wc -l",
    "seq 50 | sort -r | sort -nu",
    "seq -5 2 9",
    "seq 10 -3 1",
    "seq 30 | tr 0-9 a-j | sort | uniq -c",
    "seq 100 | tr -d 1 | sort | uniq -d",
    "seq 100 | tr -d 1 | sort | uniq -u | wc -w",
    "seq 3 | tee /dev/stdout | sort",
    "yes ab | seq 3",
    "echo hello world | wc",
    "echo 'x-y z' | tr ' -' '_'",
]


def host(pipeline: str) -> str:
    if shutil.which("seq") is None:
        pytest.skip("no coreutils on the host")
    return subprocess.run(["sh", "-c", pipeline], capture_output=True, text=True,
                          env=dict(os.environ, LC_ALL="C"), timeout=60).stdout


def guest(shell: Shell, pipeline: str) -> str:
    out = shell.run(pipeline)
    # a last command that exits non-zero is reported by the shell, as before pipes
    return re.sub(r"^\w+: exit status \d+\n", "", out, flags=re.M)


@pytest.fixture(scope="module")
def toyos(image):
    session = ToyosSession(image, max_insns=3_000_000_000)
    yield Shell(session)
    session.close()


def test_271(toyos):
    expected = sum("7" in str(i) for i in range(1, 1001))
    assert toyos.run("seq 1 1000 | grep 7 | wc -l") == f"{expected}\n"
    assert host("seq 1 1000 | grep 7 | wc -l") == f"{expected}\n"


@pytest.mark.parametrize("pipeline", PIPELINES)
def test_pipeline_equals_coreutils(toyos, pipeline):
    assert guest(toyos, pipeline) == host(pipeline)


DIGITS = "0123456789"


@settings(max_examples=10, deadline=None)
@given(first=st.integers(0, 500), count=st.integers(0, 300),
       perm=st.permutations(list("abcdefghij")), sort_opts=st.sampled_from(["", "-r", "-n", "-u", "-rn"]),
       uniq_opts=st.sampled_from(["", "-c", "-d", "-u"]))
def test_words_sorted_and_counted(toyos, first, count, perm, sort_opts, uniq_opts):
    # ten letters for the ten digits: words of varied length, many shared prefixes
    table = "".join(perm)
    pipeline = f"seq {first} {first + count} | tr 0-9 {table} | sort {sort_opts} | uniq {uniq_opts}"
    assert guest(toyos, pipeline) == host(pipeline)


element = st.sampled_from(list(DIGITS) + [".", "[0-3]", "[^5]", "[17]", "[]1]", "\\."])
pattern = st.builds(lambda caret, parts, dollar: caret + "".join(parts) + dollar,
                    st.sampled_from(["", "^"]),
                    st.lists(st.tuples(element, st.sampled_from(["", "*"])).map("".join),
                             min_size=1, max_size=4),
                    st.sampled_from(["", "$"]))


@settings(max_examples=12, deadline=None)
@given(pat=pattern, last=st.integers(1, 400), opts=st.sampled_from(["", "-v", "-c", "-n"]))
def test_grep_equals_python_re(toyos, pat, last, opts):
    lines = [str(i) for i in range(1, last + 1)]
    rx = re.compile(pat)
    chosen = [(n, s) for n, s in enumerate(lines, 1) if bool(rx.search(s)) != (opts == "-v")]
    if opts == "-c":
        expected = f"{len(chosen)}\n"
    elif opts == "-n":
        expected = "".join(f"{n}:{s}\n" for n, s in chosen)
    else:
        expected = "".join(f"{s}\n" for _, s in chosen)
    assert guest(toyos, f"seq {last} | grep {opts} '{pat}'") == expected


def test_bad_input_is_one_line(toyos):
    assert toyos.run("grep '[x'; echo $?") == "grep: [x: a [ is not closed\ngrep: exit status 2\n2\n"
    assert toyos.run("seq 1 x") == "seq: invalid argument 'x'\nseq: exit status 1\n"
    assert toyos.run("seq 1 0 5") == "seq: the increment must not be 0\nseq: exit status 1\n"
    assert toyos.run("sort -x").startswith("usage: sort")
    assert toyos.run("tr z-a x").startswith("tr: a range must not go backwards")
    assert toyos.run("seq 2 | tee nofile").startswith("tee: nofile: files need the file system")


def test_help_lists_the_filters_and_nothing_is_left(toyos):
    out = toyos.run("help")
    for name in ("seq", "yes", "grep", "sort", "uniq", "tr", "tee", "wc"):
        assert re.search(rf"\b{name}\b", out), f"help does not name {name}"
    rows = ps_rows(toyos.run("ps"))
    assert set(rows) == {"idle", "pm", "console", "pipe", "shell"}, rows
    assert toyos.shutdown() == 0


def test_pipelines_on_both_machines(shell):
    for pipeline in ("seq 1 1000 | grep 7 | wc -l", "seq 30 | tr 0-9 a-j | sort | uniq -c",
                     "yes ab | seq 3", "seq 12 | sort -n -r | grep -n '^1'"):
        assert guest(shell, pipeline) == host(pipeline), pipeline
    assert shell.shutdown() == 0
