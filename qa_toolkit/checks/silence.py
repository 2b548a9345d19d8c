"""`silence`: dead air longer than `max_seconds` inside the call.

    - id: silence
      check: silence
      max_seconds: 10
      lexicons: [hold-ask]      # a gap after an agent turn that announces a hold is not silence

Gaps are measured between the end of what was said and the next start, over all speakers.
The finding points at the turn that ends the silence.
"""

from __future__ import annotations

from typing import Iterator

from ..models import Role
from ..prepare import PreparedCall
from ..rubric import SilenceRule
from .base import Hit, PhraseMatcher, find_phrase, seconds
from .timing import gaps

CHECK = "silence"
NEEDS = "transcript"


class SilenceCheck:
    def __init__(self, rule: SilenceRule, announce: PhraseMatcher):
        self.rule = rule
        self.announce = announce

    def user_words(self) -> set[str]:
        return self.announce.user_words()

    def run(self, call: PreparedCall, evidence) -> Iterator[Hit]:
        for before, after, gap in gaps(call):
            if gap <= self.rule.max_seconds:
                continue
            if before.utterance.role == Role.agent and find_phrase(self.announce, [before]):
                continue
            yield Hit(
                after.index, missing=True,
                values={"seconds": seconds(gap), "limit": seconds(self.rule.max_seconds)},
            )


def compile_check(rule: SilenceRule, entries) -> SilenceCheck:
    return SilenceCheck(rule, PhraseMatcher.build(entries))
