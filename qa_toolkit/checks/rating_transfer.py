"""`rating-transfer`: the call was not transferred to the rating system (《XX银行客户服务中心客服代表管理办法（试行）》第七十六条).

    - id: rating-transfer
      check: rating-transfer
      channels: [call]

Needs the call log's 是否转评价 column; a log without it is not judged.
"""

from __future__ import annotations

from typing import Iterator, Literal

from .base import Check, Hit, RuleBase

CHECK = "rating-transfer"


class RatingTransferRule(RuleBase):
    """The call was not transferred to the satisfaction rating system (call log)."""

    check: Literal["rating-transfer"]


MESSAGES = {"missing": {"zh": "未将客户转入满意度评价", "en": "not transferred to the satisfaction rating"}}


class RatingTransferCheck(Check):
    NEEDS = "log"

    def run(self, call, evidence) -> Iterator[Hit]:
        if call.log.rating_transferred is False:
            yield Hit(None, missing=True)


RULE, CHECKER = RatingTransferRule, RatingTransferCheck
