"""`duration`: talk time over a limit (seed 001 第十二条: solve within about 3 minutes).

    - id: long-call
      check: duration
      max_seconds: 180
      severity: info
      points: 0

Uses the call log's talk time when there is one, else the transcript's first start to
last end. A call with neither is not judged.
"""

from __future__ import annotations

from typing import Iterator

from ..prepare import PreparedCall
from ..rubric import DurationRule
from .base import Hit, seconds
from .timing import call_duration

CHECK = "duration"
NEEDS = "either"


class DurationCheck:
    def __init__(self, rule: DurationRule):
        self.rule = rule

    def user_words(self) -> set[str]:
        return set()

    def run(self, call: PreparedCall, evidence) -> Iterator[Hit]:
        duration = call_duration(call)
        if duration is not None and duration > self.rule.max_seconds:
            yield Hit(
                None, missing=True,
                values={"seconds": seconds(duration), "limit": seconds(self.rule.max_seconds)},
            )


def compile_check(rule: DurationRule, entries) -> DurationCheck:
    return DurationCheck(rule)
