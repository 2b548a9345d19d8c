"""`answer-time`: answered later than 10 s / three rings and no apology (seed 004 第六十条).

    - id: answer-time
      check: answer-time
      max_wait_seconds: 10      # 等待时长 in the call log
      max_rings: 3              # used when the log gives 振铃次数 instead
      lexicons: [apology]       # 抱歉, 让您久等了 … in the agent's first turn

Needs the call log. A late call with an apology in the window passes (the apology is
kept as evidence); a late call with no transcript is a finding marked unverified.
"""

from __future__ import annotations

from typing import Iterator

from ..prepare import PreparedCall
from ..rubric import AnswerTimeRule
from .base import Hit, PhraseMatcher, find_phrase, seconds, select_turns, select_window, window_anchor

CHECK = "answer-time"
NEEDS = "log"


class AnswerTimeCheck:
    def __init__(self, rule: AnswerTimeRule, matcher: PhraseMatcher):
        self.rule = rule
        self.matcher = matcher

    def user_words(self) -> set[str]:
        return self.matcher.user_words()

    def run(self, call: PreparedCall, evidence) -> Iterator[Hit]:
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
        turns = select_window(call, select_turns(call, rule.role), rule.window)
        found = find_phrase(self.matcher, turns)
        if found:
            evidence.append(found)
            return
        yield Hit(window_anchor(turns, rule.window), missing=True, key=key, values=values)


def compile_check(rule: AnswerTimeRule, entries) -> AnswerTimeCheck:
    return AnswerTimeCheck(rule, PhraseMatcher.build(entries))
