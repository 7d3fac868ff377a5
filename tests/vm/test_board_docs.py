"""DESIGN.md's board table says what vm/memmap.py's BOARD is: base, size, model and IRQ of every row."""
from __future__ import annotations

import re
from pathlib import Path

from vm import memmap
from vm.devices import board

DESIGN = Path(__file__).resolve().parents[2] / "DESIGN.md"
RANGE = re.compile(r"(0x[0-9A-Fa-f_]+) \+ (0x[0-9A-Fa-f_]+)·i, i = 0\.\.(\d+)")


def _int(text: str) -> int:
    return int(text.replace("_", ""), 16)


def design_board():
    """The rows of DESIGN.md's board table as (base, size, kind, irq), the range row expanded."""
    rows = []
    for line in DESIGN.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 4 or not cells[0].startswith("0x") or not cells[2].startswith("`"):
            continue
        base, size, kind, irq = cells[0], _int(cells[1]), cells[2].strip("`"), cells[3]
        ranged = RANGE.fullmatch(base)
        if ranged:
            first, stride, last = _int(ranged[1]), _int(ranged[2]), int(ranged[3])
            irq_base = int(irq.removesuffix("+i"))
            rows += [(first + stride * i, size, kind, irq_base + i) for i in range(last + 1)]
        else:
            rows.append((_int(base), size, kind, 0 if irq == "-" else int(irq)))
    return rows


def test_design_board_table_is_memmap_board():
    board_rows = [(row.base, row.size, row.kind, row.irq) for row in memmap.BOARD]
    assert design_board() == board_rows


def test_every_board_kind_has_a_model():
    assert {row.kind for row in memmap.BOARD} == set(board.MODELS)
