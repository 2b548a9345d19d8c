"""Where the shipped rubrics and lexicons live: inside the installed package (wheel), or at
the top of a source checkout (editable install)."""

from __future__ import annotations

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
