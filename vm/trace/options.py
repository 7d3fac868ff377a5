"""The tracing flags of `toyos run` and `toyos boot`, in one place.

    --trace syscalls,switches,irq,faults   what to record (or "all")
    --trace-out FILE                       where (default: standard error)
    --trace-format text|jsonl|perfetto     how
    --trace-filter NAME|TID                only this thread's events
    --trace-summary                        a strace -c-like table at the end
    --trace-html FILE                      an offline HTML timeline at the end

A command calls `add_arguments(parser)` in configure, `start(machine, args)`
after loading its image, and `finish(machine, session, args)` when the run
ends; the rest (buffer, drains, decoding, output files) lives here.
"""
from __future__ import annotations

import argparse
import sys

from vm.trace.events import parse_categories

FORMATS = ("text", "jsonl", "perfetto")


def _categories(text: str) -> int:
    try:
        return parse_categories(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("tracing (what the OS does, seen from outside)")
    group.add_argument("--trace", type=_categories, metavar="WHAT",
                       help="record syscalls,switches,irq,faults (comma-separated, or 'all'); "
                            "Ctrl-A t toggles recording while the machine runs")
    group.add_argument("--trace-out", metavar="FILE", help="write the trace to FILE (default: stderr)")
    group.add_argument("--trace-format", choices=FORMATS, default=None,
                       help="text (strace-like, default), jsonl (one JSON event per line; "
                            "`toyos trace` reads it back) or perfetto (Chrome/Perfetto trace JSON)")
    group.add_argument("--trace-filter", metavar="NAME|TID",
                       help="only events of this thread (name or id); switches to or from it too")
    group.add_argument("--trace-summary", action="store_true",
                       help="print a strace -c-like summary (per syscall, per thread) at the end")
    group.add_argument("--trace-html", metavar="FILE",
                       help="write a self-contained HTML timeline of the run to FILE")


def wanted(args) -> bool:
    return bool(getattr(args, "trace", None) or getattr(args, "trace_summary", False)
                or getattr(args, "trace_html", None))


def start(machine, args, prog: str = "toyos"):
    """Attach a TraceSession to a loaded machine if any tracing flag asks for one."""
    if not wanted(args):
        return None
    from vm.trace.events import ALL_CATEGORIES
    from vm.trace.session import TraceSession

    fmt = args.trace_format or ("perfetto" if (args.trace_out or "").endswith(".json") else "text")
    mask = args.trace or ALL_CATEGORIES
    quiet = not args.trace                  # only a summary or a timeline was asked for
    try:
        out = open(args.trace_out, "w", encoding="utf-8") if args.trace_out and not quiet else None
    except OSError as e:
        print(f"{prog}: {args.trace_out}: {e.strerror}", file=sys.stderr)
        raise SystemExit(2)
    html_out = None
    if args.trace_html:                     # opened now: a bad path must not cost the whole run
        try:
            html_out = open(args.trace_html, "w", encoding="utf-8")
        except OSError as e:
            print(f"{prog}: {args.trace_html}: {e.strerror}", file=sys.stderr)
            raise SystemExit(2)
    symbols = machine.elf.symbols if machine.elf is not None else {}
    session = TraceSession.for_kernel(symbols, mask, out=out if out else (_Null() if quiet else None),
                                      fmt=fmt, filter=args.trace_filter,
                                      keep=bool(args.trace_summary or args.trace_html))
    session.html_out = html_out
    machine.attach_tracer(session)
    return session


def finish(machine, session, args) -> None:
    """Drain the last events, close the output, print the summary, write the timeline."""
    if session is None:
        return
    session.close(machine.st, machine.ram)
    if args.trace_out and session.out is not sys.stderr and not isinstance(session.out, _Null):
        session.out.close()
    if args.trace_summary:
        sys.stderr.write(session.summary_text())
    if getattr(session, "html_out", None) is not None:
        from vm.trace import html
        with session.html_out as f:
            f.write(html.render(session.events, title=f"toyos trace of {machine._image}"))
    if session.lost:
        print(f"toyos: {session.lost} trace events were lost", file=sys.stderr)


class _Null:
    """An output that keeps nothing (only the summary or the timeline was asked for)."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass
