"""Writing an output file whole or not at all.

Every report, scorecard and workbook is written to a temporary file in the target's own
folder and renamed onto the target only when it is complete, so an interrupted or failed
run (Ctrl-C, SIGTERM, a full disk) leaves the previous file as it was, never half of a new
one. The target's folder is made when missing. A device or a named pipe (`-o /dev/null`,
`-o /dev/stdout`) is written directly, and a link to a file keeps being a link.
"""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterable, Iterator


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary path beside `target`; renamed onto it when the block ends normally,
    removed when it raises (or is interrupted). A target that is not a regular file — a
    device such as /dev/null or /dev/stdout, a named pipe — is written as it is: renaming a
    file onto it would replace the device. A symbolic link to a file stays a link: the file
    it names is the one replaced."""
    target = Path(target)
    try:
        mode = os.stat(target).st_mode  # through links
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        yield target
        return
    if mode is not None:
        target = Path(os.path.realpath(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~_umask())  # as an ordinary new file would be
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_text(target: str | Path, encoding: str = "utf-8", newline: str | None = None) -> Iterator[IO[str]]:
    """A text file opened for writing that appears at `target` only when complete (what
    cannot be encoded, such as a file name that is not UTF-8, is written as "?")."""
    with atomic_path(target) as temporary:
        with open(temporary, "w", encoding=encoding, newline=newline, errors="replace") as handle:
            yield handle


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether two paths name the same file (both must exist to be compared by inode)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def clashing_input(output: str | Path, inputs: Iterable[str | Path]) -> str | None:
    """The input file an output path would overwrite, if any (a directory given as input
    is not overwritten by a file inside it: such a file is skipped when reading instead)."""
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            continue
        if same_file(output, path):
            return str(given)
    return None


CREATOR = "qa-toolkit"  # named in the properties of every workbook this tool writes


def new_workbook(empty: bool = False, write_only: bool = False):
    """An openpyxl workbook that says it was written by this tool (so a later run never
    reads it back as an input); `empty`: without its first sheet; `write_only`: openpyxl's
    streaming workbook (rows written as they are appended, none held)."""
    from openpyxl import Workbook

    book = Workbook(write_only=write_only)
    book.properties.creator = CREATOR
    book.properties.lastModifiedBy = CREATOR
    if empty and not write_only:
        book.remove(book.active)
    return book


@contextmanager
def workbook_errors(target: str | Path) -> Iterator[None]:
    """A write that fails inside lxml (openpyxl writes through it) raised as the OSError it
    is: lxml says a full disk as SerialisationError("IO_ENOSPC")."""
    import errno

    try:
        yield
    except Exception as exc:
        name = str(exc).strip()
        if type(exc).__name__ != "SerialisationError" or not name.startswith("IO_"):
            raise
        number = getattr(errno, name[3:], errno.EIO)
        raise OSError(number, os.strerror(number), str(target)) from None


def save_workbook(book, target: str | Path) -> None:
    """Save a workbook whole or not at all."""
    with workbook_errors(target), atomic_path(target) as temporary:
        book.save(temporary)


def safe_row(row) -> list:
    """A row's values as a workbook can hold them: text with its control characters shown
    as pictures (openpyxl refuses them; they come from transcripts)."""
    from .privacy import visible_controls

    return [visible_controls(v) if isinstance(v, str) else v for v in row]


def append_row(sheet, row) -> None:
    """Append a row to an openpyxl sheet, its text made safe (`safe_row`)."""
    sheet.append(safe_row(row))


def display_width(text: str) -> int:
    """Columns a text takes on a terminal: a Chinese (wide or full-width) character two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def aligned(rows: list[list[str]]) -> list[str]:
    """Rows of cells as lines of a terminal table: every column padded to its widest cell
    (by display width), two spaces between columns, nothing trailing."""
    count = max((len(row) for row in rows), default=0)
    widths = [max((display_width(row[i]) for row in rows if i < len(row)), default=0) for i in range(count)]
    return ["  ".join(cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(row)).rstrip()
            for row in rows]
