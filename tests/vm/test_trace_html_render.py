"""The HTML timeline renders offline in headless Chromium and draws something.

Chromium takes a screenshot of the page (file:// URL, background networking
off); the PNG is decoded here (zlib + PNG row filters, no imaging library)
and must show the timeline's colours: pale "running" bars, dark syscall
bars and red switch lines, not a blank page.
"""
from __future__ import annotations

import struct
import subprocess
import zlib

import numpy as np

from tests.oracle_tools import need_tool
from tests.vm.test_trace_formats import play
from vm.trace import html


def png_pixels(data: bytes) -> np.ndarray:
    """RGB(A) pixels of an 8-bit non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and interlace == 0 and colour in (2, 6)
    channels = 3 if colour == 2 else 4
    raw = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(height, 1 + width * channels)
    out = np.zeros((height, width * channels), np.int32)
    prev = np.zeros(width * channels, np.int32)
    for y in range(height):
        kind, line = raw[y, 0], raw[y, 1:].astype(np.int32)
        row = np.zeros_like(line)
        for x in range(len(line)):
            left = row[x - channels] if x >= channels else 0
            up = prev[x]
            upleft = prev[x - channels] if x >= channels else 0
            if kind == 0:
                pred = 0
            elif kind == 1:
                pred = left
            elif kind == 2:
                pred = up
            elif kind == 3:
                pred = (left + up) // 2
            else:
                p = left + up - upleft
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upleft)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else upleft)
            row[x] = (line[x] + pred) & 0xFF
        out[y] = row
        prev = row
    return out.reshape(height, width, channels)[:, :, :3]


def test_timeline_renders_in_headless_chromium(tmp_path):
    chromium = need_tool("chromium")
    _, events = play([("ipc", 2, 5), ("preempt", 5, 0), ("syscall", "null", 0),
                      ("yield", 6, 0), ("ipc", 1, 3), ("preempt", 3, 0)])
    page = tmp_path / "timeline.html"
    page.write_text(html.render(events))
    shot = tmp_path / "shot.png"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--hide-scrollbars",
                    f"--screenshot={shot}", "--window-size=800,300", page.as_uri()],
                   capture_output=True, timeout=120, check=False)
    pixels = png_pixels(shot.read_bytes())
    colours = {tuple(c) for c in pixels.reshape(-1, 3)[::7]}
    assert len(colours) > 20, "the screenshot is blank"
    running = np.all(np.abs(pixels - [0xCF, 0xE3, 0xFF]) < 8, axis=2).sum()
    syscall = np.all(np.abs(pixels - [0x1F, 0x5F, 0xBF]) < 8, axis=2).sum()
    assert running > 500 and syscall > 50, (running, syscall)
