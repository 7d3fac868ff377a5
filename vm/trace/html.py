"""A self-contained HTML timeline: per-thread lanes, syscalls and switches, offline.

One file with inline CSS, SVG and a few lines of JavaScript (zoom only); no
network, no external scripts, so it opens from a mail attachment.  Time runs
left to right in guest instructions; each thread has a lane where pale bars
show when it ran, dark bars its syscalls (entry to return), and lines join
lanes at context switches.  Hovering shows the strace-like line.
"""
from __future__ import annotations

import html

from vm.trace import summary as summary_module
from vm.trace import text as text_module
from vm.trace.text import thread_label

LANE = 34
LEFT = 170
WIDTH = 1400
TOP = 30

CSS = """
body { font: 13px/1.4 system-ui, sans-serif; margin: 16px; color: #222; background: #fff; }
h1 { font-size: 18px; margin: 0 0 8px; }
.wrap { overflow-x: auto; border: 1px solid #ccc; }
svg text { font: 11px monospace; fill: #333; }
.run { fill: #cfe3ff; } .sys { fill: #1f5fbf; } .ipc { fill: #2e9e5b; }
.sw { stroke: #c33; stroke-width: 1; } .fault { fill: #d11; } .irq { fill: #f39c12; }
.lane { stroke: #eee; } pre { background: #f6f6f6; padding: 8px; overflow-x: auto; }
.legend span { display: inline-block; padding: 0 8px; margin-right: 6px; color: #fff; }
"""

JS = """
function zoom(f) {
  var s = document.getElementById('tl');
  var w = parseFloat(s.getAttribute('width')) * f;
  s.setAttribute('width', Math.max(400, w));
}
"""


def _lanes(events: list[dict]) -> dict[int, str]:
    names: dict[int, str] = {}
    for e in events:
        names.setdefault(e["tid"], e["thread"])
        if e["kind"] == "switch":
            names.setdefault(e["from_tid"], e["from"])
    return dict(sorted(names.items()))


def render(events: list[dict], title: str = "toyos trace") -> str:
    lanes = _lanes(events)
    row = {tid: i for i, tid in enumerate(lanes)}
    first = min((e["insn"] for e in events), default=0)
    last = max((e["insn"] for e in events), default=1)
    span = max(1, last - first)

    def x(insn: int) -> float:
        return LEFT + (insn - first) * (WIDTH - LEFT - 10) / span

    def y(tid: int) -> float:
        return TOP + row[tid] * LANE

    parts = []
    for tid, name in lanes.items():
        parts.append(f'<line class="lane" x1="0" x2="{WIDTH}" y1="{y(tid) + LANE - 2}" '
                     f'y2="{y(tid) + LANE - 2}"/>')
        parts.append(f'<text x="6" y="{y(tid) + LANE / 2 + 4}">{html.escape(thread_label(tid, name))}</text>')
    running = None
    calls: dict[int, dict] = {}
    exited = {e["from_tid"]: e["insn"] for e in events
              if e["kind"] == "switch" and e["reason"] == "exit"}
    for e in events:
        if running is None:
            running = (e["tid"], e["insn"])
        kind = e["kind"]
        if kind == "switch":
            tid, since = running
            parts.append(_bar("run", x(since), x(e["insn"]), y(tid) + 4, LANE - 10,
                              f"{thread_label(tid, lanes[tid])} running"))
            if e["from_tid"] in row and e["to_tid"] in row:
                parts.append(f'<line class="sw" x1="{x(e["insn"]):.1f}" x2="{x(e["insn"]):.1f}" '
                             f'y1="{y(e["from_tid"]) + LANE / 2}" y2="{y(e["to_tid"]) + LANE / 2}">'
                             f'<title>{html.escape(text_module.line(e))}</title></line>')
            running = (e["to_tid"], e["insn"])
        elif kind == "syscall":
            calls[e["call_id"]] = e
        elif kind == "return" and e["call_id"] in calls:
            call = calls.pop(e["call_id"])
            cls = "ipc" if "ipc" in call or "ipc" in e else "sys"
            tip = f"{text_module.call_text(call)} = {e['rettext']}  ({e['insns']} insns)"
            parts.append(_bar(cls, x(call["insn"]), x(e["insn"]), y(e["tid"]) + 12, LANE - 26, tip))
        elif kind in ("fault", "irq") and e["tid"] in row:
            cls = kind
            parts.append(f'<circle class="{cls}" cx="{x(e["insn"]):.1f}" cy="{y(e["tid"]) + 6}" r="3">'
                         f'<title>{html.escape(text_module.line(e))}</title></circle>')
    if running is not None:
        tid, since = running
        parts.append(_bar("run", x(since), x(last), y(tid) + 4, LANE - 10, f"{thread_label(tid, lanes[tid])} running"))
    for call in calls.values():
        end = exited.get(call["tid"], last)
        parts.append(_bar("sys", x(call["insn"]), x(end), y(call["tid"]) + 12, LANE - 26,
                          text_module.call_text(call) + " <unfinished>"))
    for k in range(6):
        insn = first + span * k // 5
        parts.append(f'<text x="{x(insn) - (30 if k == 5 else 0):.1f}" y="14">{insn}</text>')
    height = TOP + LANE * max(1, len(lanes)) + 10
    svg = (f'<svg id="tl" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}" preserveAspectRatio="none">'
           + "".join(parts) + "</svg>")
    summary = summary_module.render(summary_module.summarise(events))
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<style>{CSS}</style><script>{JS}</script></head><body>"
            f"<h1>{html.escape(title)}</h1>"
            f"<p>{len(events)} events, guest instructions {first} to {last}. "
            f"<button onclick=\"zoom(1.5)\">zoom in</button> <button onclick=\"zoom(1/1.5)\">zoom out</button></p>"
            f"<p class=\"legend\"><span style=\"background:#8fb8f0\">running</span>"
            f"<span style=\"background:#1f5fbf\">syscall</span><span style=\"background:#2e9e5b\">IPC</span>"
            f"<span style=\"background:#c33\">switch</span><span style=\"background:#f39c12\">irq</span>"
            f"<span style=\"background:#d11\">fault</span></p>"
            f"<div class=\"wrap\">{svg}</div><h2>Summary</h2><pre>{html.escape(summary)}</pre>"
            f"</body></html>\n")


def _bar(cls: str, x0: float, x1: float, top: float, height: float, tip: str) -> str:
    width = max(1.0, x1 - x0)
    return (f'<rect class="{cls}" x="{x0:.1f}" y="{top:.1f}" width="{width:.1f}" height="{height}">'
            f'<title>{html.escape(tip)}</title></rect>')
