"""Scorecards for a period: tables built once (`tables`), written by one writer per format.

Each writer module has NAME, SUFFIX (what an output path ends in; "" for a folder),
optionally STDOUT (it may write to standard output), and
`write(tables, output, lang, pass_line) -> str | None`, which returns what it wrote (None:
standard output). `writer(name)` gives the module (imported when first asked for: the
workbook writer loads openpyxl); the command line never branches on a format.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Optional

# format → (writer module, what an output path ends in)
WRITERS = {"xlsx": ("xlsx", ".xlsx"), "csv": ("csv_", ""), "json": ("json_", ".json")}
FORMATS = tuple(WRITERS)


def writer(name: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{WRITERS[name][0]}")


def format_for(output: Optional[str]) -> Optional[str]:
    """The format an output path asks for (no output: JSON on standard output; a path
    without a suffix, or a folder, is CSV files); None when it cannot be told."""
    if output is None:
        return "json"
    path = Path(output)
    suffix = "" if path.is_dir() else path.suffix.lower()
    if suffix == ".csv":  # one CSV file: the summary, the other tables beside it
        return "csv"
    return next((name for name, (_, ends) in WRITERS.items() if ends == suffix), None)


def build_tables(*args, **kwargs):
    from .tables import build_tables as build

    return build(*args, **kwargs)


__all__ = ["FORMATS", "WRITERS", "build_tables", "format_for", "writer"]
