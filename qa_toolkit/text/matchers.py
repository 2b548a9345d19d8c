"""Matchers: what a check looks for in a turn, declared when a rubric is compiled.

A matcher is one algorithm over what the call's view gives it (`find(view, turn)`): the
phrase occurrences in the turn, token boundaries, tokens, a fuzzy search. What a matcher
finds in a turn depends on the turn's normalised text alone, so a view may remember it by
that text. Each matcher has a `key`, its place among the compiled rubric's matchers.

- `PhraseMatcher`: exact phrases on token boundaries, with exception contexts;
- `RegexMatcher`: regular expressions with a boundary rule and exception contexts;
- `FuzzyMatcher`: a phrase matcher's phrases within a few pinyin or character edits.

Check types with an algorithm of their own (spaCy patterns) subclass `Matcher`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Iterable, Optional

from ..lexicon import Entry
from ..normalise import is_punct, normalise_phrase
from .fuzzy import code
from .prefilter import required_strings, within_turns

Hit = tuple  # (start, end, payload): a span of the turn's normalised text


class Matcher:
    """Base of every matcher. `strings`: phrases of which a turn must hold one for the
    matcher to find anything there (None: no such test); `regexes`, `required` and
    `joinable`: the same for regular expressions (see `prefilter`)."""

    key: int = -1
    strings: Optional[frozenset[str]] = None
    regexes: tuple[re.Pattern, ...] = ()
    required: Optional[list] = None
    joinable: bool = False

    def find(self, view, turn) -> list[Hit]:
        raise NotImplementedError

    def user_words(self) -> set[str]:
        """Words the segmenter must keep whole for this matcher to work."""
        return set()


def strip_punct(text: str) -> str:
    return "".join(c for c in text if not is_punct(c) and not c.isspace())


@dataclass
class Phrase:
    text: str  # normalised
    variants: tuple[str, ...]
    exceptions: tuple[str, ...]


def excepted(text: str, start: int, end: int, contexts: tuple[str, ...]) -> bool:
    """True when an occurrence of one of the contexts overlaps [start, end)."""
    for context in contexts:
        pos = text.find(context, max(0, start - len(context) + 1))
        while 0 <= pos < end:
            if pos + len(context) > start:
                return True
            pos = text.find(context, pos + 1)
    return False


def longest_first(found: list) -> list:
    """Of overlapping spans keep the longest (then the first); in text order."""
    if len(found) < 2:
        return found
    chosen: list = []
    for hit in sorted(found, key=lambda h: (-(h[1] - h[0]), h[0])):
        if all(hit[1] <= c[0] or hit[0] >= c[1] for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h[0])


_BY_ORDER = itemgetter(0, 1)  # candidates in lexicon order: (phrase, variant), position


class PhraseMatcher(Matcher):
    """Exact phrase search on token boundaries, with exception contexts.

    A phrase hits only where it starts and ends on token boundaries of the turn, so
    「操」 does not hit 操作. A hit overlapped by an occurrence of one of its exception
    contexts is cancelled. Overlapping hits keep the longest. Hits are (start, end,
    Phrase)."""

    def __init__(self, key: int, phrases: list[Phrase]):
        self.key = key
        self.phrases = phrases
        index: dict[str, list[tuple[tuple[int, int], Phrase]]] = {}
        for p_index, phrase in enumerate(phrases):
            for v_index, variant in enumerate(phrase.variants):
                index.setdefault(variant, []).append(((p_index, v_index), phrase))
        self.index = index
        self.strings = frozenset(index)

    @classmethod
    def build(cls, key: int, entries: Iterable[Entry], rule_exceptions: Iterable[str] = ()) -> "PhraseMatcher":
        common = tuple(normalise_phrase(e) for e in rule_exceptions)
        phrases: dict[str, Phrase] = {}
        for entry in entries:
            text = normalise_phrase(entry.phrase)
            if not text:
                continue
            variants = {text, strip_punct(text)} - {""}
            own = tuple(normalise_phrase(e) for e in entry.exceptions)
            if text in phrases:  # same phrase from two lexicons: merge its exceptions
                old = phrases[text]
                phrases[text] = Phrase(text, old.variants, tuple(dict.fromkeys(old.exceptions + own)))
            else:
                phrases[text] = Phrase(text, tuple(sorted(variants, key=len, reverse=True)), own + common)
        return cls(key, list(phrases.values()))

    def user_words(self) -> set[str]:
        words = set()
        for phrase in self.phrases:
            words.update(phrase.variants)
            words.update(phrase.exceptions)
        return words

    def find(self, view, turn) -> list[Hit]:
        occurrences = view.occurrences(turn, self)
        if not occurrences:
            return []
        index = self.index
        candidates = []
        for string, positions in occurrences.items():
            entries = index.get(string)
            if entries is not None:
                for order, phrase in entries:
                    for pos in positions:
                        candidates.append((order, pos, string, phrase))
        if not candidates:
            return []
        if len(candidates) > 1:
            candidates.sort(key=_BY_ORDER)
        text = turn.text
        on_boundaries = view.on_boundaries
        found = []
        for _, pos, string, phrase in candidates:
            end = pos + len(string)
            if on_boundaries(turn, pos, end) and not excepted(text, pos, end, phrase.exceptions):
                found.append((pos, end, phrase))
        return longest_first(found)


class RegexMatcher(Matcher):
    """Regular expressions over a turn's normalised text; hits are (start, end, None).

    `boundaries`: `token` — a match (leftmost, greedy, as `re.finditer` gives it) counts
    only when it starts and ends on token boundaries; `start` — only its start is checked;
    `none` — nothing. A match overlapped by an exception context is dropped; of
    overlapping matches of several regexes the longest is kept."""

    def __init__(self, key: int, regexes: Iterable[str], boundaries: str = "token",
                 exceptions: Iterable[str] = ()):
        self.key = key
        self.regexes = tuple(re.compile(r) for r in regexes)
        self.boundaries = boundaries
        self.exceptions = tuple(normalise_phrase(e) for e in exceptions)
        required = [required_strings(r) for r in self.regexes]
        self.required = None if any(r is None for r in required) else required
        self.joinable = all(within_turns(r) for r in self.regexes)

    def user_words(self) -> set[str]:
        return set(self.exceptions)

    def find(self, view, turn) -> list[Hit]:
        text = turn.text
        found = []
        for regex in self.regexes:
            for match in regex.finditer(text):
                start, end = match.span()
                if start == end:
                    continue
                if self.boundaries == "token" and not view.on_boundaries(turn, start, end):
                    continue
                if self.boundaries == "start" and start not in view.token_starts(turn):
                    continue
                if excepted(text, start, end, self.exceptions):
                    continue
                found.append((start, end, None))
        return longest_first(found)


class FuzzyMatcher(Matcher):
    """The phrases of a phrase matcher within `max_edits` pinyin syllables (`pinyin`) or
    characters (`edit`); phrases shorter than `min_length` match only on identical pinyin,
    and not at all by character edits. The first phrase, in lexicon order, that matches
    gives the hit (start, end, phrase text)."""

    def __init__(self, key: int, phrases: PhraseMatcher, mode: str, max_edits: int, min_length: int):
        self.key = key
        self.mode = mode
        items = []
        for phrase in phrases.phrases:
            edits = max_edits
            if len(phrase.text) < min_length:
                if mode != "pinyin":
                    continue
                edits = 0  # short phrases: same sound only (在见 for 再见)
            items.append((phrase.text, edits))
        self.items = items
        self.coded = [code(text, mode)[0] for text, _ in items]

    def find(self, view, turn) -> list[Hit]:
        one = view.fuzzy(self, turn.text)
        for i, (phrase, _) in enumerate(self.items):
            match = one(i)
            if match:
                return [(match[0], match[1], phrase)]
        return []


def phrase_of(hit: Hit) -> str:
    """The required phrase a hit matched ("" for a regex or pattern)."""
    payload: Any = hit[2]
    if isinstance(payload, Phrase):
        return payload.text
    return payload if isinstance(payload, str) else ""
