"""Read calls from files and directories: JSON, JSON Lines, plain text, CSV and XLSX.

`read_inputs` yields `Call` objects and `InputError`s in input order; a bad file or row is
reported and skipped, the rest of the batch is still read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator, Union

from ..models import Call, InputError
from . import json_input, table_input, text_input

Item = Union[Call, InputError]

READERS: dict[str, Callable[[Path], Iterator[Item]]] = {
    ".json": json_input.read_json,
    ".jsonl": json_input.read_jsonl,
    ".txt": text_input.read_text_file,
    ".csv": table_input.read_csv,
    ".xlsx": table_input.read_xlsx,
}


def _is_ignored(path: Path) -> bool:
    # hidden files and Excel's lock files (~$book.xlsx) are never transcripts
    return path.name.startswith((".", "~$"))


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Files as given; directories walked recursively for known suffixes, sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in READERS and not _is_ignored(p)
            )
            yield from found
        elif path.is_file():
            if path.suffix.lower() in READERS:
                yield path
            else:
                yield InputError(
                    path=str(path),
                    reason=f"unsupported file type '{path.suffix}' "
                    f"(expected {', '.join(sorted(READERS))})",
                )
        else:
            yield InputError(path=str(path), reason="no such file or directory")


def read_inputs(paths: Iterable[str | Path]) -> Iterator[Item]:
    for entry in expand_paths(paths):
        if isinstance(entry, InputError):
            yield entry
            continue
        reader = READERS[entry.suffix.lower()]
        try:
            yield from reader(entry)
        except OSError as exc:
            yield InputError(path=str(entry), reason=f"cannot read file: {exc.strerror or exc}")
