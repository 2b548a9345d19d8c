"""`forbid`: phrases that must not occur in the rule's role (the agent's turns by default).

    - id: forbidden-phrase
      check: forbid
      lexicons: [forbidden]
      exceptions: [不管怎样]     # contexts that cancel a hit, for every phrase

Matching is on normalised text and on token boundaries: 「操」 does not hit 操作,
「没有办法」 does not hit 有没有办法. Every occurrence is one finding.
"""

from __future__ import annotations

from typing import Iterator, Literal, Optional

from pydantic import Field

from .base import Check, Hit, PhraseRule, Window

CHECK = "forbid"


class ForbidRule(PhraseRule):
    """Phrases that must not occur (on token boundaries), unless an exception context covers them."""

    check: Literal["forbid"]
    window: Optional[Window] = None
    exceptions: list[str] = Field(default_factory=list)


MESSAGES = {"hit": {"zh": "{title}：「{matched}」", "en": "{title}: “{matched}”"}}


class ForbidCheck(Check):
    def __init__(self, rule: ForbidRule, build):
        super().__init__(rule, build)
        self.matcher = build.phrases(build.entries(), rule.exceptions)
        self.example = self.matcher.example

    def run(self, call, evidence) -> Iterator[Hit]:
        turns = call.window(self.rule.role, self.rule.window)
        for turn, (start, end, _) in call.search(self.matcher, turns):
            yield Hit(turn.index, start, end, turn.text[start:end])


RULE, CHECKER = ForbidRule, ForbidCheck
