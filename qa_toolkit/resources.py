"""Where the shipped rubrics and lexicons live: inside the installed package (wheel), or at
the top of a source checkout (editable install)."""

from __future__ import annotations

import json
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    packaged = _PACKAGE / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / name


def rubrics_dir() -> Path:
    return data_dir("rubrics")


def lexicons_dir() -> Path:
    return data_dir("lexicons")


def shipped_rubrics() -> list[str]:
    return sorted(p.stem for p in rubrics_dir().glob("*.yaml"))


def write_table(path: Path, table: dict) -> None:
    """Write a shipped data table (JSON, one key a line) and say where."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(table, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {path}")
