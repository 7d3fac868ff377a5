"""GDB remote serial protocol framing: packets, checksums, escaping, acks.

Owns the byte level only: `$payload#cs` framing, the `+`/`-` acknowledgements
(and their absence after QStartNoAckMode), the 0x03 interrupt byte, binary
escaping (`}` then byte ^ 0x20) and run-length decoding (`X*n`).  It knows
nothing about registers or the machine; vm/gdb/stub.py gives packets meaning.
"""
from __future__ import annotations

from dataclasses import dataclass

INTERRUPT = 0x03          # Ctrl-C from gdb while the target runs
ESCAPE = ord("}")         # binary escape: next byte is XORed with 0x20
ESCAPED = frozenset(b"$#}*")


def checksum(payload: bytes) -> int:
    """The modulo-256 sum of the payload bytes as they travel on the wire."""
    return sum(payload) & 0xFF


def frame(payload: bytes) -> bytes:
    """`$payload#xx`: payload must already be escaped where it carries binary."""
    return b"$" + payload + b"#%02x" % checksum(payload)


def escape_binary(data: bytes) -> bytes:
    """Escape `$ # } *` so binary data (X packets, qXfer replies) survives framing."""
    out = bytearray()
    for byte in data:
        if byte in ESCAPED:
            out += bytes((ESCAPE, byte ^ 0x20))
        else:
            out.append(byte)
    return bytes(out)


def unescape_binary(data: bytes) -> bytes:
    """Undo escape_binary; a trailing lone `}` is malformed and raises ValueError."""
    out = bytearray()
    i = 0
    while i < len(data):
        byte = data[i]
        if byte == ESCAPE:
            if i + 1 >= len(data):
                raise ValueError("binary data ends inside an escape")
            out.append(data[i + 1] ^ 0x20)
            i += 2
        else:
            out.append(byte)
            i += 1
    return bytes(out)


def run_length_decode(data: bytes) -> bytes:
    """Expand `c*N`: the byte c repeated N - 29 more times (N is a printable char)."""
    out = bytearray()
    i = 0
    while i < len(data):
        byte = data[i]
        if byte == ord("*"):
            if not out or i + 1 >= len(data):
                raise ValueError("run-length marker without a byte to repeat or a count")
            out += bytes((out[-1],)) * (data[i + 1] - 29)
            i += 2
        else:
            out.append(byte)
            i += 1
    return bytes(out)


@dataclass(frozen=True)
class Event:
    """One thing read from the wire: kind is packet, interrupt, ack, nack or bad."""
    kind: str
    payload: bytes = b""


class PacketReader:
    """Incremental parser: feed() bytes as they arrive, get complete Events back.

    A packet whose checksum is wrong is reported as kind "bad" so the caller
    can answer `-` (in ack mode) and gdb resends it.  Noise between packets
    (stray bytes other than + - 0x03 $) is skipped, as gdb's own stub does.
    """

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[Event]:
        self._buffer += data
        events: list[Event] = []
        while self._buffer:
            first = self._buffer[0]
            if first == ord("$"):
                end = self._buffer.find(b"#")
                if end < 0 or len(self._buffer) < end + 3:
                    break  # wait for the rest of the packet
                payload = bytes(self._buffer[1:end])
                sent = bytes(self._buffer[end + 1:end + 3])
                del self._buffer[:end + 3]
                try:
                    good = int(sent, 16) == checksum(payload)
                except ValueError:
                    good = False
                events.append(Event("packet" if good else "bad", payload))
                continue
            del self._buffer[:1]
            if first == INTERRUPT:
                events.append(Event("interrupt"))
            elif first == ord("+"):
                events.append(Event("ack"))
            elif first == ord("-"):
                events.append(Event("nack"))
        return events


def hex_bytes(data: bytes) -> bytes:
    return data.hex().encode()


def parse_hex(text: bytes | str) -> int:
    """A hex number as gdb writes them (no prefix); raises ValueError when malformed."""
    if isinstance(text, bytes):
        text = text.decode("ascii")
    if not text or text.strip() != text:
        raise ValueError(f"not a hex number: {text!r}")
    return int(text, 16)
