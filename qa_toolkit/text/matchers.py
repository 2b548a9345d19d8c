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

from ..i18n import Msg
from ..lexicon import Entry
from ..normalise import is_punct, normalise_phrase
from .fuzzy import code
from .prefilter import gate_words, required_strings, within_turns

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
    text: str  # normalised (a template: as written)
    variants: tuple[str, ...]  # what the scan looks for (a template: its anchors)
    exceptions: tuple[str, ...]  # literal contexts
    patterns: tuple[re.Pattern, ...] = ()  # regular-expression contexts
    alone: bool = False  # counts only standing alone in its clause
    template: Optional[re.Pattern] = None  # words in order with short gaps (see `lexicon`)


def excepted(text: str, start: int, end: int, contexts: tuple[str, ...]) -> bool:
    """True when an occurrence of one of the contexts overlaps [start, end)."""
    for context in contexts:
        pos = text.find(context, max(0, start - len(context) + 1))
        while 0 <= pos < end:
            if pos + len(context) > start:
                return True
            pos = text.find(context, pos + 1)
    return False


def excepted_by(text: str, start: int, end: int, patterns: tuple[re.Pattern, ...]) -> bool:
    """True when a match of one of the patterns overlaps [start, end)."""
    return any(m.start() < end and m.end() > start and m.end() > m.start()
               for p in patterns for m in p.finditer(text))


def _ascii_word(char: str) -> bool:
    return char.isascii() and char.isalnum()


def inside_word(text: str, start: int, end: int) -> bool:
    """True when the span cuts a run of Latin letters and digits (「sb」 in 「usb」, 「4号」
    in 「14号」): such a run is one word, whatever the segmenter makes of it."""
    return (start > 0 and _ascii_word(text[start - 1]) and _ascii_word(text[start])) or (
        end < len(text) and _ascii_word(text[end - 1]) and _ascii_word(text[end]))


CLAUSE_END = ",.!?;:~。、…\ue000\n"  # what a template's gap never crosses (normalised text)
_GAP = f"[^{re.escape(CLAUSE_END)}]{{0,8}}?"
_LEAD_INS = ("给我", "我", "卧", "你", "去", "他", "真")
_PARTICLES = "了啊呀吧啦哦嘛呢"


def stands_alone(text: str, start: int, end: int) -> bool:
    """A short word standing alone in its clause: after the clause's start (or a lead-in
    such as 我/你/给我) and before its end (or a final particle)."""
    size = len(text)
    after = end
    while after < size and text[after].isspace():
        after += 1
    if after < size:
        char = text[after]
        if not (char in CLAUSE_END or char in _PARTICLES or is_punct(char)):
            return False  # 操作, 靠谱, 滚动: the word goes on
    before = start
    while before > 0 and text[before - 1].isspace():
        before -= 1
    if before == 0:
        return True
    head = text[:before]
    for lead in _LEAD_INS:
        if head.endswith(lead):
            return True
    char = text[before - 1]
    return char in CLAUSE_END or is_punct(char)


def compile_template(phrase: str) -> tuple[re.Pattern, list[str]]:
    """The regular expression of a lexicon template and its anchors: the choices of the
    part whose shortest word is longest (then the part with the fewest choices, then the
    first), one of which every match holds; they go into the phrase scan. No anchors (an empty list)
    when every part has a one-character choice: such a word (还, 有, 吗) occurs everywhere,
    so the template's expression searches the turns a rule reads instead."""
    from ..lexicon import template_parts

    anchored, parts = template_parts(phrase)
    pieces, best = [], None

    def rank(words: list[str]) -> tuple:
        return (min(map(len, words)), -len(words))

    for choices, gap in parts:
        words = [normalise_phrase(c) for c in choices]
        if any(not w for w in words):
            raise ValueError(Msg("rubric.empty_choice_normalised", phrase=phrase))
        words = sorted(set(words), key=lambda w: (-len(w), w))
        pieces.append((_GAP if gap else "") + "(?:" + "|".join(re.escape(w) for w in words) + ")")
        if best is None or rank(words) > rank(best):
            best = words
    return re.compile(("^\\s*" if anchored else "") + "".join(pieces)), (best if min(map(len, best)) > 1 else [])


def _contexts(contexts: Iterable[str]) -> tuple[tuple[str, ...], tuple[re.Pattern, ...]]:
    """Exception contexts: (literal ones, normalised; regular expressions, `re:…`)."""
    literal, patterns = [], []
    for context in contexts:
        if context.startswith("re:"):
            patterns.append(re.compile(context[3:]))
        else:
            literal.append(normalise_phrase(context))
    return tuple(literal), tuple(patterns)


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
        # templates without anchors: searched in every turn the rule reads
        self.loose = tuple((p_index, phrase) for p_index, phrase in enumerate(phrases)
                           if phrase.template is not None and not phrase.variants)

    @classmethod
    def build(cls, key: int, entries: Iterable[Entry], rule_exceptions: Iterable[str] = ()) -> "PhraseMatcher":
        from ..lexicon import is_template

        common = _contexts(rule_exceptions)
        phrases: dict[str, Phrase] = {}
        for entry in entries:
            own = _contexts(entry.exceptions)
            alone = "alone" in entry.flags
            if is_template(entry.phrase):
                regex, anchors = compile_template(entry.phrase)
                text, variants = entry.phrase, tuple(anchors)
            else:
                regex, text = None, normalise_phrase(entry.phrase)
                if not text:
                    continue
                variants = tuple(sorted({text, strip_punct(text)} - {""}, key=len, reverse=True))
            if text in phrases:  # same phrase from two lexicons: merge its exceptions
                old = phrases[text]
                phrases[text] = Phrase(text, old.variants, tuple(dict.fromkeys(old.exceptions + own[0])),
                                       tuple(dict.fromkeys(old.patterns + own[1])), old.alone or alone, old.template)
            else:
                phrases[text] = Phrase(text, variants, own[0] + common[0], own[1] + common[1], alone, regex)
        return cls(key, list(phrases.values()))

    @property
    def example(self) -> str:
        """A phrase for messages to quote: the first written out in full (not a template)."""
        return next((p.text for p in self.phrases if p.template is None),
                    self.phrases[0].text if self.phrases else "")

    def user_words(self) -> set[str]:
        words = set()
        for phrase in self.phrases:
            if phrase.template is None:
                words.update(phrase.variants)
            words.update(phrase.exceptions)
        return words

    def find(self, view, turn) -> list[Hit]:
        occurrences = view.occurrences(turn, self)
        if not occurrences and not self.loose:
            return []
        index = self.index
        text = turn.text
        candidates = []
        templates = dict(self.loose) if self.loose else None
        for string, positions in occurrences.items():
            entries = index.get(string)
            if entries is not None:
                for order, phrase in entries:
                    if phrase.template is not None:
                        if templates is None:
                            templates = {}
                        templates[order[0]] = phrase
                        continue
                    size = len(string)
                    for pos in positions:
                        candidates.append((order, pos, pos + size, phrase))
        if templates is not None:
            for p_index, phrase in templates.items():
                for match in phrase.template.finditer(text):
                    candidates.append(((p_index, 0), match.start(), match.end(), phrase))
        if not candidates:
            return []
        if len(candidates) > 1:
            candidates.sort(key=_BY_ORDER)
        on_boundaries = view.on_boundaries
        found = []
        for _, pos, end, phrase in candidates:
            if phrase.template is None:
                # the tests on the text itself first: they are cheap, segmenting is not
                if phrase.alone and not stands_alone(text, pos, end):
                    continue
                if inside_word(text, pos, end) or not on_boundaries(turn, pos, end):
                    continue
            else:
                if not view.starts_at(turn, pos):
                    continue
                end = view.token_end(turn, end)  # the evidence holds the whole last word
                if inside_word(text, pos, end) or (phrase.alone and not stands_alone(text, pos, end)):
                    continue
            if excepted(text, pos, end, phrase.exceptions) or (
                    phrase.patterns and excepted_by(text, pos, end, phrase.patterns)):
                continue
            found.append((pos, end, phrase))
        return longest_first(found)


class RegexMatcher(Matcher):
    """Regular expressions over a turn's normalised text; hits are (start, end, None).

    `boundaries`: `token` — a match (leftmost, greedy, as `re.finditer` gives it) counts
    only when it starts and ends on token boundaries; `start` — only its start is checked;
    `none` — nothing. A match overlapped by an exception context is dropped; of
    overlapping matches of several regexes the longest is kept."""

    def __init__(self, key: int, regexes: Iterable[str], boundaries: str = "token",
                 exceptions: Iterable[str] = (), scanned: bool = True):
        self.key = key
        self.regexes = tuple(re.compile(r) for r in regexes)
        self.boundaries = boundaries
        self.exceptions, self.patterns = _contexts(exceptions)
        # each regex with the words one of which its matches hold (`gate_words`): when
        # every regex has some (and the rule reads the whole call: `scanned`), they join
        # the phrase scan and a regex runs only in the turns where one of its words occurs
        gates = tuple((regex, gate_words(regex) if scanned else None) for regex in self.regexes)
        required = [required_strings(r) for r in self.regexes]
        self.required = None if any(r is None for r in required) else required
        if all(words for _, words in gates):
            self.gates = tuple((regex, frozenset(words)) for regex, words in gates)
            self.strings = frozenset(w for _, words in gates for w in words)
        else:
            self.gates = ()
        self.joinable = all(within_turns(r) for r in self.regexes)

    def user_words(self) -> set[str]:
        return set(self.exceptions)

    def find(self, view, turn) -> list[Hit]:
        text = turn.text
        found = []
        if self.gates:
            occurring = view.occurrences(turn, self)
            regexes = [regex for regex, words in self.gates if not words.isdisjoint(occurring)]
        else:
            regexes = self.regexes
        for regex in regexes:
            for match in regex.finditer(text):
                start, end = match.span()
                if start == end or inside_word(text, start, end):
                    continue
                if self.boundaries == "token" and not view.on_boundaries(turn, start, end):
                    continue
                if self.boundaries == "start" and start not in view.token_starts(turn):
                    continue
                if excepted(text, start, end, self.exceptions) or (
                        self.patterns and excepted_by(text, start, end, self.patterns)):
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
            if phrase.template is not None:
                continue  # templates match their words exactly
            edits = max_edits
            if len(phrase.text) < min_length:
                if mode != "pinyin":
                    continue
                edits = 0  # short phrases: same sound only (在见 for 再见)
            items.append((phrase.text, edits))
        self.items = items
        self.coded = [code(text, mode)[0] for text, _ in items]

    def find(self, view, turn) -> list[Hit]:
        text = turn.text
        one = view.fuzzy(self, text)
        for i, (phrase, _) in enumerate(self.items):
            match = one(i)
            # a fuzzy match covers whole tokens: 「客服人员」 is not 「客服专员」 with one edit
            if match and view.on_boundaries(turn, match[0], match[1]) and not inside_word(text, match[0], match[1]):
                return [(match[0], match[1], phrase)]
        return []


def phrase_of(hit: Hit) -> str:
    """The required phrase a hit matched ("" for a regex or pattern)."""
    payload: Any = hit[2]
    if isinstance(payload, Phrase):
        return payload.text
    return payload if isinstance(payload, str) else ""
