"""The CPU: one jitted loop that fetches, decodes and executes RV32IMA.

`run()` executes up to `budget` instructions and returns a stop reason
(state.STOP_*).  The hot path stays in this one function (DESIGN.md section 2):
fetch on a RAM word index while execution stays on one page, decode by one
jump table on (opcode, funct3) (CASE, built from asm/isa.py), TLB hit checks
and RAM loads/stores inline.  Everything cold lives in mmu.py (TLB misses,
MMIO, misaligned accesses), csr.py, traps.py and amo.py (the A extension); a
cold path that faults sets st[TRAP_CAUSE] and the trap is taken in one place
at the bottom of the loop.  Cases follow the order of asm/isa.py, except addi
and add, tested before the table: they are the most frequent instructions,
and one compare is cheaper than the table's load and indirect jump
(BENCHMARKS.md).

Registers are uint32; values are handled as int64 in [0, 2**32) and
sign-extended where the instruction needs it (`_sx`).
"""
import numpy as np
from numba import njit

from asm import isa
from vm import riscv as RV
from vm import state as S
from vm.amo import atomic
from vm.csr import csr_instruction
from vm.mmu import SATP, fetch_slow, load_slow, store_slow
from vm.traps import (MEDELEG, MIDELEG, MIE, MSTATUS, SCAUSE, SEPC, STVAL, STVEC, exec_system, pending_interrupt, take_trap, SYS_JUMP, SYS_NEXT, SYS_TRAP,
                      SYS_WFI)
from vm.bus import WRITE_OK, WRITE_STOP
# enter_trap = record_trap (when tracing) + take_trap, one call per trap path; the tracer
# benchmark's hook-free peer (vm/cli/bench_trace.py) calls take_trap there instead.
from vm.trace.record import enter_trap, record_sret  # [trace hook]

M32 = RV.XLEN_MASK
TLB_MASK = RV.TLB_ENTRIES - 1
INT_MIN = -0x80000000
NO_FETCH = -(1 << 40)          # fidx when the fetch page is unknown (stays negative after += 1)


# ---- the dispatch table -------------------------------------------------------------
# Case numbers in the order of asm/isa.py; CASE[(opcode << 3) | funct3] is the case
# that executes a word, C_ILLEGAL where the table has no instruction.  Built from the
# ISA table, so encodings are spelled in one place.
(C_ILLEGAL, C_LUI, C_AUIPC, C_JAL, C_JALR, C_BEQ, C_BNE, C_BLT, C_BGE, C_BLTU, C_BGEU,
 C_LOAD, C_LW, C_STORE, C_SW, C_ADDI, C_SLTI, C_SLTIU, C_XORI, C_ORI, C_ANDI, C_SLLI,
 C_SRLI, C_ADD, C_SLL, C_SLT, C_SLTU, C_XOR, C_SRL, C_OR, C_AND, C_FENCE, C_SYSTEM, C_AMO,
 C_CSR) = range(35)

_CASE_OF_NAME = {
    "lui": C_LUI, "auipc": C_AUIPC, "jal": C_JAL, "jalr": C_JALR,
    "lw": C_LW, "sw": C_SW,                               # the frequent ones alone
    "beq": C_BEQ, "bne": C_BNE, "blt": C_BLT, "bge": C_BGE, "bltu": C_BLTU, "bgeu": C_BGEU,
    "addi": C_ADDI, "slti": C_SLTI, "sltiu": C_SLTIU, "xori": C_XORI, "ori": C_ORI,
    "andi": C_ANDI, "slli": C_SLLI, "srli": C_SRLI, "srai": C_SRLI,
    # OP and M share (opcode, funct3); the case tells them apart by funct7
    "add": C_ADD, "sub": C_ADD, "mul": C_ADD, "sll": C_SLL, "mulh": C_SLL,
    "slt": C_SLT, "mulhsu": C_SLT, "sltu": C_SLTU, "mulhu": C_SLTU, "xor": C_XOR, "div": C_XOR,
    "srl": C_SRL, "sra": C_SRL, "divu": C_SRL, "or": C_OR, "rem": C_OR, "and": C_AND, "remu": C_AND,
}
_CASE_OF_OPCODE = {
    isa.OPCODE_LOAD: C_LOAD, isa.OPCODE_STORE: C_STORE, isa.OPCODE_MISC_MEM: C_FENCE,
    isa.OPCODE_AMO: C_AMO,
}


def _case_table():
    table = np.zeros((RV.OPCODE_MASK + 1) * 8, dtype=np.uint8)   # C_ILLEGAL everywhere
    for row in isa.INSTRUCTIONS:
        opcode = row.match & RV.OPCODE_MASK
        if row.name in _CASE_OF_NAME:
            case = _CASE_OF_NAME[row.name]
        elif opcode == isa.OPCODE_SYSTEM:
            case = C_SYSTEM if (row.match >> RV.FUNCT3_SHIFT) & 7 == 0 else C_CSR
        else:
            case = _CASE_OF_OPCODE[opcode]
        f3s = [(row.match >> RV.FUNCT3_SHIFT) & 7] if row.mask & (7 << RV.FUNCT3_SHIFT) else range(8)
        for f3 in f3s:
            key = (opcode << 3) | f3
            assert table[key] in (C_ILLEGAL, case), row.name
            table[key] = case
    return table


CASE = _case_table()


@njit(cache=True, inline="always")
def _sx(v):
    return (v ^ 0x80000000) - 0x80000000


@njit(cache=True)
def run(st, regs, csrs, ram, ram32, ram16, tlb, dev, budget, tbuf):
    pc = st[S.PC]
    fkey = st[S.FETCH_KEY]
    dkey = st[S.DATA_KEY]
    instret = st[S.INSTRET]
    end = instret + budget
    # Interrupts are looked for at scheduled checks: the first instruction of the call,
    # then every IRQ_CHECK_INTERVAL and at the last, and after cold paths that change
    # interrupt state.  The native engine runs one host slice as many calls (between its
    # translated units) and sets IRQ_RESUME, so the schedule goes on from call to call
    # (IRQ_CHECK_AT, up to IRQ_SLICE_END) and interrupts come at the same instructions
    # as when this loop runs the whole slice (vm/native/engine.py).
    check_at = instret              # look for interrupts before the first instruction
    slice_end = end
    if st[S.IRQ_RESUME]:
        check_at = st[S.IRQ_CHECK_AT]
        slice_end = st[S.IRQ_SLICE_END]
    next_check = min(check_at, end)
    fetch_vpn = -1                  # page of the one-page fetch cache
    fetch_base = 0                  # RAM offset of that page
    fidx = NO_FETCH                 # RAM word index of pc; negative when it must be looked up
    st[S.STOP] = S.STOP_BUDGET
    st[S.TRAP_CAUSE] = -1
    while True:
        # ---- instruction boundary: budget and interrupts ----------------------
        if instret >= next_check:
            if instret >= check_at:
                # interrupts first, so run(budget=0) just takes a pending interrupt
                st[S.IRQ_RECHECK] = 0
                st[S.PC] = pc
                st[S.INSTRET] = instret
                check_at = instret + S.IRQ_CHECK_INTERVAL
                if check_at > slice_end:            # the slice's last instruction is checked once
                    check_at = slice_end if instret < slice_end else S.IRQ_NEVER
                irq = pending_interrupt(st, csrs, dev)
                if irq >= 0:
                    if not enter_trap(tbuf, st, regs, ram, csrs, dev, irq, 0, True, pc):  # [trace hook]
                        break
                    pc = st[S.PC]
                    fkey = st[S.FETCH_KEY]
                    dkey = st[S.DATA_KEY]
                    fetch_vpn = -1
                    fidx = NO_FETCH
            if instret >= end or st[S.STOP] == S.STOP_TRACE:    # [trace hook] drain the trace
                break
            next_check = min(check_at, end)

        # ---- fetch ------------------------------------------------------------------
        # fidx is the RAM word index of pc while execution runs straight through one
        # page; jumps, traps and page crossings make it negative, and the next fetch
        # looks the page up again (one-page cache, then the TLB, then the slow path).
        if fidx >= 0:
            w = np.int64(ram32[_u(fidx)])
        else:
            vpn = pc >> RV.PAGE_SHIFT
            if vpn == fetch_vpn:
                fidx = (fetch_base + (pc & RV.PAGE_OFFSET_MASK)) >> 2
                w = np.int64(ram32[_u(fidx)])
            else:
                e = ((vpn ^ fkey) & TLB_MASK) * RV.TLB_WORDS
                if tlb[e + RV.TLB_EXEC_TAG] == ((vpn << RV.TLB_KEY_BITS) | fkey):
                    fetch_vpn = vpn
                    fetch_base = tlb[e + RV.TLB_PAGE]
                    fidx = (fetch_base + (pc & RV.PAGE_OFFSET_MASK)) >> 2
                    w = np.int64(ram32[_u(fidx)])
                else:
                    st[S.INSTRET] = instret
                    w = fetch_slow(st, csrs, ram, ram32, tlb, dev, pc)
                    if w < 0:
                        st[S.PC] = pc
                        if not enter_trap(tbuf, st, regs, ram, csrs, dev, st[S.TRAP_CAUSE], st[S.TRAP_TVAL], False, pc):  # [trace hook]
                            break
                        pc = st[S.PC]
                        fkey = st[S.FETCH_KEY]
                        dkey = st[S.DATA_KEY]
                        fetch_vpn = -1
                        fidx = NO_FETCH
                        instret += 1                 # a faulting fetch counts, like other traps
                        next_check = check_at = instret
                        continue
        instret += 1

        # ---- decode and execute -------------------------------------------------
        # One jump table: CASE maps (opcode, funct3) to a case number, so no
        # instruction pays for a second indirect jump on funct3.
        rd = (w >> 7) & 31
        rs1 = (w >> 15) & 31
        rs2 = (w >> 20) & 31
        npc = (pc + 4) & M32
        trapped = False
        stop_after = False
        cold = False
        if (w & RV.ADDI_MASK) == RV.ADDI_MATCH:             # addi, the most frequent instruction
            regs[rd] = (np.int64(regs[rs1]) + _sx_imm12(w >> 20)) & M32
        elif (w & RV.ADD_MASK) == RV.ADD_MATCH:             # add, the next most frequent
            regs[rd] = (np.int64(regs[rs1]) + np.int64(regs[rs2])) & M32
        else:
            c = CASE[_u(((w & RV.OPCODE_MASK) << 3) | ((w >> RV.FUNCT3_SHIFT) & 7))]

            if c == C_LUI:                               # lui
                regs[rd] = w & 0xFFFFF000
            elif c == C_AUIPC:                           # auipc
                regs[rd] = (pc + (w & 0xFFFFF000)) & M32
            elif c == C_JAL:                             # jal
                imm = ((((w >> 31) & 1) << 20) | (((w >> 12) & 0xFF) << 12)
                       | (((w >> 20) & 1) << 11) | (((w >> 21) & 0x3FF) << 1))
                target = (pc + ((imm ^ 0x100000) - 0x100000)) & M32
                if target & RV.IALIGN_MASK:
                    trapped = _fault(st, RV.CAUSE_MISALIGNED_FETCH, target)
                else:
                    regs[rd] = npc
                    npc = target
                    fidx = NO_FETCH
            elif c == C_JALR:                            # jalr
                target = (np.int64(regs[rs1]) + _sx_imm12(w >> 20)) & 0xFFFFFFFE
                if target & RV.IALIGN_MASK:
                    trapped = _fault(st, RV.CAUSE_MISALIGNED_FETCH, target)
                else:
                    regs[rd] = npc
                    npc = target
                    fidx = NO_FETCH
            elif c == C_BEQ:                             # beq
                if regs[rs1] == regs[rs2]:
                    npc, fidx, trapped = _branch(st, w, pc, npc, fidx)
            elif c == C_BNE:                             # bne
                if regs[rs1] != regs[rs2]:
                    npc, fidx, trapped = _branch(st, w, pc, npc, fidx)
            elif c == C_BLT:                             # blt
                if _sx(np.int64(regs[rs1])) < _sx(np.int64(regs[rs2])):
                    npc, fidx, trapped = _branch(st, w, pc, npc, fidx)
            elif c == C_BGE:                             # bge
                if _sx(np.int64(regs[rs1])) >= _sx(np.int64(regs[rs2])):
                    npc, fidx, trapped = _branch(st, w, pc, npc, fidx)
            elif c == C_BLTU:                            # bltu
                if regs[rs1] < regs[rs2]:
                    npc, fidx, trapped = _branch(st, w, pc, npc, fidx)
            elif c == C_BGEU:                            # bgeu
                if regs[rs1] >= regs[rs2]:
                    npc, fidx, trapped = _branch(st, w, pc, npc, fidx)
            elif c == C_LOAD:                            # lb lh lbu lhu
                va = (np.int64(regs[rs1]) + _sx_imm12(w >> 20)) & M32
                vpn = va >> RV.PAGE_SHIFT
                e = ((vpn ^ dkey) & TLB_MASK) * RV.TLB_WORDS
                hit = tlb[e + RV.TLB_READ_TAG] == ((vpn << RV.TLB_KEY_BITS) | dkey)
                off = tlb[e + RV.TLB_PAGE] + (va & RV.PAGE_OFFSET_MASK)
                f3 = (w >> RV.FUNCT3_SHIFT) & 7
                if f3 == RV.F3_LBU and hit:               # lbu
                    v = np.int64(ram[_u(off)])
                elif f3 == RV.F3_LB and hit:              # lb
                    v = ((np.int64(ram[_u(off)]) ^ 0x80) - 0x80) & M32
                elif f3 == RV.F3_LHU and hit and (va & 1) == 0:  # lhu
                    v = np.int64(ram16[_u(off >> 1)])
                elif f3 == RV.F3_LH and hit and (va & 1) == 0:   # lh
                    v = ((np.int64(ram16[_u(off >> 1)]) ^ 0x8000) - 0x8000) & M32
                else:                                    # TLB miss, misaligned, MMIO
                    st[S.INSTRET] = instret
                    cold = True
                    v = load_slow(st, csrs, ram, ram32, tlb, dev, va, 1 << (f3 & RV.F3_SIZE_MASK))
                    if f3 == RV.F3_LB and v >= 0:
                        v = ((v ^ 0x80) - 0x80) & M32
                    elif f3 == RV.F3_LH and v >= 0:
                        v = ((v ^ 0x8000) - 0x8000) & M32
                if v < 0:
                    trapped = True
                else:
                    regs[rd] = v
            elif c == C_LW:                              # lw
                va = (np.int64(regs[rs1]) + _sx_imm12(w >> 20)) & M32
                e = (((va >> RV.PAGE_SHIFT) ^ dkey) & TLB_MASK) * RV.TLB_WORDS
                if tlb[e + RV.TLB_READ_TAG] == (((va >> RV.PAGE_SHIFT) << RV.TLB_KEY_BITS) | dkey) and (va & 3) == 0:
                    regs[rd] = ram32[_u((tlb[e + RV.TLB_PAGE] + (va & RV.PAGE_OFFSET_MASK)) >> 2)]
                else:                                    # TLB miss, misaligned, MMIO
                    st[S.INSTRET] = instret
                    cold = True
                    v = load_slow(st, csrs, ram, ram32, tlb, dev, va, 4)
                    if v < 0:
                        trapped = True
                    else:
                        regs[rd] = v
            elif c == C_STORE:                           # sb sh
                imm = ((w >> 25) << 5) | ((w >> 7) & 0x1F)
                va = (np.int64(regs[rs1]) + _sx_imm12(imm)) & M32
                value = np.int64(regs[rs2])
                vpn = va >> RV.PAGE_SHIFT
                e = ((vpn ^ dkey) & TLB_MASK) * RV.TLB_WORDS
                hit = tlb[e + RV.TLB_WRITE_TAG] == ((vpn << RV.TLB_KEY_BITS) | dkey)
                off = tlb[e + RV.TLB_PAGE] + (va & RV.PAGE_OFFSET_MASK)
                f3 = (w >> RV.FUNCT3_SHIFT) & 7
                if f3 == RV.F3_SB and hit:                # sb
                    ram[_u(off)] = value & 0xFF
                elif f3 == RV.F3_SH and hit and (va & 1) == 0:   # sh
                    ram16[_u(off >> 1)] = value & 0xFFFF
                else:
                    st[S.INSTRET] = instret
                    cold = True
                    r = store_slow(st, csrs, ram, ram32, tlb, dev, va, 1 << (f3 & RV.F3_SIZE_MASK), value)
                    if r == WRITE_STOP:
                        stop_after = True
                    elif r != WRITE_OK:
                        trapped = True
            elif c == C_SW:                              # sw
                va = (np.int64(regs[rs1]) + _sx_imm12(((w >> 25) << 5) | ((w >> 7) & 0x1F))) & M32
                e = (((va >> RV.PAGE_SHIFT) ^ dkey) & TLB_MASK) * RV.TLB_WORDS
                if tlb[e + RV.TLB_WRITE_TAG] == (((va >> RV.PAGE_SHIFT) << RV.TLB_KEY_BITS) | dkey) and (va & 3) == 0:
                    ram32[_u((tlb[e + RV.TLB_PAGE] + (va & RV.PAGE_OFFSET_MASK)) >> 2)] = regs[rs2]
                else:                                    # TLB miss, misaligned, MMIO
                    st[S.INSTRET] = instret
                    cold = True
                    r = store_slow(st, csrs, ram, ram32, tlb, dev, va, 4,
                                   np.int64(regs[rs2]))
                    if r == WRITE_STOP:
                        stop_after = True
                    elif r != WRITE_OK:
                        trapped = True
            elif c == C_ADDI:                            # addi
                regs[rd] = (np.int64(regs[rs1]) + _sx_imm12(w >> 20)) & M32
            elif c == C_SLTI:                            # slti
                regs[rd] = 1 if _sx(np.int64(regs[rs1])) < _sx_imm12(w >> 20) else 0
            elif c == C_SLTIU:                           # sltiu
                regs[rd] = 1 if np.int64(regs[rs1]) < (_sx_imm12(w >> 20) & M32) else 0
            elif c == C_XORI:                            # xori
                regs[rd] = (np.int64(regs[rs1]) ^ _sx_imm12(w >> 20)) & M32
            elif c == C_ORI:                             # ori
                regs[rd] = (np.int64(regs[rs1]) | _sx_imm12(w >> 20)) & M32
            elif c == C_ANDI:                            # andi
                regs[rd] = np.int64(regs[rs1]) & _sx_imm12(w >> 20) & M32
            elif c == C_SLLI:                            # slli
                if (w >> RV.FUNCT7_SHIFT) == RV.F7_BASE:
                    regs[rd] = (np.int64(regs[rs1]) << rs2) & M32
                else:
                    trapped = _fault(st, RV.CAUSE_ILLEGAL_INSTRUCTION, w)
            elif c == C_SRLI:                            # srli srai
                if (w >> RV.FUNCT7_SHIFT) == RV.F7_BASE:
                    regs[rd] = np.int64(regs[rs1]) >> rs2
                elif (w >> RV.FUNCT7_SHIFT) == RV.F7_ALT:
                    regs[rd] = (_sx(np.int64(regs[rs1])) >> rs2) & M32
                else:
                    trapped = _fault(st, RV.CAUSE_ILLEGAL_INSTRUCTION, w)
            elif c == C_ADD:                             # add sub mul
                a = np.int64(regs[rs1])
                b = np.int64(regs[rs2])
                if (w >> RV.FUNCT7_SHIFT) == RV.F7_BASE:
                    regs[rd] = (a + b) & M32
                elif (w >> RV.FUNCT7_SHIFT) == RV.F7_ALT:
                    regs[rd] = (a - b) & M32
                elif (w >> RV.FUNCT7_SHIFT) == RV.F7_MULDIV:
                    regs[rd] = (_sx(a) * _sx(b)) & M32
                else:
                    trapped = _fault(st, RV.CAUSE_ILLEGAL_INSTRUCTION, w)
            elif c == C_SLL:                             # sll mulh
                a = np.int64(regs[rs1])
                b = np.int64(regs[rs2])
                if (w >> RV.FUNCT7_SHIFT) == RV.F7_BASE:
                    regs[rd] = (a << (b & 31)) & M32
                elif (w >> RV.FUNCT7_SHIFT) == RV.F7_MULDIV:
                    regs[rd] = ((_sx(a) * _sx(b)) >> 32) & M32
                else:
                    trapped = _fault(st, RV.CAUSE_ILLEGAL_INSTRUCTION, w)
            elif c == C_SLT:                             # slt mulhsu
                a = np.int64(regs[rs1])
                b = np.int64(regs[rs2])
                if (w >> RV.FUNCT7_SHIFT) == RV.F7_BASE:
                    regs[rd] = 1 if _sx(a) < _sx(b) else 0
                elif (w >> RV.FUNCT7_SHIFT) == RV.F7_MULDIV:
                    regs[rd] = ((_sx(a) * b) >> 32) & M32
                else:
                    trapped = _fault(st, RV.CAUSE_ILLEGAL_INSTRUCTION, w)
            elif c == C_SLTU:                            # sltu mulhu
                a = np.int64(regs[rs1])
                b = np.int64(regs[rs2])
                if (w >> RV.FUNCT7_SHIFT) == RV.F7_BASE:
                    regs[rd] = 1 if a < b else 0
                elif (w >> RV.FUNCT7_SHIFT) == RV.F7_MULDIV:
                    regs[rd] = (np.uint64(a) * np.uint64(b)) >> np.uint64(32)
                else:
                    trapped = _fault(st, RV.CAUSE_ILLEGAL_INSTRUCTION, w)
            elif c == C_XOR:                             # xor div
                if (w >> RV.FUNCT7_SHIFT) == RV.F7_BASE:
                    regs[rd] = regs[rs1] ^ regs[rs2]
                elif (w >> RV.FUNCT7_SHIFT) == RV.F7_MULDIV:
                    regs[rd] = _div(np.int64(regs[rs1]), np.int64(regs[rs2]))
                else:
                    trapped = _fault(st, RV.CAUSE_ILLEGAL_INSTRUCTION, w)
            elif c == C_SRL:                             # srl sra divu
                a = np.int64(regs[rs1])
                b = np.int64(regs[rs2])
                if (w >> RV.FUNCT7_SHIFT) == RV.F7_BASE:
                    regs[rd] = a >> (b & 31)
                elif (w >> RV.FUNCT7_SHIFT) == RV.F7_ALT:
                    regs[rd] = (_sx(a) >> (b & 31)) & M32
                elif (w >> RV.FUNCT7_SHIFT) == RV.F7_MULDIV:
                    regs[rd] = M32 if b == 0 else a // b
                else:
                    trapped = _fault(st, RV.CAUSE_ILLEGAL_INSTRUCTION, w)
            elif c == C_OR:                              # or rem
                if (w >> RV.FUNCT7_SHIFT) == RV.F7_BASE:
                    regs[rd] = regs[rs1] | regs[rs2]
                elif (w >> RV.FUNCT7_SHIFT) == RV.F7_MULDIV:
                    regs[rd] = _rem(np.int64(regs[rs1]), np.int64(regs[rs2]))
                else:
                    trapped = _fault(st, RV.CAUSE_ILLEGAL_INSTRUCTION, w)
            elif c == C_AND:                             # and remu
                a = np.int64(regs[rs1])
                b = np.int64(regs[rs2])
                if (w >> RV.FUNCT7_SHIFT) == RV.F7_BASE:
                    regs[rd] = a & b
                elif (w >> RV.FUNCT7_SHIFT) == RV.F7_MULDIV:
                    regs[rd] = a if b == 0 else a % b
                else:
                    trapped = _fault(st, RV.CAUSE_ILLEGAL_INSTRUCTION, w)
            elif c == C_FENCE:                           # fence fence.tso fence.i
                pass
            elif c == C_SYSTEM:                          # ecall ebreak sret mret wfi sfence.vma
                if (w == RV.ECALL and st[S.PRIV] == RV.PRIV_U
                        and (csrs[MEDELEG] >> RV.CAUSE_USER_ECALL) & 1
                        and st[S.TRACE] == 0):           # [trace hook] traced: the general path records it
                    # the system call, delegated to S as every kernel here has it: take_trap's
                    # delegated path inline (no cold call)
                    csrs[SCAUSE] = RV.CAUSE_USER_ECALL
                    csrs[SEPC] = pc
                    csrs[STVAL] = 0
                    mstatus = csrs[MSTATUS] & ~(RV.MSTATUS_SPIE | RV.MSTATUS_SPP)
                    if mstatus & RV.MSTATUS_SIE:
                        mstatus |= RV.MSTATUS_SPIE
                    csrs[MSTATUS] = mstatus & ~RV.MSTATUS_SIE
                    st[S.PRIV] = RV.PRIV_S
                    st[S.RES_ADDR] = -1                  # a trap breaks an LR/SC pair
                    st[S.TRAP_COUNT] += 1
                    fkey = st[S.KEY_S]                   # mmu.update_keys for S (no MPRV in S)
                    dkey = fkey
                    st[S.FETCH_KEY] = fkey
                    st[S.DATA_KEY] = dkey
                    npc = csrs[STVEC] & ~RV.TVEC_MODE_MASK
                    fetch_vpn = -1
                    fidx = NO_FETCH
                    # In S with SIE clear only an enabled interrupt left to M could be
                    # taken here (RISC-V privileged spec 3.1.9); when every enabled one
                    # is delegated, looking would find none, so the look waits for the
                    # next scheduled check (sret sets one as SIE comes back).
                    if csrs[MIE] & ~csrs[MIDELEG]:
                        next_check = check_at = instret
                elif w == RV.ECALL:                       # from S or M, or traced: the general path
                    st[S.TRAP_CAUSE] = RV.CAUSE_USER_ECALL + st[S.PRIV] if st[S.PRIV] != RV.PRIV_M else RV.CAUSE_MACHINE_ECALL
                    st[S.TRAP_TVAL] = 0
                    trapped = True
                elif (w == RV.SRET and st[S.PRIV] >= RV.PRIV_S and (csrs[SEPC] & RV.IALIGN_MASK) == 0
                      and not (st[S.PRIV] == RV.PRIV_S and (csrs[MSTATUS] & RV.MSTATUS_TSR))):
                    # sret, the other half of every system call, inline; its faults take the
                    # general path below (traps.exec_system has the same rules)
                    mstatus = csrs[MSTATUS]
                    new_priv = RV.PRIV_S if mstatus & RV.MSTATUS_SPP else RV.PRIV_U
                    mstatus &= ~(RV.MSTATUS_SIE | RV.MSTATUS_SPP | RV.MSTATUS_MPRV)
                    if mstatus & RV.MSTATUS_SPIE:
                        mstatus |= RV.MSTATUS_SIE
                    csrs[MSTATUS] = mstatus | RV.MSTATUS_SPIE
                    st[S.PRIV] = new_priv
                    fkey = st[S.KEY_U + new_priv]            # mmu.update_keys for U/S
                    dkey = fkey
                    st[S.FETCH_KEY] = fkey
                    st[S.DATA_KEY] = dkey
                    npc = csrs[SEPC]
                    fetch_vpn = -1
                    fidx = NO_FETCH
                    next_check = check_at = instret                 # SIE may let an interrupt in now
                    if st[S.TRACE]:                               # [trace hook]
                        st[S.PC] = npc
                        st[S.INSTRET] = instret
                        record_sret(tbuf, st, regs, ram, csrs)
                else:
                    st[S.PC] = pc
                    st[S.INSTRET] = instret
                    r = exec_system(st, csrs, tlb, dev, w, pc)
                    if r == SYS_TRAP:
                        trapped = True
                    elif r == SYS_JUMP:
                        npc = st[S.PC]
                        if st[S.TRACE] and w == RV.SRET:             # [trace hook]
                            record_sret(tbuf, st, regs, ram, csrs)
                    elif r == SYS_WFI:
                        st[S.STOP] = S.STOP_WFI
                        stop_after = True
                    fkey = st[S.FETCH_KEY]
                    dkey = st[S.DATA_KEY]
                    fetch_vpn = -1
                    fidx = NO_FETCH
                    cold = True
            elif c == C_AMO:                             # lr.w sc.w amo*.w
                st[S.INSTRET] = instret
                cold = True
                r = atomic(st, csrs, regs, ram, ram32, tlb, dev, w)
                if r == WRITE_STOP:
                    stop_after = True
                elif r != WRITE_OK:
                    trapped = True
            elif c == C_CSR:                             # csrrw csrrs csrrc csrrwi csrrsi csrrci
                if ((w >> RV.CSR_SHIFT) & RV.TRAP_CSR_MASK) == RV.TRAP_CSR_BASE and st[S.PRIV] >= ((w >> RV.CSR_MODE_SHIFT) & 3):
                    # [ms]scratch [ms]epc [ms]cause [ms]tval: plain storage with no side
                    # effects, done here because trap handlers use them on every trap
                    f3 = (w >> RV.FUNCT3_SHIFT) & 7
                    num = (w >> RV.CSR_SHIFT) & RV.CSR_NUMBER_MASK
                    old = csrs[num]
                    src = np.int64(rs1) if f3 & RV.F3_CSR_IMMEDIATE else np.int64(regs[rs1])
                    if (f3 & RV.F3_CSR_OP_MASK) == RV.F3_CSRRW:
                        csrs[num] = src
                    elif rs1 != 0:
                        csrs[num] = (old | src) if (f3 & RV.F3_CSR_OP_MASK) == RV.F3_CSRRS else (old & ~src)
                    regs[rd] = old
                else:
                    st[S.PC] = pc
                    st[S.INSTRET] = instret
                    if not csr_instruction(st, csrs, regs, tlb, dev, w):
                        trapped = True
                    fkey = st[S.FETCH_KEY]
                    dkey = st[S.DATA_KEY]
                    fetch_vpn = -1
                    fidx = NO_FETCH
                    cold = True
            else:                                        # no such instruction
                trapped = _fault(st, RV.CAUSE_ILLEGAL_INSTRUCTION, w)

        # ---- retire or trap ---------------------------------------------------------
        if trapped:
            st[S.PC] = pc
            st[S.INSTRET] = instret
            # [gdb hook] a watchpoint stop is no trap the guest sees (enter_trap does not record it)
            if not enter_trap(tbuf, st, regs, ram, csrs, dev, st[S.TRAP_CAUSE], st[S.TRAP_TVAL], False, pc):  # [trace hook]
                break
            pc = st[S.PC]
            fkey = st[S.FETCH_KEY]
            dkey = st[S.DATA_KEY]
            fetch_vpn = -1
            fidx = NO_FETCH
            next_check = check_at = instret
            continue
        regs[0] = 0
        pc = npc
        fidx += 1
        if (pc & RV.PAGE_OFFSET_MASK) == 0:
            fidx = NO_FETCH                              # next page: look it up
        if cold:
            if stop_after or st[S.STOP] != S.STOP_BUDGET:   # [gdb hook] a cold path asked to stop
                break
            if st[S.IRQ_RECHECK]:
                next_check = check_at = instret
    st[S.PC] = pc
    st[S.INSTRET] = instret
    st[S.IRQ_CHECK_AT] = check_at
    return st[S.STOP]


@njit(cache=True, inline="always")
def _u(index):
    """An array index the compiler knows is not negative (no wraparound code)."""
    return np.uint64(index)


@njit(cache=True, inline="always")
def _sx_imm12(v):
    return (v ^ 0x800) - 0x800


@njit(cache=True, inline="always")
def _fault(st, cause, tval):
    """Record a trap for the bottom of the loop to take; True, for `trapped`."""
    st[S.TRAP_CAUSE] = cause
    st[S.TRAP_TVAL] = tval
    return True


@njit(cache=True, inline="always")
def _branch(st, w, pc, npc, fidx):
    """A taken branch: (npc, fidx, trapped) after jumping to its B-type target."""
    imm = ((((w >> 31) & 1) << 12) | (((w >> 7) & 1) << 11)
           | (((w >> 25) & 0x3F) << 5) | (((w >> 8) & 0xF) << 1))
    target = (pc + ((imm ^ 0x1000) - 0x1000)) & M32
    if target & RV.IALIGN_MASK:
        return npc, fidx, _fault(st, RV.CAUSE_MISALIGNED_FETCH, target)
    return target, np.int64(NO_FETCH), False


@njit(cache=True)
def _div(a, b):
    """div on unsigned 32-bit operands, result unsigned (division by 0 and overflow as the spec says)."""
    sa = _sx(a)
    sb = _sx(b)
    if sb == 0:
        return np.int64(M32)
    if sa == INT_MIN and sb == -1:
        return a
    q = abs(sa) // abs(sb)
    if (sa < 0) != (sb < 0):
        q = -q
    return q & M32


@njit(cache=True)
def _rem(a, b):
    """rem on unsigned 32-bit operands, result unsigned."""
    sa = _sx(a)
    sb = _sx(b)
    if sb == 0:
        return a
    if sa == INT_MIN and sb == -1:
        return np.int64(0)
    r = abs(sa) % abs(sb)
    if sa < 0:
        r = -r
    return r & M32
