"""`hangup-order`: the agent hung up before the customer (seed 004 第七十四条).

    - id: hangup-order
      check: hangup-order

Needs the call log's 挂机方 (hung up by). A log without it is not judged.
"""

from __future__ import annotations

from typing import Iterator

from ..models import Role
from ..prepare import PreparedCall
from ..rubric import HangupOrderRule
from .base import Hit

CHECK = "hangup-order"
NEEDS = "log"


class HangupOrderCheck:
    def __init__(self, rule: HangupOrderRule):
        self.rule = rule

    def user_words(self) -> set[str]:
        return set()

    def run(self, call: PreparedCall, evidence) -> Iterator[Hit]:
        if call.log.hangup_by == Role.agent:
            yield Hit(None, missing=True)


def compile_check(rule: HangupOrderRule, entries) -> HangupOrderCheck:
    return HangupOrderCheck(rule)
