"""CSR names and numbers, spelled as GNU as and objdump spell them.

The one table of CSR numbers: the assembler, the disassembler and the VM's
CSR file all import it.
"""
from __future__ import annotations


def _table() -> dict[str, int]:
    t: dict[str, int] = {}
    # Unprivileged counters and their high halves.
    t.update(cycle=0xC00, time=0xC01, instret=0xC02)
    for n in range(3, 32):
        t[f"hpmcounter{n}"] = 0xC00 + n
    t.update(cycleh=0xC80, timeh=0xC81, instreth=0xC82)
    for n in range(3, 32):
        t[f"hpmcounter{n}h"] = 0xC80 + n
    # Supervisor.
    t.update(sstatus=0x100, sie=0x104, stvec=0x105, scounteren=0x106, senvcfg=0x10A,
             sscratch=0x140, sepc=0x141, scause=0x142, stval=0x143, sip=0x144,
             stimecmp=0x14D, stimecmph=0x15D, satp=0x180)
    # Machine information and trap setup/handling.
    t.update(mvendorid=0xF11, marchid=0xF12, mimpid=0xF13, mhartid=0xF14, mconfigptr=0xF15,
             mstatus=0x300, misa=0x301, medeleg=0x302, mideleg=0x303, mie=0x304,
             mtvec=0x305, mcounteren=0x306, menvcfg=0x30A, mstatush=0x310,
             menvcfgh=0x31A, mcountinhibit=0x320,
             mscratch=0x340, mepc=0x341, mcause=0x342, mtval=0x343, mip=0x344,
             mtinst=0x34A, mtval2=0x34B)
    for n in range(16):
        t[f"pmpcfg{n}"] = 0x3A0 + n
    for n in range(64):
        t[f"pmpaddr{n}"] = 0x3B0 + n
    t.update(mcycle=0xB00, minstret=0xB02, mcycleh=0xB80, minstreth=0xB82)
    for n in range(3, 32):
        t[f"mhpmcounter{n}"] = 0xB00 + n
        t[f"mhpmcounter{n}h"] = 0xB80 + n
        t[f"mhpmevent{n}"] = 0x320 + n
    # Debug/trigger.
    t.update(tselect=0x7A0, tdata1=0x7A1, tdata2=0x7A2, tdata3=0x7A3,
             dcsr=0x7B0, dpc=0x7B1, dscratch0=0x7B2, dscratch1=0x7B3)
    return t


CSR_NUMBERS: dict[str, int] = _table()
CSR_NAMES: dict[int, str] = {num: name for name, num in CSR_NUMBERS.items()}


def _extra_table() -> dict[str, int]:
    t: dict[str, int] = {}
    t.update(fflags=0x001, frm=0x002, fcsr=0x003, vstart=0x008, vxsat=0x009, vxrm=0x00A,
             vcsr=0x00F, seed=0x015, vl=0xC20, vtype=0xC21, vlenb=0xC22)
    for n in range(4):
        t[f"sstateen{n}"] = 0x10C + n
        t[f"mstateen{n}"] = 0x30C + n
        t[f"mstateen{n}h"] = 0x31C + n
        t[f"hstateen{n}"] = 0x60C + n
        t[f"hstateen{n}h"] = 0x61C + n
    t.update(sieh=0x114, siselect=0x150, sireg=0x151, siph=0x154, stopei=0x15C,
             scountovf=0xDA0, stopi=0xDB0, scontext=0x5A8)
    t.update(vsstatus=0x200, vsie=0x204, vstvec=0x205, vsieh=0x214, vsscratch=0x240,
             vsepc=0x241, vscause=0x242, vstval=0x243, vsip=0x244, vstimecmp=0x24D,
             vsiselect=0x250, vsireg=0x251, vsiph=0x254, vstopei=0x25C, vstimecmph=0x25D,
             vsatp=0x280, vstopi=0xEB0)
    t.update(mvien=0x308, mvip=0x309, midelegh=0x313, mieh=0x314, mvienh=0x318, mviph=0x319,
             miselect=0x350, mireg=0x351, miph=0x354, mtopei=0x35C, mtopi=0xFB0,
             mseccfg=0x747, mseccfgh=0x757, tinfo=0x7A4, tcontrol=0x7A5, mcontext=0x7A8,
             mscontext=0x7AA)
    t.update(hstatus=0x600, hedeleg=0x602, hideleg=0x603, hie=0x604, htimedelta=0x605,
             hcounteren=0x606, hgeie=0x607, hvien=0x608, hvictl=0x609, henvcfg=0x60A,
             hidelegh=0x613, htimedeltah=0x615, hvienh=0x618, henvcfgh=0x61A, htval=0x643,
             hip=0x644, hvip=0x645, hviprio1=0x646, hviprio2=0x647, htinst=0x64A, hviph=0x655,
             hviprio1h=0x656, hviprio2h=0x657, hgatp=0x680, hcontext=0x6A8, hgeip=0xE12)
    for n in range(3, 32):
        t[f"mhpmevent{n}h"] = 0x720 + n
    return t


# Names binutils 2.40 (privileged spec 1.12) gives CSRs of extensions toyos does
# not implement (F, V, H, AIA, Smstateen, Sscofpmf, debug triggers...).  Only the
# disassembler uses them, to print what objdump prints; the VM has no such CSRs.
EXTRA_CSR_NAMES: dict[int, str] = {num: name for name, num in _extra_table().items()}


# What binutils 2.40 names differently when a file says it follows privileged
# spec 1.11 (GNU as records that in .riscv.attributes as soon as a source names
# a CSR): the user-level (N extension) CSRs still exist there, and the CSRs that
# spec 1.12 added do not (objdump prints those as numbers).
PRIV_1_11_ONLY_CSR_NAMES: dict[int, str] = {
    0x000: "ustatus", 0x004: "uie", 0x005: "utvec", 0x040: "uscratch", 0x041: "uepc",
    0x042: "ucause", 0x043: "utval", 0x044: "uip", 0x102: "sedeleg", 0x103: "sideleg",
}
NEW_IN_PRIV_1_12: tuple[str, ...] = (
    "senvcfg", "menvcfg", "menvcfgh", "mstatush", "mtinst", "mtval2", "mseccfg", "mseccfgh",
    "mconfigptr", *(f"pmpcfg{n}" for n in range(4, 16)), *(f"pmpaddr{n}" for n in range(16, 64)))
