"""Assembler throughput: a generated 20,000-line source with macros and
includes, assembled end to end (parse, two passes, link, ELF); `toyos bench`
prints the figure."""
from __future__ import annotations

import os
import tempfile
import time

LINES = 20_000


def generate(directory: str, lines: int = LINES) -> str:
    """Write main.s (+ an included file) totalling about `lines` lines; return main.s's path."""
    with open(os.path.join(directory, "defs.inc"), "w") as f:
        f.write("# constants and a macro, included by main.s\n"
                ".equ UART, 0x10000000\n.equ STACK_WORDS, 64\n"
                ".macro PUSH reg\n    addi sp, sp, -4\n    sw \\reg, 0(sp)\n.endm\n"
                ".macro POP reg\n    lw \\reg, 0(sp)\n    addi sp, sp, 4\n.endm\n")
    body = ['.include "defs.inc"', ".text", ".globl _start", "_start:"]
    n = 0
    while len(body) < lines - 40:
        body += [
            f"func_{n}:                      # a small function",
            "    PUSH ra",
            f"    li a0, {n * 4099 % 100000}",
            "    la a1, table",
            f"    addi a2, a1, {n % 2000}",
            "1:  lw t0, 0(a1)",
            "    add t1, t0, a0",
            "    srli t1, t1, 3",
            "    sw t1, 4(a1)",
            "    bnez t1, 1b",
            "    csrr t2, mstatus",
            f"    beq a0, a2, func_{n}",
            "    POP ra",
            "    ret",
        ]
        n += 1
    body += [".data", "table:", ".rept 16", "    .word 0x12345678, table", ".endr",
             ".section .rodata", 'msg: .asciz "hello, world\\n"', ".bss", "stack: .space STACK_WORDS*4"]
    path = os.path.join(directory, "main.s")
    with open(path, "w") as f:
        f.write("\n".join(body) + "\n")
    return path


def run_benchmark(lines: int = LINES) -> dict:
    """Assemble the generated source; return its size and lines per second."""
    from .assembler import assemble_files
    from .parser import _parser
    _parser()   # grammar loading is a one-off cost, not throughput
    with tempfile.TemporaryDirectory() as tmp:
        path = generate(tmp, lines)
        with open(path) as f:
            count = sum(1 for _ in f)
        start = time.perf_counter()
        program = assemble_files([path])
        program.elf_bytes()
        seconds = time.perf_counter() - start
    return {"lines": count, "seconds": round(seconds, 3),
            "lines_per_second": round(count / seconds),
            "bytes": sum(len(s.data) for s in program.sections)}


if __name__ == "__main__":
    print(run_benchmark())
