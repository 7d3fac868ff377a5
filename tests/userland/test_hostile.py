"""What a hostile program tries (issue 13), each a regression test.

`hostile WHAT` (userland/programs/hostile.s) runs one attack in a booted
session on our machine in deterministic time; the test checks that the
system answered as it must and is still whole afterwards (spawning works,
`free` shows the frames back).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.userland.conftest import PROMPT, Shell
from tests.userland.console_session import ToyosSession
from vm.abi_tables import ERRNO, THREAD, USER_MAP
from vm.memmap import UART_BASE
from vm.riscv import PAGE_SIZE

PM_INC = Path(__file__).resolve().parents[2] / "servers" / "pm" / "pm.inc"
NPROCS = int(re.search(r"\.equ NPROCS, (\d+)", PM_INC.read_text()).group(1))  # pm's process table
ERRNO_NUMBER = {name: number for number, name in ERRNO.items()}
EFAULT, EBUSY, EINVAL, EPERM = (ERRNO_NUMBER[name] for name in ("EFAULT", "EBUSY", "EINVAL", "EPERM"))


@pytest.fixture
def toyos(image):
    return Shell(ToyosSession(image, max_insns=1_500_000_000))


def test_a_process_that_kills_its_own_last_thread_is_reaped(toyos):
    # it used to vanish from the table without becoming a zombie: its slot,
    # space and ~22 frames leaked, and after 28 of them spawning failed
    toyos.run("hello")                          # warm: the shell's first spawn
    before = toyos.run("free")
    for _ in range(NPROCS + 8):
        assert toyos.run("hostile selfkill") == "hostile: killed\n"
    assert toyos.run("hostile selfkill &").startswith("[")
    toyos.pause()
    assert re.fullmatch(r"\[\d+\] killed\n", toyos.run("wait"))
    assert toyos.run("hello") == "hello, world\n"
    assert toyos.run("free") == before
    assert toyos.shutdown() == 0


def leaf_pte_address(machine, thread: int, va: int) -> int:
    """Physical address of the Sv32 leaf PTE mapping `va` in the thread's space."""
    satp = int.from_bytes(machine.read_mem(thread + THREAD["satp"][0], 4), "little")
    root = (satp & 0x3F_FFFF) << 12
    pte = int.from_bytes(machine.read_mem(root + (va >> 22) * 4, 4), "little")
    assert pte & 1 and not pte & 0xE, hex(pte)        # a pointer to a second-level table
    return (pte >> 10 << 12) + ((va >> 12) & 0x3FF) * 4


def test_a_pointer_into_a_device_page_is_efault_not_a_kernel_panic(toyos):
    # only drivers hold device pages (the console, later fs and net); the
    # kernel used to copy through the page's physical address and panic
    before = toyos.run("free")
    toyos.session.send("hostile devptr\n")
    toyos.session.expect("hostile: devptr ready")
    machine = toyos.session.machine
    page = USER_MAP["heap_base"]
    hostile = toyos.session.find_thread("hostile")
    at = leaf_pte_address(machine, hostile, page)
    flag = leaf_pte_address(machine, hostile, page + PAGE_SIZE)
    flag = int.from_bytes(machine.read_mem(flag, 4), "little") >> 10 << 12
    own = machine.read_mem(at, 4)
    pte = int.from_bytes(own, "little")
    device = (UART_BASE >> 12 << 10) | (pte & 0x3FF)      # same rights, the UART's page
    machine.write_mem(at, device.to_bytes(4, "little"))
    machine.write_mem(flag, (1).to_bytes(4, "little"))
    out = toyos.session.expect("hostile: devptr futex_wait")
    out += toyos.session.expect("\n")
    machine.write_mem(at, own)                    # its own frame back, freed at exit
    machine.write_mem(flag, (2).to_bytes(4, "little"))
    assert f"futex_wait {-EFAULT} thread_name {-EFAULT} write {-EFAULT}" in out, out
    assert toyos.session.expect(PROMPT).endswith("hostile: devptr -> 3\r\n" + PROMPT)
    assert toyos.run("echo alive") == "alive\n"
    assert toyos.run("free") == before
    assert toyos.shutdown() == 0


def test_the_longest_timeouts_last_and_short_ones_still_end(toyos):
    # (0xffffffff + 9) / 10 wrapped to 0: sleep and futex_wait of 0xffffffff ms returned after 10 ms
    jobs = [re.fullmatch(r"\[(\d+)\]\n", toyos.run(f"hostile {what} &")).group(1)
            for what in ("longsleep", "longfutex")]
    assert toyos.run("sleep 2") == ""            # 2 s of guest time
    assert "hostile:" not in toyos.background
    rows = toyos.run("ps")
    assert len(re.findall(r"hostile +(sleep|wait: futex) ", rows)) == 2, rows
    for pid in jobs:                             # each reported at the next prompt
        assert toyos.run(f"kill {pid}") == f"[{pid}] killed  hostile\n"
    assert toyos.run("wait") == ""
    assert toyos.run("sleep 1") == ""            # and a short one still ends
    assert toyos.shutdown() == 0


def test_a_second_thread_waiting_for_the_same_child_gets_ebusy(toyos):
    # pm kept one waiter per process: the second thread's wait replaced the
    # first one's, which was never answered
    out = toyos.run("hostile twowait")
    first = re.search(r"hostile: twowait first (-?\d+) second (-?\d+)\n", out)
    assert first and int(first.group(1)) > 0, out
    assert int(first.group(2)) == -EBUSY, out
    assert out.endswith("hostile: twowait -> 0\n"), out
    assert toyos.run("hello") == "hello, world\n"
    assert toyos.shutdown() == 0


def test_console_reads_into_unwritable_memory_are_answered_efault(toyos):
    # the console dropped such a read without a reply: the caller hung in
    # `wait: call console`
    toyos.start("hostile badread")
    toyos.pause()
    toyos.session.send("abc\n")
    out = toyos.session.expect(PROMPT).replace("\r\n", "\n")
    assert f"hostile: badread kernel {-EFAULT} text {-EFAULT} good 4\n" in out, out
    assert out.endswith("hostile: badread -> 4\n" + PROMPT), out
    assert toyos.run("echo alive") == "alive\n"
    assert toyos.shutdown() == 0


def test_a_lease_past_the_top_of_the_address_space_is_refused_at_the_call(toyos):
    assert toyos.run("hostile wraplease") == f"hostile: wraplease -> {-EINVAL}\n"
    assert toyos.shutdown() == 0


def test_what_only_the_system_or_the_user_may_do_is_eperm_for_a_program(toyos):
    # DESIGN.md section 4, "Who may do what": a program could forge a Ctrl-C to
    # pm, kill any process but pm, shut the machine down, print around the console
    assert "pm: started console (pid 2)" in toyos.boot_log
    out = toyos.run("hostile perms")
    assert out == (f"hostile: perms notify {-EPERM} kill-parent {-EPERM} kill-console {-EPERM} "
                   f"shutdown {-EPERM} debug_write {-EPERM}\nhostile: perms -> 5\n"), out
    # what the user does at the shell still works: kill a job, Ctrl-C, shutdown
    pid = re.fullmatch(r"\[(\d+)\]\n", toyos.run("spin &")).group(1)
    assert toyos.run(f"kill {pid}") == f"[{pid}] killed  spin\n"   # reported at the next prompt
    assert toyos.run("wait") == ""
    toyos.start("spin")
    toyos.pause()
    toyos.session.send("\x03")
    assert "^C" in toyos.session.expect(PROMPT)
    assert toyos.run("usertests").endswith(" 0 failed\n")   # a parent kills its child
    assert toyos.shutdown() == 0


def test_pm_svc_from_a_program_restarts_and_holds_nothing(toyos):
    """pm.svc's SVC_RESTART, SVC_HOLD and SVC_COMPLAIN are the shell's (issue 13):
    a program gets -EPERM and the console is not touched; hostile indexes,
    actions and leases get errors; listing works for anyone."""
    esrch = ERRNO_NUMBER["ESRCH"]
    before = toyos.run("svc")
    out = toyos.run("hostile svc")
    errors = re.fullmatch(r"hostile: svc restart (\S+) hold (\S+) index (\S+) action (\S+) short (\S+) "
                          r"readonly (\S+) list 0\nhostile: svc listed console\nhostile: svc complain (\S+)\n"
                          r"hostile: svc -> 0\n", out)
    assert errors, out
    restart, hold, index, action, short, readonly, complain = (int(x) for x in errors.groups())
    assert (restart, hold, index, action, short, readonly) == (-EPERM, -EPERM, -esrch, -EINVAL, -EINVAL, -EPERM)
    assert complain == -EPERM                           # only a service may complain of another
    assert toyos.run("svc") == before                   # the console's generation and pid unchanged
    assert toyos.run("echo still here") == "still here\n"
    assert toyos.shutdown() == 0


KERNEL_INC = Path(__file__).resolve().parents[2] / "kernel" / "include" / "kernel.inc"
ABI_INC = KERNEL_INC.with_name("abi.inc")
SPACE_FLAGS = int(re.search(r"\.equ SPACE_FLAGS, (\d+)", KERNEL_INC.read_text()).group(1))
DMA_PAGES_MAX = int(re.search(r"\.equ DMA_PAGES_MAX, (\w+)", ABI_INC.read_text()).group(1), 0)


def test_dma_memory_is_for_drivers_only_refuses_hostile_sizes_and_comes_back(toyos):
    # dma_alloc tells the caller physical addresses: a program that had them
    # could aim a device's DMA anywhere, so only drivers (pm grants the flag) may
    from vm.abi_tables import FLAGS
    ENOMEM, EEXIST = ERRNO_NUMBER["ENOMEM"], ERRNO_NUMBER["EEXIST"]
    toyos.run("hello")                          # warm: the shell's first spawn
    before = toyos.run("free")
    free_frames = int(re.search(r"frames: (\d+) free", before).group(1))
    toyos.session.send("hostile dma\n")
    out = toyos.session.expect("hostile: dma ready") + toyos.session.expect("\n")
    assert out.endswith(f"ready {-EPERM}\r\n"), out
    machine = toyos.session.machine
    hostile = toyos.session.find_thread("hostile")
    space = int.from_bytes(machine.read_mem(hostile + THREAD["space"][0], 4), "little")
    flags = int.from_bytes(machine.read_mem(space + SPACE_FLAGS, 4), "little")
    machine.write_mem(space + SPACE_FLAGS, (flags | FLAGS["SPACE_DRIVER"]).to_bytes(4, "little"))
    flag = leaf_pte_address(machine, hostile, USER_MAP["heap_base"] + PAGE_SIZE)
    flag = int.from_bytes(machine.read_mem(flag, 4), "little") >> 10 << 12
    machine.write_mem(flag, (1).to_bytes(4, "little"))
    out = toyos.session.expect("hostile: dma run ") + toyos.session.expect("\n")
    sizes = re.search(r"over-max (-?\d+) all-ones (-?\d+) unaligned (-?\d+) past-top (-?\d+) "
                      r"wrap (-?\d+) mapped (-?\d+) zero (-?\d+)", out)
    assert sizes, out
    assert [int(v) for v in sizes.groups()] == [-EINVAL] * 5 + [-EEXIST, -EINVAL], out
    phys = int(re.search(r"dma run ([0-9a-f]+)", out).group(1), 16)
    assert phys % PAGE_SIZE == 0 and phys >= 0x80000000, hex(phys)
    for i in range(4):                          # contiguous, mapped where it said, what we wrote
        va = USER_MAP["dma_base"] + i * PAGE_SIZE
        pte = int.from_bytes(machine.read_mem(leaf_pte_address(machine, hostile, va), 4), "little")
        assert pte >> 10 << 12 == phys + i * PAGE_SIZE, (i, hex(pte))
        assert pte & 0x16 == 0x16, hex(pte)     # U, W, R
        assert machine.read_mem(phys + i * PAGE_SIZE, 8) == (i + 1).to_bytes(4, "little") + bytes(4)
    machine.write_mem(flag, (2).to_bytes(4, "little"))
    out = toyos.session.expect(PROMPT)
    runs = re.search(r"hostile: dma runs (\d+) then (-?\d+), one page ([0-9a-f]+)", out)
    assert runs and int(runs.group(2)) == -ENOMEM, out
    one = int(runs.group(3), 16)                # runs ran out; single frames remain
    assert one % PAGE_SIZE == 0 and 0x80000000 <= one < 0xC0000000, out
    taken = int(runs.group(1)) * DMA_PAGES_MAX
    assert free_frames // 2 < taken <= free_frames, (taken, free_frames)
    assert toyos.run("free") == before          # every frame back after the driver ended
    assert toyos.run("hello") == "hello, world\n"
    assert toyos.shutdown() == 0
