"""Normalise Chinese text for matching while keeping a map back to the original.

Steps: traditional → simplified (OpenCC t2s), full-width → half-width, ASCII lower case,
whitespace next to CJK characters removed (ASR inserts it), runs of the same punctuation
collapsed to one. `Normalised.original_span` maps a span of the normalised text back to
the text exactly as the user gave it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Optional


class Normalised:
    """The normalised text and, computed when first asked for, the offset map:
    offsets[i] = index in `original` of normalised char i."""

    __slots__ = ("original", "text", "_offsets")

    def __init__(self, original: str, text: str, offsets: Optional[tuple[int, ...]] = None):
        self.original = original
        self.text = text
        self._offsets = offsets

    @property
    def offsets(self) -> tuple[int, ...] | range:
        if self._offsets is None:
            if len(self.text) == len(self.original):
                # normalising only deletes (spaces, repeated punctuation) or maps one
                # character to one: same length, nothing deleted, offsets are identity
                self._offsets = range(len(self.text))
            else:
                self._offsets = normalise(self.original).offsets
        return self._offsets

    def __eq__(self, other) -> bool:
        return isinstance(other, Normalised) and (self.original, self.text) == (other.original, other.text)

    def __repr__(self) -> str:
        return f"Normalised({self.original!r}, {self.text!r})"

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


CJK_RANGES = (
    (0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2FA1F), (0xF900, 0xFAFF),
    (0x3000, 0x303F),  # CJK punctuation
)


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in CJK_RANGES)


def is_punct(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


def _half_width(char: str) -> str:
    code = ord(char)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if code == 0x3000:
        return " "
    return char


def _lower(char: str) -> str:
    lowered = char.lower()
    return lowered if len(lowered) == 1 else char  # İ lower-cases to two characters: kept


def normalise(original: str) -> Normalised:
    simplified = to_simplified(original)
    chars = [_lower(_half_width(c)) for c in simplified]
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


# --------------------------------------------------------------------------- fast path

_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
_SPACES = re.compile(r"\s+")
SEP = "\ue000"  # joins the turns of a call for one pass; not space, CJK or punctuation
PUNCT_PLANES = 0x20000  # no punctuation above plane 1 (checked over all of Unicode in the tests)


def _class(codes: list[int]) -> str:
    ranges, start, prev = [], codes[0], codes[0]
    for code in codes[1:]:
        if code != prev + 1:
            ranges.append((start, prev))
            start = code
        prev = code
    ranges.append((start, prev))
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges
    )


@lru_cache(maxsize=1)
def _repeats() -> tuple[re.Pattern, re.Pattern]:
    """A repeated punctuation character, for text within the BMP and for any text. The
    classes list every punctuation character (Unicode category P*) as ranges: within the
    BMP a bitmap test per character, several times faster than a property test. Built
    once (about 30 ms)."""
    codes = [c for c in range(PUNCT_PLANES) if unicodedata.category(chr(c)).startswith("P")]
    bmp = [c for c in codes if c < 0x10000]
    return re.compile(f"([{_class(bmp)}])\\1+"), re.compile(f"([{_class(codes)}])\\1+")


_ABOVE_BMP = re.compile("[\U00010000-\U0010ffff]")


_COMMON_FULL_WIDTH = ("，", ","), ("？", "?"), ("！", "!"), ("：", ":"), ("；", ";"), ("（", "("), ("）", ")")
_CJK = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in CJK_RANGES) + "]")


def _half(match: re.Match) -> str:
    code = ord(match.group())
    return " " if code == 0x3000 else chr(code - 0xFEE0)


def _space(match: re.Match) -> str:
    text, start, end = match.string, match.start(), match.end()
    if start == 0 or end == len(text) or text[start - 1] == SEP or text[end] == SEP:
        return ""
    if _CJK.match(text, start - 1) or _CJK.match(text, end):
        return ""
    return " "


def _first(match: re.Match) -> str:
    return match.group(1)


def _fast_text(text: str) -> str | None:
    for full, half in _COMMON_FULL_WIDTH:
        text = text.replace(full, half)
    text = _FULL_WIDTH.sub(_half, text)
    lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer (İ): rare
        return None
    if len(lowered.split(maxsplit=1)) > 1 or lowered[:1].isspace() or lowered[-1:].isspace():
        lowered = _SPACES.sub(_space, lowered)
    bmp, every = _repeats()
    return (every if _ABOVE_BMP.search(lowered) else bmp).sub(_first, lowered)


def normalise_fast(original: str) -> Normalised:
    """The same text as `normalise`, with C-level string operations; the offset map is
    computed only when a finding needs it."""
    text = _fast_text(to_simplified(original))
    return normalise(original) if text is None else Normalised(original, text)


def normalise_many(originals: list[str]) -> list[Normalised]:
    """`normalise_fast` for all turns of a call in one pass over the joined text."""
    return normalise_joined(originals)[0]


def normalise_joined(originals: list[str]) -> tuple[list[Normalised], Optional[str]]:
    """The turns of a call normalised in one pass, and their normalised texts joined by
    SEP (None when a turn holds SEP itself: then the turns are normalised one by one)."""
    if any(SEP in o for o in originals):
        return [normalise_fast(o) for o in originals], None
    joined = _t2s().convert(SEP.join(originals))
    parts = joined.split(SEP)
    if len(parts) != len(originals):
        return [normalise_fast(o) for o in originals], None
    text = _fast_text(joined)
    texts = text.split(SEP) if text is not None else None
    out = []
    redo = texts is None
    for i, original in enumerate(originals):
        if texts is None or len(parts[i]) != len(original):
            out.append(normalise_fast(original))  # t2s changed the length: per-char path
            redo = True
        else:
            out.append(Normalised(original, texts[i]))
    return out, (SEP.join(n.text for n in out) if redo else text)
