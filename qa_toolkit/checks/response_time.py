"""`response-time`: in chats, the agent answers a customer message later than `max_seconds`.

    - id: response-time
      check: response-time
      channels: [chat]
      max_seconds: 60

Measured from the first unanswered customer message to the agent's next message (start
times). A customer message left at the end of the chat is not judged.
"""

from __future__ import annotations

from typing import Iterator, Literal

from pydantic import Field

from ..models import Role
from .base import Check, Hit, RuleBase, seconds

CHECK = "response-time"


class ResponseTimeRule(RuleBase):
    """Chats: the agent answers a customer message later than `max_seconds`."""

    check: Literal["response-time"]
    max_seconds: float = Field(default=60, gt=0)


MESSAGES = {
    "missing": {
        "zh": "回复客户用时{seconds}秒，超过{limit}秒", "en": "answered the customer after {seconds} s, over {limit} s",
    },
}


class ResponseTimeCheck(Check):
    def run(self, call, evidence) -> Iterator[Hit]:
        waiting_since = None
        for turn in call.utterances:
            start = turn.utterance.start
            if start is None:
                continue
            if turn.role == Role.customer:
                if waiting_since is None:
                    waiting_since = start
            elif turn.role == Role.agent and waiting_since is not None:
                delay = start - waiting_since
                waiting_since = None
                if delay > self.rule.max_seconds:
                    yield Hit(
                        turn.index, missing=True,
                        values={"seconds": seconds(delay), "limit": seconds(self.rule.max_seconds)},
                    )


RULE, CHECKER = ResponseTimeRule, ResponseTimeCheck
