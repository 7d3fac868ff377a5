"""vm.cli: the `toyos` command and the tools around the machine, not the machine itself.

toyos.py dispatches `toyos COMMAND` to one module per subcommand: run.py and
boot.py (run a program, boot the image), build.py (assemble the boot image),
trace.py (read a recorded trace), bench.py with bench_os.py, bench_trace.py
and the guest programs in bench_programs/ (benchmark figures).  The machine
(vm/) never imports from here.
"""
from vm.cli.toyos import main  # the console script's entry point (pyproject.toml)

__all__ = ["main"]
