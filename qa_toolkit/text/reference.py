"""The reference path: every turn normalised (with its offset map) and segmented up front,
every phrase searched for in every turn, the slow fuzzy search, nothing remembered. It is
the straightforward reading of the rules that the fast path is tested against."""

from __future__ import annotations

from typing import Optional

from ..models import CallLog
from ..normalise import normalise
from ..segment import Segmenter, Token
from .fuzzy import fuzzy_find_reference
from .view import CallView, Turn


class ReferencePath:
    """Makes the reference view of each call."""

    def __init__(self, segmenter: Segmenter):
        self.segmenter = segmenter

    def view(self, call, log: Optional[CallLog] = None) -> "ReferenceView":
        turns = []
        for index, utterance in enumerate(call.utterances):
            turn = Turn(index, utterance)
            turn.norm = normalise(utterance.text)
            turn.text = turn.norm.text
            turn.tokens = [Token._make(t) for t in self.segmenter.spans(turn.text) if not t[0].isspace()]
            turns.append(turn)
        return ReferenceView(call, turns, log)


class ReferenceView(CallView):
    __slots__ = ()

    def occurrences(self, turn: Turn, matcher) -> dict[str, list[int]]:
        text = turn.text
        found: dict[str, list[int]] = {}
        for string in matcher.strings:
            pos = text.find(string)
            while pos >= 0:
                found.setdefault(string, []).append(pos)
                pos = text.find(string, pos + 1)
        return found

    def tokens(self, turn: Turn) -> list[Token]:
        return turn.tokens

    def on_boundaries(self, turn: Turn, start: int, end: int) -> bool:
        ends = turn.ends
        if ends is None:
            ends = turn.ends = frozenset(t.end for t in turn.tokens)
        return start in self.token_starts(turn) and end in ends

    def starts_at(self, turn: Turn, start: int) -> bool:
        return start in self.token_starts(turn)

    def token_end(self, turn: Turn, end: int) -> int:
        return min((t.end for t in turn.tokens if t.end >= end), default=end)

    def fuzzy(self, matcher, text: str):
        def one(i: int):
            phrase, edits = matcher.items[i]
            return fuzzy_find_reference(text, phrase, matcher.mode, edits)
        return one

    def original_span(self, turn: Turn, start: int, end: int) -> tuple[int, int]:
        return turn.norm.original_span(start, end)
