"""Integer register names: x-names and ABI names, as GNU as accepts them."""
from __future__ import annotations

ABI_NAMES = (
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
    "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
    "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
)

REGISTER_NUMBERS: dict[str, int] = {f"x{n}": n for n in range(32)}
REGISTER_NUMBERS.update({name: n for n, name in enumerate(ABI_NAMES)})
REGISTER_NUMBERS["fp"] = 8


def register_name(number: int) -> str:
    """The ABI name objdump prints for register `number`."""
    return ABI_NAMES[number]
