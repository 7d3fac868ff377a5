"""The kernel's assembly helpers: frame.inc's stack frames and trapframe.inc's
register lists do what their headers say (the bytes themselves are compared
with GNU as by tests/oracles/test_binutils_sources.py)."""
from __future__ import annotations

import re
import tomllib

import pytest

from asm.assembler import assemble_text
from asm.errors import AsmError
from kernel import gen_abi

INCLUDE = gen_abi.ROOT / "kernel" / "include"


def text_of(source: str) -> bytes:
    return assemble_text(source, "t.s", include_dirs=[str(INCLUDE)]).section(".text").data


def test_frame_is_the_hand_written_one():
    with_macros = text_of('.include "frame.inc"\n'
                          "f: prologue ra, s1, s2, s3, s4\n call f\n epilogue\n ret\n")
    by_hand = text_of("f: addi sp, sp, -32\n sw ra, 28(sp)\n sw s1, 24(sp)\n sw s2, 20(sp)\n"
                      " sw s3, 16(sp)\n sw s4, 12(sp)\n call f\n lw ra, 28(sp)\n lw s1, 24(sp)\n"
                      " lw s2, 20(sp)\n lw s3, 16(sp)\n lw s4, 12(sp)\n addi sp, sp, 32\n ret\n")
    assert with_macros == by_hand


@pytest.mark.parametrize("regs, locals_, size", [("ra", 0, 16), ("ra, s1, s2, s3", 0, 16),
                                                 ("ra, s1, s2, s3, s4", 0, 32), ("ra", 40, 48)])
def test_frame_size_is_the_smallest_aligned_one(regs, locals_, size):
    code = text_of(f'.include "frame.inc"\nprologue_locals {locals_}, {regs}\nepilogue\n')
    assert code[:4] == text_of(f"addi sp, sp, -{size}\n")
    assert code[-4:] == text_of(f"addi sp, sp, {size}\n")


def test_epilogue_undoes_the_nearest_prologue():
    code = text_of('.include "frame.inc"\nf: prologue ra\n epilogue\ng: prologue ra, s1\n'
                   " epilogue\n epilogue\n")
    assert code[-12:] == text_of("lw ra, 12(sp)\nlw s1, 8(sp)\naddi sp, sp, 16\n")[-12:]


def test_epilogue_without_prologue_is_an_error():
    with pytest.raises(AsmError, match="epilogue without a prologue"):
        text_of('.include "frame.inc"\nepilogue\n')


def macro_registers(name: str) -> list[str]:
    text = (INCLUDE / "trapframe.inc").read_text()
    body = re.search(rf"\.macro {name} op, base\n\s*tf_each \\op, \\base, (.*)\n", text)
    return [r.strip() for r in body.group(1).split(",")]


def test_trapframe_lists_cover_every_register_once():
    abi = tomllib.loads(gen_abi.ABI_TOML.read_text())
    kept, scratch = macro_registers("tf_kept"), macro_registers("tf_scratch")
    named_by_hand = ["sp", "t0", "t1"]
    together = kept + scratch + named_by_hand
    assert len(together) == len(set(together))
    assert set(together) == set(abi["trapframe"]["regs"][1:])


def test_tf_kept_is_what_ipc_keeps():
    # abi.toml, IPC: "They preserve the callee-saved registers s0-s11, and sp, ra, gp, tp"
    kept = set(macro_registers("tf_kept"))
    assert kept | {"sp"} == {f"s{i}" for i in range(12)} | {"sp", "ra", "gp", "tp"}


def test_tf_each_uses_the_trapframe_offsets():
    code = text_of('.include "abi.inc"\n.include "trapframe.inc"\ntf_kept sw, sp\n')
    abi = tomllib.loads(gen_abi.ABI_TOML.read_text())
    slots = {r: 4 * i for i, r in enumerate(abi["trapframe"]["regs"])}
    expected = "".join(f"sw {r}, {slots[r]}(sp)\n" for r in macro_registers("tf_kept"))
    assert code == text_of(expected)


# ── abi.inc's IPC register macros ([ipc] in abi.toml) ──────────────────────
def test_ipc_lease_sets_the_call_registers_of_abi_toml():
    call = tomllib.loads(gen_abi.ABI_TOML.read_text())["ipc"]["call"]
    with_macro = text_of('.include "abi.inc"\nIPC_LEASE s1, s2, LEASE_R | LEASE_W\n')
    by_hand = text_of(f'.include "abi.inc"\nmv {call["lease_addr"]}, s1\nmv {call["lease_len"]}, s2\n'
                      f'li {call["lease_rights"]}, LEASE_R | LEASE_W\n')
    assert with_macro == by_hand


def test_ipc_lease_moves_nothing_already_in_place():
    call = tomllib.loads(gen_abi.ABI_TOML.read_text())["ipc"]["call"]
    code = text_of(f'.include "abi.inc"\nIPC_LEASE {call["lease_addr"]}, {call["lease_len"]}, LEASE_R\n')
    assert len(code) == 4                 # only the rights


def test_ipc_lease_refuses_a_length_the_address_would_overwrite():
    addr = tomllib.loads(gen_abi.ABI_TOML.read_text())["ipc"]["call"]["lease_addr"]
    with pytest.raises(AsmError, match="IPC_LEASE: the length is in"):
        text_of(f'.include "abi.inc"\nIPC_LEASE s1, {addr}, LEASE_R\n')
