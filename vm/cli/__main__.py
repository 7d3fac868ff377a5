"""`python -m vm.cli ...` is the `toyos` command (tests run it this way)."""
import sys

from vm.cli import main

sys.exit(main())
