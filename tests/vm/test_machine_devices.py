"""Device registers seen from the bus: UART 16550A, PLIC, CLINT, unmapped addresses."""
from vm import memmap
from vm import riscv as RV
from vm.devices import registers as R
from vm import state as S
from vm.bus import BUS_FAULT, WRITE_FAULT, bus_read, bus_write
from vm.devices import board
from vm.devices import plic as plic_dev
from vm.devices import uart as uart_dev
from vm.machine import Machine

U = memmap.UART_BASE
P = memmap.PLIC_BASE


def rd(m, addr, size=4):
    return bus_read(m.st, m.ram, m.dev, addr, size)


def wr(m, addr, value, size=4):
    return bus_write(m.st, m.ram, m.dev, addr, size, value)


def test_uart_lsr_rbr_and_rx_interrupt_identification():
    m = Machine(ram_mb=1)
    assert rd(m, U + 5, 1) == 0x60                     # THR empty, no data
    assert rd(m, U + 2, 1) == 0x01                     # no interrupt pending
    wr(m, U + 1, 1, 1)                                 # IER: received data available
    wr(m, U + 2, R.UART_FCR_ENABLE, 1)                 # FIFOs on
    assert uart_dev.push_input(m.dev, board.UART, b"ok") == 2
    assert rd(m, U + 5, 1) == 0x61
    assert rd(m, U + 2, 1) & 0x0F == 0x04              # IIR: RX data
    assert rd(m, U + 0, 1) == ord("o")
    assert rd(m, U + 0, 1) == ord("k")
    assert rd(m, U + 5, 1) == 0x60
    assert rd(m, U + 2, 1) & 0x0F == 0x01


def test_uart_holds_one_byte_until_its_fifos_are_on_and_switching_them_empties_it():
    """As QEMU's serial.c and the 16550A data sheet: without FIFOs the receiver
    holds one byte; changing FCR0 empties the FIFOs (the console server saves
    a byte typed before it started: servers/console/uart.s)."""
    m = Machine(ram_mb=1)
    assert uart_dev.push_input(m.dev, board.UART, b"hi") == 1
    wr(m, U + 2, R.UART_FCR_ENABLE, 1)
    assert rd(m, U + 5, 1) & R.UART_LSR_DR == 0         # the 'h' is gone
    assert uart_dev.push_input(m.dev, board.UART, b"hi") == 2
    wr(m, U + 2, R.UART_FCR_ENABLE, 1)                 # on again: no change, nothing emptied
    assert rd(m, U + 0, 1) == ord("h")
    wr(m, U + 2, 0, 1)                                 # off: emptied
    assert rd(m, U + 5, 1) & R.UART_LSR_DR == 0
    assert uart_dev.push_input(m.dev, board.UART, b"hi") == 1
    wr(m, U + 2, R.UART_FCR_ENABLE | R.UART_FCR_CLEAR_RX, 1)
    assert rd(m, U + 5, 1) & R.UART_LSR_DR == 0


def test_uart_divisor_latch_and_scratch():
    m = Machine(ram_mb=1)
    wr(m, U + 3, 0x80, 1)                              # DLAB
    wr(m, U + 0, 0x03, 1)
    wr(m, U + 1, 0x00, 1)
    assert rd(m, U + 0, 1) == 3
    wr(m, U + 3, 0x03, 1)
    assert uart_dev.drain_output(m.dev, board.UART) == b""        # divisor writes print nothing
    wr(m, U + 7, 0x5A, 1)
    assert rd(m, U + 7, 1) == 0x5A


def test_uart_thr_empty_interrupt_latches_until_iir_read():
    m = Machine(ram_mb=1)
    wr(m, U + 1, 2, 1)                                 # IER: THR empty
    assert rd(m, U + 2, 1) & 0x0F == 0x02
    assert rd(m, U + 2, 1) & 0x0F == 0x01              # reading IIR cleared it
    wr(m, U + 0, ord("x"), 1)
    assert uart_dev.irq_level(m.dev, board.UART) == 1
    assert uart_dev.drain_output(m.dev, board.UART) == b"x"


def test_plic_claim_complete_threshold_for_both_contexts():
    m = Machine(ram_mb=1)
    wr(m, P + 4 * 10, 3)                               # priority of source 10
    wr(m, P + 0x2000 + 0x80, 1 << 10)                  # enable for context 1 (S)
    wr(m, U + 1, 1, 1)
    uart_dev.push_input(m.dev, board.UART, b"a")
    rd(m, U + 5, 1)                                    # any UART access samples its IRQ line
    assert rd(m, P + 0x1000) == 1 << 10                # pending
    assert plic_dev.best_source(m.dev, board.PLIC, R.PLIC_CONTEXT_M) == 0   # not enabled for M
    wr(m, P + 0x201000, 3)                             # threshold 3 masks priority 3
    assert rd(m, P + 0x201004) == 0
    wr(m, P + 0x201000, 2)
    assert rd(m, P + 0x201004) == 10                   # claim
    assert rd(m, P + 0x201004) == 0                    # claimed: not offered again
    wr(m, P + 0x201004, 10)                            # complete
    rd(m, U + 5, 1)
    assert rd(m, P + 0x201004) == 10                   # still asserted: offered again


def test_clint_mtimecmp_and_msip_raise_machine_interrupts():
    from vm.traps import hardware_mip
    m = Machine(ram_mb=1, deterministic=True)
    wr(m, memmap.CLINT_BASE + R.CLINT_MTIMECMP + 4, 0xFFFFFFFF)
    wr(m, memmap.CLINT_BASE + R.CLINT_MTIMECMP, 0xFFFFFFFF)
    assert hardware_mip(m.st, m.csrs, m.dev) & RV.MIP_MTIP == 0   # all ones: never
    wr(m, memmap.CLINT_BASE + R.CLINT_MTIMECMP + 4, 0)
    wr(m, memmap.CLINT_BASE + R.CLINT_MTIMECMP, 5)
    m.st[S.INSTRET] = 10 * S.TICK_INSNS                 # deterministic mtime = 10
    assert rd(m, memmap.CLINT_BASE + R.CLINT_MTIME) == 10
    assert hardware_mip(m.st, m.csrs, m.dev) & RV.MIP_MTIP
    wr(m, memmap.CLINT_BASE + R.CLINT_MSIP, 1)
    assert hardware_mip(m.st, m.csrs, m.dev) & RV.MIP_MSIP


def test_unmapped_addresses_fault_and_rom_is_read_only():
    m = Machine(ram_mb=1)
    assert rd(m, 0x3000_0000) == BUS_FAULT
    assert wr(m, 0x3000_0000, 1) == WRITE_FAULT
    assert wr(m, memmap.BOOT_ROM_BASE, 1) == WRITE_FAULT


def test_virtio_slots_answer_the_probe_with_no_device():
    m = Machine(ram_mb=1)
    base = memmap.VIRTIO_BASE + 3 * memmap.VIRTIO_STRIDE
    assert rd(m, base) == 0x74726976                   # "virt"
    assert rd(m, base + 4) == 2                        # version 2
    assert rd(m, base + 8) == 0                        # DeviceID 0: empty slot
