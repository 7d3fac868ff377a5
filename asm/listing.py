"""The -l listing: for every statement, its file and line, address, the
bytes it produced (eight per row, at most LISTING_BYTES of them, then their
total) and its text."""
from __future__ import annotations


def format_listing(rows) -> str:
    out = []
    for row in rows:
        where = f"{row.filename}:{row.line}"
        chunks = [row.data[i:i + 8] for i in range(0, len(row.data), 8)] or [b""]
        for i, chunk in enumerate(chunks):
            addr = f"{row.addr + 8 * i:08x}" if row.addr is not None else " " * 8
            hexed = chunk.hex()
            text = row.text if i == 0 else ""
            out.append(f"{where:<24} {addr}  {hexed:<16}  {text}".rstrip())
        if row.size > len(row.data):
            out.append(f"{where:<24} {'':8}  ... {row.size:,} bytes in all")
    return "\n".join(out) + "\n"
