"""`silence`: dead air longer than `max_seconds` inside the call.

    - id: silence
      check: silence
      max_seconds: 10
      lexicons: [hold-ask]      # a gap after an agent turn that announces a hold is not silence

Gaps are measured between the end of what was said and the next start, over all speakers.
The finding points at the turn that ends the silence.
"""

from __future__ import annotations

from typing import Iterator, Literal

from pydantic import Field

from ..models import Role
from .base import Check, Hit, PhraseRule, seconds
from .timing import gaps

CHECK = "silence"


class SilenceRule(PhraseRule):
    """Dead air between turns longer than `max_seconds`; a gap after an agent turn that
    announces a hold (phrases/lexicons) is not silence."""

    check: Literal["silence"]
    max_seconds: float = Field(default=10, gt=0)


MESSAGES = {"missing": {"zh": "静音{seconds}秒，超过{limit}秒", "en": "{seconds} s of silence, over {limit} s"}}


class SilenceCheck(Check):
    def __init__(self, rule: SilenceRule, build):
        super().__init__(rule, build)
        self.announce = build.phrases(build.entries())

    def run(self, call, evidence) -> Iterator[Hit]:
        for before, after, gap in gaps(call):
            if gap <= self.rule.max_seconds:
                continue
            if before.role == Role.agent and call.first(self.announce, [before]) is not None:
                continue
            yield Hit(
                after.index, missing=True,
                values={"seconds": seconds(gap), "limit": seconds(self.rule.max_seconds)},
            )


RULE, CHECKER = SilenceRule, SilenceCheck
