"""What `toyos fi` sees of the running OS, read from outside like the GDB stub does.

The kernel's thread table (through the image's symbols and the thread
layout of kernel/abi.toml), a thread's saved registers (its trapframe), the
user pages of an address space (its page table, each page's frame found with
the observers' side-effect-free walker, vm/pagewalk.py), and the kernel's own
code and data (the image's sections).  Reading changes nothing in the guest;
the injector (fi_inject.py) writes through `flip_word` and `flip_ram_bit`.
"""
from __future__ import annotations

from dataclasses import dataclass

from vm import riscv as RV
from vm.abi_tables import THREAD, THREAD_SIZE
from vm.memmap import RAM_BASE
from vm.pagewalk import NO_MAPPING, peek_translate

USER_TOP_VPN1 = 0x8000_0000 >> RV.MEGAPAGE_SHIFT     # root entries below this map user space


@dataclass(frozen=True)
class Thread:
    address: int        # kernel address of its structure (trapframe first)
    tid: int
    name: str
    state: int          # kernel/abi.toml [states]
    space: int          # pointer to its address space (threads of one process share it)
    satp: int
    notify_bits: int


@dataclass(frozen=True)
class Page:
    vaddr: int
    paddr: int
    perms: int          # the leaf's R/W/X/U bits


class OsView:
    """The OS inside `machine`, whose kernel image has `symbols` and `sections`."""

    def __init__(self, machine, elf):
        self.m = machine
        self.threads_base = elf.symbols["threads"]
        self.current_ptr = elf.symbols["current_thread"]
        self.irq_bits_table = elf.symbols["irq_bits"]       # per PLIC source, the bits it notifies
        self.nthreads = elf.symbols["NTHREADS"]
        self.kernel_code = [(s.addr, s.size) for s in elf.sections if s.flags & 4 and s.size]     # SHF_EXECINSTR
        self.kernel_data = [(s.addr, s.size) for s in elf.sections
                            if s.flags & 1 and not s.flags & 4 and s.size]                      # SHF_WRITE

    def word(self, paddr: int) -> int:
        return int(self.m.ram32[(paddr - RAM_BASE) >> 2])

    def set_word(self, paddr: int, value: int) -> None:
        self.m.ram32[(paddr - RAM_BASE) >> 2] = value & 0xFFFF_FFFF

    def threads(self) -> list[Thread]:
        found = []
        for slot in range(1, self.nthreads):
            base = self.threads_base + slot * THREAD_SIZE
            field = lambda name: self.word(base + THREAD[name][0])
            if field("state") == 0:
                continue
            raw = self.m.ram[base + THREAD["name"][0] - RAM_BASE:
                             base + THREAD["name"][0] + THREAD["name"][1] - RAM_BASE].tobytes()
            found.append(Thread(base, field("id"), raw.split(b"\0")[0].decode("ascii", "replace"),
                                field("state"), field("space"), field("satp"), field("notify_bits")))
        return found

    def process_threads(self, name: str) -> list[Thread]:
        """The live threads of the process whose first thread is called `name`."""
        threads = self.threads()
        spaces = {t.space for t in threads if t.name == name}
        return [t for t in threads if t.space in spaces]

    def thread(self, address: int) -> Thread | None:
        return next((t for t in self.threads() if t.address == address), None)

    def current(self) -> int:
        return self.word(self.current_ptr)

    def irq_bits(self, irq: int) -> int:
        """The notification bits the kernel sets when PLIC source `irq` fires."""
        return self.word(self.irq_bits_table + irq * 4)

    def user_pages(self, satp: int) -> list[Page]:
        """Every user page of the space, RAM only (not the device pages a driver maps)."""
        root = (satp & RV.SATP_PPN_MASK) << RV.PAGE_SHIFT
        pages = []
        for vpn1 in range(USER_TOP_VPN1):
            pte = self.word(root + vpn1 * RV.PTE_SIZE)
            if not pte & RV.PTE_V or pte & (RV.PTE_R | RV.PTE_X):
                continue                                  # empty (user space has no megapages)
            table = (pte >> RV.PTE_PPN_SHIFT) << RV.PAGE_SHIFT
            leaves = self.m.ram32[(table - RAM_BASE) >> 2:((table - RAM_BASE) >> 2) + 1024]
            for vpn0 in leaves.nonzero()[0]:
                vaddr = (vpn1 << RV.MEGAPAGE_SHIFT) | (int(vpn0) << RV.PAGE_SHIFT)
                paddr, perms = peek_translate(self.m.ram, RAM_BASE, satp, vaddr)
                if paddr != NO_MAPPING and perms & RV.PTE_U and RAM_BASE <= paddr < RAM_BASE + self.m.ram_bytes:
                    pages.append(Page(vaddr, int(paddr), int(perms)))
        return pages

    def flip_ram_bit(self, paddr: int, bit: int) -> None:
        """Flip one bit of RAM byte `paddr` (the next run() fetches code from RAM afresh)."""
        self.m.ram[paddr - RAM_BASE] ^= 1 << bit
