"""What every check type shares: hits, role and window selection, phrase matching."""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Iterable, Iterator, Optional

from ..lexicon import Entry
from ..normalise import is_punct, normalise_phrase
from ..prepare import PreparedCall, PreparedUtterance
from ..rubric import Window


@dataclass(slots=True)
class Hit:
    """Where a rule fired. `start`/`end` index the normalised text of the utterance;
    a hit with no utterance (or no span) reports something missing."""

    utterance: Optional[int]
    start: Optional[int] = None
    end: Optional[int] = None
    matched: str = ""
    fuzzy: bool = False
    missing: bool = False
    key: str = ""  # message key suffix; default "hit" or "missing"
    values: dict[str, Any] = field(default_factory=dict, compare=False)  # for the message


@dataclass(slots=True)
class Evidence:
    """A requirement that was met, and where: kept so an inspector sees why it passed."""

    utterance: int
    start: int
    end: int
    matched: str
    phrase: str
    fuzzy: bool


def select_turns(call: PreparedCall, role: str) -> list[PreparedUtterance]:
    """The role's turns (the call's own list: not to be changed)."""
    return call.turns(role)


def select_window(
    call: PreparedCall, turns: list[PreparedUtterance], window: Optional[Window]
) -> list[PreparedUtterance]:
    """Turns inside the window. Time windows fall back to all turns when the call has no times."""
    if window is None:
        return turns
    if window.first_turns:
        return turns[: window.first_turns]
    if window.last_turns:
        return turns[-window.last_turns:]
    if not call.has_times:
        return turns
    if window.first_seconds:
        return [
            u for u in turns
            if u.utterance.start is None or u.utterance.start < window.first_seconds
        ]
    call_end = max(t for t in map(_end_time, call.utterances) if t is not None)
    limit = call_end - window.last_seconds
    return [u for u in turns if _end_time(u) is None or _end_time(u) > limit]


def _end_time(utt: PreparedUtterance) -> Optional[float]:
    return utt.utterance.end if utt.utterance.end is not None else utt.utterance.start


def window_anchor(turns: list[PreparedUtterance], window: Optional[Window]) -> Optional[int]:
    """Where a missing-phrase finding points: the window's last turn for end-of-call
    windows, its first turn otherwise; None when the role never spoke."""
    if not turns:
        return None
    at_end = window is not None and bool(window.last_turns or window.last_seconds)
    return turns[-1].index if at_end else turns[0].index


def candidate_turns(call: PreparedCall, matcher: "PhraseMatcher",
                    turns: list[PreparedUtterance]) -> list[PreparedUtterance]:
    """The turns where the matcher can find something: on the fast path, those where
    the call's scan saw one of its phrases (and any turn the scan did not cover)."""
    found = call.candidates(matcher.key) if matcher.key >= 0 else None
    if found is None:
        return turns
    return [u for u in turns if u.index in found or u.scan is None]


def strip_punct(text: str) -> str:
    return "".join(c for c in text if not is_punct(c) and not c.isspace())


@dataclass
class Phrase:
    text: str  # normalised
    variants: tuple[str, ...]
    exceptions: tuple[str, ...]


_BY_ORDER = itemgetter(0, 1)  # candidates in the reference's order: (phrase, variant), position
MEMO_SIZE = 2048  # remembered turn texts per matcher (then forgotten all at once)


@dataclass
class PhraseMatcher:
    """Exact phrase search on token boundaries, with exception contexts.

    A phrase hits only where it starts and ends on token boundaries of the utterance, so
    「操」 does not hit 操作. A hit overlapped by an occurrence of one of its exception
    contexts is cancelled. Overlapping hits keep the longest.
    """

    phrases: list[Phrase] = field(default_factory=list)
    key: int = -1  # set when a compiled rubric's scanner looks for this matcher's phrases

    @classmethod
    def build(cls, entries: Iterable[Entry], rule_exceptions: Iterable[str] = ()) -> "PhraseMatcher":
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
        return cls(list(phrases.values()))

    def user_words(self) -> set[str]:
        words = set()
        for phrase in self.phrases:
            words.update(phrase.variants)
            words.update(phrase.exceptions)
        return words

    def strings(self) -> set[str]:
        """Every string `find` looks for: what a compiled scanner must report."""
        return {v for phrase in self.phrases for v in phrase.variants}

    def find(self, utt: PreparedUtterance) -> list[tuple[int, int, Phrase]]:
        """Hits in a turn, in text order (a list the caller must not change)."""
        occurrences = utt.occurrences
        if occurrences is not None:
            if not occurrences:
                return []
            # fast path: what a turn holds is a pure function of its normalised text, and
            # agents' scripted turns repeat from call to call
            memo = self.__dict__.setdefault("_memo", {})
            text = utt.text
            found = memo.get(text)
            if found is None:
                if len(memo) >= MEMO_SIZE:
                    memo.clear()
                found = memo[text] = self._find_in(utt, occurrences)
            return found
        text = utt.text
        found: list[tuple[int, int, Phrase]] = []
        for phrase in self.phrases:
            for variant in phrase.variants:
                pos = text.find(variant)
                while pos >= 0:
                    end = pos + len(variant)
                    if utt.on_boundaries(pos, end) and not excepted(text, pos, end, phrase.exceptions):
                        found.append((pos, end, phrase))
                    pos = text.find(variant, pos + 1)
        return _longest_first(found)

    def _find_in(self, utt: PreparedUtterance, occurrences: dict[str, list[int]]):
        """The same search over the occurrences one scan found (fast path): candidates in
        the reference's order (phrase, variant, position), then the same checks."""
        index = self._index()
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
        text = utt.text
        found: list[tuple[int, int, Phrase]] = []
        for _, pos, string, phrase in candidates:
            end = pos + len(string)
            if utt.on_boundaries(pos, end) and not excepted(text, pos, end, phrase.exceptions):
                found.append((pos, end, phrase))
        return _longest_first(found) if len(found) > 1 else found

    def _index(self) -> dict[str, list[tuple[tuple[int, int], Phrase]]]:
        index = getattr(self, "_by_string", None)
        if index is None:
            index = {}
            for p_index, phrase in enumerate(self.phrases):
                for v_index, variant in enumerate(phrase.variants):
                    index.setdefault(variant, []).append(((p_index, v_index), phrase))
            self._by_string = index
        return index


def excepted(text: str, start: int, end: int, contexts: tuple[str, ...]) -> bool:
    for context in contexts:
        pos = text.find(context, max(0, start - len(context) + 1))
        while 0 <= pos < end:
            if pos + len(context) > start:
                return True
            pos = text.find(context, pos + 1)
    return False


def _longest_first(found: list[tuple[int, int, Phrase]]) -> list[tuple[int, int, Phrase]]:
    chosen: list[tuple[int, int, Phrase]] = []
    for hit in sorted(found, key=lambda h: (-(h[1] - h[0]), h[0])):
        if all(hit[1] <= c[0] or hit[0] >= c[1] for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda h: h[0])


def run_spans(call: PreparedCall, rule, matches, evidence: list[Evidence]) -> Iterator[Hit]:
    """Run a check that finds spans in a turn (`matches(utt)`, in order) with
    `expect: absent` (each span is a finding) or `present` (the first span is evidence;
    none in the window is one finding)."""
    turns = select_window(call, select_turns(call, rule.role), rule.window)
    if rule.expect == "absent":
        for utt in turns:
            for start, end in matches(utt):
                yield Hit(utt.index, start, end, utt.text[start:end])
        return
    for utt in turns:
        found = matches(utt)
        if found:
            start, end = found[0]
            evidence.append(Evidence(utt.index, start, end, utt.text[start:end], "", False))
            return
    yield Hit(utterance=window_anchor(turns, rule.window), missing=True)


def find_phrase(matcher: PhraseMatcher, turns: Iterable[PreparedUtterance]) -> Optional[Evidence]:
    """The first exact occurrence of any of the matcher's phrases in `turns`."""
    for utt in turns:
        found = matcher.find(utt)
        if found:
            start, end, phrase = found[0]
            return Evidence(utt.index, start, end, utt.text[start:end], phrase.text, False)
    return None


def seconds(value: float) -> str:
    """A duration for messages: whole seconds unless a fraction matters."""
    return f"{round(value, 1):g}"
