"""`forbid`: phrases that must not occur in the rule's role (the agent's turns by default).

    - id: forbidden-phrase
      check: forbid
      lexicons: [forbidden]
      exceptions: [不管怎样]     # contexts that cancel a hit, for every phrase

Matching is on normalised text and on token boundaries: 「操」 does not hit 操作,
「没有办法」 does not hit 有没有办法. Every occurrence is one finding.
"""

from __future__ import annotations

from typing import Iterator

from ..prepare import PreparedCall
from ..rubric import ForbidRule
from .base import Hit, PhraseMatcher, candidate_turns, select_turns, select_window

CHECK = "forbid"


class ForbidCheck:
    def __init__(self, rule: ForbidRule, matcher: PhraseMatcher):
        self.rule = rule
        self.matcher = matcher

    def user_words(self) -> set[str]:
        return self.matcher.user_words()

    def run(self, call: PreparedCall, evidence) -> Iterator[Hit]:
        turns = select_window(call, select_turns(call, self.rule.role), self.rule.window)
        for utt in candidate_turns(call, self.matcher, turns):
            for start, end, _ in self.matcher.find(utt):
                yield Hit(utt.index, start, end, utt.text[start:end])


def compile_check(rule: ForbidRule, entries) -> ForbidCheck:
    return ForbidCheck(rule, PhraseMatcher.build(entries, rule.exceptions))
