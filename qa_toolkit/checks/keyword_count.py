"""`keyword-count`: a phrase said too few, or too many, times in the window of the rule's role.

    - id: please-word-count
      check: keyword-count
      phrases: [请]
      min_count: 2             # at least (default 1)
      max_count: 12            # at most (optional)
      exceptions: [请假]
      window: {first_seconds: 120}

Occurrences are counted as `forbid` finds them: on the normalised text, on token
boundaries, less those an exception context covers. Too few is one finding at the edge of
the window; too many is one finding at the first occurrence over the limit. The
occurrences counted are the evidence of a met requirement.
"""

from __future__ import annotations

from typing import Iterator, Literal, Optional

from pydantic import Field, model_validator

from ..i18n import Msg
from .base import Check, Evidence, Hit, PhraseRule, Window, anchor, evidence_of

CHECK = "keyword-count"


class KeywordCountRule(PhraseRule):
    """Phrases said at least `min_count` and at most `max_count` times in the window."""

    check: Literal["keyword-count"]
    window: Optional[Window] = Field(default=None, description="Omitted: the whole call.")
    min_count: int = Field(default=1, ge=0, description="Fewest occurrences that pass.")
    max_count: Optional[int] = Field(default=None, ge=0, description="Most occurrences that pass; omitted: no limit.")
    exceptions: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _range(self):
        if self.max_count is not None and self.max_count < self.min_count:
            raise ValueError(Msg("rubric.count_range"))
        return self


MESSAGES = {
    "few": {
        "zh": "{window}「{example}」等用语出现{count}次，少于{min}次",
        "en": "“{example}” said {count} times in the {window}, fewer than {min}",
    },
    "many": {
        "zh": "{window}「{example}」等用语出现{count}次，多于{max}次",
        "en": "“{example}” said {count} times in the {window}, more than {max}",
    },
}


class KeywordCountCheck(Check):
    def __init__(self, rule: KeywordCountRule, build):
        super().__init__(rule, build)
        self.matcher = build.phrases(build.entries(), rule.exceptions)
        self.example = self.matcher.example

    def run(self, call, evidence: list[Evidence]) -> Iterator[Hit]:
        rule = self.rule
        turns = call.window(rule.role, rule.window)
        found = list(call.search(self.matcher, turns))
        values = {"count": len(found), "min": rule.min_count, "max": rule.max_count}
        if len(found) < rule.min_count:
            yield Hit(utterance=anchor(turns, rule.window), missing=True, key="few", values=values)
            return
        if rule.max_count is not None and len(found) > rule.max_count:
            turn, (start, end, _) = found[rule.max_count]
            yield Hit(turn.index, start, end, turn.text[start:end], key="many", values=values)
            return
        evidence.extend(evidence_of(item) for item in found)


RULE, CHECKER = KeywordCountRule, KeywordCountCheck
