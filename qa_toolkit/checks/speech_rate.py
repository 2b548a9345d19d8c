"""`speech-rate`: the agent's characters per minute (《阳泉市煤气公司客户服务标准》第九条: about 120–140).

    - id: speech-rate
      check: speech-rate
      min_cpm: 120
      max_cpm: 140
      tolerance: 20             # judged outside 100–160
      min_speech_seconds: 30    # too little speech is not judged

Characters are what is heard (no punctuation, no spaces) over the seconds of the agent's
timed turns. One finding per call, or none.
"""

from __future__ import annotations

from typing import Iterator, Literal

from pydantic import Field

from .base import Check, Hit, RuleBase
from .timing import spoken_chars, timed

CHECK = "speech-rate"


class SpeechRateRule(RuleBase):
    """The agent's characters per minute outside [min_cpm − tolerance, max_cpm + tolerance]."""

    check: Literal["speech-rate"]
    min_cpm: float = Field(default=120, gt=0)
    max_cpm: float = Field(default=140, gt=0)
    tolerance: float = Field(default=0, ge=0)
    min_speech_seconds: float = Field(
        default=30, ge=0, description="Judge only when the agent spoke at least this long."
    )


MESSAGES = {
    "fast": {
        "zh": "语速过快：每分钟{cpm}字（标准{low}–{high}字）",
        "en": "speaking too fast: {cpm} {cpm|character|characters} a minute (standard {low}–{high})",
    },
    "slow": {
        "zh": "语速过慢：每分钟{cpm}字（标准{low}–{high}字）",
        "en": "speaking too slowly: {cpm} {cpm|character|characters} a minute (standard {low}–{high})",
    },
}


class SpeechRateCheck(Check):
    def run(self, call, evidence) -> Iterator[Hit]:
        rule = self.rule
        turns = [u for u in timed(call) if rule.role == "any" or u.role.value == rule.role]
        spoken = sum(u.utterance.end - u.utterance.start for u in turns)
        if spoken <= 0 or spoken < rule.min_speech_seconds:
            return
        cpm = sum(spoken_chars(u) for u in turns) / spoken * 60
        low, high = rule.min_cpm - rule.tolerance, rule.max_cpm + rule.tolerance
        if low <= cpm <= high:
            return
        yield Hit(
            None, missing=True, key="fast" if cpm > high else "slow",
            values={"cpm": round(cpm), "low": f"{rule.min_cpm:g}", "high": f"{rule.max_cpm:g}"},
        )


RULE, CHECKER = SpeechRateRule, SpeechRateCheck
