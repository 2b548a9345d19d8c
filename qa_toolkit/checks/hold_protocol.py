"""`hold-protocol`: ask before a hold, apologise or thank after it (seed 004 第六十七条).

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

from typing import Iterator

from ..prepare import PreparedCall
from ..rubric import HoldProtocolRule
from .base import Hit, PhraseMatcher, find_phrase, seconds, select_turns
from .timing import gaps

CHECK = "hold-protocol"
NEEDS = "transcript"
EXTRA_PHRASES = {"returns": ("return_phrases", "return_lexicons")}


class HoldProtocolCheck:
    def __init__(self, rule: HoldProtocolRule, ask: PhraseMatcher, back: PhraseMatcher):
        self.rule = rule
        self.ask = ask
        self.back = back

    def user_words(self) -> set[str]:
        return self.ask.user_words() | self.back.user_words()

    def run(self, call: PreparedCall, evidence) -> Iterator[Hit]:
        turns = select_turns(call, self.rule.role)
        if call.log is not None and call.log.holds is not None:
            yield from self._by_count(call.log.holds, turns, evidence)
        else:
            yield from self._by_gaps(call, evidence)

    def _by_count(self, holds: int, turns, evidence) -> Iterator[Hit]:
        if holds == 0:
            return
        asked = [e for e in (find_phrase(self.ask, [u]) for u in turns) if e]
        thanked = [e for e in (find_phrase(self.back, [u]) for u in turns) if e]
        evidence.extend(asked[:holds] + thanked[:holds])
        if len(asked) < holds:
            yield Hit(None, missing=True, key="ask_count", values={"holds": holds, "found": len(asked)})
        if len(thanked) < holds:
            yield Hit(None, missing=True, key="return_count", values={"holds": holds, "found": len(thanked)})

    def _by_gaps(self, call: PreparedCall, evidence) -> Iterator[Hit]:
        role = self.rule.role
        turns = call.turns(role)
        for before, after, gap in gaps(call):
            if gap < self.rule.min_gap:
                continue
            earlier = [
                u for u in turns
                if u.utterance.start is not None and u.utterance.start <= before.utterance.start
            ]
            last_agent = earlier[-1] if earlier else None
            asked = find_phrase(self.ask, [last_agent]) if last_agent else None
            if before.utterance.role.value != role and not asked:
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
            thanked = find_phrase(self.back, following[:1])
            if thanked:
                evidence.append(thanked)
            else:
                yield Hit(following[0].index, missing=True, key="return", values=values)


def compile_check(rule: HoldProtocolRule, entries, returns=()) -> HoldProtocolCheck:
    return HoldProtocolCheck(rule, PhraseMatcher.build(entries), PhraseMatcher.build(returns))
