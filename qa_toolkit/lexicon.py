"""Phrase lists: one phrase a line, `#` starts a comment, `|` separates exception contexts.

    不知道 | 不知道您 | 您不知道     # a hit inside 「不知道您…」 is a polite question

An exception context cancels a hit when an occurrence of it overlaps the hit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .encoding import DecodeError, decode_bytes


@dataclass(frozen=True)
class Entry:
    phrase: str
    exceptions: tuple[str, ...] = ()
    source: str = ""
    line: int = 0


class LexiconError(ValueError):
    def __init__(self, path: str, line: int | None, reason: str):
        super().__init__(f"{path}{':' + str(line) if line else ''}: {reason}")
        self.path, self.line, self.reason = path, line, reason


@dataclass
class Lexicon:
    path: str
    entries: list[Entry] = field(default_factory=list)


def parse_lexicon(text: str, path: str) -> Lexicon:
    lexicon = Lexicon(path=path)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split("|")]
        if not parts[0]:
            raise LexiconError(path, number, "empty phrase before '|'")
        if any(not p for p in parts[1:]):
            raise LexiconError(path, number, "empty exception context")
        lexicon.entries.append(Entry(parts[0], tuple(parts[1:]), path, number))
    return lexicon


def load_lexicon(path: Path) -> Lexicon:
    try:
        text, _ = decode_bytes(path.read_bytes())
    except OSError as exc:
        raise LexiconError(str(path), None, f"cannot read lexicon: {exc.strerror or exc}") from exc
    except DecodeError as exc:
        raise LexiconError(str(path), None, f"cannot decode lexicon: {exc}") from exc
    return parse_lexicon(text, str(path))
