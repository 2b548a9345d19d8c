"""`regex`: regular expressions over the normalised text of each turn.

    - id: work-number
      check: regex
      expect: present              # absent (default): every match is a finding
      window: {first_turns: 2}
      regexes: ["[0-9零〇一二三四五六七八九幺两]+号", "工号[是为:]?[0-9零〇一二三四五六七八九幺两]+"]
      boundaries: token            # token | start | none
      exceptions: [号码]

Text is normalised first (simplified, half-width, ASR spaces removed), so one regex covers
traditional and full-width input. With `boundaries: token` a match (leftmost, greedy, as
`re.finditer` gives it) counts only when it starts and ends on jieba token boundaries:
「1024号」 in 「1024号很高兴」, not 「4号」 inside 「手机号码」. `start` checks only its start
(「请」 as the first character of 请问), `none` nothing (「您」 anywhere). Of overlapping
matches of several regexes the longest counts.
"""

from __future__ import annotations

import re
from typing import Annotated, Iterator, Literal, Optional

from pydantic import Field, model_validator

from ..i18n import Msg
from ..regex_safety import backtracking_risk
from .base import Check, Evidence, Hit, RuleBase, Window, expect_spans

CHECK = "regex"


class RegexRule(RuleBase):
    """Regular expressions (Python `re`) over the normalised text of each turn."""

    check: Literal["regex"]
    regexes: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)
    boundaries: Literal["token", "start", "none"] = Field(
        default="token",
        description="Where a match must fall on jieba token boundaries: both ends, its start, or nowhere.",
    )
    expect: Literal["absent", "present"] = "absent"
    window: Optional[Window] = None
    exceptions: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _compiles(self):
        for index, regex in enumerate(self.regexes):
            try:
                re.compile(regex)
            except re.error as exc:
                raise ValueError(Msg("rubric.not_regex", key=f"regexes[{index}]", reason=str(exc))) from None
            risk = backtracking_risk(regex)
            if risk:
                raise ValueError(Msg("rubric.slow_regex", key=f"regexes[{index}]", risk=risk))
        for index, context in enumerate(self.exceptions):
            if context.startswith("re:"):
                try:
                    re.compile(context[3:])
                except re.error as exc:
                    raise ValueError(Msg("rubric.not_regex", key=f"exceptions[{index}]", reason=str(exc))) from None
                risk = backtracking_risk(context[3:])
                if risk:
                    raise ValueError(Msg("rubric.slow_regex", key=f"exceptions[{index}]", risk=risk))
        return self


MESSAGES = {
    "hit": {"zh": "{title}：「{matched}」", "en": "{title}: “{matched}”"},
    "missing": {"zh": "{window}未出现{title}", "en": "{title}: not found in the {window}"},
}


class RegexCheck(Check):
    def __init__(self, rule: RegexRule, build):
        super().__init__(rule, build)
        self.matcher = build.regexes(rule.regexes, rule.boundaries, rule.exceptions, rule.window is None)

    def run(self, call, evidence: list[Evidence]) -> Iterator[Hit]:
        return expect_spans(call, self.rule, self.matcher, evidence)


RULE, CHECKER = RegexRule, RegexCheck
