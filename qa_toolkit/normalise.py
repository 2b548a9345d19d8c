"""Normalise Chinese text for matching while keeping a map back to the original.

Steps: traditional → simplified (OpenCC t2s), full-width → half-width, ASCII lower case,
whitespace next to CJK characters removed (ASR inserts it), runs of the same punctuation
collapsed to one. `Normalised.original_span` maps a span of the normalised text back to
the text exactly as the user gave it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Normalised:
    original: str
    text: str
    offsets: tuple[int, ...]  # offsets[i] = index in `original` of normalised char i

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if start >= end:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified, guaranteed to keep the length (one char for one char)."""
    converter = _t2s()
    converted = converter.convert(text)
    if len(converted) == len(text):
        return converted
    # phrase conversion changed the length: fall back to char by char so offsets hold
    out = []
    for char in text:
        single = converter.convert(char)
        out.append(single if len(single) == 1 else char)
    return "".join(out)


def is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2FA1F
        or 0xF900 <= code <= 0xFAFF
        or 0x3000 <= code <= 0x303F  # CJK punctuation
    )


def is_punct(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


def _half_width(char: str) -> str:
    code = ord(char)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if code == 0x3000:
        return " "
    return char


def normalise(original: str) -> Normalised:
    simplified = to_simplified(original)
    chars = [_half_width(c).lower() for c in simplified]
    kept: list[str] = []
    offsets: list[int] = []
    for i, char in enumerate(chars):
        if char.isspace():
            # drop whitespace at the ends, runs of it, and any touching a CJK char
            prev = kept[-1] if kept else ""
            nxt = next((c for c in chars[i + 1:] if not c.isspace()), "")
            if not prev or not nxt or prev.isspace() or is_cjk(prev) or is_cjk(nxt):
                continue
            char = " "
        elif kept and char == kept[-1] and is_punct(char):
            continue
        kept.append(char)
        offsets.append(i)
    return Normalised(original=original, text="".join(kept), offsets=tuple(offsets))


def normalise_phrase(phrase: str) -> str:
    return normalise(phrase).text
