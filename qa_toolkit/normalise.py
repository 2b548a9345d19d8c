"""Normalise Chinese text for matching while keeping a map back to the original.

Steps: traditional → simplified (OpenCC t2s), full-width → half-width, ASCII lower case,
whitespace next to CJK characters removed (ASR inserts it), runs of the same punctuation
collapsed to one. `Normalised.original_span` maps a span of the normalised text back to
the text exactly as the user gave it.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional


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
                found = fast_offsets(self.original, self.text)
                self._offsets = tuple(found) if found else normalise(self.original).offsets
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


@lru_cache(maxsize=1)
def _t2s_filter():
    """A test for a key OpenCC's t2s would change, from the table made for the installed
    OpenCC (see `t2s_table`); None when there is no such table. Characters within the BMP
    are one regex class (a bitmap test per character), those above it a set, looked at
    only in a text that has such characters; the phrases that hold no such character are
    an Aho-Corasick automaton, run only on a text that holds one of the table's needles."""
    import json

    from .automaton import Automaton
    from .t2s_table import TABLE, opencc_version

    try:
        table = json.loads(TABLE.read_text(encoding="utf-8"))
        if table["opencc"] != opencc_version():
            return None
        chars, phrases, needles = table["chars"], table["phrases"], table["needles"]
    except (OSError, ValueError, KeyError, ImportError):
        return None
    spans = code_ranges(ord(c) for c in chars if ord(c) <= 0xFFFF)
    in_bmp = re.compile(f"[{_class_of(spans)}]").search if spans else (lambda text: None)
    above = frozenset(c for c in chars if ord(c) > 0xFFFF)
    # a phrase holding a changing character is found by that character; every other one
    # (回覆, 沈思 …) holds a needle (see `t2s_table`): only a text with a needle is searched
    single = set(chars)
    in_rest = Automaton([p for p in phrases if single.isdisjoint(p)]).matches

    def find(text: str) -> bool:
        if in_bmp(text) is not None:
            return True
        if above and not _in_bmp(text) and not above.isdisjoint(text):
            return True
        for needle in needles:
            if needle in text:
                return bool(in_rest(text))
        return False

    return find


def needs_t2s(text: str) -> bool:
    """False when OpenCC t2s would give `text` back unchanged: it holds no key whose
    conversion differs (OpenCC changes a text only where such a key occurs)."""
    find = _t2s_filter()
    return find is None or find(text)


def to_simplified(text: str) -> str:
    """Traditional → simplified, guaranteed to keep the length (one char for one char)."""
    if not needs_t2s(text):
        return text
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
PUNCTUATION_TABLE = Path(__file__).resolve().parent / "data" / "unicode-punctuation.json"


def punctuation_ranges() -> list[tuple[int, int]]:
    """Every punctuation character (Unicode category P*) of this Python's Unicode
    database, as ranges of code points."""
    return code_ranges(c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)).startswith("P"))


def code_ranges(codes: Iterable[int]) -> list[tuple[int, int]]:
    """Code points as (first, last) ranges of consecutive ones, in order."""
    ranges: list[tuple[int, int]] = []
    for code in sorted(set(codes)):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return ranges


@lru_cache(maxsize=1)
def _punctuation() -> list[tuple[int, int]]:
    """Punctuation (Unicode category P*) as ranges of code points: shipped for one
    Unicode version, computed for any other."""
    import json

    try:
        table = json.loads(PUNCTUATION_TABLE.read_text(encoding="utf-8"))
        if table["unidata"] == unicodedata.unidata_version:
            return [tuple(r) for r in table["ranges"]]
    except (OSError, ValueError, KeyError):
        pass
    return punctuation_ranges()


def _class_of(spans) -> str:
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in spans)


@lru_cache(maxsize=None)
def _with_punctuation(template: str) -> tuple[re.Pattern, re.Pattern]:
    """`template` with {} replaced by a class of every punctuation character: (a pattern
    for text within the BMP, one for any text). Ranges within the BMP make a bitmap test
    per character, several times faster than a property test and many times faster than
    with the ranges above the BMP as well."""
    ranges = _punctuation()
    bmp = [(a, min(b, 0xFFFF)) for a, b in ranges if a <= 0xFFFF]
    return re.compile(template.format(_class_of(bmp))), re.compile(template.format(_class_of(ranges)))


def _repeats() -> tuple[re.Pattern, re.Pattern]:
    """A punctuation character repeated."""
    return _with_punctuation("([{}])\\1+")


def _unspoken() -> tuple[re.Pattern, re.Pattern]:
    """Punctuation or whitespace."""
    return _with_punctuation("[\\s{}]+")


def _in_bmp(text: str) -> bool:
    # a character above the BMP takes two UTF-16 code units
    return len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text)


def spoken_length(text: str) -> int:
    """Characters a listener hears: neither punctuation nor whitespace."""
    bmp, every = _unspoken()
    return len((bmp if _in_bmp(text) else every).sub("", text))


def spoken(text: str) -> tuple[str, list[int] | range]:
    """The characters a listener hears (neither punctuation nor whitespace), and where
    each is in `text`."""
    bmp, every = _unspoken()
    pattern = bmp if _in_bmp(text) else every
    positions: list[int] = []
    last = 0
    for match in pattern.finditer(text):
        positions.extend(range(last, match.start()))
        last = match.end()
    if not last:
        return text, range(len(text))
    positions.extend(range(last, len(text)))
    return pattern.sub("", text), positions


def _repeat(text: str) -> re.Pattern:
    bmp, every = _repeats()
    return bmp if _in_bmp(text) else every


_COMMON_FULL_WIDTH = ("，", ","), ("？", "?"), ("！", "!"), ("：", ":"), ("；", ";"), ("（", "("), ("）", ")")
# no space is kept next to these: CJK (as `is_cjk`) and the turn separator
_TIGHT = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in CJK_RANGES) + SEP + "]")


def _half(match: re.Match) -> str:
    code = ord(match.group())
    return " " if code == 0x3000 else chr(code - 0xFEE0)


def _squeeze(text: str) -> str:
    """Each run of whitespace: gone next to a CJK character, a turn separator or an end
    of the text; one space otherwise (what `normalise` does character by character)."""
    parts = _SPACES.split(text)
    out = [parts[0]]
    for before, part in zip(parts, parts[1:]):
        if before and part and not _TIGHT.match(before[-1]) and not _TIGHT.match(part[0]):
            out.append(" ")
        out.append(part)
    return "".join(out)


def _fast_text(text: str) -> str | None:
    for full, half in _COMMON_FULL_WIDTH:
        text = text.replace(full, half)
    # U+FF01–FF5E written as UTF-16 hold the byte FF: without it, only U+3000 can be left
    if "\u3000" in text or b"\xff" in text.encode("utf-16-le", "surrogatepass"):
        text = _FULL_WIDTH.sub(_half, text)
    lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer (İ): rare
        return None
    if len(lowered.split(maxsplit=1)) > 1 or lowered[:1].isspace() or lowered[-1:].isspace():
        lowered = _squeeze(lowered)
    repeat = _repeat(lowered)
    # most texts repeat no punctuation: a search (C only) is cheaper than a substitution
    return lowered if repeat.search(lowered) is None else repeat.sub(r"\1", lowered)


def fast_offsets(original: str, text: str) -> Optional[list[int]]:
    """The offset map of `normalise(original)` with C-level string operations: map
    character for character, then drop what `_fast_text` drops (whitespace runs, then
    repeated punctuation), keeping track of which original positions stay. None when
    that does not give `text`'s length (the caller then takes the reference's map)."""
    mapped = to_simplified(original)
    for full, half in _COMMON_FULL_WIDTH:
        mapped = mapped.replace(full, half)
    mapped = _FULL_WIDTH.sub(_half, mapped).lower()
    if len(mapped) != len(original):
        return None
    kept: list[int] = []
    pieces: list[str] = []
    position = 0
    for match in _SPACES.finditer(mapped):
        start, end = match.span()
        kept.extend(range(position, start))
        pieces.append(mapped[position:start])
        if start and end < len(mapped) and not _TIGHT.match(mapped, start - 1) and not _TIGHT.match(mapped, end):
            kept.append(start)
            pieces.append(" ")
        position = end
    kept.extend(range(position, len(mapped)))
    pieces.append(mapped[position:])
    squeezed = "".join(pieces)
    drop: list[tuple[int, int]] = [
        (m.start() + 1, m.end()) for m in _repeat(squeezed).finditer(squeezed)
    ]
    for start, end in reversed(drop):
        del kept[start:end]
    return kept if len(kept) == len(text) else None


def normalise_fast(original: str) -> Normalised:
    """The same text as `normalise`, with C-level string operations; the offset map is
    computed only when a finding needs it."""
    text = _fast_text(to_simplified(original))
    return normalise(original) if text is None else Normalised(original, text)


def normalise_many(originals: list[str]) -> list[Normalised]:
    """`normalise_fast` for all turns of a call in one pass over the joined text."""
    return [Normalised(o, t) for o, t in zip(originals, normalise_texts(originals)[0])]


def normalise_texts(originals: list[str]) -> tuple[list[str], Optional[str]]:
    """The normalised texts of a call's turns, made in one pass, and the same texts joined
    by SEP (None when a turn holds SEP itself: then the turns are normalised one by one)."""
    if not originals:
        return [], None
    joined = SEP.join(originals)
    if joined.count(SEP) != len(originals) - 1:  # a turn holds SEP itself
        return [normalise_fast(o).text for o in originals], None
    if not needs_t2s(joined):  # nothing to convert: each turn keeps its length
        text = _fast_text(joined)
        if text is not None:
            return text.split(SEP), text
        return [normalise_fast(o).text for o in originals], None
    joined = _t2s().convert(joined)
    parts = joined.split(SEP)
    if len(parts) != len(originals):
        return [normalise_fast(o).text for o in originals], None
    text = _fast_text(joined)
    if text is not None and all(len(p) == len(o) for p, o in zip(parts, originals)):
        return text.split(SEP), text
    texts = [
        normalise_fast(o).text if text is None or len(p) != len(o) else t
        for o, p, t in zip(originals, parts, text.split(SEP) if text is not None else parts)
    ]
    return texts, SEP.join(texts)
