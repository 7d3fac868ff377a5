"""`toyos boot [IMAGE]`: boot the toyos image (build/toyos.elf by default).

Takes the same flags as `toyos run` (it is `toyos run` with the image as the
default program) and exits with the guest's power-off status, so a scripted
session is one command:
    toyos boot --deterministic --input-text 'hello\\nps\\nshutdown\\n'
Without the `shutdown` the run ends with status 125 once the input is used
up and the guest has idled 10 s of guest time (see `toyos run --help`).

Booting the default image, it says in one line (on stderr) when a source of
the image is newer than the image: `toyos boot` boots what it is given, as
QEMU would; `make run` (or `toyos build` first) boots the current sources.
With the default image it also attaches the default disk, build/disk.img
(`make image` makes it), when that exists and no --disk is given: plain
`toyos boot` is `make run` without the build.  `--disk none` boots diskless.
"""
from __future__ import annotations

import sys
from pathlib import Path

from vm.cli import run as run_cli

DEFAULT_IMAGE = "build/toyos.elf"
DEFAULT_DISK = "build/disk.img"


def configure(parser) -> None:
    run_cli.configure(parser)
    for action in parser._actions:          # the program becomes optional
        if action.dest == "program":
            action.nargs = "?"
            action.default = DEFAULT_IMAGE
            action.metavar = "IMAGE"
            action.help = f"boot image (default {DEFAULT_IMAGE}; `make image` builds it)"
        if action.dest == "disk":
            action.help += f"; booting the default image, {DEFAULT_DISK} when it exists"


def execute(args) -> int:
    image = Path(args.program)
    if not image.is_file():
        print(f"toyos boot: {args.program}: no such image (build it with `make image`)",
              file=sys.stderr)
        return 2
    if args.program == DEFAULT_IMAGE:
        from vm.cli.build import ROOT, image_inputs, newer_input
        changed = newer_input(image, image_inputs())
        if changed is not None:
            print(f"toyos boot: {args.program} is older than {changed.relative_to(ROOT)}: "
                  "booting it anyway (`make run` rebuilds, then boots)", file=sys.stderr)
        if args.disk is None and Path(DEFAULT_DISK).is_file():
            args.disk = DEFAULT_DISK
    return run_cli.execute(args)
