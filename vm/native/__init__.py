"""The native engine (`--engine native`): hot guest pages translated to host code through LLVM.

translate.py turns one page of RV32IM code into an LLVM IR function (a
*unit*), compile.py compiles it with llvmlite's MCJIT (and keeps the object
code on disk), engine.py runs the machine by alternating units and the
interpreter (vm/cpu.py), which stays the reference and does everything a
unit leaves to it.  DESIGN.md section 2 describes the design.
"""
