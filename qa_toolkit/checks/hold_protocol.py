"""`hold-protocol`: ask before a hold, apologise or thank after it (《XX银行客户服务中心客服代表管理办法（试行）》第六十七条).

    - id: hold-protocol
      check: hold-protocol
      lexicons: [hold-ask]            # 请您稍等, 麻烦您等一下 …
      return_lexicons: [hold-return]  # 让您久等了, 感谢您的耐心等待 …
      min_gap: 10

Holds come from the call log's 保持次数 when the log has it: each hold needs one agent turn
that asks and one that thanks (counted over the whole call). Without a hold count, a gap of
at least `min_gap` seconds is a hold when the agent spoke last before it, or when the
agent's last turn before it asked for one (the customer may answer 「好」 first): the agent's
last turn before the gap must ask, and the agent's first turn after it must thank. A gap
after the customer with no request to hold is the customer's silence, not a hold.
"""

from __future__ import annotations

from typing import Annotated, Iterator, Literal

from pydantic import Field, model_validator

from ..i18n import Msg
from .base import Check, Hit, PhraseRule, evidence_of, seconds
from .timing import gaps

CHECK = "hold-protocol"


class HoldProtocolRule(PhraseRule):
    """Every hold is asked for before (phrases/lexicons) and thanked for after
    (return_phrases/return_lexicons). Holds come from the call log's hold count or,
    without one, from gaps of at least `min_gap` seconds after an announced hold."""

    check: Literal["hold-protocol"]
    return_phrases: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)
    return_lexicons: list[str] = Field(default_factory=list)
    min_gap: float = Field(default=10, gt=0, description="Seconds of silence that make a hold.")

    @model_validator(mode="after")
    def _has_return_phrases(self):
        if not self.return_phrases and not self.return_lexicons:
            raise ValueError(Msg("rubric.needs_return_phrases"))
        return self


MESSAGES = {
    "ask": {
        "zh": "保持{seconds}秒前未征得客户同意（如「请您稍等」）",
        "en": "{seconds} s hold without asking first (e.g. “请您稍等”)",
    },
    "return": {
        "zh": "保持{seconds}秒后未致歉致谢（如「让您久等了」）",
        "en": "no apology or thanks after a {seconds} s hold (e.g. “让您久等了”)",
    },
    "ask_count": {
        "zh": "话单记录保持{holds}次，征询客户仅{found}次",
        "en": "the log records {holds} holds but the agent asked {found} times",
    },
    "return_count": {
        "zh": "话单记录保持{holds}次，回线致歉致谢仅{found}次",
        "en": "the log records {holds} holds but the agent thanked {found} times on return",
    },
}


class HoldProtocolCheck(Check):
    def __init__(self, rule: HoldProtocolRule, build):
        super().__init__(rule, build)
        self.ask = build.phrases(build.entries())
        self.back = build.phrases(build.entries("return_phrases", "return_lexicons"))

    def _in(self, call, matcher, turn):
        return evidence_of(call.first(matcher, [turn]))

    def run(self, call, evidence) -> Iterator[Hit]:
        turns = call.turns(self.rule.role)
        if call.log is not None and call.log.holds is not None:
            yield from self._by_count(call, call.log.holds, turns, evidence)
        else:
            yield from self._by_gaps(call, turns, evidence)

    def _by_count(self, call, holds: int, turns, evidence) -> Iterator[Hit]:
        if holds == 0:
            return
        asked = [e for e in (self._in(call, self.ask, u) for u in turns) if e]
        thanked = [e for e in (self._in(call, self.back, u) for u in turns) if e]
        evidence.extend(asked[:holds] + thanked[:holds])
        if len(asked) < holds:
            yield Hit(None, missing=True, key="ask_count", values={"holds": holds, "found": len(asked)})
        if len(thanked) < holds:
            yield Hit(None, missing=True, key="return_count", values={"holds": holds, "found": len(thanked)})

    def _by_gaps(self, call, turns, evidence) -> Iterator[Hit]:
        role = self.rule.role
        for before, after, gap in gaps(call):
            if gap < self.rule.min_gap:
                continue
            earlier = [
                u for u in turns
                if u.utterance.start is not None and u.utterance.start <= before.utterance.start
            ]
            last_agent = earlier[-1] if earlier else None
            asked = self._in(call, self.ask, last_agent) if last_agent else None
            if before.role.value != role and not asked:
                continue  # the customer went quiet: not a hold
            values = {"seconds": seconds(gap)}
            if asked:
                evidence.append(asked)
            else:
                yield Hit(before.index, missing=True, key="ask", values=values)
            following = [
                u for u in turns
                if u.utterance.start is not None and u.utterance.start >= after.utterance.start
            ]
            if not following:
                continue
            thanked = self._in(call, self.back, following[0])
            if thanked:
                evidence.append(thanked)
            else:
                yield Hit(following[0].index, missing=True, key="return", values=values)


RULE, CHECKER = HoldProtocolRule, HoldProtocolCheck
