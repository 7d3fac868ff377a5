"""One guest page of RV32IM code -> one LLVM IR function, the native engine's *unit*.

    ir = translate(vbase, page_off, words, entries)

`words` are the page's 1,024 instruction words as they are in RAM (physical
page `page_off`, a RAM offset), mapped at virtual address `vbase`.  `entries`
are the pcs where execution may enter the page's code (engine.py collects
them: direct jump and branch targets, return points, pcs the unit was left
for).  Each entry starts a block: straight-line code up to a jump, a branch,
an instruction the unit leaves to the interpreter or the next entry.

The function is

    i32 unit(i64* st, i32* regs, i8* ram, i64* tlb, i64 limit)

It checks that the fetch TLB maps st[PC]'s page to `page_off` (else R_MISS),
keeps the guest registers in SSA values while it runs, and returns why it
stopped with st[PC] and st[INSTRET] exact (every instruction before st[PC]
retired, none after):

- R_BUDGET: the next block would take INSTRET past `limit`; the engine's
  limit is the end of the slice or the instruction at which the timer can
  next raise an interrupt, so interrupts are taken by the interpreter at
  instruction boundaries as before;
- R_LEAVE: pc left the unit (another page, or a pc that is no entry);
- R_INSN: the instruction at pc is one a unit does not execute (system,
  CSR, atomic, fence.i, illegal, a jump to a misaligned target);
- R_MEM: the load or store at pc missed the TLB, is misaligned, or stores
  to a page without a write tag (MMIO, tohost, a page holding translated
  code: that is how self-modifying code is seen, riscv.py TLB_CODE).

Loads and stores use the interpreter's TLB inline, the same tag compare as
vm/cpu.py, so a unit sees exactly the mappings and permissions it would.
"""
from __future__ import annotations

from asm import isa
from vm import riscv as RV
from vm import state as S

R_BUDGET, R_LEAVE, R_INSN, R_MEM, R_MISS = 0, 1, 2, 3, 4
PAGE_WORDS = RV.PAGE_SIZE // 4

_BRANCH_OPS = {"beq": "eq", "bne": "ne", "blt": "slt", "bge": "sge", "bltu": "ult", "bgeu": "uge"}
_LOADS = {"lb": (1, True), "lh": (2, True), "lw": (4, False), "lbu": (1, False), "lhu": (2, False)}
_STORES = {"sb": 1, "sh": 2, "sw": 4}
_IMM_OPS = {"addi": "add", "xori": "xor", "ori": "or", "andi": "and"}
_SHIFT_IMM = {"slli": "shl", "srli": "lshr", "srai": "ashr"}
_REG_OPS = {"add": "add", "sub": "sub", "xor": "xor", "or": "or", "and": "and", "mul": "mul"}
_SHIFTS = {"sll": "shl", "srl": "lshr", "sra": "ashr"}
_COMPARES = {"slt": "slt", "sltu": "ult", "slti": "slt", "sltiu": "ult"}
_MULH = {"mulh": ("sext", "sext"), "mulhsu": ("sext", "zext"), "mulhu": ("zext", "zext")}
_DIVS = ("div", "divu", "rem", "remu")
_NOPS = ("fence", "fence.tso")       # one hart, memory in program order: nothing to do
_JUMPS = ("jal", "jalr")

_names: dict[int, str | None] = {}


def name_of(word: int) -> str | None:
    """The instruction's name in the ISA table (asm/isa.py), None if it is no instruction."""
    name = _names.get(word, False)
    if name is False:
        row = isa.decode(word)
        name = _names[word] = row.name if row else None
    return name


def translatable(name: str | None) -> bool:
    return name is not None and (name in _BRANCH_OPS or name in _LOADS or name in _STORES
                                 or name in _IMM_OPS or name in _SHIFT_IMM or name in _REG_OPS
                                 or name in _SHIFTS or name in _COMPARES or name in _MULH
                                 or name in _DIVS or name in _NOPS or name in _JUMPS
                                 or name in ("lui", "auipc"))


def static_entries(vbase: int, words) -> set[int]:
    """Entries a sweep of the page finds: direct targets in the page, and the pc after every jump,
    branch and instruction left to the interpreter (where execution comes back; not after words
    that are no instruction: data, or the zeros after the code)."""
    found = set()
    end = vbase + RV.PAGE_SIZE
    for i in range(PAGE_WORDS):
        w = int(words[i])
        pc = vbase + 4 * i
        name = name_of(w)
        if name == "jal":
            target = (pc + isa.unpack_j(w)) & RV.XLEN_MASK
        elif name in _BRANCH_OPS:
            target = (pc + isa.unpack_b(w)) & RV.XLEN_MASK
        else:
            target = None
        if target is not None and vbase <= target < end and target % 4 == 0:
            found.add(target)
        if (target is not None or name == "jalr" or (name is not None and not translatable(name))) \
                and pc + 4 < end:
            found.add(pc + 4)
    return found


def blocks(vbase: int, words, entries) -> list[tuple[int, list]]:
    """Each entry's block: (entry pc, [(pc, word, name), ...]), straight-line instructions up to a
    jump or branch (included), an instruction a unit leaves to the interpreter or the next entry."""
    end = vbase + RV.PAGE_SIZE
    entries = sorted(pc for pc in entries if vbase <= pc < end and pc % 4 == 0)
    entry_set = set(entries)
    out = []
    for start in entries:
        block = []
        pc = start
        while pc < end:
            w = int(words[(pc - vbase) >> 2])
            name = name_of(w)
            if not translatable(name):
                break
            block.append((pc, w, name))
            pc += 4
            if name in _JUMPS or name in _BRANCH_OPS or pc in entry_set:
                break
        out.append((start, block))
    return out


def code_words(vbase: int, words, entries) -> list[int]:
    """Indices of the words a unit translates: only a store to one of them changes what it does."""
    return sorted({(pc - vbase) >> 2 for _, block in blocks(vbase, words, entries) for pc, _, _ in block})


def resume_bursts(vbase: int, words, entries) -> list[int]:
    """Per word of the page: how many instructions from there reach the end of the block it is in
    (through its jump or branch, or up to the next entry), where a unit can take over again."""
    out = [1] * PAGE_WORDS
    run = 1
    for i in range(PAGE_WORDS - 1, -1, -1):
        name = name_of(int(words[i]))
        if name in _JUMPS or name in _BRANCH_OPS or not translatable(name) or i == PAGE_WORDS - 1:
            run = 1
        elif vbase + 4 * (i + 1) in entries:
            run = 1
        else:
            run += 1
        out[i] = run
    return out


def _s32(v: int) -> int:
    """An LLVM i32 literal for a 32-bit value."""
    v &= RV.XLEN_MASK
    return v - (1 << 32) if v & 0x80000000 else v


class _Emitter:
    def __init__(self):
        self.lines: list[str] = []
        self.n = 0

    def tmp(self) -> str:
        self.n += 1
        return f"%t{self.n}"

    def op(self, text: str) -> str:
        t = self.tmp()
        self.lines.append(f"  {t} = {text}")
        return t

    def put(self, text: str) -> None:
        self.lines.append(f"  {text}")

    def label(self, name: str) -> None:
        self.lines.append(f"{name}:")


def translate(vbase: int, page_off: int, words, entries: set[int]) -> str:
    """The LLVM IR of the unit for the page at `vbase` held in RAM at `page_off` (module doc)."""
    e = _Emitter()
    end = vbase + RV.PAGE_SIZE
    entries = sorted(pc for pc in entries if vbase <= pc < end and pc % 4 == 0)
    entry_set = set(entries)
    used = set()                    # guest registers the unit reads or writes
    caches = set()                  # last-page caches access() uses
    written = set()

    def reg(r: int) -> str:
        if r == 0:
            return "0"
        used.add(r)
        return e.op(f"load i32, ptr %r{r}")

    def set_reg(r: int, value: str) -> None:
        if r != 0:
            used.add(r)
            written.add(r)
            e.put(f"store i32 {value}, ptr %r{r}")

    def leave(pc, ic: str | None, why: int) -> None:
        """Stop at `pc` (an int or an i32 value) with INSTRET `ic` (None: as stored)."""
        e.put(f"store i32 {_s32(pc) if isinstance(pc, int) else pc}, ptr %pcv")
        if ic is not None:
            e.put(f"store i64 {ic}, ptr %icv")
        e.put(f"store i32 {why}, ptr %whyv")
        e.put("br label %exit")

    def goto(target: int) -> None:
        """Continue at a constant pc whose instructions before it have retired."""
        if target in entry_set:
            e.put(f"br label %b{target - vbase}")
        else:
            leave(target, None, R_LEAVE)

    def access(va: str, size: int, tag_word: int, base_reg: int, pc: int, ic_before: str, label: str) -> str:
        """Host pointer of a `size`-byte access at i32 `va`, or leave with R_MEM before it.

        The data TLB is looked up as vm/cpu.py does; the last page that hit is remembered in SSA
        values (the TLB cannot change while a unit runs), one for loads and one for stores per
        base register: a loop walking two arrays keeps both pages."""
        kind = f"{'r' if tag_word == RV.TLB_READ_TAG else 'w'}{base_reg}"
        caches.add(kind)
        if size > 1:
            low = e.op(f"and i32 {va}, {size - 1}")
            aligned = e.op(f"icmp eq i32 {low}, 0")
            e.put(f"br i1 {aligned}, label %{label}.al, label %{label}.miss")
            e.label(f"{label}.al")
        vpn = e.op(f"lshr i32 {va}, {RV.PAGE_SHIFT}")
        last = e.op(f"load i32, ptr %{kind}vpn")
        same = e.op(f"icmp eq i32 {vpn}, {last}")
        e.put(f"br i1 {same}, label %{label}.hit, label %{label}.look")
        e.label(f"{label}.look")
        vpn64 = e.op(f"zext i32 {vpn} to i64")
        idx = e.op(f"xor i64 {vpn64}, %dkey")
        idx = e.op(f"and i64 {idx}, {RV.TLB_ENTRIES - 1}")
        idx = e.op(f"shl i64 {idx}, 2")
        tp = e.op(f"getelementptr i64, ptr %tlb, i64 {idx}")
        tag = e.op(f"load i64, ptr {e.op(f'getelementptr i64, ptr {tp}, i64 {tag_word}')}")
        want = e.op(f"shl i64 {vpn64}, {RV.TLB_KEY_BITS}")
        want = e.op(f"or i64 {want}, %dkey")
        hit = e.op(f"icmp eq i64 {tag}, {want}")
        e.put(f"br i1 {hit}, label %{label}.fill, label %{label}.miss")
        e.label(f"{label}.miss")
        leave(pc, ic_before, R_MEM)
        e.label(f"{label}.fill")
        page = e.op(f"load i64, ptr {e.op(f'getelementptr i64, ptr {tp}, i64 {RV.TLB_PAGE}')}")
        e.put(f"store i32 {vpn}, ptr %{kind}vpn")
        e.put(f"store i64 {page}, ptr %{kind}page")
        e.put(f"br label %{label}.hit")
        e.label(f"{label}.hit")
        base = e.op(f"load i64, ptr %{kind}page")
        off = e.op(f"and i32 {va}, {RV.PAGE_OFFSET_MASK}")
        off = e.op(f"zext i32 {off} to i64")
        off = e.op(f"add i64 {base}, {off}")
        return e.op(f"getelementptr i8, ptr %ram, i64 {off}")

    ity = {1: "i8", 2: "i16", 4: "i32"}

    for start, block in blocks(vbase, words, entries):
        n = len(block)
        lab = f"b{start - vbase}"
        e.label(lab)
        if n == 0:
            leave(start, None, R_INSN)
            continue
        ic = e.op("load i64, ptr %icv")
        ic_end = e.op(f"add i64 {ic}, {n}")
        ok = e.op(f"icmp sle i64 {ic_end}, %limit")
        e.put(f"br i1 {ok}, label %{lab}.go, label %{lab}.budget")
        e.label(f"{lab}.budget")
        leave(start, None, R_BUDGET)
        e.label(f"{lab}.go")
        e.put(f"store i64 {ic_end}, ptr %icv")
        terminated = False
        for k, (pc, w, name) in enumerate(block):
            rd, rs1, rs2 = isa.rd(w), isa.rs1(w), isa.rs2(w)
            here = f"{lab}.i{k}"
            ic_k = e.op(f"add i64 {ic}, {k}") if (name in _LOADS or name in _STORES
                                                   or name in _JUMPS or name in _BRANCH_OPS) else None
            if name == "lui":
                set_reg(rd, str(_s32(w & 0xFFFFF000)))
            elif name == "auipc":
                set_reg(rd, str(_s32(pc + (w & 0xFFFFF000))))
            elif name in _IMM_OPS:
                set_reg(rd, e.op(f"{_IMM_OPS[name]} i32 {reg(rs1)}, {isa.unpack_i(w)}"))
            elif name in ("slti", "sltiu"):
                c = e.op(f"icmp {_COMPARES[name]} i32 {reg(rs1)}, {isa.unpack_i(w)}")
                set_reg(rd, e.op(f"zext i1 {c} to i32"))
            elif name in _SHIFT_IMM:
                set_reg(rd, e.op(f"{_SHIFT_IMM[name]} i32 {reg(rs1)}, {rs2}"))
            elif name in _REG_OPS:
                set_reg(rd, e.op(f"{_REG_OPS[name]} i32 {reg(rs1)}, {reg(rs2)}"))
            elif name in _SHIFTS:
                a = reg(rs1)
                amount = e.op(f"and i32 {reg(rs2)}, 31")
                set_reg(rd, e.op(f"{_SHIFTS[name]} i32 {a}, {amount}"))
            elif name in ("slt", "sltu"):
                c = e.op(f"icmp {_COMPARES[name]} i32 {reg(rs1)}, {reg(rs2)}")
                set_reg(rd, e.op(f"zext i1 {c} to i32"))
            elif name in _MULH:
                ext_a, ext_b = _MULH[name]
                a = e.op(f"{ext_a} i32 {reg(rs1)} to i64")
                b = e.op(f"{ext_b} i32 {reg(rs2)} to i64")
                p = e.op(f"mul i64 {a}, {b}")
                p = e.op(f"lshr i64 {p}, 32")
                set_reg(rd, e.op(f"trunc i64 {p} to i32"))
            elif name in _DIVS:
                a, b = reg(rs1), reg(rs2)
                zero = e.op(f"icmp eq i32 {b}, 0")
                if name in ("div", "rem"):
                    # INT_MIN / -1 overflows: the spec's result is what dividing by 1 gives
                    # for div (INT_MIN) and rem (0), so the divisor becomes 1 there
                    a_min = e.op(f"icmp eq i32 {a}, -2147483648")
                    b_m1 = e.op(f"icmp eq i32 {b}, -1")
                    ovf = e.op(f"and i1 {a_min}, {b_m1}")
                    bad = e.op(f"or i1 {zero}, {ovf}")
                else:
                    bad = zero
                safe = e.op(f"select i1 {bad}, i32 1, i32 {b}")
                op = {"div": "sdiv", "divu": "udiv", "rem": "srem", "remu": "urem"}[name]
                q = e.op(f"{op} i32 {a}, {safe}")
                by_zero = "-1" if name in ("div", "divu") else a
                set_reg(rd, e.op(f"select i1 {zero}, i32 {by_zero}, i32 {q}"))
            elif name in _NOPS:
                pass
            elif name in _LOADS:
                size, signed = _LOADS[name]
                va = e.op(f"add i32 {reg(rs1)}, {isa.unpack_i(w)}")
                ptr = access(va, size, RV.TLB_READ_TAG, rs1, pc, ic_k, here)
                v = e.op(f"load {ity[size]}, ptr {ptr}, align {size}")
                if size < 4:
                    v = e.op(f"{'sext' if signed else 'zext'} {ity[size]} {v} to i32")
                set_reg(rd, v)
            elif name in _STORES:
                size = _STORES[name]
                va = e.op(f"add i32 {reg(rs1)}, {isa.unpack_s(w)}")
                value = reg(rs2)
                ptr = access(va, size, RV.TLB_WRITE_TAG, rs1, pc, ic_k, here)
                if size < 4:
                    value = e.op(f"trunc i32 {value} to {ity[size]}")
                e.put(f"store {ity[size]} {value}, ptr {ptr}, align {size}")
            elif name == "jal":
                target = (pc + isa.unpack_j(w)) & RV.XLEN_MASK
                if target & RV.IALIGN_MASK:
                    leave(pc, ic_k, R_INSN)           # the interpreter raises the fault
                else:
                    set_reg(rd, str(_s32(pc + 4)))
                    goto(target)
                terminated = True
            elif name == "jalr":
                t = e.op(f"add i32 {reg(rs1)}, {isa.unpack_i(w)}")
                t = e.op(f"and i32 {t}, -2")
                low = e.op(f"and i32 {t}, {RV.IALIGN_MASK}")
                bad = e.op(f"icmp ne i32 {low}, 0")
                e.put(f"br i1 {bad}, label %{here}.bad, label %{here}.ok")
                e.label(f"{here}.bad")
                leave(pc, ic_k, R_INSN)
                e.label(f"{here}.ok")
                set_reg(rd, str(_s32(pc + 4)))
                e.put(f"store i32 {t}, ptr %pcv")
                e.put("br label %dispatch")
                terminated = True
            elif name in _BRANCH_OPS:
                target = (pc + isa.unpack_b(w)) & RV.XLEN_MASK
                c = e.op(f"icmp {_BRANCH_OPS[name]} i32 {reg(rs1)}, {reg(rs2)}")
                e.put(f"br i1 {c}, label %{here}.taken, label %{here}.next")
                e.label(f"{here}.taken")
                if target & RV.IALIGN_MASK:
                    leave(pc, ic_k, R_INSN)
                else:
                    goto(target)
                e.label(f"{here}.next")
                goto(pc + 4) if pc + 4 < end else leave(pc + 4, None, R_LEAVE)
                terminated = True
            else:                                     # pragma: no cover - translatable() says no
                raise AssertionError(name)
        if not terminated:
            nxt = block[-1][0] + 4
            if nxt < end and nxt in entry_set:
                e.put(f"br label %b{nxt - vbase}")
            elif nxt < end:                           # an instruction left to the interpreter
                leave(nxt, None, R_INSN)
            else:
                leave(nxt, None, R_LEAVE)

    body = e.lines
    regs = sorted(used)
    head = [
        "define i32 @unit(ptr noalias %st, ptr noalias %regs, ptr noalias %ram, ptr noalias %tlb, i64 %limit) {",
        "entry:",
        "  %pcv = alloca i32",
        "  %icv = alloca i64",
        "  %whyv = alloca i32",
    ]
    for kind in sorted(caches):                 # last data pages: vpn and RAM offset (access())
        head += [f"  %{kind}vpn = alloca i32", f"  %{kind}page = alloca i64"]
    head += [f"  %r{r} = alloca i32" for r in regs]
    head += [
        f"  %pc64 = load i64, ptr %st",                            # st[PC] is slot 0
        f"  %pc0 = trunc i64 %pc64 to i32",
        f"  %icp = getelementptr i64, ptr %st, i64 {S.INSTRET}",
        f"  %ic0 = load i64, ptr %icp",
        f"  %fkp = getelementptr i64, ptr %st, i64 {S.FETCH_KEY}",
        f"  %fkey = load i64, ptr %fkp",
        f"  %dkp = getelementptr i64, ptr %st, i64 {S.DATA_KEY}",
        f"  %dkey = load i64, ptr %dkp",
        # the fetch TLB must map this page to the physical page the unit was made from
        f"  %fvpn = lshr i64 %pc64, {RV.PAGE_SHIFT}",
        f"  %fx = xor i64 %fvpn, %fkey",
        f"  %fe = and i64 %fx, {RV.TLB_ENTRIES - 1}",
        f"  %fi = shl i64 %fe, 2",
        f"  %ftp = getelementptr i64, ptr %tlb, i64 %fi",
        f"  %ftp2 = getelementptr i64, ptr %ftp, i64 {RV.TLB_EXEC_TAG}",
        f"  %ftag = load i64, ptr %ftp2",
        f"  %fw = shl i64 %fvpn, {RV.TLB_KEY_BITS}",
        f"  %fwant = or i64 %fw, %fkey",
        f"  %fhit = icmp eq i64 %ftag, %fwant",
        f"  %fpp = getelementptr i64, ptr %ftp, i64 {RV.TLB_PAGE}",
        f"  %fpage = load i64, ptr %fpp",
        f"  %fsame = icmp eq i64 %fpage, {page_off}",
        f"  %fvsame = icmp eq i64 %fvpn, {vbase >> RV.PAGE_SHIFT}",
        f"  %fok1 = and i1 %fhit, %fsame",
        f"  %fok = and i1 %fok1, %fvsame",
        f"  br i1 %fok, label %start, label %miss",
        "miss:",
        f"  ret i32 {R_MISS}",
        "start:",
        "  store i32 %pc0, ptr %pcv",
        "  store i64 %ic0, ptr %icv",
        f"  store i32 {R_LEAVE}, ptr %whyv",
    ]
    for kind in sorted(caches):                 # no page yet: a vpn has 20 bits
        head += [f"  store i32 -1, ptr %{kind}vpn", f"  store i64 0, ptr %{kind}page"]
    for r in regs:
        head += [f"  %rp{r} = getelementptr i32, ptr %regs, i64 {r}",
                 f"  %ri{r} = load i32, ptr %rp{r}",
                 f"  store i32 %ri{r}, ptr %r{r}"]
    head += ["  br label %dispatch",
             "dispatch:",
             "  %dpc = load i32, ptr %pcv",
             f"  %doff = sub i32 %dpc, {_s32(vbase)}",
             "  switch i32 %doff, label %leave ["]
    head += [f"    i32 {pc - vbase}, label %b{pc - vbase}" for pc in entries]
    head += ["  ]",
             "leave:",
             f"  store i32 {R_LEAVE}, ptr %whyv",
             "  br label %exit"]
    tail = ["exit:"]
    for r in sorted(written):
        tail += [f"  %rv{r} = load i32, ptr %r{r}",
                 f"  store i32 %rv{r}, ptr %rp{r}"]
    tail += ["  %xpc = load i32, ptr %pcv",
             "  %xpc64 = zext i32 %xpc to i64",
             "  store i64 %xpc64, ptr %st",
             "  %xic = load i64, ptr %icv",
             "  store i64 %xic, ptr %icp",
             "  %xwhy = load i32, ptr %whyv",
             "  ret i32 %xwhy",
             "}"]
    return "\n".join(head + body + tail) + "\n"
