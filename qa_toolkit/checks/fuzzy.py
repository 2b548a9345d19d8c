"""Tolerant search for required phrases in ASR output.

`pinyin`: compare toneless pinyin syllables, folding the confusions ASR and accents make
(您/你 nin/ni, 在/再, zh/z, ch/c, sh/s, -ng/-n), with up to `max_edits` syllables inserted,
dropped or changed (a dropped 为 in 「很高兴您服务」). `edit`: the same over characters.
Punctuation and spaces are skipped; the span returned points into the normalised text.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Optional

from ..normalise import is_punct


@lru_cache(maxsize=65536)
def syllable_key(char: str) -> str:
    from pypinyin import Style, lazy_pinyin

    syllable = lazy_pinyin(char, style=Style.NORMAL, errors="default")[0]
    if syllable == char:  # not a Chinese character
        return char
    for retroflex in ("zh", "ch", "sh"):
        if syllable.startswith(retroflex):
            syllable = syllable[0] + syllable[2:]
            break
    if syllable.endswith("ng"):
        syllable = syllable[:-1]
    if syllable.endswith("n") and len(syllable) > 1:
        syllable = syllable[:-1]
    return syllable


@lru_cache(maxsize=2048)
def _units(text: str, mode: str) -> tuple[tuple[str, ...], tuple[int, ...], Counter]:
    units, positions = [], []
    for i, char in enumerate(text):
        if is_punct(char) or char.isspace():
            continue
        units.append(syllable_key(char) if mode == "pinyin" else char)
        positions.append(i)
    return tuple(units), tuple(positions), Counter(units)


@lru_cache(maxsize=4096)
def fuzzy_find(
    text: str, phrase: str, mode: str, max_edits: int
) -> Optional[tuple[int, int, int]]:
    """Best (start, end, distance) of `phrase` in `text` within max_edits, or None."""
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
