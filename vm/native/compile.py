"""LLVM IR of a unit -> a callable native function, through llvmlite's MCJIT (it ships with Numba).

    fn = compile_unit(ir)      # fn(st_ptr, regs_ptr, ram_ptr, tlb_ptr, limit) -> reason

Object code is kept in memory for the process and on disk beside Numba's
cache (vm/native/__pycache__/units/, keyed by a hash of the IR, the LLVM
version and the host CPU), so a page met again (the same program run again,
a page translated again after an invalidation) costs no compilation: the
same as Numba's cache does for the interpreter.
"""
from __future__ import annotations

import ctypes
import hashlib
import os
import time
from pathlib import Path

UNIT_TYPE = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
                             ctypes.c_void_p, ctypes.c_int64)
CACHE_DIR = Path(__file__).resolve().parent / "__pycache__" / "units"
OPT_LEVEL = 2
# LLVM's optimiser and code generator grow faster than linearly with a function's size (its 31
# guest registers live across one big dispatch loop): a unit of a whole page of kernel code takes
# ~2 s at -O2.  Units larger than this (IR lines; every compiled benchmark program's is smaller)
# are compiled unoptimised, in ~0.1 s: still native code, its registers kept in memory.
BIG_UNIT_LINES = 12000

_llvm = None
_target = None              # -O2 code generation
_target_fast = None         # -O0, for big units
_loaded: dict[str, tuple] = {}        # key -> (execution engine, function): kept alive
stats = {"compiled": 0, "compile_seconds": 0.0, "loaded": 0}    # for the benchmark's report


def _init():
    global _llvm, _target, _target_fast
    if _llvm is None:
        import llvmlite.binding as llvm
        llvm.initialize_native_target()
        llvm.initialize_native_asmprinter()
        target = llvm.Target.from_default_triple()
        cpu, features = llvm.get_host_cpu_name(), llvm.get_host_cpu_features().flatten()
        _target = target.create_target_machine(cpu=cpu, features=features, opt=OPT_LEVEL, jit=True)
        _target_fast = target.create_target_machine(cpu=cpu, features=features, opt=0, jit=True)
        _llvm = llvm
    return _llvm


def _key(ir: str) -> str:
    llvm = _init()
    digest = hashlib.sha256()
    digest.update(repr((llvm.llvm_version_info, llvm.get_host_cpu_name(), OPT_LEVEL, BIG_UNIT_LINES)).encode())
    digest.update(ir.encode())
    return digest.hexdigest()[:32]


def compile_unit(ir: str):
    """The unit's native function (a ctypes function); compiles only when no cache has it."""
    llvm = _init()
    key = _key(ir)
    if key in _loaded:
        return _loaded[key][1]
    path = CACHE_DIR / f"{key}.o"
    engine = llvm.create_mcjit_compiler(llvm.parse_assembly(""), _target)
    obj = None
    try:
        obj = path.read_bytes()
    except OSError:
        pass
    if obj is None:
        t0 = time.process_time()
        module = llvm.parse_assembly(ir)
        module.verify()
        if ir.count("\n") > BIG_UNIT_LINES:
            obj = _target_fast.emit_object(module)
        else:
            builder = llvm.create_pass_builder(_target, llvm.create_pipeline_tuning_options(speed_level=OPT_LEVEL))
            builder.getModulePassManager().run(module, builder)
            obj = _target.emit_object(module)
        stats["compiled"] += 1
        stats["compile_seconds"] += time.process_time() - t0
        try:
            CACHE_DIR.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(obj)
            os.replace(tmp, path)
        except OSError:
            pass                        # a read-only tree: compile again next time
    stats["loaded"] += 1
    engine.add_object_file(llvm.ObjectFileRef.from_data(obj))
    engine.finalize_object()
    fn = UNIT_TYPE(engine.get_function_address("unit"))
    _loaded[key] = (engine, fn)
    return fn
