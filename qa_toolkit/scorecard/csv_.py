"""The scorecard as CSV files, one per table, UTF-8 with a BOM so Excel opens them right.

Cells that a spreadsheet would run as a formula get a leading apostrophe.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from ..output import atomic_text
from ..privacy import is_formula_like
from .tables import Table, shown_bool

NAME = "csv"
SUFFIX = ""  # a folder of CSV files


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, float):
        return f"{round(value, 4):g}"
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def write(tables: list[Table], output: Path, lang: str, pass_line: float) -> str:
    """A folder of CSV files, one per table; or, for a path ending in .csv, the summary in
    that file and every other table beside it (card.csv, card.deductions.csv …)."""
    if output.suffix.lower() == ".csv" and not output.is_dir():
        for table in tables:
            name = output.name if table.key == "summary" else f"{output.stem}.{table.key}.csv"
            _write_one(table, output.with_name(name), lang)
        return f"{output} (+{len(tables) - 1})"
    write_csv(tables, output, lang)
    return str(output)


def _write_one(table: Table, path: Path, lang: str) -> None:
    with atomic_text(path, encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([c.header for c in table.columns])
        bools = [c.kind == "bool" for c in table.columns]
        for row in table.rows:
            writer.writerow([_cell(shown_bool(v, lang) if b else v) for b, v in zip(bools, row)])


def write_csv(tables: list[Table], directory: Path, lang: str) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        path = directory / f"{table.key}.csv"
        _write_one(table, path, lang)
        written.append(path)
    return written
