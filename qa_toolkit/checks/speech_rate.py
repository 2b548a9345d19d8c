"""`speech-rate`: the agent's characters per minute (seed 001 第九条: about 120–140).

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

from typing import Iterator

from ..prepare import PreparedCall
from ..rubric import SpeechRateRule
from .base import Hit
from .timing import spoken_chars, timed

CHECK = "speech-rate"
NEEDS = "transcript"


class SpeechRateCheck:
    def __init__(self, rule: SpeechRateRule):
        self.rule = rule

    def user_words(self) -> set[str]:
        return set()

    def run(self, call: PreparedCall, evidence) -> Iterator[Hit]:
        rule = self.rule
        turns = [u for u in timed(call) if rule.role == "any" or u.utterance.role.value == rule.role]
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


def compile_check(rule: SpeechRateRule, entries) -> SpeechRateCheck:
    return SpeechRateCheck(rule)
