"""`toyos run --trace ...` and `toyos trace ...` as a user types them.

The synthetic two-thread guest (tests/vm/programs/trace/twothreads.s) runs
through the real command line; every view rebuilt from the JSON-lines file
must equal what the run wrote directly, and bad input gets one line, not a
traceback.
"""
from __future__ import annotations

import json

import pytest

from tests.vm.build import build
from tests.vm.trace_checks import check_trace_events
from vm.cli import main
from vm.trace import jsonl, summary


@pytest.fixture(scope="module")
def elf():
    return str(build(["tests/vm/programs/trace/twothreads.s"], include_dirs=["tests/vm/programs/trace"]))


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_views_rebuilt_from_jsonl_equal_the_live_ones(elf, tmp_path, capsys):
    trace = tmp_path / "t.jsonl"
    code, out, _ = run(capsys, "run", "--deterministic", "--trace", "all", "--trace-format", "jsonl",
                       "--trace-out", str(trace), elf)
    assert code == 0 and out == "hi from 1\nhi from 2\n"
    text_file = tmp_path / "t.txt"
    code, _, err = run(capsys, "run", "--deterministic", "--trace", "all", "--trace-out",
                       str(text_file), "--trace-summary", elf)
    assert code == 0
    events = jsonl.load(trace)
    assert err == summary.render(summary.summarise(events))          # --trace-summary
    assert run(capsys, "trace", "summary", str(trace))[1] == err      # toyos trace summary
    assert run(capsys, "trace", "text", str(trace))[1] == text_file.read_text()
    perfetto_file = tmp_path / "t.json"
    assert run(capsys, "trace", "perfetto", str(trace), "-o", str(perfetto_file))[0] == 0
    check_trace_events(perfetto_file.read_text())
    page = tmp_path / "t.html"
    assert run(capsys, "trace", "html", str(trace), "-o", str(page))[0] == 0
    assert "1 alpha</text>" in page.read_text() and "2 beta</text>" in page.read_text()


def test_perfetto_output_straight_from_a_run(elf, tmp_path, capsys):
    out = tmp_path / "run.json"
    code, _, _ = run(capsys, "run", "--deterministic", "--trace", "syscalls,switches",
                     "--trace-format", "perfetto", "--trace-out", str(out), elf)
    assert code == 0
    doc = check_trace_events(out.read_text())
    names = {e["args"]["name"] for e in doc["traceEvents"] if e["name"] == "thread_name"}
    assert {"1 alpha", "2 beta"} <= names


def test_filter_keeps_one_threads_events(elf, tmp_path, capsys):
    out = tmp_path / "beta.jsonl"
    run(capsys, "run", "--deterministic", "--trace", "syscalls", "--trace-format", "jsonl",
        "--trace-filter", "beta", "--trace-out", str(out), elf)
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert events and {e["thread"] for e in events} == {"beta"}
    by_tid = run(capsys, "trace", "text", str(out), "--filter", "2")[1]
    assert by_tid == run(capsys, "trace", "text", str(out))[1]


def test_bad_input_gets_one_line(elf, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "--trace", "sycalls", elf])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "unknown trace category 'sycalls'" in err and "Traceback" not in err
    not_a_trace = tmp_path / "x.txt"
    not_a_trace.write_text("hello\n")
    code, _, err = run(capsys, "trace", "summary", str(not_a_trace))
    assert code == 2 and err.count("\n") == 1 and "not a JSON-lines trace" in err


@pytest.mark.parametrize("content, message", [
    (b"\x7fELF\x01\x01\x01\x00\xf3\xff" * 10, "not a trace (binary data"),
    (b'{"kind": "syscall"}\n', "not a toyos trace: an event has no field"),
    (b'{"kind": "switch", "us": "x", "tid": 1}\n', "not a toyos trace"),
    (b'{"traceEvents": [], "otherData": {"toyos_events": [1, 2]}}\n', "without toyos events"),
])
def test_files_that_are_not_traces_get_one_line(tmp_path, capsys, content, message):
    path = tmp_path / "t.jsonl"
    path.write_bytes(content)
    for view in ("summary", "text", "html", "perfetto"):
        code, _, err = run(capsys, "trace", view, str(path))
        assert code == 2 and err.count("\n") == 1 and message in err, (view, err)


def test_a_trace_cut_off_mid_line_keeps_its_whole_events(elf, tmp_path, capsys):
    trace = tmp_path / "t.jsonl"
    main(["run", "--deterministic", "--trace", "all", "--trace-format", "jsonl",
          "--trace-out", str(trace), elf])
    capsys.readouterr()
    whole = trace.read_text()
    cut = tmp_path / "cut.jsonl"
    cut.write_text(whole[:len(whole) - 10])         # as if the run was killed while writing
    assert jsonl.load(str(cut)) == jsonl.load(str(trace))[:-1]
