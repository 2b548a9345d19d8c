"""`response-time`: in chats, the agent answers a customer message later than `max_seconds`.

    - id: response-time
      check: response-time
      channels: [chat]
      max_seconds: 60

Measured from the first unanswered customer message to the agent's next message (start
times). A customer message left at the end of the chat is not judged.
"""

from __future__ import annotations

from typing import Iterator

from ..models import Role
from ..prepare import PreparedCall
from ..rubric import ResponseTimeRule
from .base import Hit, seconds

CHECK = "response-time"
NEEDS = "transcript"


class ResponseTimeCheck:
    def __init__(self, rule: ResponseTimeRule):
        self.rule = rule

    def user_words(self) -> set[str]:
        return set()

    def run(self, call: PreparedCall, evidence) -> Iterator[Hit]:
        waiting_since = None
        for utt in call.utterances:
            start = utt.utterance.start
            if start is None:
                continue
            if utt.utterance.role == Role.customer:
                if waiting_since is None:
                    waiting_since = start
            elif utt.utterance.role == Role.agent and waiting_since is not None:
                delay = start - waiting_since
                waiting_since = None
                if delay > self.rule.max_seconds:
                    yield Hit(
                        utt.index, missing=True,
                        values={"seconds": seconds(delay), "limit": seconds(self.rule.max_seconds)},
                    )


def compile_check(rule: ResponseTimeRule, entries) -> ResponseTimeCheck:
    return ResponseTimeCheck(rule)
