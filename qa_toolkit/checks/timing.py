"""Helpers for the checks that read utterance times: spoken characters, gaps, durations."""

from __future__ import annotations

from typing import Any, Optional

from ..normalise import spoken_length
from ..prepare import PreparedCall, PreparedUtterance


def spoken_chars(utt: PreparedUtterance) -> int:
    """Characters a listener hears: no punctuation, no spaces."""
    return spoken_length(utt.text)


def timed(call: PreparedCall) -> list[PreparedUtterance]:
    """Utterances with both start and end, in time order (computed once per call)."""
    return [row[3] for row in timeline(call)]


def timeline(call: PreparedCall) -> list[tuple[float, float, Any, PreparedUtterance]]:
    """(start, end, role, utterance) of the utterances with both times, in time order
    (computed once per call)."""
    found = call.cache.get("timeline")
    if found is None:
        found = [
            (s.start, s.end, s.role, u) for s, u in zip(call.call.utterances, call.utterances)
            if s.start is not None and s.end is not None
        ]
        starts = [row[0] for row in found]
        if starts != sorted(starts):  # usually already in time order
            found.sort(key=lambda row: (row[0], row[3].index))
        call.cache["timeline"] = found
    return found


def gaps(call: PreparedCall) -> list[tuple[PreparedUtterance, PreparedUtterance, float]]:
    """(before, after, seconds) for each stretch where nobody speaks, in time order
    (computed once per call)."""
    found = call.cache.get("gaps")
    if found is not None:
        return found
    found = []
    rows = timeline(call)
    if rows:
        spoken_until, previous = rows[0][1], rows[0][3]
        for start, end, _, utt in rows[1:]:
            if start > spoken_until:
                found.append((previous, utt, start - spoken_until))
            if end >= spoken_until:
                spoken_until, previous = end, utt
    call.cache["gaps"] = found
    return found


def transcript_duration(call: PreparedCall) -> Optional[float]:
    """From the first start to the last end; None without times."""
    first = last = None
    for u in call.call.utterances:
        start = u.start
        if start is None:
            continue
        end = u.end if u.end is not None else start
        if first is None:
            first, last = start, end
        else:
            first = start if start < first else first
            last = end if end > last else last
    return None if first is None else last - first


def call_duration(call: PreparedCall) -> Optional[float]:
    """Talk time: the call log's when it has one, else the transcript's span."""
    if call.log is not None and call.log.talk_seconds is not None:
        return call.log.talk_seconds
    return transcript_duration(call)
