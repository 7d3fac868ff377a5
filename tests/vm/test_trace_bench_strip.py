"""The tracer benchmark's hook-free peer (vm/cli/bench_trace.py strip_hooks) really is hook-free.

It is compiled from vm/cpu.py with the `[trace hook]` lines rewritten; if a hook
is added that the stripper does not know, the peer would carry it and the
"tracing off" figure would compare the core with itself.
"""
import ast
from pathlib import Path

from vm import cpu
from vm.cli.bench_trace import strip_hooks


def test_stripped_core_has_no_tracer_and_still_takes_every_trap():
    source = Path(cpu.__file__).read_text()
    stripped = strip_hooks(source)
    ast.parse(stripped)                                   # still Python
    for hook in ("enter_trap(", "record_trap(", "record_sret(", "STOP_TRACE", "st[S.TRACE]"):
        assert hook not in stripped, hook
    # every trap path of the real core still enters the handler in the peer
    assert stripped.count("take_trap(st, csrs, ") == source.count("enter_trap(tbuf, ") >= 3
