"""A call made ready for checking: every utterance normalised and segmented once."""

from __future__ import annotations

from dataclasses import dataclass

from typing import Optional

from .models import Call, CallLog, Utterance
from .normalise import Normalised, normalise
from .segment import Segmenter, Token


@dataclass
class PreparedUtterance:
    index: int
    utterance: Utterance
    norm: Normalised
    tokens: list[Token]
    starts: frozenset[int]
    ends: frozenset[int]

    @property
    def text(self) -> str:
        return self.norm.text

    def on_boundaries(self, start: int, end: int) -> bool:
        return start in self.starts and end in self.ends


@dataclass
class PreparedCall:
    call: Call
    utterances: list[PreparedUtterance]
    log: Optional[CallLog] = None

    @property
    def has_times(self) -> bool:
        return any(u.utterance.start is not None for u in self.utterances)


def prepare_utterance(index: int, utterance: Utterance, segmenter: Segmenter) -> PreparedUtterance:
    norm = normalise(utterance.text)
    tokens = [t for t in segmenter.tokenize(norm.text) if not t.text.isspace()]
    return PreparedUtterance(
        index=index,
        utterance=utterance,
        norm=norm,
        tokens=tokens,
        starts=frozenset(t.start for t in tokens),
        ends=frozenset(t.end for t in tokens),
    )


def prepare_call(call: Call, segmenter: Segmenter, log: Optional[CallLog] = None) -> PreparedCall:
    return PreparedCall(
        call=call,
        utterances=[prepare_utterance(i, u, segmenter) for i, u in enumerate(call.utterances)],
        log=log,
    )
