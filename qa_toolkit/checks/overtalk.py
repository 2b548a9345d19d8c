"""`overtalk`: the agent interrupts the customer (《XX银行客户服务中心客服代表管理办法（试行）》第六十三条: 耐心、细致、谦和有理).

    - id: overtalk
      check: overtalk
      max_overlap_ms: 500       # starting this much before the customer finishes
      min_chars: 4              # back-channel 嗯/好的 is not interrupting

One finding per interrupting agent turn.
"""

from __future__ import annotations

from typing import Iterator, Literal

from pydantic import Field

from ..models import Role
from .base import Check, Hit, RuleBase
from .timing import spoken_chars, timeline

CHECK = "overtalk"


class OvertalkRule(RuleBase):
    """The agent starts more than `max_overlap_ms` before the customer's turn ends,
    with at least `min_chars` characters (interrupting)."""

    check: Literal["overtalk"]
    max_overlap_ms: float = Field(default=500, ge=0)
    min_chars: int = Field(default=4, ge=1)


MESSAGES = {
    "missing": {"zh": "抢话：客户未说完即插话（重叠{ms}毫秒）", "en": "interrupted the customer ({ms} ms overlap)"},
}


class OvertalkCheck(Check):
    def run(self, call, evidence) -> Iterator[Hit]:
        # in start order (agent before customer at the same start: a customer turn must
        # have started strictly before), the latest end of the customer turns so far
        latest_end = None
        rows = timeline(call)
        if len({row[0] for row in rows}) != len(rows):  # same start: the agent's turn first
            rows = sorted(rows, key=lambda row: (row[0], row[2] != Role.agent))
        agent, customer = Role.agent, Role.customer
        for start, end, role, turn in rows:
            if role == customer:
                latest_end = end if latest_end is None or end > latest_end else latest_end
                continue
            if role != agent or latest_end is None or latest_end <= start:
                continue
            overlap = latest_end - start
            if overlap * 1000 > self.rule.max_overlap_ms and spoken_chars(turn) >= self.rule.min_chars:
                yield Hit(turn.index, missing=True, values={"ms": round(overlap * 1000)})


RULE, CHECKER = OvertalkRule, OvertalkCheck
