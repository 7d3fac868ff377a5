"""The target description gdb reads with qXfer:features:read:target.xml.

Owns the register numbering the stub uses for `g`, `p` and `P`.  It follows
gdb's own RISC-V numbering, so the numbers in packets equal gdb's internal
ones: x0..x31 = 0..31, pc = 32, CSR n = 65 + n, priv = 65 + 4096.
CSR numbers come from asm/csrs.py, the one CSR table.
"""
from __future__ import annotations

from dataclasses import dataclass

from asm.csrs import CSR_NUMBERS
from asm.registers import ABI_NAMES

PC_REGNUM = 32
FIRST_CSR_REGNUM = 65
PRIV_REGNUM = FIRST_CSR_REGNUM + 4096
GENERAL_COUNT = 33          # x0..x31 and pc: what the `g` packet carries

# The CSRs a person debugging a kernel wants to see, in the order gdb lists them.
DEBUG_CSRS = (
    "mstatus", "misa", "medeleg", "mideleg", "mie", "mtvec", "mcounteren",
    "menvcfg", "menvcfgh", "mscratch", "mepc", "mcause", "mtval", "mip", "mhartid",
    "sstatus", "sie", "stvec", "scounteren", "sscratch", "sepc", "scause", "stval",
    "sip", "stimecmp", "stimecmph", "satp",
)


@dataclass(frozen=True)
class Register:
    name: str
    regnum: int
    kind: str        # "gpr", "pc", "csr" or "priv"
    index: int       # gpr number, CSR number, or 0


def _registers() -> tuple[Register, ...]:
    regs = [Register(name, n, "gpr", n) for n, name in enumerate(ABI_NAMES)]
    regs.append(Register("pc", PC_REGNUM, "pc", 0))
    regs += [Register(name, FIRST_CSR_REGNUM + CSR_NUMBERS[name], "csr", CSR_NUMBERS[name])
             for name in DEBUG_CSRS]
    regs.append(Register("priv", PRIV_REGNUM, "priv", 0))
    return tuple(regs)


REGISTERS: tuple[Register, ...] = _registers()
BY_REGNUM: dict[int, Register] = {r.regnum: r for r in REGISTERS}


def _reg_xml(reg: Register) -> str:
    if reg.kind == "gpr":
        # gdb's riscv code wants x0.. names or ABI names; it accepts either.
        kind = ' type="code_ptr"' if reg.name == "ra" else (
            ' type="data_ptr"' if reg.name in ("sp", "gp", "tp", "fp") else ' type="int"')
        return f'    <reg name="{reg.name}" bitsize="32" regnum="{reg.regnum}"{kind}/>'
    if reg.kind == "pc":
        return f'    <reg name="pc" bitsize="32" regnum="{reg.regnum}" type="code_ptr"/>'
    group = ' group="system"' if reg.kind == "priv" else ' group="csr"'
    from xml.sax.saxutils import escape          # here: `toyos run` need not import xml
    return f'    <reg name="{escape(reg.name)}" bitsize="32" regnum="{reg.regnum}" type="int"{group}/>'


def target_xml() -> str:
    """The whole description: one cpu feature, one CSR feature, the virtual priv register."""
    by_kind = lambda *kinds: "\n".join(_reg_xml(r) for r in REGISTERS if r.kind in kinds)
    return f"""<?xml version="1.0"?>
<!DOCTYPE target SYSTEM "gdb-target.dtd">
<target version="1.0">
  <architecture>riscv:rv32</architecture>
  <feature name="org.gnu.gdb.riscv.cpu">
{by_kind("gpr", "pc")}
  </feature>
  <feature name="org.gnu.gdb.riscv.csr">
{by_kind("csr")}
  </feature>
  <feature name="org.gnu.gdb.riscv.virtual">
{by_kind("priv")}
  </feature>
</target>
"""
