"""`require`: at least one of the phrases must occur in the window of the rule's role.

    - id: closing-question
      check: require
      window: {last_turns: 3}
      lexicons: [closing]
      fuzzy: pinyin          # none | pinyin | edit
      max_edits: 1

Exact matches (on token boundaries) are tried first; then, when the rule allows it, a
fuzzy match that tolerates ASR homophones (phrases shorter than `min_fuzzy_length` only
match on identical pinyin, never with edits). A met requirement leaves its evidence
(marked fuzzy when it was); an unmet one is one finding at the edge of the window.
"""

from __future__ import annotations

from typing import Iterator, Literal, Optional

from pydantic import Field

from .base import Check, Evidence, Hit, PhraseRule, Window, anchor, evidence_of

CHECK = "require"


class RequireRule(PhraseRule):
    """A phrase that must occur in a window of turns."""

    check: Literal["require"]
    window: Optional[Window] = Field(default=None, description="Omitted: the whole call.")
    fuzzy: Literal["none", "pinyin", "edit"] = Field(
        default="none",
        description="Tolerate ASR errors: toneless pinyin (homophones) or character edits.",
    )
    max_edits: int = Field(default=1, ge=0, le=3)
    min_fuzzy_length: int = Field(default=4, ge=2, description="Shorter phrases match exactly only.")


MESSAGES = {
    "missing": {
        "zh": "{window}未出现{title}（如「{example}」）",
        "en": "no {title} phrase in the {window} (e.g. “{example}”)",
    },
}


class RequireCheck(Check):
    def __init__(self, rule: RequireRule, build):
        super().__init__(rule, build)
        self.matcher = build.phrases(build.entries())
        self.example = self.matcher.phrases[0].text if self.matcher.phrases else ""
        self.fuzzy = None
        if rule.fuzzy != "none":
            self.fuzzy = build.fuzzy(self.matcher, rule.fuzzy, rule.max_edits, rule.min_fuzzy_length)

    def run(self, call, evidence: list[Evidence]) -> Iterator[Hit]:
        window = call.window(self.rule.role, self.rule.window)
        found = call.first(self.matcher, window)
        if found is not None:
            evidence.append(evidence_of(found))
            return
        if self.fuzzy is not None:
            found = call.first(self.fuzzy, window)
            if found is not None:
                evidence.append(evidence_of(found, fuzzy=True))
                return
        yield Hit(utterance=anchor(window, self.rule.window), missing=True)


RULE, CHECKER = RequireRule, RequireCheck
