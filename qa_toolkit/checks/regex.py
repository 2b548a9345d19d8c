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
(「请」 as the first character of 请问), `none` nothing (「您」 anywhere). Segmentation runs
only on turns where a regex matched.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..normalise import normalise_phrase
from ..prepare import PreparedCall, PreparedUtterance
from ..rubric import RegexRule
from .base import Evidence, Hit, excepted, run_spans

CHECK = "regex"


class RegexCheck:
    def __init__(self, rule: RegexRule):
        self.rule = rule
        self.regexes = [re.compile(r) for r in rule.regexes]
        self.exceptions = tuple(normalise_phrase(e) for e in rule.exceptions)

    def user_words(self) -> set[str]:
        return set(self.exceptions)

    def _matches(self, utt: PreparedUtterance) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        for regex in self.regexes:
            for match in regex.finditer(utt.text):
                start, end = match.span()
                if start == end:
                    continue
                if self.rule.boundaries == "token" and not utt.on_boundaries(start, end):
                    continue
                if self.rule.boundaries == "start" and start not in utt.starts:
                    continue
                if excepted(utt.text, start, end, self.exceptions):
                    continue
                found.append((start, end))
        chosen: list[tuple[int, int]] = []  # overlapping matches of several regexes: keep the longest
        for span in sorted(found, key=lambda s: (-(s[1] - s[0]), s[0])):
            if all(span[1] <= c[0] or span[0] >= c[1] for c in chosen):
                chosen.append(span)
        return sorted(chosen)

    def run(self, call: PreparedCall, evidence: list[Evidence]) -> Iterator[Hit]:
        return run_spans(call, self.rule, self._matches, evidence)


def compile_check(rule: RegexRule, entries) -> RegexCheck:
    return RegexCheck(rule)
