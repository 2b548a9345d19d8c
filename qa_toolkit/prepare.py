"""A call made ready for checking: every utterance normalised and segmented.

Two ways, the same result:

- the reference (`fast=False`): every utterance normalised (with its offset map) and
  segmented up front — the straightforward path, kept to test the fast one against;
- the fast path (`fast=True`): the turns of a call normalised in one pass, the offset map
  computed only for a turn with a finding, and a turn segmented only when a check asks
  for its tokens (a phrase or regex candidate is in it). Phrase occurrences come from one
  Aho-Corasick scan per turn (`occurrences`) instead of a search per phrase.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any, Optional

from .models import Call, CallLog
from .normalise import Normalised, normalise, normalise_fast, normalise_many
from .segment import Segmenter, Token


# Characters jieba (and jieba-rs) never put inside a block of Han characters and
# alphanumerics: each is a token of its own, so segmentation never crosses them and a
# stretch between two of them segments the same alone as inside the whole text.
_SEPARATOR = re.compile(
    "[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1fa-zA-Z0-9+#&._%\\-]"
)


class PreparedUtterance:
    __slots__ = ("index", "utterance", "_norm", "_segmenter", "_tokens", "_starts", "_ends",
                 "_scanner", "_occurrences", "_local")

    def __init__(self, index: int, utterance: Any, segmenter: Segmenter,
                 norm: Optional[Normalised] = None, scanner=None):
        self.index = index
        self.utterance = utterance
        self._norm = norm
        self._segmenter = segmenter
        self._tokens: Optional[list[Token]] = None
        self._starts: Optional[frozenset[int]] = None
        self._ends: Optional[frozenset[int]] = None
        self._scanner = scanner
        self._occurrences: Optional[dict[str, list[int]]] = None
        self._local: Optional[dict] = None  # "seps": separator positions; (left, right): spans

    @property
    def norm(self) -> Normalised:
        if self._norm is None:
            self._norm = normalise_fast(self.utterance.text)
        return self._norm

    @property
    def text(self) -> str:
        return self.norm.text

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            self._tokens = [Token._make(t) for t in self._segmenter.spans(self.text) if not t[0].isspace()]
        return self._tokens

    @property
    def starts(self) -> frozenset[int]:
        if self._starts is None:
            self._starts = frozenset(t.start for t in self.tokens)
        return self._starts

    @property
    def ends(self) -> frozenset[int]:
        if self._ends is None:
            self._ends = frozenset(t.end for t in self.tokens)
        return self._ends

    @property
    def occurrences(self) -> Optional[dict[str, list[int]]]:
        """Start positions of every compiled phrase in the text (fast path); None in the
        reference, where each matcher searches for itself."""
        if self._scanner is None:
            return None
        if self._occurrences is None:
            self._occurrences = self._scanner(self.text)
        return self._occurrences

    def on_boundaries(self, start: int, end: int) -> bool:
        if self._starts is None and self._scanner is not None:
            starts, ends = self._region(start, end)
            return start in starts and end in ends
        return start in self.starts and end in self.ends

    def _region(self, start: int, end: int) -> tuple[set[int], set[int]]:
        """Token starts and ends of the separator-bounded stretch around [start, end),
        segmented alone (fast path: a short stretch instead of the whole turn)."""
        text = self.text
        if self._local is None:
            self._local = {"seps": [m.start() for m in _SEPARATOR.finditer(text)]}
        seps = self._local["seps"]
        i = bisect_left(seps, start)  # separators before start: seps[:i]
        left = seps[i - 1] + 1 if i else 0
        j = bisect_left(seps, end)
        right = seps[j] if j < len(seps) else len(text)
        key = (left, right)
        found = self._local.get(key)
        if found is None:
            starts, ends = set(), set()
            for word, s, e in self._segmenter.spans(text[left:right]):
                if not word.isspace():
                    starts.add(left + s)
                    ends.add(left + e)
            found = self._local[key] = (starts, ends)
        return found


class PreparedCall:
    __slots__ = ("call", "utterances", "log", "_by_role", "cache")

    def __init__(self, call: Any, utterances: list[PreparedUtterance], log: Optional[CallLog] = None):
        self.call = call
        self.utterances = utterances
        self.log = log
        self._by_role: dict[str, list[PreparedUtterance]] = {}
        self.cache: dict[str, Any] = {}  # what several checks derive from the call

    def turns(self, role: str) -> list[PreparedUtterance]:
        """The turns of one role ("any": all), in order."""
        if role == "any":
            return self.utterances
        found = self._by_role.get(role)
        if found is None:
            found = self._by_role[role] = [u for u in self.utterances if u.utterance.role.value == role]
        return found

    @property
    def has_times(self) -> bool:
        return any(u.utterance.start is not None for u in self.utterances)


def prepare_utterance(index: int, utterance: Any, segmenter: Segmenter) -> PreparedUtterance:
    """The reference: normalised with its offset map and segmented at once."""
    utt = PreparedUtterance(index, utterance, segmenter, norm=normalise(utterance.text))
    utt.tokens  # noqa: B018 - segment now
    return utt


def prepare_call(call: Call, segmenter: Segmenter, log: Optional[CallLog] = None,
                 fast: bool = False, scanner=None, text_roles: Optional[set[str]] = None) -> PreparedCall:
    if not fast:
        utterances = [prepare_utterance(i, u, segmenter) for i, u in enumerate(call.utterances)]
        return PreparedCall(call, utterances, log)
    items = list(enumerate(call.utterances))
    wanted = [(i, u) for i, u in items if text_roles is None or u.role.value in text_roles]
    norms = dict(zip((i for i, _ in wanted), normalise_many([u.text for _, u in wanted])))
    utterances = [PreparedUtterance(i, u, segmenter, norms.get(i), scanner) for i, u in items]
    return PreparedCall(call, utterances, log)
