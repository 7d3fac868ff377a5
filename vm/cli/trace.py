"""`toyos trace`: read a recorded trace (JSON lines or the tracer's Perfetto file) and show it.

    toyos trace summary FILE             strace -c-like table: per syscall, per thread
    toyos trace html FILE -o OUT.html    self-contained offline timeline
    toyos trace text FILE                the strace-like text again
    toyos trace perfetto FILE -o OUT.json  Chrome/Perfetto trace JSON

Record a trace with `toyos boot --trace all --trace-format jsonl --trace-out FILE`.
"""
from __future__ import annotations

import argparse
import sys


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("view", choices=("summary", "html", "text", "perfetto"),
                        help="what to make of the trace")
    parser.add_argument("file", metavar="FILE", help="a trace written with --trace-format jsonl or perfetto")
    parser.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output")
    parser.add_argument("--filter", metavar="NAME|TID", help="only this thread's events")


def execute(args) -> int:
    from vm.trace import html, jsonl, perfetto, summary, text
    from vm.trace.session import matches

    try:
        events = jsonl.load(args.file)
    except jsonl.TraceFileError as e:
        print(f"toyos trace: {e}", file=sys.stderr)
        return 2
    try:
        events = [e for e in events if matches(e, args.filter)]
        if args.view == "summary":
            out = summary.render(summary.summarise(events))
        elif args.view == "html":
            out = html.render(events, title=f"toyos trace of {args.file}")
        elif args.view == "text":
            out = text.render(events)
        else:
            out = perfetto.render(events)
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        # the lines parse as JSON but are not the events the tracer writes (edited by hand?)
        what = f"no field {e}" if isinstance(e, KeyError) else "a field of the wrong type"
        print(f"toyos trace: {args.file}: not a toyos trace: an event has {what}", file=sys.stderr)
        return 2
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as f:
                f.write(out)
        except OSError as e:
            print(f"toyos trace: {args.output}: {e.strerror}", file=sys.stderr)
            return 2
    else:
        sys.stdout.write(out)
    return 0
