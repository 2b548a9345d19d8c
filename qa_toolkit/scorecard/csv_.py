"""The scorecard as CSV files, one per table, UTF-8 with a BOM so Excel opens them right.

Cells that a spreadsheet would run as a formula get a leading apostrophe.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from ..privacy import is_formula_like
from .tables import Table

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
    write_csv(tables, output, lang)
    return str(output)


def write_csv(tables: list[Table], directory: Path, lang: str) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        path = directory / f"{table.key}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([c.header for c in table.columns])
            for row in table.rows:
                writer.writerow([_cell(v) for v in row])
        written.append(path)
    return written
