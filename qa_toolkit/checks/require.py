"""`require`: at least one of the phrases must occur in the window of the rule's role.

    - id: closing-question
      check: require
      window: {last_turns: 3}
      lexicons: [closing]
      fuzzy: pinyin          # none | pinyin | edit
      max_edits: 1

Exact matches (on token boundaries; lexicon templates with their gaps) are tried first;
then, when the rule allows it and the call's channel is in `fuzzy_channels` (speech
recognition made the text: calls, not typed chats), a fuzzy match that tolerates ASR
homophones and covers whole tokens (phrases shorter than `min_fuzzy_length` only match on
identical pinyin, never with edits). A phrase written `^…` counts only opening the
window's first turn (亲/亲爱的 addressing the customer), not counting a turn that only
picks or confirms an order or a product. A met requirement leaves its
evidence (marked fuzzy when it was); an unmet one is one finding at the edge of the window.
"""

from __future__ import annotations

from typing import Iterator, Literal, Optional

from pydantic import Field

import re

from .base import Check, Evidence, Hit, PhraseRule, Window, anchor, evidence_of

CHECK = "require"

# a turn that only picks or confirms an order or a product (a masked token or a long
# number, 「是这个订单吗」): not the turn in which an agent addresses the customer first
_CARD = re.compile(
    r"^(?:\[[^\]]*\]|[0-9a-z]{6,}|[\s,.!?~:;、。-])*(?:请问)?(?:您咨询的)?(?:是)?(?:这个|这款|这件|这单)?"
    r"(?:订单|商品|单号|单|运单)?(?:号)?(?:吗|么|嘛|是吗|对吗)?(?:\[[^\]]*\]|[0-9a-z]{6,}|[\s,.!?~:;、。-])*$"
)


def opening_turn(turns: list):
    """The first of the turns that is not a card (see `_CARD`), or None."""
    for turn in turns:
        if not _CARD.match(turn.text):
            return turn
    return None


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
    fuzzy_channels: list[Literal["call", "chat"]] = Field(
        default_factory=lambda: ["call"],
        description="Channels whose text speech recognition made: fuzzy matching runs only there.",
    )


MESSAGES = {
    "missing": {
        "zh": "{window}未出现{title}（如「{example}」）",
        "en": "{title}: not said in the {window} (e.g. “{example}”)",
    },
}


class RequireCheck(Check):
    def __init__(self, rule: RequireRule, build):
        super().__init__(rule, build)
        entries = build.entries()
        self.matcher = build.phrases([e for e in entries if not e.phrase.startswith("^")])
        opening = [e for e in entries if e.phrase.startswith("^")]
        self.opening = build.phrases(opening) if opening else None
        self.example = self.matcher.example
        self.fuzzy = None
        if rule.fuzzy != "none":
            self.fuzzy = build.fuzzy(self.matcher, rule.fuzzy, rule.max_edits, rule.min_fuzzy_length)

    def run(self, call, evidence: list[Evidence]) -> Iterator[Hit]:
        window = call.window(self.rule.role, self.rule.window)
        found = call.first(self.matcher, window)
        if self.opening is not None and window:
            first = opening_turn(window)
            if first is not None and (found is None or found[0].index > first.index):
                found = call.first(self.opening, [first]) or found
        if found is not None:
            evidence.append(evidence_of(found))
            return
        if self.fuzzy is not None and call.call.channel in self.rule.fuzzy_channels:
            found = call.first(self.fuzzy, window)
            if found is not None:
                evidence.append(evidence_of(found, fuzzy=True))
                return
        yield Hit(utterance=anchor(window, self.rule.window), missing=True)


RULE, CHECKER = RequireRule, RequireCheck
