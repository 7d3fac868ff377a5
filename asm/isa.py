"""The one ISA table: every instruction toyos knows, its encoding and its operands.

The assembler encodes from it, the disassembler decodes with it, and the CPU
decoder tests check the jitted core against it.  Nothing else in the project
spells an opcode, funct3 or funct7: import them from here.

A row is (name, fmt, match, mask, operands).  `match`/`mask` follow the
binutils/riscv-opcodes convention: `word & mask == match` identifies the
instruction.  `operands` lists the assembly operands in source order; each is
an operand kind from OPERAND_KINDS below.
"""
from __future__ import annotations

from dataclasses import dataclass

# Operand kinds, in the order they appear in source.
#   rd rs1 rs2     integer registers in their usual fields
#   imm_i          signed 12-bit immediate, bits 31:20 (addi, jalr offset)
#   mem_i          offset(rs1) with an I-type offset (loads, jalr)
#   mem_s          offset(rs1) with an S-type offset (stores)
#   amo_addr       (rs1) with no offset (lr/sc/amo)
#   branch         pc-relative B-type target, ±4 KiB, even
#   jump           pc-relative J-type target, ±1 MiB, even
#   imm_u          20-bit upper immediate, bits 31:12 (lui, auipc)
#   shamt          5-bit shift amount, bits 24:20
#   csr            12-bit CSR number, bits 31:20
#   zimm           5-bit unsigned immediate in the rs1 field (csr*i)
#   pred succ      fence ordering sets ("iorw" letters), bits 27:24 / 23:20
OPERAND_KINDS = (
    "rd", "rs1", "rs2", "imm_i", "mem_i", "mem_s", "amo_addr", "branch",
    "jump", "imm_u", "shamt", "csr", "zimm", "pred", "succ",
)

OPCODE_LOAD = 0x03
OPCODE_MISC_MEM = 0x0F
OPCODE_OP_IMM = 0x13
OPCODE_AUIPC = 0x17
OPCODE_STORE = 0x23
OPCODE_AMO = 0x2F
OPCODE_OP = 0x33
OPCODE_LUI = 0x37
OPCODE_BRANCH = 0x63
OPCODE_JALR = 0x67
OPCODE_JAL = 0x6F
OPCODE_SYSTEM = 0x73

# Masks of the fixed bits per format.
MASK_OPCODE = 0x0000007F
MASK_F3 = 0x0000707F
MASK_F3_F7 = 0xFE00707F
MASK_AMO = 0xF800707F  # funct5 + funct3 + opcode; aq/rl are part of the row
MASK_LR = 0xF9F0707F   # as AMO, and rs2 must be 0
MASK_ALL = 0xFFFFFFFF


@dataclass(frozen=True)
class Insn:
    name: str
    fmt: str            # R I S B U J  (encoding format, for documentation and tests)
    match: int
    mask: int
    operands: tuple[str, ...]
    ext: str            # I M A Zicsr Zifencei priv


def _f(opcode: int, funct3: int = 0, funct7: int = 0) -> int:
    return (funct7 << 25) | (funct3 << 12) | opcode


def _rows() -> list[Insn]:
    rows: list[Insn] = []

    def add(name, fmt, match, mask, operands, ext):
        rows.append(Insn(name, fmt, match, mask, tuple(operands.split()), ext))

    # --- RV32I ---------------------------------------------------------------
    add("lui", "U", OPCODE_LUI, MASK_OPCODE, "rd imm_u", "I")
    add("auipc", "U", OPCODE_AUIPC, MASK_OPCODE, "rd imm_u", "I")
    add("jal", "J", OPCODE_JAL, MASK_OPCODE, "rd jump", "I")
    add("jalr", "I", _f(OPCODE_JALR, 0), MASK_F3, "rd mem_i", "I")
    for f3, name in ((0, "beq"), (1, "bne"), (4, "blt"), (5, "bge"), (6, "bltu"), (7, "bgeu")):
        add(name, "B", _f(OPCODE_BRANCH, f3), MASK_F3, "rs1 rs2 branch", "I")
    for f3, name in ((0, "lb"), (1, "lh"), (2, "lw"), (4, "lbu"), (5, "lhu")):
        add(name, "I", _f(OPCODE_LOAD, f3), MASK_F3, "rd mem_i", "I")
    for f3, name in ((0, "sb"), (1, "sh"), (2, "sw")):
        add(name, "S", _f(OPCODE_STORE, f3), MASK_F3, "rs2 mem_s", "I")
    for f3, name in ((0, "addi"), (2, "slti"), (3, "sltiu"), (4, "xori"), (6, "ori"), (7, "andi")):
        add(name, "I", _f(OPCODE_OP_IMM, f3), MASK_F3, "rd rs1 imm_i", "I")
    add("slli", "I", _f(OPCODE_OP_IMM, 1, 0x00), MASK_F3_F7, "rd rs1 shamt", "I")
    add("srli", "I", _f(OPCODE_OP_IMM, 5, 0x00), MASK_F3_F7, "rd rs1 shamt", "I")
    add("srai", "I", _f(OPCODE_OP_IMM, 5, 0x20), MASK_F3_F7, "rd rs1 shamt", "I")
    for f3, f7, name in ((0, 0, "add"), (0, 0x20, "sub"), (1, 0, "sll"), (2, 0, "slt"),
                         (3, 0, "sltu"), (4, 0, "xor"), (5, 0, "srl"), (5, 0x20, "sra"),
                         (6, 0, "or"), (7, 0, "and")):
        add(name, "R", _f(OPCODE_OP, f3, f7), MASK_F3_F7, "rd rs1 rs2", "I")
    # fence.tso is a fence with fm=1000, pred=succ=rw; it must precede fence.
    add("fence.tso", "I", 0x8330000F, 0xFFF0707F, "", "I")
    add("fence", "I", _f(OPCODE_MISC_MEM, 0), MASK_F3, "pred succ", "I")
    add("ecall", "I", 0x00000073, MASK_ALL, "", "I")
    add("ebreak", "I", 0x00100073, MASK_ALL, "", "I")

    # --- Zifencei ------------------------------------------------------------
    add("fence.i", "I", _f(OPCODE_MISC_MEM, 1), MASK_F3, "", "Zifencei")

    # --- M -------------------------------------------------------------------
    for f3, name in enumerate(("mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu")):
        add(name, "R", _f(OPCODE_OP, f3, 0x01), MASK_F3_F7, "rd rs1 rs2", "M")

    # --- A: every aq/rl variant is its own row, as in GNU's opcode table -----
    amo_ops = (("lr.w", 0x02), ("sc.w", 0x03), ("amoswap.w", 0x01), ("amoadd.w", 0x00),
               ("amoxor.w", 0x04), ("amoand.w", 0x0C), ("amoor.w", 0x08),
               ("amomin.w", 0x10), ("amomax.w", 0x14), ("amominu.w", 0x18),
               ("amomaxu.w", 0x1C))
    for base, funct5 in amo_ops:
        for suffix, aqrl in (("", 0), (".aq", 2), (".rl", 1), (".aqrl", 3)):
            match = (funct5 << 27) | (aqrl << 25) | (2 << 12) | OPCODE_AMO
            if base == "lr.w":
                add(base + suffix, "R", match, MASK_LR | (3 << 25), "rd amo_addr", "A")
            else:
                add(base + suffix, "R", match, MASK_AMO | (3 << 25), "rd rs2 amo_addr", "A")

    # --- Zicsr ---------------------------------------------------------------
    for f3, name in ((1, "csrrw"), (2, "csrrs"), (3, "csrrc")):
        add(name, "I", _f(OPCODE_SYSTEM, f3), MASK_F3, "rd csr rs1", "Zicsr")
    for f3, name in ((5, "csrrwi"), (6, "csrrsi"), (7, "csrrci")):
        add(name, "I", _f(OPCODE_SYSTEM, f3), MASK_F3, "rd csr zimm", "Zicsr")

    # --- privileged ----------------------------------------------------------
    add("sret", "R", 0x10200073, MASK_ALL, "", "priv")
    add("mret", "R", 0x30200073, MASK_ALL, "", "priv")
    add("wfi", "R", 0x10500073, MASK_ALL, "", "priv")
    add("sfence.vma", "R", 0x12000073, 0xFE007FFF, "rs1 rs2", "priv")
    return rows


INSTRUCTIONS: tuple[Insn, ...] = tuple(_rows())
BY_NAME: dict[str, Insn] = {row.name: row for row in INSTRUCTIONS}


def decode(word: int) -> Insn | None:
    """The table row whose match/mask fits `word`, or None."""
    for row in INSTRUCTIONS:
        if word & row.mask == row.match:
            return row
    return None


# --- field packing, shared by encoder, disassembler and tests ----------------

def _sext(value: int, bits: int) -> int:
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def pack_i(imm: int) -> int:
    return (imm & 0xFFF) << 20


def unpack_i(word: int) -> int:
    return _sext(word >> 20, 12)


def pack_s(imm: int) -> int:
    imm &= 0xFFF
    return ((imm >> 5) << 25) | ((imm & 0x1F) << 7)


def unpack_s(word: int) -> int:
    return _sext(((word >> 25) << 5) | ((word >> 7) & 0x1F), 12)


def pack_b(offset: int) -> int:
    o = offset & 0x1FFF
    return (((o >> 12) & 1) << 31) | (((o >> 5) & 0x3F) << 25) | (((o >> 1) & 0xF) << 8) | (((o >> 11) & 1) << 7)


def unpack_b(word: int) -> int:
    o = (((word >> 31) & 1) << 12) | (((word >> 7) & 1) << 11) | (((word >> 25) & 0x3F) << 5) | (((word >> 8) & 0xF) << 1)
    return _sext(o, 13)


def pack_u(imm20: int) -> int:
    return (imm20 & 0xFFFFF) << 12


def unpack_u(word: int) -> int:
    return (word >> 12) & 0xFFFFF


def pack_j(offset: int) -> int:
    o = offset & 0x1FFFFF
    return (((o >> 20) & 1) << 31) | (((o >> 1) & 0x3FF) << 21) | (((o >> 11) & 1) << 20) | (((o >> 12) & 0xFF) << 12)


def unpack_j(word: int) -> int:
    o = (((word >> 31) & 1) << 20) | (((word >> 12) & 0xFF) << 12) | (((word >> 20) & 1) << 11) | (((word >> 21) & 0x3FF) << 1)
    return _sext(o, 21)


def rd(word: int) -> int:
    return (word >> 7) & 0x1F


def rs1(word: int) -> int:
    return (word >> 15) & 0x1F


def rs2(word: int) -> int:
    return (word >> 20) & 0x1F


# Ranges, for "immediate out of range" messages and for generators in tests.
IMM_RANGES = {
    "imm_i": (-2048, 2047),
    "mem_i": (-2048, 2047),
    "mem_s": (-2048, 2047),
    "branch": (-4096, 4094),
    "jump": (-(1 << 20), (1 << 20) - 2),
    "imm_u": (0, 0xFFFFF),
    "shamt": (0, 31),
    "csr": (0, 0xFFF),
    "zimm": (0, 31),
}
