"""Every assembly-time check (.if/.error) in the kernel can fire.

The kernel derives some things by hand from its constants: shifts that
assume a power-of-two size, tables that must be adjacent or of a given
length, megapage-aligned addresses.  Each is guarded by an `.if`/`.error`
beside the code or constant it concerns.  Here each constant or table is
changed in a copy of the source, that file is assembled with our assembler
(GNU as runs the same checks: tests/oracles/test_binutils_sources.py
assembles the real sources with it), and the check's message must appear;
the unchanged file must not show it.
"""
from __future__ import annotations

import shutil

import pytest

from asm.assembler import assemble_files
from asm.errors import AsmError
from kernel import gen_abi

ROOT = gen_abi.ROOT
INC = "kernel/include/kernel.inc"
ABI = "kernel/include/abi.inc"

# (file changed, text, replaced by, file assembled, message)
CASES = [
    (INC, ".equ THREAD_SHIFT, 9", ".equ THREAD_SHIFT, 8", "kernel/thread.s",
     "THREAD_SIZE must be 1 << THREAD_SHIFT"),
    (INC, ".equ SPACE_SHIFT, 7", ".equ SPACE_SHIFT, 6", "kernel/space.s",
     "SPACE_SIZE must be 1 << SPACE_SHIFT"),
    (INC, ".equ PAGE_SHIFT, 12", ".equ PAGE_SHIFT, 13", "kernel/space.s",
     "PAGE_SIZE must be 1 << PAGE_SHIFT"),
    (ABI, ".equ NTHREADS, 0x40", ".equ NTHREADS, 0x30", "kernel/thread.s",
     "NTHREADS must be a power of two"),
    (ABI, ".equ NSPACES, 0x20", ".equ NSPACES, 0x400", "kernel/space.s",
     "NSPACES must fit Sv32's 9-bit ASID"),
    (ABI, ".equ MLFQ_LEVELS, 3", ".equ MLFQ_LEVELS, 9", "kernel/sched.s",
     "a rank is priority << 3 | a level"),
    (ABI, ".equ SCHED_MLFQ, 3", ".equ SCHED_MLFQ, 1", "kernel/sched.s",
     "rerank tells the policies apart"),
    (ABI, ".equ FAMILY_COMM, 3", ".equ FAMILY_COMM, 2", "kernel/thread.s",
     "derive_comm knows four families"),
    (INC, ".equ SPACE_ACCT, 16", ".equ SPACE_ACCT, 80", "kernel/space.s",
     "a space's [acct] record must fit"),
    (ABI, ".equ STATE_FREE, 0", ".equ STATE_FREE, 0xa", "kernel/thread.s",
     "STATE_FREE must be 0"),
    (ABI, ".equ TICK_HZ, 0x64", ".equ TICK_HZ, 0x60", "kernel/timer.s",
     "TICK_HZ must divide TIMEBASE_HZ and 1000"),
    ("kernel/ipc.s", "port_senders: .space", ".space 4\nport_senders: .space", "kernel/ipc.s",
     "port_senders must follow port_owner"),
    (ABI, ".equ TINFO_NAME_SIZE, 0x10", ".equ TINFO_NAME_SIZE, 0x14", "kernel/thread.s",
     "thread_info copies THREAD_NAME_SIZE bytes into TINFO_NAME"),
    (ABI, ".equ THREAD_NAME_SIZE, 0x10", ".equ THREAD_NAME_SIZE, 0x12", "kernel/thread.s",
     "copy_words copies whole words"),
    ("kernel/irq.s", "irq_bits:   .space", ".space 4\nirq_bits:   .space", "kernel/irq.s",
     "irq_bits must follow irq_thread"),
    ("kernel/trap.s", "    LIGHT_SYSCALL_TABLE", "    .word 0\n    LIGHT_SYSCALL_TABLE",
     "kernel/trap.s", "light_table must have LIGHT_CALLS entries"),
    ("kernel/syscall.s", "    SYSCALL_TABLE", "    .word 0\n    SYSCALL_TABLE", "kernel/syscall.s",
     "syscall_table must have NSYSCALLS entries"),
    ("kernel/pagetable.s", ".equ KERNEL_FIRST_ENTRY, 512", ".equ KERNEL_FIRST_ENTRY, 511",
     "kernel/pagetable.s", "RAM_BASE must start the kernel half"),
    (ABI, ".equ RAM_LIMIT, 0xc0000000", ".equ RAM_LIMIT, 0xc0100000", "kernel/pagetable.s",
     "RAM_LIMIT - RAM_BASE must be whole megapages"),
    (ABI, ".equ KERNEL_DEV_BASE, 0xf0000000", ".equ KERNEL_DEV_BASE, 0xb0000000",
     "kernel/pagetable.s", "the device aliases (KERNEL_DEV_BASE) must lie above"),
    (ABI, ".equ UART_BASE, 0x10000000", ".equ UART_BASE, 0x10001000", "kernel/pagetable.s",
     "PLIC_BASE and UART_BASE must start megapages"),
]


def errors(tmp_path, changed: str | None = None, old: str = "", new: str = "",
           assembled: str = "kernel/main.s") -> str:
    """Assemble `assembled` (alone: link errors do not matter here) with
    `old` replaced by `new` in `changed`; the diagnostics as one string."""
    include = tmp_path / "include"
    shutil.copytree(ROOT / "kernel" / "include", include)
    texts = {assembled: (ROOT / assembled).read_text()}
    if changed is not None:
        target = include / changed.split("/")[-1] if changed.endswith(".inc") else None
        text = target.read_text() if target else texts[changed]
        assert text.count(old) == 1, f"{old!r} is not in {changed} once"
        text = text.replace(old, new)
        if target:
            target.write_text(text)
        else:
            texts[changed] = text
    try:
        assemble_files([str(ROOT / assembled)], include_dirs=[str(include)],
                       _texts=[texts[assembled]])
    except AsmError as exc:
        return "\n".join(d.message for d in exc.diagnostics)
    return ""


@pytest.mark.parametrize("changed, old, new, assembled, message", CASES,
                         ids=[c[4].split(":")[0][:40] for c in CASES])
def test_check_fires(tmp_path, changed, old, new, assembled, message):
    assert message not in errors(tmp_path / "as_is", assembled=assembled)
    assert message in errors(tmp_path / "changed", changed, old, new, assembled)
