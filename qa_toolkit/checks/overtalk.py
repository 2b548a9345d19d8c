"""`overtalk`: the agent interrupts the customer (seed 004 第六十三条: 耐心、细致、谦和有理).

    - id: overtalk
      check: overtalk
      max_overlap_ms: 500       # starting this much before the customer finishes
      min_chars: 4              # back-channel 嗯/好的 is not interrupting

One finding per interrupting agent turn.
"""

from __future__ import annotations

from typing import Iterator

from ..models import Role
from ..prepare import PreparedCall
from ..rubric import OvertalkRule
from .base import Hit
from .timing import spoken_chars, timed

CHECK = "overtalk"
NEEDS = "transcript"


class OvertalkCheck:
    def __init__(self, rule: OvertalkRule):
        self.rule = rule

    def user_words(self) -> set[str]:
        return set()

    def run(self, call: PreparedCall, evidence) -> Iterator[Hit]:
        turns = timed(call)
        customers = [u for u in turns if u.utterance.role == Role.customer]
        for utt in turns:
            if utt.utterance.role != Role.agent or spoken_chars(utt) < self.rule.min_chars:
                continue
            start = utt.utterance.start
            overlap = max(
                (c.utterance.end - start for c in customers if c.utterance.start < start < c.utterance.end),
                default=0.0,
            )
            if overlap * 1000 > self.rule.max_overlap_ms:
                yield Hit(utt.index, missing=True, values={"ms": round(overlap * 1000)})


def compile_check(rule: OvertalkRule, entries) -> OvertalkCheck:
    return OvertalkCheck(rule)
