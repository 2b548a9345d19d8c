"""`hangup-order`: the agent hung up before the customer (《XX银行客户服务中心客服代表管理办法（试行）》第七十四条).

    - id: hangup-order
      check: hangup-order

Needs the call log's 挂机方 (hung up by). A log without it is not judged.
"""

from __future__ import annotations

from typing import Iterator, Literal

from ..models import Role
from .base import Check, Hit, RuleBase

CHECK = "hangup-order"


class HangupOrderRule(RuleBase):
    """The agent hung up before the customer (call log)."""

    check: Literal["hangup-order"]


MESSAGES = {"missing": {"zh": "坐席先于客户挂机", "en": "the agent hung up before the customer"}}


class HangupOrderCheck(Check):
    NEEDS = "log"

    def run(self, call, evidence) -> Iterator[Hit]:
        if call.log.hangup_by == Role.agent:
            yield Hit(None, missing=True)


RULE, CHECKER = HangupOrderRule, HangupOrderCheck
