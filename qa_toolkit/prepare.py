"""A call made ready for checking: every utterance normalised and segmented.

Two ways, the same result:

- the reference (`fast=False`): every utterance normalised (with its offset map) and
  segmented up front — the straightforward path, kept to test the fast one against;
- the fast path (`fast=True`): the turns a rule reads joined and normalised in one pass;
  every phrase of every rule found by one Aho-Corasick scan of that joined text
  (`CallScan`), filed by turn and by matcher, so a check visits only the turns where its
  phrases occur; token boundaries confirmed by segmenting only the stretch between two
  separators around a candidate; the offset map computed only for a turn with a finding.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import Any, Optional

from .automaton import Automaton
from .models import Call, CallLog
from .normalise import SEP, Normalised, normalise, normalise_fast, normalise_texts
from .segment import Segmenter, Token


# Characters jieba (and jieba-rs) never put inside a block of Han characters and
# alphanumerics: each is a token of its own, so segmentation never crosses them and a
# stretch between two of them segments the same alone as inside the whole text.
_WORD_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1fa-zA-Z0-9+#&._%\\-"
_RUN = re.compile(f"[{_WORD_CHARS}]*")  # from a position, the rest of its stretch
_NO_OCCURRENCES: dict[str, list[int]] = {}


class Scanner:
    """Every phrase of every rule in one Aho-Corasick automaton (ahocorasick-rs).

    `scan(text)` gives {phrase: [start, …]} for one text; `scan_call` scans a call's
    joined turns once and files each occurrence under its turn, and under the phrase
    matchers (`owners`) that look for that phrase."""

    def __init__(self, patterns: list[str], owners: list[tuple[int, ...]]):
        self.patterns = patterns
        self.owners = owners
        # a phrase holding the turn separator could only match across turns of a joined scan
        self._across = {i for i, p in enumerate(patterns) if SEP in p}
        self._find = Automaton(patterns).matches

    def __call__(self, text: str) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        patterns = self.patterns
        for index, start, _ in self._find(text):
            found.setdefault(patterns[index], []).append(start)
        return found

    def scan_call(self, joined: str, starts: list[int], ids: list[int]
                  ) -> tuple[dict[int, dict[str, list[int]]], dict[int, set[int]]]:
        """({turn: {phrase: [start in the turn, …]}}, {matcher key: {turn, …}})."""
        by_turn: dict[int, dict[str, list[int]]] = {}
        by_owner: dict[int, set[int]] = {}
        patterns, owners, across = self.patterns, self.owners, self._across
        for index, start, _ in self._find(joined):
            if across and index in across:
                continue
            part = bisect_right(starts, start) - 1
            turn = ids[part]
            by_turn.setdefault(turn, {}).setdefault(patterns[index], []).append(start - starts[part])
            for key in owners[index]:
                found = by_owner.get(key)
                if found is None:
                    by_owner[key] = {turn}
                else:
                    found.add(turn)
        return by_turn, by_owner


class CallScan:
    """The occurrences of a call's phrases, from one scan of its joined turns, made when a
    check first asks."""

    __slots__ = ("scanner", "joined", "starts", "ids", "_by_turn", "_by_owner")

    def __init__(self, scanner: Scanner, joined: str, starts: list[int], ids: list[int]):
        self.scanner = scanner
        self.joined = joined
        self.starts = starts
        self.ids = ids
        self._by_turn: Optional[dict[int, dict[str, list[int]]]] = None
        self._by_owner: Optional[dict[int, set[int]]] = None

    def _scan(self) -> None:
        self._by_turn, self._by_owner = self.scanner.scan_call(self.joined, self.starts, self.ids)

    def occurrences(self, turn: int) -> dict[str, list[int]]:
        if self._by_turn is None:
            self._scan()
        return self._by_turn.get(turn, _NO_OCCURRENCES)

    def turns_of(self, key: int) -> set[int]:
        """The turns where a phrase of matcher `key` occurs."""
        if self._by_owner is None:
            self._scan()
        return self._by_owner.get(key) or set()


class cached_property:  # noqa: N801 - functools' own takes a lock on every first access
    """A value computed on first access and kept in the instance's __dict__ (which then
    shadows this non-data descriptor)."""

    def __init__(self, func):
        self.func = func
        self.name = func.__name__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


class PreparedUtterance:
    """One turn. What a check asks for (normalised text, offset map, tokens, phrase
    occurrences) is computed on first use and kept; the fast path sets `text` up front."""

    scan: Optional[CallScan] = None  # the call's joined scan, when this turn is part of it

    def __init__(self, index: int, utterance: Any, segmenter: Segmenter,
                 norm: Optional[Normalised] = None, scanner: Optional[Scanner] = None):
        self.index = index
        self.utterance = utterance
        self._segmenter = segmenter
        self._scanner = scanner
        if norm is not None:
            self.norm = norm

    @property
    def fast(self) -> bool:
        """Prepared on the fast path (results may be remembered by text)."""
        return self._scanner is not None

    @cached_property
    def norm(self) -> Normalised:
        text = self.__dict__.get("text")
        return normalise_fast(self.utterance.text) if text is None else Normalised(self.utterance.text, text)

    @cached_property
    def text(self) -> str:
        return self.norm.text

    @cached_property
    def tokens(self) -> list[Token]:
        return [Token._make(t) for t in self._segmenter.spans(self.text) if not t[0].isspace()]

    @cached_property
    def starts(self) -> frozenset[int]:
        return frozenset(t.start for t in self.tokens)

    @cached_property
    def ends(self) -> frozenset[int]:
        return frozenset(t.end for t in self.tokens)

    @cached_property
    def occurrences(self) -> Optional[dict[str, list[int]]]:
        """Start positions of every compiled phrase in the text (fast path); None in the
        reference, where each matcher searches for itself."""
        if self.scan is not None:
            return self.scan.occurrences(self.index)
        if self._scanner is not None:
            return self._scanner(self.text)
        return None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Where a span of the normalised text is in the turn's text as given (see
        `Normalised.original_span`). Normalising only deletes characters or maps one to
        one, so a text of unchanged length maps each position to itself."""
        text = self.__dict__.get("text")
        if text is not None and start < end and len(text) == len(self.utterance.text):
            return start, end
        return self.norm.original_span(start, end)

    def on_boundaries(self, start: int, end: int) -> bool:
        if self._scanner is not None and "tokens" not in self.__dict__:
            # fast path: segment only the separator-bounded stretch around the span
            text = self.text
            right = _RUN.match(text, end).end()
            rev = self.__dict__.get("_rev")
            if rev is None:
                rev = self._rev = text[::-1]
            back = len(text) - start
            left = start - (_RUN.match(rev, back).end() - back)
            starts, ends = self._segmenter.bounds(text[left:right])
            return start - left in starts and end - left in ends
        return start in self.starts and end in self.ends


class PreparedCall:
    __slots__ = ("call", "utterances", "log", "scan", "_by_role", "cache")

    def __init__(self, call: Any, utterances: list[PreparedUtterance], log: Optional[CallLog] = None,
                 scan: Optional[CallScan] = None):
        self.call = call
        self.utterances = utterances
        self.log = log
        self.scan = scan  # fast path: the joined turns, scanned once
        self._by_role: dict[str, list[PreparedUtterance]] = {}
        self.cache: dict[str, Any] = {}  # what several checks derive from the call

    def turns(self, role: str) -> list[PreparedUtterance]:
        """The turns of one role ("any": all), in order."""
        if role == "any":
            return self.utterances
        found = self._by_role.get(role)
        if found is None:
            found = self._by_role[role] = [u for u in self.utterances if u.utterance.role == role]
        return found

    def candidates(self, key: int) -> Optional[set[int]]:
        """The turns where a phrase of matcher `key` occurs; None when unknown (the
        reference path, or a turn outside the joined scan), meaning any turn may."""
        return None if self.scan is None else self.scan.turns_of(key)

    @property
    def has_times(self) -> bool:
        return any(u.utterance.start is not None for u in self.utterances)


def prepare_utterance(index: int, utterance: Any, segmenter: Segmenter) -> PreparedUtterance:
    """The reference: normalised with its offset map and segmented at once."""
    utt = PreparedUtterance(index, utterance, segmenter, norm=normalise(utterance.text))
    utt.tokens  # noqa: B018 - segment now
    return utt


def prepare_call(call: Call, segmenter: Segmenter, log: Optional[CallLog] = None,
                 fast: bool = False, scanner: Optional[Scanner] = None,
                 text_roles: Optional[tuple] = None) -> PreparedCall:
    """`text_roles`: the roles whose text some rule reads (None: all). On the fast path
    their turns are normalised and scanned together; other turns only when asked."""
    if not fast:
        utterances = [prepare_utterance(i, u, segmenter) for i, u in enumerate(call.utterances)]
        return PreparedCall(call, utterances, log)
    source = call.utterances
    ids = [i for i, u in enumerate(source) if text_roles is None or u.role in text_roles]
    texts, joined = normalise_texts([source[i].text for i in ids])
    scan = None
    if joined is not None and scanner is not None:
        starts = list(accumulate([len(text) + 1 for text in texts[:-1]], initial=0))
        scan = CallScan(scanner, joined, starts, ids)
    utterances = [PreparedUtterance(i, u, segmenter, None, scanner) for i, u in enumerate(source)]
    for i, text in zip(ids, texts):
        attrs = utterances[i].__dict__
        attrs["text"] = text
        attrs["scan"] = scan
    return PreparedCall(call, utterances, log, scan)
