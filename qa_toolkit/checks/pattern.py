"""`pattern`: spaCy Matcher token patterns over the jieba tokens of each turn.

    - id: brush-off
      check: pattern
      patterns:
        - [{ORTH: 我}, {ORTH: {IN: [也, 都]}, OP: "?"}, {ORTH: {IN: [不, 没]}},
           {OP: "{0,2}"}, {ORTH: {IN: [知道, 清楚]}}]
      expect: absent          # absent: each match is a finding; present: needs a window
      exceptions: [不知道您]

The spaCy `Doc` is built from our tokens (no re-segmentation). spaCy is imported only
when a rubric has a pattern rule.
"""

from __future__ import annotations

from typing import Iterator

from ..prepare import PreparedCall, PreparedUtterance
from ..rubric import PatternRule
from ..normalise import normalise_phrase
from .base import Evidence, Hit, excepted, run_spans

CHECK = "pattern"


class PatternError(ValueError):
    def __init__(self, index: int, reason: str):
        super().__init__(reason)
        self.index, self.reason = index, reason


class PatternCheck:
    def __init__(self, rule: PatternRule):
        from spacy.errors import MatchPatternError
        from spacy.matcher import Matcher
        from spacy.vocab import Vocab

        self.rule = rule
        self.vocab = Vocab()
        self.matcher = Matcher(self.vocab, validate=True)
        for index, pattern in enumerate(rule.patterns):
            try:
                self.matcher.add(f"{rule.id}-{index}", [pattern])
            except (MatchPatternError, ValueError, TypeError) as exc:
                raise PatternError(index, str(exc).strip().splitlines()[-1]) from exc
        self.exceptions = tuple(normalise_phrase(e) for e in rule.exceptions)

    def user_words(self) -> set[str]:
        words = set(self.exceptions)
        for pattern in self.rule.patterns:
            for token in pattern:
                for key in ("ORTH", "TEXT", "LOWER"):
                    value = token.get(key)
                    if isinstance(value, str):
                        words.add(normalise_phrase(value))
                    elif isinstance(value, dict):
                        words.update(normalise_phrase(v) for v in value.get("IN", []) if isinstance(v, str))
        return words

    def _matches(self, utt: PreparedUtterance) -> list[tuple[int, int]]:
        from spacy.tokens import Doc
        from spacy.util import filter_spans

        if not utt.tokens:
            return []
        doc = Doc(self.vocab, words=[t.text for t in utt.tokens], spaces=[False] * len(utt.tokens))
        spans = filter_spans(self.matcher(doc, as_spans=True))
        out = []
        for span in sorted(spans, key=lambda s: s.start):
            start, end = utt.tokens[span.start].start, utt.tokens[span.end - 1].end
            if not excepted(utt.text, start, end, self.exceptions):
                out.append((start, end))
        return out

    def run(self, call: PreparedCall, evidence: list[Evidence]) -> Iterator[Hit]:
        return run_spans(call, self.rule, self._matches, evidence)


def compile_check(rule: PatternRule, entries) -> PatternCheck:
    return PatternCheck(rule)
