"""`duration`: talk time over a limit (《阳泉市煤气公司客户服务标准》第十二条: solve within about 3 minutes).

    - id: long-call
      check: duration
      max_seconds: 180
      severity: info
      points: 0

Uses the call log's talk time when there is one, else the transcript's first start to
last end. A call with neither is not judged.
"""

from __future__ import annotations

from typing import Iterator, Literal

from pydantic import Field

from .base import Check, Hit, RuleBase, seconds
from .timing import call_duration

CHECK = "duration"


class DurationRule(RuleBase):
    """Talk time over a limit: the log's talk time, else the transcript's time span."""

    check: Literal["duration"]
    max_seconds: float = Field(gt=0)


MESSAGES = {"missing": {"zh": "通话时长{seconds}秒，超过{limit}秒", "en": "talk time {seconds} s, over {limit} s"}}


class DurationCheck(Check):
    NEEDS = "either"

    def run(self, call, evidence) -> Iterator[Hit]:
        duration = call_duration(call.call, call.log)
        if duration is not None and duration > self.rule.max_seconds:
            yield Hit(
                None, missing=True,
                values={"seconds": seconds(duration), "limit": seconds(self.rule.max_seconds)},
            )


RULE, CHECKER = DurationRule, DurationCheck
