"""`pattern`: spaCy Matcher token patterns over the jieba tokens of each turn.

    - id: brush-off
      check: pattern
      patterns:
        - [{ORTH: 我}, {ORTH: {IN: [也, 都]}, OP: "?"}, {ORTH: {IN: [不, 没]}},
           {OP: "{0,2}"}, {ORTH: {IN: [知道, 清楚]}}]
      expect: absent          # absent: each match is a finding; present: needs a window
      exceptions: [不知道您]

The spaCy `Doc` is built from our tokens (no re-segmentation). spaCy is an optional extra
(`pip install 'qa-toolkit[spacy]'`), imported only when a rubric has a pattern rule; without
it such a rubric is refused with that instruction, and every other rubric runs.
"""

from __future__ import annotations

from typing import Any, Iterator, Literal, Optional

from pydantic import Field

from ..i18n import Msg
from ..normalise import normalise_phrase
from ..text.matchers import Matcher, excepted
from .base import Check, Evidence, Hit, RuleBase, Window, expect_spans

CHECK = "pattern"


class PatternRule(RuleBase):
    """spaCy Matcher token patterns over the jieba tokens."""

    check: Literal["pattern"]
    patterns: list[list[dict[str, Any]]] = Field(min_length=1)
    expect: Literal["absent", "present"] = "absent"
    window: Optional[Window] = None
    exceptions: list[str] = Field(default_factory=list)


MESSAGES = {
    "hit": {"zh": "{title}：「{matched}」", "en": "{title}: “{matched}”"},
    "missing": {"zh": "{window}未出现{title}", "en": "{title}: not found in the {window}"},
}


class SpacyMatcher(Matcher):
    """The rule's patterns over a turn's tokens; hits are (start, end, None)."""

    def __init__(self, key: int, rule: PatternRule, build):
        self.key = key
        self.patterns = rule.patterns
        self.exceptions = tuple(normalise_phrase(e) for e in rule.exceptions)
        try:
            from spacy.errors import MatchPatternError
            from spacy.matcher import Matcher as SpacyPatterns
            from spacy.vocab import Vocab
        except ImportError:
            self.spacy = None
            build.error(("check",), Msg("rubric.needs_spacy"))
            return
        self.vocab = Vocab()
        self.spacy = SpacyPatterns(self.vocab, validate=True)
        for index, pattern in enumerate(rule.patterns):
            try:
                self.spacy.add(f"{rule.id}-{index}", [pattern])
            except (MatchPatternError, ValueError, TypeError) as exc:
                build.error(("patterns", index), Msg("rubric.bad_pattern", reason=str(exc).strip().splitlines()[-1]))

    def user_words(self) -> set[str]:
        words = set(self.exceptions)
        for pattern in self.patterns:
            for token in pattern:
                for key in ("ORTH", "TEXT", "LOWER"):
                    value = token.get(key)
                    if isinstance(value, str):
                        words.add(normalise_phrase(value))
                    elif isinstance(value, dict):
                        words.update(normalise_phrase(v) for v in value.get("IN", []) if isinstance(v, str))
        return words

    def find(self, view, turn) -> list:
        from spacy.tokens import Doc
        from spacy.util import filter_spans

        tokens = view.tokens(turn)
        if not tokens:
            return []
        doc = Doc(self.vocab, words=[t.text for t in tokens], spaces=[False] * len(tokens))
        spans = filter_spans(self.spacy(doc, as_spans=True))
        out = []
        for span in sorted(spans, key=lambda s: s.start):
            start, end = tokens[span.start].start, tokens[span.end - 1].end
            if not excepted(turn.text, start, end, self.exceptions):
                out.append((start, end, None))
        return out


class PatternCheck(Check):
    def __init__(self, rule: PatternRule, build):
        super().__init__(rule, build)
        self.matcher = build.matcher(lambda key: SpacyMatcher(key, rule, build))

    def run(self, call, evidence: list[Evidence]) -> Iterator[Hit]:
        return expect_spans(call, self.rule, self.matcher, evidence)


RULE, CHECKER = PatternRule, PatternCheck
