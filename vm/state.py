"""Indices into the machine's int64 state vector, and the reasons run() stops.

The jitted core sees only numpy arrays; this file names the slots of the
small `st` vector they share with the Python `Machine`.  CSRs live in their
own int64 array indexed by CSR number (asm/csrs.py), so they need no names here;
architectural values (privilege levels, causes, bits) are in vm/riscv.py.
"""

# --- the state vector `st` (np.int64) -----------------------------------------
PC = 0               # program counter
PRIV = 1             # current privilege: riscv.PRIV_U / PRIV_S / PRIV_M
INSTRET = 2          # instructions executed since reset
STOP = 3             # why the last run() returned: a STOP_* code
EXIT_CODE = 4        # guest exit status for STOP_POWEROFF / STOP_TOHOST
FETCH_KEY = 5        # TLB key for instruction fetch (riscv.TLB_KEY_*, mmu.py)
DATA_KEY = 6         # TLB key for loads/stores (differs from FETCH_KEY under MPRV)
RES_ADDR = 7         # LR/SC reservation address, -1 when none
RES_VALUE = 8        # the value LR read (SC succeeds only if memory still holds it, like QEMU)
TRAP_CAUSE = 9       # exception raised by a cold path, -1 when none
TRAP_TVAL = 10
MTIME_BASE = 11      # mtime = MTIME_BASE + (INSTRET - MTIME_INSTRET0) // TICK_INSNS
MTIME_INSTRET0 = 12
TOHOST_PADDR = 13    # physical address of the ELF's `tohost` symbol, -1 when none
RAM_SIZE = 14        # bytes of RAM
IRQ_RECHECK = 15     # nonzero: a cold path changed interrupt state; check before the next insn
STOP_PC = 16         # pc of the trap that stopped the machine (STOP_NO_HANDLER)
STOP_CAUSE = 17
STOP_TVAL = 18
INSTRET_OFFSET = 19  # minstret/mcycle written: value - (INSTRET + 1) (vm/csr.py says why)
WATCH_STORE_PAGE = 20  # physical page number whose stores go through the slow path (tohost), -1 none
TICK_DIV = 21        # instructions per mtime tick inside one run() call; 0 = mtime frozen (real time)
STIMECMP_ARMED = 22  # stimecmp was written (QEMU raises STIP only after a write)
TRAP_COUNT = 23      # traps taken since reset (the tracer tells trapping instructions by it)
TLB_EPOCH = 24       # the TLB's epoch, shifted into place (riscv.TLB_EPOCH_SHIFT): part of every key
KEY_U = 25           # the TLB keys of U-mode and S-mode accesses under the current satp and epoch
KEY_S = 26           # (KEY_U + priv; mmu.update_keys keeps them; sret reads them)
CODE_CHECK = 27      # nonzero: RAM that may hold translated code was written by a store on the slow
                     # path or a device (DMA); the native engine (vm/native) compares its pages again
IRQ_RESUME = 28      # nonzero: run() goes on with the interrupt-check schedule below (the native
                     # engine's calls within one host slice), not a new one from its first insn
IRQ_CHECK_AT = 29    # INSTRET of run()'s next scheduled interrupt check (run() leaves it here)
IRQ_SLICE_END = 30   # INSTRET at which the host slice those calls make up ends (checked there)
TRACE = 48           # [trace hook] first of the tracer's slots (vm/trace/events.py TRACE_SLOTS); st[TRACE] = mask, 0 = off
# [gdb hook] the GDB stub's slots 32..45 (vm/gdb/hooks.py), read on cold paths only when DEBUG != 0
DEBUG = 32           # DEBUG_* bits set while gdb is attached; 0 = no debugger, no cost
WATCH_HIT = 33       # 1 + index of the watchpoint an access hit (0 = none)
WATCH_SLOTS = 34     # WATCH_MAX x [first virtual address, end, WATCH_READ | WATCH_WRITE]
WATCH_MAX = 4
STATE_SIZE = 64

# --- stop reasons returned by run() -----------------------------------------------
STOP_BUDGET = 0        # the instruction budget is spent
STOP_WFI = 1           # WFI with no interrupt pending: the host may sleep
STOP_POWEROFF = 2      # sifive_test pass/fail: EXIT_CODE holds the status
STOP_TOHOST = 3        # store to `tohost`: EXIT_CODE holds the status
STOP_NO_HANDLER = 4    # a trap into M-mode with mtvec == 0: STOP_CAUSE/PC/TVAL say which
STOP_RESET = 5         # sifive_test reset request
STOP_OUTPUT_FULL = 6   # the UART output ring needs draining
STOP_HOST = 7          # the host asked to stop (Ctrl-A x, breakpoint) — set by the host
STOP_DEVICE = 8        # a device needs its host side (a virtio notify for a host-backed kind)
STOP_BREAKPOINT = 10   # [gdb hook] an ebreak while DEBUG_EBREAK: pc is the ebreak's, not executed
STOP_WATCH = 11        # [gdb hook] an access to watchpoint WATCH_HIT - 1: stopped before it, pc on it
STOP_TRACE = 16        # [trace hook] the trace buffer needs draining (vm/trace/record.py)

STOP_NAMES = {
    STOP_BUDGET: "budget", STOP_WFI: "wfi", STOP_POWEROFF: "poweroff",
    STOP_TOHOST: "tohost", STOP_NO_HANDLER: "no-trap-handler", STOP_RESET: "reset",
    STOP_OUTPUT_FULL: "output", STOP_HOST: "host", STOP_DEVICE: "device",
    STOP_TRACE: "trace",
    STOP_BREAKPOINT: "breakpoint", STOP_WATCH: "watchpoint",
}

# --- [gdb hook] st[DEBUG] bits and watchpoint kinds (vm/gdb/hooks.py) ---------------------
DEBUG_EBREAK = 1       # every ebreak stops the machine before it, as dcsr.ebreakm/s/u do
DEBUG_WATCH = 2        # watchpoints are set: watched pages stay out of the TLB
WATCH_READ = 1
WATCH_WRITE = 2
CAUSE_WATCH = 0x400    # pseudo exception of a watched access: take_trap stops the core before it

# --- deterministic time ---------------------------------------------------------
TICK_INSNS = 10        # instructions per mtime tick (10 MHz timer => 100 M insns/s of guest time)

# --- how often the loop looks for interrupts even when nothing changed ---------------
IRQ_CHECK_INTERVAL = 4096
IRQ_NEVER = 1 << 62    # IRQ_CHECK_AT once the slice's last check is done
