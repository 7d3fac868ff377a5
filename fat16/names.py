"""FAT names: 8.3 short names, VFAT long-name (LFN) entries, and the aliases
FAT generates for long names (the basis name plus a ~N numeric tail).

Owns only the name rules; where entries live on disk is volume.py's job.
A short name is the 11 bytes of a directory entry (8 + 3, space padded).
"""
from __future__ import annotations

from fat16.layout import FatError

MAX_LONG = 255                         # UTF-16 code units in a long name
LFN_CHARS = 13                         # characters one LFN entry holds
LFN_OFFSETS = (1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30)   # their byte offsets
ATTR_LFN = 0x0F
LAST_LFN = 0x40                        # ordinal flag of the entry that comes first on disk
NT_LOWER_BASE, NT_LOWER_EXT = 0x08, 0x10   # NTRes bits: the 8.3 name shows in lower case

SHORT_SPECIAL = set("$%'-_@~`!(){}^#&")     # besides A-Z and 0-9, legal in a short name
LONG_FORBIDDEN = set('"*/:<>?\\|')          # never legal, long or short
OEM = "cp850"        # the code page of short names: mtools's default (Windows: the system's)


class NameError_(FatError):
    """A name FAT cannot hold; the message is one line for the user."""


def check_long_name(name: str) -> None:
    """Raise NameError_ unless `name` can be a FAT long name."""
    if name in ("", ".", ".."):
        raise NameError_(f"'{name}': not a valid file name")
    bad = sorted({c for c in name if c in LONG_FORBIDDEN or ord(c) < 0x20})
    if bad:
        raise NameError_(f"'{name}': FAT names cannot contain {' '.join(repr(c) for c in bad)}")
    if name[-1] in ". ":
        raise NameError_(f"'{name}': FAT names cannot end with a dot or a space")
    if len(name.encode("utf-16-le")) // 2 > MAX_LONG:
        raise NameError_(f"'{name[:20]}...': name too long (FAT allows {MAX_LONG} characters)")


def _short_char(c: str) -> tuple[str, bool]:
    """The short-name character for `c` (upper case), and whether it was lossy."""
    u = c.upper()
    if len(u) == 1 and (("A" <= u <= "Z") or ("0" <= u <= "9") or u in SHORT_SPECIAL):
        return u, False
    if len(u) == 1 and ord(u) >= 0x80 and _in_oem(u):
        return u, False
    return "_", True


def _in_oem(c: str) -> bool:
    try:
        return len(c.encode(OEM)) == 1
    except UnicodeEncodeError:
        return False


def exact_short_name(name: str) -> bytes | None:
    """The 11-byte short name when `name` is already an upper-case 8.3 name (no LFN
    entries needed), else None."""
    base, dot, ext = name.rpartition(".") if "." in name else (name, "", "")
    if not base or "." in base or len(base) > 8 or len(ext) > 3 or (dot and not ext):
        return None
    for c in base + ext:
        if _short_char(c) != (c, False):
            return None
    return (base.ljust(8) + ext.ljust(3)).encode(OEM)


def basis_name(name: str) -> tuple[str, str, bool]:
    """The FAT basis name of a long name: (base up to 8, extension up to 3, lossy).
    Lossy means characters were changed or dropped, so a ~N tail is required."""
    stripped = name.replace(" ", "").lstrip(".")
    lossy = stripped != name
    base, _, ext = stripped.rpartition(".") if "." in stripped else (stripped, "", "")
    out_base, out_ext = [], []
    for c in base:
        if c == ".":                       # embedded periods are dropped
            lossy = True
            continue
        s, changed = _short_char(c)
        lossy |= changed
        out_base.append(s)
    for c in ext:
        s, changed = _short_char(c)
        lossy |= changed
        out_ext.append(s)
    if len(out_base) > 8 or len(out_ext) > 3:
        lossy = True
    return "".join(out_base[:8]), "".join(out_ext[:3]), lossy


def alias_for(name: str, taken: set[bytes]) -> bytes:
    """The 11-byte short alias of long name `name`, avoiding the short names in
    `taken`: the basis name alone when it lost nothing and is free, else the
    basis with the first free numeric tail ~1, ~2, ... (as Windows does)."""
    base, ext, lossy = basis_name(name)
    base = base or "_"
    if not lossy:
        plain = (base.ljust(8) + ext.ljust(3)).encode(OEM)
        if plain not in taken:
            return plain
    for n in range(1, 1_000_000):
        tail = f"~{n}"
        candidate = (base[:8 - len(tail)] + tail).ljust(8) + ext.ljust(3)
        if candidate.encode(OEM) not in taken:
            return candidate.encode(OEM)
    raise NameError_(f"'{name}': no free short alias left in this directory")


def checksum(short: bytes) -> int:
    """The LFN checksum of an 11-byte short name."""
    total = 0
    for b in short:
        total = (((total & 1) << 7) + (total >> 1) + b) & 0xFF
    return total


def lfn_entries(name: str, short: bytes) -> list[bytes]:
    """The 32-byte LFN entries for `name`, in on-disk order (last part first)."""
    units = name.encode("utf-16-le")
    units += b"\0\0" if len(units) % (2 * LFN_CHARS) else b""
    units += b"\xff" * (-len(units) % (2 * LFN_CHARS))
    count = len(units) // (2 * LFN_CHARS)
    check = checksum(short)
    entries = []
    for i in range(count):
        entry = bytearray(32)
        entry[0] = (i + 1) | (LAST_LFN if i == count - 1 else 0)
        entry[11], entry[13] = ATTR_LFN, check
        part = units[i * 2 * LFN_CHARS:(i + 1) * 2 * LFN_CHARS]
        for k, off in enumerate(LFN_OFFSETS):
            entry[off:off + 2] = part[2 * k:2 * k + 2]
        entries.append(bytes(entry))
    return entries[::-1]


def lfn_part(entry: bytes) -> str:
    """The characters one LFN entry holds, up to its terminator."""
    raw = b"".join(entry[off:off + 2] for off in LFN_OFFSETS)
    text = raw.decode("utf-16-le", errors="replace")
    return text.split("\0", 1)[0]


def short_display(short: bytes, nt_flags: int) -> str:
    """The name a short-only entry shows, honouring the NTRes lower-case bits."""
    if short[0] == 0x05:                   # a real 0xE5 first byte, escaped on disk
        short = b"\xe5" + short[1:]
    base = short[:8].decode(OEM).rstrip(" ")
    ext = short[8:11].decode(OEM).rstrip(" ")
    if nt_flags & NT_LOWER_BASE:
        base = base.lower()
    if nt_flags & NT_LOWER_EXT:
        ext = ext.lower()
    return f"{base}.{ext}" if ext else base
