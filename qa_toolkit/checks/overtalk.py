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
from .timing import spoken_chars, timeline

CHECK = "overtalk"
NEEDS = "transcript"


class OvertalkCheck:
    def __init__(self, rule: OvertalkRule):
        self.rule = rule

    def user_words(self) -> set[str]:
        return set()

    def run(self, call: PreparedCall, evidence) -> Iterator[Hit]:
        # in start order (agent before customer at the same start: a customer turn must
        # have started strictly before), the latest end of the customer turns so far
        latest_end = None
        rows = timeline(call)
        if len({row[0] for row in rows}) != len(rows):  # same start: the agent's turn first
            rows = sorted(rows, key=lambda row: (row[0], row[2] != Role.agent))
        agent, customer = Role.agent, Role.customer
        for start, end, role, utt in rows:
            if role == customer:
                latest_end = end if latest_end is None or end > latest_end else latest_end
                continue
            if role != agent or latest_end is None or latest_end <= start:
                continue
            overlap = latest_end - start
            if overlap * 1000 > self.rule.max_overlap_ms and spoken_chars(utt) >= self.rule.min_chars:
                yield Hit(utt.index, missing=True, values={"ms": round(overlap * 1000)})


def compile_check(rule: OvertalkRule, entries) -> OvertalkCheck:
    return OvertalkCheck(rule)
