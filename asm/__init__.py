"""asm: toyos's GNU-as compatible RISC-V assembler, linker, ELF writer and disassembler.

Owns the ISA table (isa.py), the CSR and register names, and everything that
turns source text into ELF files and back.  It never runs code.
"""
