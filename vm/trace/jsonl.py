"""JSON lines: one decoded event per line, the format every other view can be rebuilt from.

`toyos trace summary|html|text|perfetto FILE` read this back; a Perfetto
file written by the tracer also works, since it carries the same events.
"""
from __future__ import annotations

import json


def dumps(event: dict) -> str:
    return json.dumps(event, separators=(",", ":"), sort_keys=True)


def render(events: list[dict]) -> str:
    return "".join(dumps(e) + "\n" for e in events)


class TraceFileError(Exception):
    """The file is not a trace this tool wrote."""


def load(path) -> list[dict]:
    """Events from a JSON-lines or Perfetto trace file; TraceFileError says what is wrong."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise TraceFileError(f"{path}: cannot read: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise TraceFileError(f"{path}: not a trace (binary data; record with --trace-format jsonl)") from None
    stripped = text.lstrip()
    if stripped.startswith("{\"traceEvents\"") or stripped.startswith("{ \"traceEvents\""):
        try:
            data = json.loads(text)
            events = list(data["otherData"]["toyos_events"])
        except (ValueError, KeyError, TypeError):
            raise TraceFileError(f"{path}: a trace-event file without toyos events") from None
        if not all(isinstance(e, dict) and "kind" in e for e in events):
            raise TraceFileError(f"{path}: a trace-event file without toyos events")
        return events
    events = []
    lines = text.splitlines()
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            event = json.loads(raw)
        except ValueError:
            if number == len(lines) and not text.endswith("\n") and events:
                break               # the run was stopped mid-line: keep what was written whole
            raise TraceFileError(f"{path}:{number}: not a JSON-lines trace "
                                 "(record with --trace-format jsonl)") from None
        if not isinstance(event, dict) or "kind" not in event:
            raise TraceFileError(f"{path}:{number}: not a toyos trace event")
        events.append(event)
    return events
