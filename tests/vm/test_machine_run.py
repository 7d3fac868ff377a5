"""The run loop's stop reasons, deterministic time and console input, traps with no handler."""
import pytest

from asm.csrs import CSR_NUMBERS
from tests.vm import rv_mini as rv
from vm import state as S
from vm.machine import Machine

MTVEC, MCAUSE, MIE, MSTATUS, TIME = (CSR_NUMBERS[name] for name in ("mtvec", "mcause", "mie", "mstatus", "time"))


def machine(words, deterministic=True, idle_stop_ticks=None, **kw):
    m = Machine(ram_mb=8, deterministic=deterministic, input_bytes=kw.pop("input_bytes", b""))
    m.idle_stop_ticks = idle_stop_ticks
    m.load_elf(rv.elf(words, **kw))
    return m


@pytest.mark.parametrize("code", [None, 1, 42, 0xFFFF])
def test_sifive_test_power_off_and_fail_codes(code):
    res = machine(rv.put_char("A") + rv.power_off(code)).run(max_insns=1000)
    assert res.reason == "poweroff"
    assert res.exit_code == (0 if code is None else code)


def test_output_is_collected_and_streamed():
    m = machine(rv.put_char("h") + rv.put_char("i") + rv.power_off())
    seen = []
    m.on_output = seen.append
    m.run(max_insns=1000)
    assert m.output == b"hi"
    assert b"".join(seen) == b"hi"


@pytest.mark.parametrize("value, reason, status", [(1, "tohost", 0), ((5 << 1) | 1, "tohost", 5)])
def test_tohost_store_ends_the_run(value, reason, status):
    tohost = rv.RAM + 0x2000
    words = rv.li(5, tohost) + rv.li(6, value) + [rv.store("sw", 6, 5, 0), rv.jal(0, 0)]
    m = machine(words, symbols={"tohost": tohost}, data_at=tohost, data=b"\0" * 8)
    res = m.run(max_insns=1000)
    assert (res.reason, res.exit_code) == (reason, status)


def test_other_stores_to_the_tohost_page_do_not_stop():
    tohost = rv.RAM + 0x2000
    words = rv.li(5, tohost) + rv.li(6, 3) + [rv.store("sw", 6, 5, 8), rv.store("sw", 0, 5, 0)]
    words += rv.power_off(9)
    m = machine(words, symbols={"tohost": tohost}, data_at=tohost, data=b"\0" * 16)
    res = m.run(max_insns=1000)
    assert (res.reason, res.exit_code) == ("poweroff", 9)
    assert m.read_mem(tohost + 8, 4) == b"\3\0\0\0"


def test_trap_without_handler_stops_with_one_line():
    m = machine([rv.EBREAK])
    res = m.run(max_insns=1000)
    assert res.reason == "trap" and res.exit_code == 1
    assert "breakpoint" in res.message and "pc=0x80000000" in res.message
    assert "\n" not in res.message
    assert res.insns < 20


def test_illegal_instruction_message_names_cause_and_tval():
    m = machine([0xFFFFFFFF])
    res = m.run(max_insns=1000)
    assert "illegal instruction" in res.message and "tval=0xffffffff" in res.message


def test_max_insns_stops_an_endless_loop():
    res = machine([rv.jal(0, 0)]).run(max_insns=12345)
    assert res.reason == "max-insns" and res.exit_code == 124
    assert res.insns == 12345


def test_wfi_with_nothing_to_wake_it_is_idle():
    res = machine([rv.WFI, rv.jal(0, -4)]).run(max_insns=100000)
    assert res.reason == "idle"


def _timer_program():
    """Arm mtimecmp = 1000 ticks, enable MTIE, WFI; the timer wakes it and it powers off."""
    words = rv.li(5, 0x2004000) + rv.li(6, 1000)
    words += [rv.store("sw", 0, 5, 4), rv.store("sw", 6, 5, 0)]
    words += rv.li(6, 0x80) + [rv.csrrw(0, MIE, 6), rv.WFI]
    words += [rv.csrrs(7, 0x344, 0)]            # t2 = mip
    return words + rv.power_off()


def test_deterministic_wfi_jumps_mtime_to_the_deadline():
    m = machine(_timer_program())
    res = m.run(max_insns=100000)
    assert res.reason == "poweroff"
    assert m.regs[7] & 0x80                    # MTIP pending after the wake-up
    assert res.insns < 100                     # no busy waiting


def test_deterministic_runs_repeat_exactly():
    def once():
        m = machine(_timer_program())
        res = m.run(max_insns=100000)
        return res.insns, m.regs.tolist(), int(m.st[S.MTIME_BASE])
    assert once() == once()


def test_real_time_wfi_sleeps_until_the_deadline():
    import time
    # mtimecmp = time + 20 ms (10 MHz), read when the guest runs (not at reset,
    # which may be a Numba compilation ago)
    words = rv.li(5, 0x2004000) + [rv.csrrs(6, TIME, 0)] + rv.li(7, 200_000) + [rv._r("add", 6, 6, 7)]
    words += [rv.store("sw", 0, 5, 4), rv.store("sw", 6, 5, 0)]
    words += rv.li(6, 0x80) + [rv.csrrw(0, MIE, 6), rv.WFI] + rv.power_off()
    m = machine(words, deterministic=False)
    m.step_budget(0)                           # compile (if the cache is cold) before timing
    wall, cpu = time.monotonic(), time.process_time()
    res = m.run(max_insns=100000)
    wall, cpu = time.monotonic() - wall, time.process_time() - cpu
    assert res.reason == "poweroff"
    assert res.insns < 100                     # one WFI, no busy waiting
    assert wall >= 0.020, wall                 # woke at the deadline, not before
    assert cpu < 0.5, cpu                      # slept, did not spin


def _echo_program(count):
    """Read `count` bytes by polling LSR.DR and echo them, then power off."""
    words = rv.li(5, 0x10000000) + rv.li(8, count)
    loop = len(words)
    words += [rv.i_type("lbu", 6, 5, 5), rv.i_type("andi", 6, 6, 1)]
    words += [rv.branch("beq", 6, 0, -8)]
    words += [rv.i_type("lbu", 7, 5, 0), rv.store("sb", 7, 5, 0), rv.i_type("addi", 8, 8, -1)]
    words += [rv.branch("bne", 8, 0, (loop - (len(words))) * 4)]
    return words + rv.power_off()


def test_deterministic_input_arrives_in_order_at_fixed_counts():
    def once():
        m = machine(_echo_program(3), input_bytes=b"abc")
        res = m.run(max_insns=2_000_000)
        return res.reason, m.output, res.insns
    first = once()
    assert first[:2] == ("poweroff", b"abc")
    assert first == once()


def test_uart_rx_raises_plic_irq_10():
    m = machine(rv.power_off())
    m.feed_input(b"x")
    m.uart[:] = 0
    from vm.devices import uart as U, plic as P
    m.uart[U.IER] = 1
    m._push_input(force=True)
    assert m.plic[P.PENDING + 10] == 1


TICK_PERIOD = 100_000          # 10 ms of mtime between the idle loop's timer wake-ups


def _idle_timer_loop(echo: bool):
    """Arm the timer TICK_PERIOD ahead, WFI, repeat for ever (a guest idling on its ticks);
    with `echo`, first copy any byte in the UART RX FIFO to the console on each wake-up."""
    words = rv.li(5, 0x200BFF8) + rv.li(28, 0x2004000) + rv.li(29, TICK_PERIOD)
    words += rv.li(30, 0x10000000) + rv.li(6, 0x80) + [rv.csrrw(0, MIE, 6)]
    loop = len(words)
    if echo:
        words += [rv.i_type("lbu", 6, 30, 5), rv.i_type("andi", 6, 6, 1),
                  rv.branch("beq", 6, 0, 12),
                  rv.i_type("lbu", 7, 30, 0), rv.store("sb", 7, 30, 0)]
    words += [rv.i_type("lw", 7, 5, 0), rv._r("add", 7, 7, 29),
              rv.store("sw", 0, 28, 4), rv.store("sw", 7, 28, 0), rv.WFI]
    words += [rv.jal(0, (loop - len(words)) * 4)]
    return words


def test_deterministic_run_stops_when_the_guest_idles_with_no_input_left():
    from vm.devices import clint
    from vm.machine import EXIT_INPUT_USED_UP, IDLE_STOP_TICKS
    m = machine(_idle_timer_loop(echo=False), idle_stop_ticks=IDLE_STOP_TICKS)
    res = m.run(max_insns=10_000_000)
    assert (res.reason, res.exit_code) == ("input-used-up", EXIT_INPUT_USED_UP)
    assert "\n" not in res.message and "guest time" in res.message
    now = clint.mtime(m.st)
    assert IDLE_STOP_TICKS <= now <= IDLE_STOP_TICKS + 2 * TICK_PERIOD   # guest time, ~10 s
    assert res.insns < IDLE_STOP_TICKS // TICK_PERIOD * 40               # WFI skipped ahead


def test_the_idle_stop_counts_from_the_last_output_and_repeats_exactly():
    from vm.devices import clint
    from vm.machine import EXIT_INPUT_USED_UP, IDLE_STOP_TICKS

    def once():
        m = machine(_idle_timer_loop(echo=True), input_bytes=b"abc", idle_stop_ticks=IDLE_STOP_TICKS)
        marks = []
        m.on_output = lambda out: marks.append(clint.mtime(m.st))
        res = m.run(max_insns=10_000_000)
        return res, bytes(m.output), marks, clint.mtime(m.st)
    res, output, marks, end = once()
    assert (res.reason, res.exit_code, output) == ("input-used-up", EXIT_INPUT_USED_UP, b"abc")
    assert IDLE_STOP_TICKS <= end - marks[-1] <= IDLE_STOP_TICKS + 2 * TICK_PERIOD
    assert (res.insns, end) == (once()[0].insns, once()[3])


def test_input_the_guest_never_reads_keeps_the_run_going():
    # the byte sits in the RX FIFO unread: the script is not used up, so no idle stop
    from vm.machine import IDLE_STOP_TICKS
    m = machine(_idle_timer_loop(echo=False), input_bytes=b"x", idle_stop_ticks=IDLE_STOP_TICKS)
    res = m.run(max_insns=200_000)        # ~ 20 000 wake-ups = 200 s of guest time
    assert res.reason == "max-insns"


def test_the_idle_stop_is_off_unless_asked_for():
    # a driver that feeds input as it goes (the test sessions) must not be cut off
    res = machine(_idle_timer_loop(echo=False)).run(max_insns=200_000)
    assert res.reason == "max-insns"


def test_real_time_runs_never_stop_on_idleness():
    from vm.machine import IDLE_STOP_TICKS
    m = machine(_idle_timer_loop(echo=False), deterministic=False, idle_stop_ticks=IDLE_STOP_TICKS)
    m._quiet_since = -IDLE_STOP_TICKS         # as if the guest had been quiet for 10 s already
    res = m.run(max_insns=300)            # ~35 wake-ups, 10 ms of wall time each
    assert res.reason == "max-insns"
