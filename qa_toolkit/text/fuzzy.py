"""Tolerant search for required phrases in ASR output.

`pinyin`: compare toneless pinyin syllables, folding the confusions ASR and accents make
(您/你 nin/ni, 在/再, zh/z, ch/c, sh/s, -ng/-n), with up to `max_edits` syllables inserted,
dropped or changed (a dropped 为 in 「很高兴您服务」). `edit`: the same over characters.
Punctuation and spaces are skipped; the span returned points into the normalised text.

Two searches, the same result: `fuzzy_find_reference` tries every window of the text;
`fuzzy_find_coded` (the fast path) takes the text and the phrase written one character a
unit (`code`) and tries only the windows near an exact occurrence of one of
`max_edits + 1` pieces of the phrase: a window within k edits of the phrase holds at
least one of k + 1 disjoint pieces unedited, at most k units from where the piece sits in
the phrase.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Optional

from ..normalise import is_punct, spoken


@lru_cache(maxsize=1)
def _shipped_keys() -> Optional[dict[str, str]]:
    from ..pinyin_table import load_keys

    return load_keys()


@lru_cache(maxsize=65536)
def syllable_key(char: str) -> str:
    """Toneless pinyin with the ASR confusions folded (see `pinyin_table`); a character
    without a reading is its own key."""
    keys = _shipped_keys()
    if keys is not None:
        return keys.get(char, char)
    from ..pinyin_table import computed_key

    return computed_key(char)


def _units(text: str, mode: str) -> tuple[tuple[str, ...], tuple[int, ...], Counter]:
    units, positions = [], []
    for i, char in enumerate(text):
        if is_punct(char) or char.isspace():
            continue
        units.append(syllable_key(char) if mode == "pinyin" else char)
        positions.append(i)
    return tuple(units), tuple(positions), Counter(units)


def fuzzy_find_reference(
    text: str, phrase: str, mode: str, max_edits: int
) -> Optional[tuple[int, int, int]]:
    """Best (start, end, distance) of `phrase` in `text` within max_edits, or None: the
    smallest distance, then the most units, then the first window."""
    from rapidfuzz.distance import Levenshtein  # imported when first needed: start-up

    target, _, target_counts = _units(phrase, mode)
    units, positions, counts = _units(text, mode)
    m = len(target)
    if not m or not units:
        return None
    # a window within k edits shares at least m − k units with the phrase, and so does
    # the whole text: when it does not, no window can match
    shared = 0  # the size of the multiset intersection (as Counter's &, without its cost)
    for unit, need in target_counts.items():
        have = counts.get(unit, 0)
        shared += need if need < have else have
    if shared < m - max_edits:
        return None
    best: Optional[tuple[int, int, int]] = None
    for length in range(max(1, m - max_edits), m + max_edits + 1):
        for i in range(0, len(units) - length + 1):
            distance = Levenshtein.distance(target, units[i:i + length], score_cutoff=max_edits)
            if distance > max_edits:
                continue
            candidate = (positions[i], positions[i + length - 1] + 1, distance)
            if best is None or (distance, -length) < (best[2], -(best[1] - best[0])):
                best = candidate
    return best


_CODES: dict[str, str] = {}  # unit (syllable or character) → the one character it is written as


def _code(unit: str) -> str:
    code = _CODES.get(unit)
    if code is None:
        n = len(_CODES)  # private-use characters: the Basic Multilingual Plane's, then plane 15's
        code = _CODES[unit] = chr(0xE000 + n) if n < 6400 else chr(0xF0000 + n - 6400)
    return code


_CHAR_CODES: dict[str, str] = {}  # character → the character its key is written as


def _char_code(char: str) -> str:
    code = _CHAR_CODES.get(char)
    if code is None:
        code = _CHAR_CODES[char] = _code(syllable_key(char))
    return code


Coded = tuple[str, "tuple[int, ...] | range"]


def code(text: str, mode: str) -> Coded:
    """The text's units written one character each, and where each unit is in the text
    (what `_units` gives, made with C-level string operations)."""
    kept, positions = spoken(text)
    if mode == "pinyin":
        codes = _CHAR_CODES
        kept = "".join([codes.get(c) or _char_code(c) for c in kept])
    return kept, positions if isinstance(positions, range) else tuple(positions)


def fuzzy_find(text: str, phrase: str, mode: str, max_edits: int) -> Optional[tuple[int, int, int]]:
    """What `fuzzy_find_reference` returns, trying only windows that can match."""
    return fuzzy_find_coded(code(text, mode), code(phrase, mode)[0], max_edits)


def fuzzy_find_coded(text: Coded, target: str, max_edits: int) -> Optional[tuple[int, int, int]]:
    """`fuzzy_find` on a coded text and a coded phrase (see `code`)."""
    units, positions = text
    m, n, k = len(target), len(units), max_edits
    if not m or not n:
        return None
    if m <= k:  # some piece would be empty: every window may match
        starts = range(n)
    else:
        found: set[int] = set()
        cut = [m * p // (k + 1) for p in range(k + 2)]
        for p in range(k + 1):
            offset, piece = cut[p], target[cut[p]:cut[p + 1]]
            at = units.find(piece)
            while at >= 0:
                found.update(range(max(0, at - offset - k), at - offset + k + 1))
                at = units.find(piece, at + 1)
        if not found:
            return None
        starts = sorted(found)
    from rapidfuzz.distance import Levenshtein  # imported when first needed: start-up

    distance_of = Levenshtein.distance
    best: Optional[tuple[int, int, int]] = None
    for length in range(max(1, m - k), m + k + 1):
        last = n - length
        for i in starts:
            if i > last:
                break
            distance = distance_of(target, units[i:i + length], score_cutoff=k)
            if distance > k:
                continue
            candidate = (positions[i], positions[i + length - 1] + 1, distance)
            if best is None or (distance, -length) < (best[2], -(best[1] - best[0])):
                best = candidate
    return best
