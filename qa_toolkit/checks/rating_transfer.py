"""`rating-transfer`: the call was not transferred to the rating system (seed 004 第七十六条).

    - id: rating-transfer
      check: rating-transfer
      channels: [call]

Needs the call log's 是否转评价 column; a log without it is not judged.
"""

from __future__ import annotations

from typing import Iterator

from ..prepare import PreparedCall
from ..rubric import RatingTransferRule
from .base import Hit

CHECK = "rating-transfer"
NEEDS = "log"


class RatingTransferCheck:
    def __init__(self, rule: RatingTransferRule):
        self.rule = rule

    def user_words(self) -> set[str]:
        return set()

    def run(self, call: PreparedCall, evidence) -> Iterator[Hit]:
        if call.log.rating_transferred is False:
            yield Hit(None, missing=True)


def compile_check(rule: RatingTransferRule, entries) -> RatingTransferCheck:
    return RatingTransferCheck(rule)
