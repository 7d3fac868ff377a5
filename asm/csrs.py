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
