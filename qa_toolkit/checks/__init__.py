"""The closed set of check types, one module each, and their registry.

A module has CHECK (its name in rubrics), compile_check(rule, entries, **extra) and
NEEDS: what a call must have for the check to run — "transcript" (the default), "log",
or "either". Checks that need a second phrase set name it in EXTRA_PHRASES.
"""

from __future__ import annotations

from . import (
    answer_time, duration, forbid, hangup_order, hold_protocol, overtalk, pattern,
    rating_transfer, regex, require, response_time, silence, speech_rate,
)

REGISTRY = {
    module.CHECK: module
    for module in (
        require, forbid, pattern, regex, answer_time, hangup_order, rating_transfer, hold_protocol,
        duration, speech_rate, silence, overtalk, response_time,
    )
}
