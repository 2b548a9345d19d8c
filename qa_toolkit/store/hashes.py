"""What the store keeps hashes of, without the database: a rubric revision's content
(its YAML and the lexicons it reads) and an input file's SHA-256. The runner's workers
need the revision's hash before the store is opened."""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import stat
from pathlib import Path


def revision_content(loaded) -> str:
    """The rubric as it checks: its YAML and the text of every lexicon it reads."""
    from ..engine import resolve_lexicon

    lexicons: dict[str, str] = {}
    for rule in loaded.rubric.rules:
        for name, value in rule:
            if name.endswith("lexicons") and value:
                for ref in value:
                    path = resolve_lexicon(ref, loaded.path)
                    try:
                        lexicons[ref] = path.read_text(encoding="utf-8-sig")
                    except OSError:
                        lexicons[ref] = ""
    text = loaded.path.read_text(encoding="utf-8-sig")
    return json.dumps({"rubric": text, "lexicons": dict(sorted(lexicons.items()))}, ensure_ascii=False,
                      sort_keys=True)


def revision_of(loaded) -> tuple[str, str]:
    """A rubric's content and its SHA-256: the revision it checks as."""
    content = revision_content(loaded)
    return content, hashlib.sha256(content.encode("utf-8")).hexdigest()


WINDOW = 64 << 20  # bytes of a file mapped at a time while hashing it


def sha256_of(path: Path) -> str:
    """A file's SHA-256, as `sha256sum` gives it. A regular file is hashed through a memory
    map, a window at a time: each window in one step that leaves the interpreter free,
    without copying its bytes or waking the interpreter for every block, so hashing beside
    a run costs the run little; at most one window is mapped at once. What cannot be
    mapped (a pipe, say), and anything the file has grown by meanwhile, is read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        info = os.fstat(fh.fileno())
        done = 0
        if stat.S_ISREG(info.st_mode):
            try:
                while done < info.st_size:
                    length = min(WINDOW, info.st_size - done)
                    with mmap.mmap(fh.fileno(), length, offset=done, access=mmap.ACCESS_READ) as window:
                        digest.update(window)
                    done += length
            except (OSError, ValueError):  # not mappable after all: the rest is read
                pass
        if done:
            fh.seek(done)
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
