"""The GDB remote stub: `toyos run --gdb PORT` / `toyos boot --gdb PORT`.

packets.py frames bytes, stub.py answers packets, target_xml.py describes the
registers, target.py adapts the Machine (addresses through vm/pagewalk.py,
breakpoints, watchpoints), threads.py reads toyos threads from kernel memory,
server.py owns the socket, and attach.py is what the command-line tools call.  The stub watches the
machine from outside: the guest never knows it is there.
"""
