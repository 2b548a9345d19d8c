"""`answer-time`: answered later than 10 s / three rings and no apology (《XX银行客户服务中心客服代表管理办法（试行）》第六十条).

    - id: answer-time
      check: answer-time
      max_wait_seconds: 10      # 等待时长 in the call log
      max_rings: 3              # used when the log gives 振铃次数 instead
      lexicons: [apology]       # 抱歉, 让您久等了 … in the agent's first turn

Needs the call log. A late call with an apology in the window passes (the apology is
kept as evidence); a late call with no transcript is a finding marked unverified.
"""

from __future__ import annotations

from typing import Iterator, Literal, Optional

from pydantic import Field

from .base import Check, Hit, PhraseRule, Window, anchor, evidence_of, seconds

CHECK = "answer-time"


class AnswerTimeRule(PhraseRule):
    """Answered later than the limit (call log) and no apology in the agent's first turn."""

    check: Literal["answer-time"]
    max_wait_seconds: float = Field(default=10, gt=0, description="Seconds before answer.")
    max_rings: int = Field(default=3, ge=1, description="Used when the log gives rings, not seconds.")
    window: Optional[Window] = Field(
        default_factory=lambda: Window(first_turns=1),
        description="Where the apology must be; default: the agent's first turn.",
    )


MESSAGES = {
    "seconds": {
        "zh": "接听超时（等待{wait}秒，应在{limit}秒内），首句未致歉",
        "en": "answered after {wait} s (limit {limit} s) without an apology",
    },
    "rings": {
        "zh": "接听超时（振铃{rings}声，应在{limit}声内），首句未致歉",
        "en": "answered after {rings} rings (limit {limit}) without an apology",
    },
}


class AnswerTimeCheck(Check):
    NEEDS = "log"

    def __init__(self, rule: AnswerTimeRule, build):
        super().__init__(rule, build)
        self.matcher = build.phrases(build.entries())
        self.example = self.matcher.example

    def run(self, call, evidence) -> Iterator[Hit]:
        log, rule = call.log, self.rule
        if log.wait_seconds is not None:
            if log.wait_seconds <= rule.max_wait_seconds:
                return
            key, values = "seconds", {"wait": seconds(log.wait_seconds), "limit": seconds(rule.max_wait_seconds)}
        elif log.rings is not None:
            if log.rings <= rule.max_rings:
                return
            key, values = "rings", {"rings": log.rings, "limit": rule.max_rings}
        else:
            return
        if not call.utterances:
            yield Hit(None, missing=True, key=key, values={**values, "unverified": True})
            return
        turns = call.window(rule.role, rule.window)
        found = call.first(self.matcher, turns)
        if found is not None:
            evidence.append(evidence_of(found))
            return
        yield Hit(anchor(turns, rule.window), missing=True, key=key, values=values)


RULE, CHECKER = AnswerTimeRule, AnswerTimeCheck
