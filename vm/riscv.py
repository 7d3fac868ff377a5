"""RISC-V facts the machine implements: the one home of every architectural number in vm/.

Privilege levels, mstatus/sstatus/satp/mip/menvcfg bits and what this hart
lets software write (measured on the QEMU 7.2 `virt` machine toyos is checked
against), trap causes and their names, Sv32 page-table entries, the privileged
instruction words and the opcode/funct values the core switches on, and the
layout of the machine's software TLB.  Instruction encodings come from the ISA
table (asm/isa.py) and CSR numbers from asm/csrs.py; nothing here repeats them.

The core, traps, CSRs, atomics, the MMU, the GDB stub and the tracer import
this module (`from vm import riscv as RV`); Numba compiles its integers in as
constants, so naming a bit costs nothing in the jitted loop.  CAUSE_NAMES and
INTERRUPT_NAMES are the one table of trap names: the machine's messages, the
tracer and the guest's process manager (through kernel/gen_abi.py) print them.
"""
from asm import isa
from asm.csrs import CSR_NUMBERS

XLEN_MASK = 0xFFFFFFFF              # registers, addresses and CSRs are 32 bits
IALIGN_MASK = 3                      # no C extension: a jump to an address with these bits set faults

# --- privilege levels --------------------------------------------------------------------
PRIV_U = 0
PRIV_S = 1
PRIV_M = 3
PRIV_LETTERS = {PRIV_U: "U", PRIV_S: "S", PRIV_M: "M"}

# --- mstatus (sstatus is a view of it) -------------------------------------------------------
MSTATUS_SIE = 1 << 1
MSTATUS_MIE = 1 << 3
MSTATUS_SPIE = 1 << 5
MSTATUS_MPIE = 1 << 7
MSTATUS_SPP = 1 << 8
MSTATUS_VS = 3 << 9
MSTATUS_MPP_SHIFT = 11
MSTATUS_MPP = 3 << MSTATUS_MPP_SHIFT
MSTATUS_FS = 3 << 13
MSTATUS_XS = 3 << 15
MSTATUS_MPRV = 1 << 17
MSTATUS_SUM = 1 << 18
MSTATUS_MXR = 1 << 19
MSTATUS_TVM = 1 << 20
MSTATUS_TW = 1 << 21
MSTATUS_TSR = 1 << 22
MSTATUS_SD = 1 << 31
MPP_RESERVED = 2                     # MPP = 2 names no mode: a write of it keeps the old MPP
# What QEMU 7.2 lets software write (write -1, read back); it has F and V state, never used here.
MSTATUS_WRITABLE = (MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP
                    | MSTATUS_VS | MSTATUS_MPP | MSTATUS_FS | MSTATUS_MPRV | MSTATUS_SUM
                    | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR)
SSTATUS_VISIBLE = (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_VS | MSTATUS_FS
                   | MSTATUS_XS | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_SD)
SSTATUS_WRITABLE = (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_VS | MSTATUS_FS
                    | MSTATUS_SUM | MSTATUS_MXR)
MSTATUS_TLB_BITS = MSTATUS_SUM | MSTATUS_MXR    # cached permissions depend on them

# --- misa, marchid, mimpid ------------------------------------------------------------------
MISA_MXL_32 = 1 << 30


def _misa(letters: str) -> int:
    return MISA_MXL_32 | sum(1 << (ord(c) - ord("A")) for c in letters)


MISA_VALUE = _misa("AIMSU")          # RV32IMA with S and U modes
MARCHID_VALUE = 0x70216              # marchid/mimpid of the QEMU 7.2 build used as oracle
MIMPID_VALUE = 0x70216

# --- interrupts: numbers (mcause codes) and their bits in mip/mie --------------------------
IRQ_SSI, IRQ_MSI, IRQ_STI, IRQ_MTI, IRQ_SEI, IRQ_MEI = 1, 3, 5, 7, 9, 11
MIP_SSIP, MIP_MSIP = 1 << IRQ_SSI, 1 << IRQ_MSI
MIP_STIP, MIP_MTIP = 1 << IRQ_STI, 1 << IRQ_MTI
MIP_SEIP, MIP_MEIP = 1 << IRQ_SEI, 1 << IRQ_MEI
# interrupt priority, highest first (privileged spec 3.1.9)
IRQ_PRIORITY = (IRQ_MEI, IRQ_MSI, IRQ_MTI, IRQ_SEI, IRQ_SSI, IRQ_STI)
# Writable bits measured on QEMU 7.2; beyond the six above they hold the H extension's
# VS* interrupts (2, 6, 10), SGEI (12) and LCOFI (13): stored, never raised here.
MIDELEG_WRITABLE = 0x3666
MIE_WRITABLE = 0x3EEE
MIP_WRITABLE = 0x2666

# --- exceptions: mcause codes with the interrupt bit clear ----------------------------------
CAUSE_INTERRUPT = 1 << 31            # mcause/scause bit set for an interrupt
CAUSE_MISALIGNED_FETCH = 0
CAUSE_FETCH_ACCESS = 1
CAUSE_ILLEGAL_INSTRUCTION = 2
CAUSE_BREAKPOINT = 3
CAUSE_MISALIGNED_LOAD = 4
CAUSE_LOAD_ACCESS = 5
CAUSE_MISALIGNED_STORE = 6
CAUSE_STORE_ACCESS = 7
CAUSE_USER_ECALL = 8
CAUSE_SUPERVISOR_ECALL = 9
CAUSE_MACHINE_ECALL = 11
CAUSE_FETCH_PAGE_FAULT = 12
CAUSE_LOAD_PAGE_FAULT = 13
CAUSE_STORE_PAGE_FAULT = 15
# QEMU 7.2's DELEGABLE_EXCPS: causes 0-13 and 15 (10 is the H extension's VS ecall) and the
# H extension's guest page faults 20-23
MEDELEG_WRITABLE = 0x00F0BFFF

# The names the privileged spec gives them (its table 3.6): one table for the machine's
# messages, the tracer and pm (kernel/gen_abi.py emits it for the guest).
CAUSE_NAMES = {
    CAUSE_MISALIGNED_FETCH: "instruction address misaligned",
    CAUSE_FETCH_ACCESS: "instruction access fault",
    CAUSE_ILLEGAL_INSTRUCTION: "illegal instruction",
    CAUSE_BREAKPOINT: "breakpoint",
    CAUSE_MISALIGNED_LOAD: "load address misaligned",
    CAUSE_LOAD_ACCESS: "load access fault",
    CAUSE_MISALIGNED_STORE: "store/AMO address misaligned",
    CAUSE_STORE_ACCESS: "store/AMO access fault",
    CAUSE_USER_ECALL: "environment call from U-mode",
    CAUSE_SUPERVISOR_ECALL: "environment call from S-mode",
    CAUSE_MACHINE_ECALL: "environment call from M-mode",
    CAUSE_FETCH_PAGE_FAULT: "instruction page fault",
    CAUSE_LOAD_PAGE_FAULT: "load page fault",
    CAUSE_STORE_PAGE_FAULT: "store/AMO page fault",
}
INTERRUPT_NAMES = {
    IRQ_SSI: "supervisor software interrupt", IRQ_MSI: "machine software interrupt",
    IRQ_STI: "supervisor timer interrupt", IRQ_MTI: "machine timer interrupt",
    IRQ_SEI: "supervisor external interrupt", IRQ_MEI: "machine external interrupt",
}


def cause_name(mcause: int) -> str:
    """The name of an mcause/scause value, interrupt or exception."""
    if mcause & CAUSE_INTERRUPT:
        code = mcause & ~CAUSE_INTERRUPT & XLEN_MASK
        return INTERRUPT_NAMES.get(code, f"interrupt {code}")
    return CAUSE_NAMES.get(mcause, f"exception {mcause}")


# --- trap vectors (mtvec/stvec) --------------------------------------------------------------
TVEC_MODE_MASK = 3
TVEC_VECTORED = 1                    # interrupts jump to base + 4 * cause
TVEC_MODE_RESERVED = 2               # modes 2 and 3: a write is ignored

# --- menvcfg(h) -------------------------------------------------------------------------------
MENVCFGH_STCE = 1 << 31              # Sstc: stimecmp drives STIP
MENVCFGH_PBMTE = 1 << 30
MENVCFG_WRITABLE = 0xF1              # FIOM CBIE CBCFE CBZE, as QEMU 7.2
MENVCFGH_WRITABLE = MENVCFGH_STCE | MENVCFGH_PBMTE
COUNTEREN_TM = 1 << 1                # m/scounteren bit of `time` (and stimecmp under Sstc)

# --- CSR number fields -------------------------------------------------------------------------
CSR_PRIV_SHIFT = 8                   # bits 9:8: the lowest privilege that may access it
CSR_ACCESS_SHIFT = 10                # bits 11:10 == 3: read-only
CSR_READ_ONLY = 3
CSR_COUNTER_INDEX_MASK = 31          # counter CSRs: the low 5 bits say which counter (and its *counteren bit)
PMP_ENTRIES = 16                     # as QEMU 7.2
PMP_CFGS_PER_CSR = 4                 # each pmpcfg CSR packs four 8-bit entry configurations
PMP_CFG_BITS = 8
PMP_CFG_MASK = (1 << PMP_CFG_BITS) - 1
PMP_CFG_R, PMP_CFG_W, PMP_CFG_X = 1, 2, 4
PMP_CFG_A_SHIFT = 3                  # address-matching mode, bits 4:3
PMP_CFG_A = 3 << PMP_CFG_A_SHIFT
PMP_A_OFF, PMP_A_TOR, PMP_A_NA4, PMP_A_NAPOT = 0, 1, 2, 3
PMP_CFG_L = 1 << 7                   # locked (and enforced in M-mode)
PMP_ADDR_SHIFT = 2                   # pmpaddr holds address bits 33:2

# --- Sv32: satp and page-table entries --------------------------------------------------------
PAGE_SHIFT = 12
PAGE_SIZE = 1 << PAGE_SHIFT
PAGE_OFFSET_MASK = PAGE_SIZE - 1
SATP_MODE_SV32 = 1 << 31
SATP_MODE_SHIFT = 31
SATP_PPN_MASK = (1 << 22) - 1
SATP_ASID_SHIFT = 22
SATP_ASID_MASK = (1 << 9) - 1       # ASIDLEN = 9, all implemented (as QEMU)
VPN_BITS = 10                        # each level indexes 1024 four-byte PTEs
VPN_MASK = (1 << VPN_BITS) - 1
PTE_SIZE = 4
MEGAPAGE_SHIFT = PAGE_SHIFT + VPN_BITS          # a level-1 leaf maps 4 MiB
MEGAPAGE_OFFSET_MASK = (1 << MEGAPAGE_SHIFT) - 1
PTE_V, PTE_R, PTE_W, PTE_X, PTE_U, PTE_G, PTE_A, PTE_D = 1, 2, 4, 8, 16, 32, 64, 128
PTE_PPN_SHIFT = 10

# --- instruction words and fields the machine decodes by value (from asm/isa.py) -----------------
ECALL = isa.BY_NAME["ecall"].match
EBREAK = isa.BY_NAME["ebreak"].match
SRET = isa.BY_NAME["sret"].match
MRET = isa.BY_NAME["mret"].match
WFI = isa.BY_NAME["wfi"].match
SFENCE_VMA_MATCH = isa.BY_NAME["sfence.vma"].match
SFENCE_VMA_MASK = isa.BY_NAME["sfence.vma"].mask
ADDI_MATCH, ADDI_MASK = isa.BY_NAME["addi"].match, isa.BY_NAME["addi"].mask
ADD_MATCH, ADD_MASK = isa.BY_NAME["add"].match, isa.BY_NAME["add"].mask
SC_W_MATCH, SC_W_MASK = isa.BY_NAME["sc.w"].match, isa.MASK_AMO   # any aq/rl

OPCODE_MASK = isa.MASK_OPCODE
FUNCT3_SHIFT = 12
FUNCT7_SHIFT = 25
FUNCT5_SHIFT = 27                    # A extension: which atomic operation


def _funct3(name: str) -> int:
    return (isa.BY_NAME[name].match >> FUNCT3_SHIFT) & 7


def _funct7(name: str) -> int:
    return isa.BY_NAME[name].match >> FUNCT7_SHIFT


def _funct5(name: str) -> int:
    return isa.BY_NAME[name].match >> FUNCT5_SHIFT


# loads and stores whose size is not a word: funct3 tells them apart (bits 1:0 = log2 size)
F3_LB, F3_LH, F3_LBU, F3_LHU = _funct3("lb"), _funct3("lh"), _funct3("lbu"), _funct3("lhu")
F3_SB, F3_SH = _funct3("sb"), _funct3("sh")
F3_SIZE_MASK = 3
F3_CSR_IMMEDIATE = 4                 # csrr*i: rs1 is a 5-bit immediate
F3_CSR_OP_MASK = 3
F3_CSRRW, F3_CSRRS, F3_CSRRC = _funct3("csrrw"), _funct3("csrrs"), _funct3("csrrc")
# OP and OP-IMM: funct7 picks the base instruction, its alternative (sub, sra, srai) or M
F7_BASE = _funct7("add")
F7_ALT = _funct7("sub")
F7_MULDIV = _funct7("mul")
# A: funct5 of each atomic
AMO_LR, AMO_SC, AMO_SWAP = _funct5("lr.w"), _funct5("sc.w"), _funct5("amoswap.w")
AMO_ADD, AMO_XOR, AMO_AND, AMO_OR = (_funct5("amoadd.w"), _funct5("amoxor.w"),
                                     _funct5("amoand.w"), _funct5("amoor.w"))
AMO_MIN, AMO_MAX, AMO_MINU, AMO_MAXU = (_funct5("amomin.w"), _funct5("amomax.w"),
                                        _funct5("amominu.w"), _funct5("amomaxu.w"))

# The trap-handling CSRs [ms]scratch [ms]epc [ms]cause [ms]tval are plain storage: the core
# reads and writes them inline.  They are four consecutive numbers in each mode and the two
# groups differ in one bit, so one mask and compare recognises all eight.
TRAP_CSR_BASE = CSR_NUMBERS["sscratch"]
TRAP_CSR_MASK = (0xFFF & ~(CSR_NUMBERS["mscratch"] ^ TRAP_CSR_BASE)) & ~3
assert {n for n in range(4096) if n & TRAP_CSR_MASK == TRAP_CSR_BASE} == {
    CSR_NUMBERS[f"{m}{name}"] for m in "sm" for name in ("scratch", "epc", "cause", "tval")}
CSR_SHIFT = 20                       # the CSR number's field in a csr* instruction
CSR_NUMBER_MASK = 0xFFF
CSR_MODE_SHIFT = CSR_SHIFT + CSR_PRIV_SHIFT     # its privilege bits, read from the word

# --- memory access kinds (translation, PMP and the fault cause they raise) ---------------------
ACCESS_READ = 0
ACCESS_WRITE = 1
ACCESS_EXEC = 2
PERM_R, PERM_W, PERM_X = 1, 2, 4     # what a translation grants, as a bit set

# --- the machine's software TLB: TLB_ENTRIES entries of TLB_WORDS int64 each --------------------
# entry k: [k*4 + TLB_READ_TAG], [k*4 + TLB_WRITE_TAG], [k*4 + TLB_EXEC_TAG], [k*4 + TLB_PAGE] (RAM offset).
# A tag is (vpn << TLB_KEY_BITS) | key, key = st[FETCH_KEY]/st[DATA_KEY]; -1 = empty.  A key is
#   mode (bits 0-1): U-mode Sv32 (== PRIV_U), S-mode Sv32 (== PRIV_S), M-mode untranslated with no
#                    PMP, S/U with satp bare (untranslated, PMP applies);
#   ASID (bits 6-14): satp.ASID for the two Sv32 modes, 0 otherwise, so a satp switch between
#                    address spaces keeps every space's entries (mmu.py says when they go);
#   epoch (bits 15-42): st[TLB_EPOCH]; a flush is one increment, which makes every older tag miss.
# The entry of a page is ((vpn ^ key) & (TLB_ENTRIES - 1)): the ASID moves each space's pages by
# a multiple of 64 entries, so spaces that use the same addresses (every program's code starts at
# the same place) do not evict each other on every switch.
# After the entries, TLB_ASIDS words remember the root page number each ASID's entries were
# filled from (-1: unknown).
# Then TLB_CODE_WORDS words of bits, one per 4 KiB page of RAM (bit p % 64 of word p // 64):
# a CLEAR bit marks a page the native engine (vm/native) has translated code from.  Such a page
# never gets a write tag, so every store to it takes the slow path, which sets st[CODE_CHECK]
# (QEMU's "notdirty" pages).  Clear means marked so that filling the whole array with -1, as a
# flush or reset does, unmarks every page (the interpreter alone never marks one); the engine
# notices by TLB_CODE_GUARD, which it keeps at 0 while pages are marked.
TLB_ENTRIES = 4096
TLB_WORDS = 4
TLB_READ_TAG, TLB_WRITE_TAG, TLB_EXEC_TAG, TLB_PAGE = 0, 1, 2, 3    # the words of an entry
TLB_KEY_U = PRIV_U
TLB_KEY_S = PRIV_S
TLB_KEY_BARE = 2
TLB_KEY_SU_BARE = 3
TLB_KEY_MODE_MASK = 3
TLB_ASID_SHIFT = 6
TLB_EPOCH_SHIFT = 15
TLB_EPOCH_LIMIT = 1 << 28           # epochs before the entries are really cleared (and it restarts)
TLB_KEY_BITS = TLB_EPOCH_SHIFT + 28 # vpn (20 bits) above: a tag stays below 2**63
TLB_ASIDS = SATP_ASID_MASK + 1
TLB_ROOTS = TLB_ENTRIES * TLB_WORDS # index of the first ASID's root page number
TLB_CODE = TLB_ROOTS + TLB_ASIDS    # index of the first word of code-page bits
TLB_CODE_WORDS = (2048 << 20) // PAGE_SIZE // 64    # enough for the largest RAM (2 GiB)
TLB_CODE_GUARD = TLB_CODE + TLB_CODE_WORDS
TLB_SIZE = TLB_CODE_GUARD + 1
