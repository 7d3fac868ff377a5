"""The inline system call (vm/cpu.py, ecall from U delegated to S) skips the
interrupt check at the handler's first instruction when every enabled
interrupt is delegated: in S with SIE clear none of them can be taken there
(RISC-V privileged spec 3.1.9), so looking would find none.  This holds the
engine's shortcut to pending_interrupt, the one function that decides, over
generated interrupt states: whenever the shortcut skips, pending_interrupt
answers -1; and when an enabled interrupt is left to M and is pending, it
does not.
"""
from __future__ import annotations

from hypothesis import given, strategies as st_

from vm import riscv as RV
from vm import state as S
from vm.devices import board as B
from vm.devices import clint as clint_dev
from vm.devices import plic as plic_dev
from vm.devices import registers as R
from vm.machine import Machine
from vm.traps import MIDELEG, MIE, MIP, MSTATUS, pending_interrupt

IRQ_BITS = RV.MIP_SSIP | RV.MIP_MSIP | RV.MIP_STIP | RV.MIP_MTIP | RV.MIP_SEIP | RV.MIP_MEIP
MACHINE = Machine(ram_mb=1)


def in_handler(mie, mideleg, soft_mip, msip, meip, seip, mstatus_bits):
    """pending_interrupt at the first instruction of an S handler entered from U by ecall."""
    m = MACHINE
    m.csrs[MIE] = mie
    m.csrs[MIDELEG] = mideleg
    m.csrs[MIP] = soft_mip
    m.csrs[MSTATUS] = mstatus_bits & ~RV.MSTATUS_SIE      # the trap cleared SIE
    m.st[S.PRIV] = RV.PRIV_S
    m.dev[B.CLINT + clint_dev.MSIP] = msip
    m.dev[B.PLIC + plic_dev.ASSERTED + R.PLIC_CONTEXT_M] = meip
    m.dev[B.PLIC + plic_dev.ASSERTED + R.PLIC_CONTEXT_S] = seip
    return pending_interrupt(m.st, m.csrs, m.dev)


states = dict(mie=st_.integers(0, IRQ_BITS).map(lambda v: v & IRQ_BITS),
              mideleg=st_.integers(0, IRQ_BITS).map(lambda v: v & IRQ_BITS),
              soft_mip=st_.integers(0, IRQ_BITS).map(lambda v: v & (RV.MIP_SSIP | RV.MIP_STIP | RV.MIP_SEIP)),
              msip=st_.integers(0, 1), meip=st_.integers(0, 1), seip=st_.integers(0, 1),
              mstatus_bits=st_.integers(0, 0xFFFFFFFF))


@given(**states)
def test_nothing_can_be_taken_in_the_handler_when_every_enabled_interrupt_is_delegated(
        mie, mideleg, soft_mip, msip, meip, seip, mstatus_bits):
    skipped = not (mie & ~mideleg)                          # the engine's condition
    irq = in_handler(mie, mideleg, soft_mip, msip, meip, seip, mstatus_bits)
    if skipped:
        assert irq == -1


def test_an_interrupt_left_to_m_is_still_taken_in_the_handler():
    # machine software interrupt enabled, not delegated, pending: taken in S whatever SIE says
    assert in_handler(RV.MIP_MSIP, 0, 0, 1, 0, 0, 0) == RV.IRQ_MSI
