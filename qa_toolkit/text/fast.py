"""The fast path: the same results as the reference, with less work per call.

- the turns a rule reads are joined and normalised in one pass (`normalise_texts`);
- every phrase of every rule is found by one Aho-Corasick scan of the joined text
  (`Scanner`, `CallScan`), filed by turn and by matcher, so a matcher visits only the
  turns where its phrases occur;
- a regex matcher skips a call that lacks a literal every match needs, and over many
  turns one search of the joined text tells which turns to search (`prefilter`);
- token boundaries are confirmed by segmenting only the stretch between two separators
  around a span (jieba never segments across punctuation);
- what a matcher finds in a turn, the boundaries of a stretch, the tokens and the offset
  map of a text are remembered by the text in the run's cache (scripted turns repeat);
- the fuzzy search codes the turn once and tries only windows near an exact piece.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import Optional

from ..automaton import Automaton
from ..models import CallLog
from ..normalise import SEP, Normalised, fast_offsets, normalise, normalise_texts
from ..segment import Segmenter, Token
from .cache import RunCache
from .fuzzy import code, fuzzy_find_coded
from .view import CallView, Turn

# Characters jieba (and jieba-rs) never put inside a block of Han characters and
# alphanumerics: each is a token of its own, so segmentation never crosses them and a
# stretch between two of them segments the same alone as inside the whole text.
_WORD_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1fa-zA-Z0-9+#&._%\\-"
_RUN = re.compile(f"[{_WORD_CHARS}]*")  # from a position, the rest of its stretch
_NO_OCCURRENCES: dict[str, list[int]] = {}
JOINED_SEARCH_MIN = 3  # turns from which a regex is first searched over the joined turns


class Scanner:
    """Every phrase of every matcher in one Aho-Corasick automaton (ahocorasick-rs).

    `scanner(text)` gives {phrase: [start, …]} for one text; `scan_call` scans a call's
    joined turns once and files each occurrence under its turn, and under the matchers
    (`owners`, by key) that look for that phrase."""

    def __init__(self, matchers):
        owners: dict[str, list[int]] = {}
        for matcher in matchers:
            for string in matcher.strings or ():
                if string:
                    owners.setdefault(string, []).append(matcher.key)
        self.patterns = sorted(owners)
        self.owners = [tuple(owners[p]) for p in self.patterns]
        # a phrase holding the turn separator could only match across turns of a joined scan
        self._across = {i for i, p in enumerate(self.patterns) if SEP in p}
        self._find = Automaton(self.patterns).matches

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
    """The joined turns of a call and the occurrences of every phrase in them, scanned
    when a matcher first asks."""

    __slots__ = ("scanner", "joined", "starts", "ids", "_by_turn", "_by_owner")

    def __init__(self, scanner: Scanner, joined: str, starts: list[int], ids: list[int]):
        self.scanner = scanner
        self.joined = joined
        self.starts = starts
        self.ids = ids
        self._by_turn: Optional[dict[int, dict[str, list[int]]]] = None
        self._by_owner: Optional[dict[int, set[int]]] = None

    def scan(self) -> None:
        if self._by_owner is None:
            self._by_turn, self._by_owner = self.scanner.scan_call(self.joined, self.starts, self.ids)

    def occurrences(self, turn: int) -> dict[str, list[int]]:
        self.scan()
        return self._by_turn.get(turn, _NO_OCCURRENCES)

    def turns_of(self, key: int) -> set[int]:
        """The turns where a phrase of matcher `key` occurs."""
        self.scan()
        return self._by_owner.get(key) or set()

    def turn_at(self, position: int) -> int:
        """The turn holding a position of the joined text."""
        return self.ids[bisect_right(self.starts, position) - 1]


class FastPath:
    """Makes the fast view of each call, with what the run remembers (`cache`)."""

    def __init__(self, segmenter: Segmenter, scanner: Scanner, matchers, text_roles, cache: RunCache):
        self.segmenter = segmenter
        self.scanner = scanner
        self.text_roles = text_roles
        self.memos = [cache.space(("found", m.key)) for m in matchers]  # by matcher key
        self._bounds = cache.space("bounds", 2 * 4096)
        self._spans = cache.space("spans", 4096)
        self._offsets = cache.space("offsets")

    def view(self, call, log: Optional[CallLog] = None) -> "FastView":
        """`text_roles`: the roles whose text some rule reads (None: all); their turns are
        normalised and scanned together, other turns only when asked."""
        source = call.utterances
        roles = self.text_roles
        ids = [i for i, u in enumerate(source) if roles is None or u.role in roles]
        texts, joined = normalise_texts([source[i].text for i in ids])
        turns = [Turn(i, u) for i, u in enumerate(source)]
        scan = None
        if joined is not None:
            starts = list(accumulate([len(text) + 1 for text in texts[:-1]], initial=0))
            scan = CallScan(self.scanner, joined, starts, ids)
        for i, text in zip(ids, texts):
            turn = turns[i]
            turn.text = text
            turn.scanned = scan is not None
        return FastView(call, turns, log, self, scan)

    def bounds(self, stretch: str) -> tuple[frozenset[int], frozenset[int]]:
        found = self._bounds.get(stretch)
        if found is None:
            found = self._bounds.put(stretch, self.segmenter.bounds(stretch))
        return found

    def spans(self, text: str) -> list:
        found = self._spans.get(text)
        if found is None:
            found = self._spans.put(text, self.segmenter.spans(text))
        return found

    def offsets(self, original: str, text: str):
        """The offset map of `normalise(original)` (whose text is `text`)."""
        found = self._offsets.get(original)
        if found is None:
            if len(text) == len(original):
                # normalising only deletes (spaces, repeated punctuation) or maps one
                # character to one: same length, nothing deleted, offsets are identity
                found = range(len(text))
            else:
                mapped = fast_offsets(original, text)
                found = tuple(mapped) if mapped else normalise(original).offsets
            self._offsets.put(original, found)
        return found


class FastView(CallView):
    __slots__ = ("path", "scan")

    def __init__(self, call, utterances, log, path: FastPath, scan: Optional[CallScan]):
        super().__init__(call, utterances, log)
        self.path = path
        self.scan = scan

    def candidates(self, matcher, turns: list[Turn]) -> list[Turn]:
        scan = self.scan
        if scan is None:
            return turns
        if matcher.strings is not None:
            found = scan.turns_of(matcher.key)
            loose = getattr(matcher, "loose", ())
            if loose:
                if len(turns) < JOINED_SEARCH_MIN or any(p.template.pattern.startswith("^") for _, p in loose):
                    return turns
                found = found | {scan.turn_at(m.start()) for _, p in loose for m in p.template.finditer(scan.joined)}
        elif matcher.regexes:
            if len(turns) < JOINED_SEARCH_MIN:
                return turns  # a few turns: searching them is cheaper than a test of the call
            joined = scan.joined
            required = matcher.required
            if required is not None and not any(
                all(any(a in joined for a in factor) for factor in factors) for factors in required
            ):
                found = set()  # no turn of the joined scan can match
            elif matcher.joinable:
                found = {scan.turn_at(m.start()) for r in matcher.regexes for m in r.finditer(joined)}
            else:
                return turns
        else:
            return turns
        return [u for u in turns if u.index in found or not u.scanned]

    def find(self, matcher, turn: Turn) -> list:
        # a pure function of the turn's text, and agents' scripted turns repeat
        memo = self.path.memos[matcher.key]
        text = turn.text
        found = memo.get(text)
        if found is None:
            found = memo.put(text, matcher.find(self, turn))
        return found

    def occurrences(self, turn: Turn, matcher) -> dict[str, list[int]]:
        found = turn.occurrences
        if found is None:
            if turn.scanned:
                found = self.scan.occurrences(turn.index)
            else:
                found = self.path.scanner(turn.text)
            turn.occurrences = found
        return found

    def tokens(self, turn: Turn) -> list[Token]:
        found = turn.tokens
        if found is None:
            found = turn.tokens = [Token._make(t) for t in self.path.spans(turn.text) if not t[0].isspace()]
        return found

    def on_boundaries(self, turn: Turn, start: int, end: int) -> bool:
        if turn.tokens is not None:
            ends = turn.ends
            if ends is None:
                ends = turn.ends = frozenset(t.end for t in turn.tokens)
            return start in self.token_starts(turn) and end in ends
        # segment only the separator-bounded stretch around the span
        left, right = self._stretch(turn, start, end)
        starts, ends = self.path.bounds(turn.text[left:right])
        return start - left in starts and end - left in ends

    def starts_at(self, turn: Turn, start: int) -> bool:
        if turn.tokens is not None:
            return start in self.token_starts(turn)
        left, right = self._stretch(turn, start, start)
        return start - left in self.path.bounds(turn.text[left:right])[0]

    def token_end(self, turn: Turn, end: int) -> int:
        if turn.tokens is not None:
            return min((t.end for t in turn.tokens if t.end >= end), default=end)
        left, right = self._stretch(turn, end, end)
        ends = self.path.bounds(turn.text[left:right])[1]
        return left + min((e for e in ends if e >= end - left), default=end - left)

    def _stretch(self, turn: Turn, start: int, end: int) -> tuple[int, int]:
        """The separator-bounded stretch of the turn's text around [start, end)."""
        text = turn.text
        right = _RUN.match(text, end).end()
        rev = turn.reversed
        if rev is None:
            rev = turn.reversed = text[::-1]
        back = len(text) - start
        return start - (_RUN.match(rev, back).end() - back), right

    def fuzzy(self, matcher, text: str):
        coded = code(text, matcher.mode)
        targets = matcher.coded
        items = matcher.items

        def one(i: int):
            return fuzzy_find_coded(coded, targets[i], items[i][1])
        return one

    def original_span(self, turn: Turn, start: int, end: int) -> tuple[int, int]:
        original = turn.utterance.text
        text = turn.text
        if start < end and len(text) == len(original):
            return start, end
        return Normalised(original, text, self.path.offsets(original, text)).original_span(start, end)
