"""The user library's pure routines against Python, on Unicorn.

printf is compared with Python's own %-formatting (same flags and widths),
the string functions with Python's bytes operations, and the shell's
tokenizer with a small reference tokenizer written from its rules ($?,
$NAME, ${NAME}, $1, $# marked for expansion when the command runs).
"""
from __future__ import annotations

import re
import pytest
from hypothesis import given, settings, strategies as st

from tests.userland.libharness import LibMachine

LIB = ["userland/lib/string.s", "userland/lib/printf.s", "servers/shell/parse.s"]


@pytest.fixture(scope="module")
def lib():
    return LibMachine(LIB)


def signed(value: int) -> int:
    return value - (1 << 32) if value & 0x80000000 else value


printable = st.binary(min_size=0, max_size=40).map(
    lambda b: bytes(c for c in b if 0x20 <= c < 0x7F and c != ord("%")))
int32 = st.integers(-(1 << 31), (1 << 31) - 1)
spec = st.tuples(st.sampled_from(["", "-", "0"]), st.sampled_from(["", "1", "5", "12"]),
                 st.sampled_from("duxsc%"))


@settings(max_examples=150, deadline=None)
@given(pieces=st.lists(st.tuples(printable, spec, int32, printable), min_size=1, max_size=4))
def test_printf_matches_python(lib, pieces):
    fmt, args, expected = b"", [], b""
    for text, (flag, width, conv), number, word in pieces:
        fmt += text
        expected += text
        if conv == "%":
            fmt += b"%%"
            expected += b"%"
            continue
        if conv == "s":
            args.append(lib.put_bytes(word + b"\0"))
            value = word.decode()
        elif conv == "c":
            args.append(0x41 + (number & 15))
            value = chr(0x41 + (number & 15))
        elif conv == "u" or conv == "x":
            args.append(number)
            value = number & 0xFFFFFFFF
        else:
            args.append(number)
            value = number
        if flag == "0" and conv in "sc":
            flag = ""   # zero padding of text is undefined in C; not used
        directive = f"%{flag}{width}{conv}"
        fmt += directive.encode()
        expected += (directive % value).encode()
    fmt_addr = lib.put_bytes(fmt + b"\0")
    register_args = args[:7]
    stack_args = tuple(args[7:])
    count, _ = lib.call("printf", fmt_addr, *register_args, stack_args=stack_args)
    assert bytes(lib.output) == expected
    assert count == len(expected)
    assert all(fd == 1 for fd, _ in lib.writes)


def test_printf_long_output_is_split_into_buffered_writes(lib):
    word = lib.put_bytes(b"x" * 300 + b"\0")
    count, _ = lib.call("printf", lib.put_bytes(b"[%s]\0"), word)
    assert bytes(lib.output) == b"[" + b"x" * 300 + b"]"
    assert count == 302
    assert len(lib.writes) == 3   # 128 + 128 + 46 bytes


def test_dprintf_uses_the_given_descriptor(lib):
    lib.call("dprintf", 2, lib.put_bytes(b"err %d\n\0"), -7)
    assert bytes(lib.output) == b"err -7\n" and lib.writes == [(2, 7)]


words = st.binary(min_size=0, max_size=30).map(lambda b: bytes(c for c in b if c))


@settings(max_examples=100, deadline=None)
@given(a=words, b=words)
def test_strcmp_strlen_memcmp(lib, a, b):
    pa, pb = lib.put_bytes(a + b"\0"), lib.put_bytes(b + b"\0")
    assert lib.call("strlen", pa)[0] == len(a)
    result = signed(lib.call("strcmp", pa, pb)[0])
    assert (result > 0) - (result < 0) == (a > b) - (a < b)
    n = min(len(a), len(b))
    result = signed(lib.call("memcmp", pa, pb, n)[0])
    assert (result > 0) - (result < 0) == (a[:n] > b[:n]) - (a[:n] < b[:n])


@settings(max_examples=60, deadline=None)
@given(data=st.binary(min_size=0, max_size=64), shift=st.integers(0, 7), length=st.integers(0, 56))
def test_memmove_matches_python(lib, data, shift, length):
    data = data.ljust(64, b"\x55")
    base = lib.put_bytes(data)
    length = min(length, 64 - shift)
    expected = bytearray(data)
    expected[shift:shift + length] = data[:length]
    lib.call("memmove", base + shift, base, length)
    assert bytes(lib.cpu.mem_read(base, 64)) == bytes(expected)


@settings(max_examples=100, deadline=None)
@given(value=st.integers(-(1 << 31) + 1, (1 << 31) - 1), hexa=st.booleans())
def test_parse_int_accepts_numbers(lib, value, hexa):
    text = (f"{'-' if value < 0 else ''}0x{abs(value):x}" if hexa else str(value)).encode()
    number, ok = lib.call("parse_int", lib.put_bytes(text + b"\0"))
    assert ok == 1 and signed(number) == value


@pytest.mark.parametrize("value", [-(1 << 31), (1 << 31) - 1, 0])
def test_parse_int_accepts_the_edges_of_32_bits(lib, value):
    number, ok = lib.call("parse_int", lib.put_bytes(str(value).encode() + b"\0"))
    assert ok == 1 and signed(number) == value


@settings(max_examples=100, deadline=None)
@given(value=st.one_of(st.integers(1 << 31, 1 << 70), st.integers(-(1 << 70), -(1 << 31) - 1)),
       hexa=st.booleans())
def test_parse_int_refuses_what_does_not_fit_32_bits(lib, value, hexa):
    # 4294967299 used to wrap silently to 3
    text = (f"{'-' if value < 0 else ''}0x{abs(value):x}" if hexa else str(value)).encode()
    assert lib.call("parse_int", lib.put_bytes(text + b"\0"))[1] == 0


@pytest.mark.parametrize("text", [b"", b"-", b"12a", b"0x", b"0xg", b"1 2", b"abc"])
def test_parse_int_rejects_non_numbers(lib, text):
    assert lib.call("parse_int", lib.put_bytes(text + b"\0"))[1] == 0


OPERATORS = ["||", "|", "&&", "&", ";", "<", ">>", ">"]   # longest first, as parse.s
TOKEN_KINDS = {"word": 1, "|": 2, "||": 3, "&": 4, "&&": 5, ";": 6, "<": 7, ">": 8, ">>": 9}
STATUS_MARK = "\x01"                                      # servers/shell/shell.inc
VAR_MARK, VAR_END = "\x02", "\x03"


def dollar(line: str, i: int):
    """What parse.s makes of the text after a '$' at line[i]: (marked text, next index)."""
    name = re.match(r"[A-Za-z_][A-Za-z0-9_]*", line[i:])
    braced = re.match(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", line[i:])
    if line.startswith("?", i):
        return STATUS_MARK, i + 1
    if i < len(line) and (line[i] == "#" or line[i].isdigit()):
        return VAR_MARK + line[i] + VAR_END, i + 1
    if braced:
        return VAR_MARK + braced.group(1) + VAR_END, i + braced.end()
    if name:
        return VAR_MARK + name.group(0) + VAR_END, i + name.end()
    return "$", i


def reference_tokens(line: str):
    """The shell's lexical rules, in Python: [(kind, word or None)], or None
    for an unterminated quote."""
    tokens, i, n = [], 0, len(line)
    at_operator = lambda j: next((o for o in OPERATORS if line.startswith(o, j)), None)
    while i < n:
        if line[i] in " \t":
            i += 1
            continue
        if line[i] == "#":
            break
        op = at_operator(i)
        if op:
            tokens.append((op, None))
            i += len(op)
            continue
        word = ""
        while i < n and line[i] not in " \t" and not at_operator(i):
            ch, i = line[i], i + 1
            if ch in "\"'":
                while True:
                    if i >= n:
                        return None
                    c, i = line[i], i + 1
                    if c == ch:
                        break
                    if ch == '"' and c == "$":
                        marked, i = dollar(line, i)
                        word += marked
                    else:
                        word += c
            elif ch == "$":
                marked, i = dollar(line, i)
                word += marked
            else:
                word += ch
        tokens.append(("word", word))
    return tokens


def parsed_tokens(lib, count: int):
    raw = lib.read_words(lib.symbols["tokens"], 2 * (count + 1))
    kinds = {v: k for k, v in TOKEN_KINDS.items()}
    got = []
    for kind, word in zip(raw[0::2], raw[1::2]):
        if kind == 0:
            break
        got.append((kinds[kind], lib.read_cstring(word).decode() if kind == 1 else None))
    assert raw[2 * count] == 0, "the tokens do not end with T_END"
    return got


@settings(max_examples=200, deadline=None)
@given(line=st.text(alphabet="ab \t\"'&|;<>#$?x_1{}", max_size=30))
def test_parse_line_matches_reference(lib, line):
    text = lib.put_bytes(line.encode() + b"\0")
    count, _ = lib.call("parse_line", text)
    expected = reference_tokens(line)
    if expected is None:
        assert signed(count) == -1
        return
    assert parsed_tokens(lib, count) == expected


def test_parse_line_examples(lib):
    text = lib.put_bytes(b"  echo \"a  b|c\" 'c\"d$?' e&&f||g>>h $?x # rest\0")
    count, _ = lib.call("parse_line", text)
    assert parsed_tokens(lib, count) == [
        ("word", "echo"), ("word", "a  b|c"), ("word", 'c"d$?'), ("word", "e"), ("&&", None),
        ("word", "f"), ("||", None), ("word", "g"), (">>", None), ("word", "h"),
        ("word", STATUS_MARK + "x")]
    text = lib.put_bytes(b"a$X${Y_1}b $1$# \"$Z\" '$Z' ${ $ $- ${1}\0")
    count, _ = lib.call("parse_line", text)
    mark = lambda name: VAR_MARK + name + VAR_END
    assert parsed_tokens(lib, count) == [
        ("word", "a" + mark("X") + mark("Y_1") + "b"), ("word", mark("1") + mark("#")),
        ("word", mark("Z")), ("word", "$Z"), ("word", "${"), ("word", "$"), ("word", "$-"),
        ("word", "${1}")]
