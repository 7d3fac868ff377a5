"""`toyos fi`: a fault-injection campaign on the deterministic machine (issue 13).

    toyos fi [IMAGE] -n 200                     200 injections, spread over every target and fault
    toyos fi -n 1000 --targets console,shell    server targets only
    toyos fi --replay console:ipc:SEED:AT       one injection again, exactly, with its transcript
    toyos fi -n 5000 --seed 2 --log c2.jsonl    log every injection; then
    toyos fi --summarize c1.jsonl c2.jsonl      one table of several campaigns

Each injection is one run of fi_run.py: boot, the scripted workload, one
fault (fi_inject.py) at a random instruction count inside the workload, and
the outcome.  Runs are spread over --jobs processes.  The table (as in the
MINIX 3 fault-injection papers) counts outcomes per target and fault, the
servers (restarted by pm) apart from the trusted base (pm and the kernel,
whose faults may end the system by design).  Every hang, halt, panic or loss
keeps a reproducer, TARGET:FAULT:SEED:AT, which `--replay` runs again bit
for bit (the same image: its digest is printed with the figures).
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path

DEFAULT_IMAGE = "build/toyos.elf"
TRANSCRIPT_TAIL = 6000      # a fault can make a server print for ever: --replay shows the end


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("image", nargs="?", default=DEFAULT_IMAGE,
                        help=f"boot image (default {DEFAULT_IMAGE}; `make image` builds it)")
    parser.add_argument("-n", "--injections", type=_count, default=100,
                        help="injections in the campaign (default 100)")
    parser.add_argument("--targets", default="all",
                        help="comma-separated targets (default all: console,fs,pipe,net,lpd,shell,pm,kernel)")
    parser.add_argument("--faults", default="all",
                        help="comma-separated faults (default all: reg,code,data,ipc,irq)")
    parser.add_argument("--seed", type=_count, default=1, help="campaign seed (default 1)")
    parser.add_argument("-j", "--jobs", type=_count, default=os.cpu_count() or 1,
                        help="processes running injections (default: one per core)")
    parser.add_argument("--reproducers", metavar="FILE",
                        help="append a JSON line per hang, halt, panic or loss to FILE")
    parser.add_argument("--log", metavar="FILE",
                        help="append a JSON line per injection (job and outcome) to FILE")
    parser.add_argument("--summarize", metavar="FILE", nargs="+",
                        help="print the table of the injections logged in FILEs (no new runs)")
    parser.add_argument("--replay", metavar="TARGET:FAULT:SEED:AT",
                        help="run one injection again and print its outcome and transcript")


def _count(text: str) -> int:
    try:
        value = int(text, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"'{text}' is negative")
    return value


class UsageError(Exception):
    """A bad argument: one line, exit status 2."""


def plan(targets: list[str], faults: list[str], injections: int, seed: int,
         span: tuple[int, int]) -> list[tuple[str, str, int, int]]:
    """The campaign: (target, fault, seed, at) per injection, round robin over the pairs."""
    from vm.cli.fi_inject import TARGETS
    pairs = [(t, f) for t in targets for f in TARGETS[t].faults if f in faults]
    if not pairs:
        raise UsageError("no target takes any of those faults")
    rng = random.Random(seed)
    first, last = span
    return [(*pairs[i % len(pairs)], rng.randrange(1 << 32), first + rng.randrange(last - first))
            for i in range(injections)]


# ---- worker side ---------------------------------------------------------------
_IMAGE = None          # (bytes, parsed ELF) of the image, per worker process
_BOOTED = None         # its fi_run.Booted


def _load(path: str):
    global _IMAGE, _BOOTED
    from asm.elfread import parse_elf
    from vm.cli.fi_run import Booted
    data = Path(path).read_bytes()
    _IMAGE = (data, parse_elf(data))
    _BOOTED = Booted(*_IMAGE)


def _one(job, transcript: bool = False):
    from vm.cli.fi_run import execute
    target, fault, seed, at = job
    return job, execute(*_IMAGE, target, fault, seed, at, transcript, _BOOTED)


def campaign(image: str, jobs: list, processes: int, progress=None) -> list:
    """[(job, Outcome)] for every job, run in `processes` processes."""
    if processes <= 1 or len(jobs) <= 1:
        _load(image)
        results = []
        for job in jobs:
            results.append(_one(job))
            if progress:
                progress(len(results), len(jobs), results[-1])
        return results
    import multiprocessing
    results = []
    with multiprocessing.get_context("spawn").Pool(processes, _load, (image,)) as pool:
        for item in pool.imap_unordered(_one, jobs, chunksize=4):
            results.append(item)
            if progress:
                progress(len(results), len(jobs), item)
    results.sort(key=lambda item: jobs.index(item[0]))
    return results


# ---- the table ------------------------------------------------------------------
def table(results: list) -> str:
    from vm.cli.fi_inject import TARGETS
    from vm.cli.fi_run import OUTCOMES
    columns = ("injections", "no chance") + OUTCOMES + ("restarts",)
    rows, groups = {}, {"servers": {}, "trusted base": {}}
    for (target, fault, _seed, _at), outcome in results:
        group = groups["servers" if TARGETS[target].restartable else "trusted base"]
        for counts in (rows.setdefault((target, fault), {}), rows.setdefault((target, "all"), {}), group):
            counts["injections"] = counts.get("injections", 0) + 1
            key = outcome.outcome if outcome.injected is not None else "no chance"
            counts[key] = counts.get(key, 0) + 1
            counts["restarts"] = counts.get("restarts", 0) + outcome.restarts
    width = [18] + [max(8, len(c) + 1) for c in columns]
    line = lambda cells: "".join(str(c).rjust(w) if i else str(c).ljust(w)
                                 for i, (c, w) in enumerate(zip(cells, width)))
    out = [line(("target fault",) + columns)]
    last_target = None
    for (target, fault), counts in sorted(rows.items(), key=lambda kv: (list(TARGETS).index(kv[0][0]),
                                                                         kv[0][1] == "all", kv[0][1])):
        if last_target is not None and target != last_target:
            out.append("")
        last_target = target
        out.append(line((f"{target} {fault}",) + tuple(counts.get(c, 0) for c in columns)))
    out.append("")
    for name, counts in groups.items():
        if counts:
            out.append(line((name,) + tuple(counts.get(c, 0) for c in columns)))
    return "\n".join(out)


def reproducer(job, outcome, digest: str) -> dict:
    target, fault, seed, at = job
    return {"target": target, "fault": fault, "seed": seed, "at": at, "outcome": outcome.outcome,
            "injected": outcome.injected, "detail": outcome.detail, "image": digest,
            "replay": f"toyos fi --replay {target}:{fault}:{seed}:{at}"}


def _parse_replay(text: str):
    from vm.cli.fi_inject import TARGETS
    parts = text.split(":")
    if len(parts) != 4:
        raise UsageError(f"--replay wants TARGET:FAULT:SEED:AT, not '{text}'")
    target, fault, seed, at = parts
    if target not in TARGETS:
        raise UsageError(f"unknown target '{target}' (targets: {', '.join(TARGETS)})")
    if fault not in TARGETS[target].faults:
        raise UsageError(f"target {target} takes no '{fault}' fault ({', '.join(TARGETS[target].faults)})")
    try:
        return target, fault, int(seed, 0), int(at, 0)
    except ValueError:
        raise UsageError(f"--replay: SEED and AT must be numbers, not '{seed}', '{at}'") from None


def _names(text: str, known, what: str) -> list[str]:
    if text == "all":
        return list(known)
    names = [n for n in text.split(",") if n]
    bad = [n for n in names if n not in known]
    if bad or not names:
        raise UsageError(f"unknown {what} '{','.join(bad) or text}' ({what}s: {', '.join(known)})")
    return names


def execute(args) -> int:
    try:
        return _execute(args)
    except UsageError as exc:
        print(f"toyos fi: {exc}", file=sys.stderr)
        return 2


def _summarize(paths: list[str]) -> int:
    from vm.cli.fi_run import Outcome
    results = []
    for path in paths:
        try:
            with open(path) as log:
                for number, text in enumerate(log, 1):
                    try:
                        row = json.loads(text)
                        results.append((tuple(row["job"]), Outcome(**row["outcome"])))
                    except (ValueError, KeyError, TypeError):
                        raise UsageError(f"{path}:{number}: not a line of --log") from None
        except OSError as exc:
            raise UsageError(f"{path}: {exc.strerror}") from None
    print(table(results))
    print(f"{len(results)} injections")
    return 0


def _need_checker() -> None:
    from vm.cli.fi_disk import NoChecker, fsck_tool
    try:
        fsck_tool()
    except NoChecker as exc:
        raise UsageError(str(exc)) from None


def _execute(args) -> int:
    from vm.cli.fi_inject import FAULTS, TARGETS
    if args.summarize:
        return _summarize(args.summarize)
    image = Path(args.image)
    if not image.is_file():
        raise UsageError(f"{args.image}: no such image (build it with `make image`)")
    data = image.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:12]
    if args.replay:
        job = _parse_replay(args.replay)
        _need_checker()
        return _replay(str(image), digest, job)
    targets = _names(args.targets, TARGETS, "target")
    faults = _names(args.faults, FAULTS, "fault")
    _need_checker()
    from asm.elfread import parse_elf
    from vm.cli.fi_run import SEVERE, golden_span
    span = golden_span(data, parse_elf(data))
    jobs = plan(targets, faults, args.injections, args.seed, span)
    print(f"toyos fi: {len(jobs)} injections into {','.join(targets)} ({','.join(faults)}), "
          f"seed {args.seed}, image {digest}, workload at instructions {span[0]}..{span[1]}, "
          f"{args.jobs} processes", flush=True)
    started = time.monotonic()
    log = open(args.log, "a") if args.log else None

    def progress(done, total, item=None):
        if log and item:
            log.write(json.dumps({"job": item[0], "outcome": dataclasses.asdict(item[1])}) + "\n")
            log.flush()
        if sys.stderr.isatty():
            print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)
    results = campaign(str(image), jobs, args.jobs, progress)
    if log:
        log.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    wall = time.monotonic() - started
    print(table(results))
    print(f"{len(results)} injections in {wall:.0f} s wall ({len(results) / max(wall, 1e-9):.1f} per s)")
    severe = [reproducer(job, o, digest) for job, o in results if o.outcome in SEVERE and o.injected]
    for rep in severe[:20]:
        print(f"  {rep['outcome']:7} {rep['replay']}   # {rep['injected']}: {rep['detail'][:80]}")
    if len(severe) > 20:
        print(f"  ... and {len(severe) - 20} more (--reproducers FILE keeps them all)")
    if args.reproducers:
        with open(args.reproducers, "a") as out:
            for rep in severe:
                out.write(json.dumps(rep) + "\n")
    return 0


def _replay(image: str, digest: str, job) -> int:
    _load(image)
    job, outcome = _one(job, transcript=True)
    print(f"image {digest}: {job[0]} {job[1]} seed {job[2]} at {job[3]}")
    print(f"injected: {outcome.injected or '(no chance: the moment never came)'}")
    print(f"outcome: {outcome.outcome}" + (f" ({outcome.detail})" if outcome.detail else "")
          + f", {outcome.restarts} restarts, {outcome.faults} fault reports")
    print("--- transcript" + (f" (its last {TRANSCRIPT_TAIL} characters)" if len(outcome.transcript) > TRANSCRIPT_TAIL
                               else "") + " ---")
    print(outcome.transcript[-TRANSCRIPT_TAIL:].rstrip())
    return 0
