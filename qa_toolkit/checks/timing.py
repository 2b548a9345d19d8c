"""Helpers for the checks that read utterance times: spoken characters, gaps, durations."""

from __future__ import annotations

from typing import Any, Optional

from ..normalise import spoken_length


def spoken_chars(turn) -> int:
    """Characters a listener hears: no punctuation, no spaces."""
    return spoken_length(turn.text)


def timed(call) -> list:
    """Turns with both start and end, in time order (computed once per call)."""
    return [row[3] for row in timeline(call)]


def _timeline(call) -> list[tuple[float, float, Any, Any]]:
    found = [
        (s.start, s.end, s.role, u) for s, u in zip(call.call.utterances, call.utterances)
        if s.start is not None and s.end is not None
    ]
    starts = [row[0] for row in found]
    if starts != sorted(starts):  # usually already in time order
        found.sort(key=lambda row: (row[0], row[3].index))
    return found


def timeline(call) -> list[tuple[float, float, Any, Any]]:
    """(start, end, role, turn) of the turns with both times, in time order (computed
    once per call)."""
    return call.derive("timeline", _timeline)


def _gaps(call) -> list:
    found = []
    rows = timeline(call)
    if rows:
        spoken_until, previous = rows[0][1], rows[0][3]
        for start, end, _, turn in rows[1:]:
            if start > spoken_until:
                found.append((previous, turn, start - spoken_until))
            if end >= spoken_until:
                spoken_until, previous = end, turn
    return found


def gaps(call) -> list:
    """(before, after, seconds) for each stretch where nobody speaks, in time order
    (computed once per call)."""
    return call.derive("gaps", _gaps)


def transcript_duration(call) -> Optional[float]:
    """From the first start to the last end; None without times."""
    first = last = None
    for u in call.utterances:
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


def call_duration(call, log) -> Optional[float]:
    """Talk time: the call log's when it has one, else the transcript's span (`call`: the
    call as read)."""
    if log is not None and log.talk_seconds is not None:
        return log.talk_seconds
    return transcript_duration(call)
