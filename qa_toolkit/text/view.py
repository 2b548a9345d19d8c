"""The interface checks read a call through (see the package docstring), and its turns."""

from __future__ import annotations

from typing import Any, Callable, Iterator, Optional

from ..models import CallLog
from ..normalise import normalise_fast
from ..segment import Token


class Turn:
    """One turn as the checks see it: `index` in the call, the `utterance` as given, its
    `role` and its normalised `text`. The rest is filled in by the view as asked for
    (class attributes are the defaults: a turn stores only what was computed)."""

    norm = None  # the normalised text with its offset map (reference path)
    tokens = None  # list[Token], whitespace left out
    starts = None  # frozenset of token starts
    ends = None  # frozenset of token ends
    occurrences = None  # {phrase: [start, …]} of every compiled phrase (fast path)
    scanned = False  # part of the call's joined scan (fast path)
    reversed = None  # the text reversed (fast path: the stretch before a span)

    def __init__(self, index: int, utterance: Any):
        self.index = index
        self.utterance = utterance
        self.role = utterance.role

    def __getattr__(self, name: str):
        # only reached while `text` is not set: a turn no rule asked to have ready (on
        # the fast path, turns of roles no rule reads)
        if name == "text":
            text = self.text = normalise_fast(self.utterance.text).text
            return text
        raise AttributeError(name)


class CallView:
    """A call made ready for checking. Subclasses implement the matching services."""

    __slots__ = ("call", "log", "utterances", "_by_role", "_derived")

    def __init__(self, call: Any, utterances: list[Turn], log: Optional[CallLog]):
        self.call = call
        self.log = log
        self.utterances = utterances
        self._by_role: dict[str, list[Turn]] = {}
        self._derived: dict[str, Any] = {}

    # ---- turns

    def turns(self, role: str) -> list[Turn]:
        """The turns of one role ("any": all), in order (the view's own list: not to be changed)."""
        if role == "any":
            return self.utterances
        found = self._by_role.get(role)
        if found is None:
            found = self._by_role[role] = [u for u in self.utterances if u.role == role]
        return found

    def window(self, role: str, window) -> list[Turn]:
        """The role's turns inside a rule's window (None: the whole call). Time windows
        fall back to all turns when the call has no times."""
        turns = self.turns(role)
        if window is None:
            return turns
        if window.first_turns:
            return turns[: window.first_turns]
        if window.last_turns:
            return turns[-window.last_turns:]
        if not self.has_times:
            return turns
        if window.first_seconds:
            return [u for u in turns if u.utterance.start is None or u.utterance.start < window.first_seconds]
        call_end = max(t for t in map(_end_time, self.utterances) if t is not None)
        limit = call_end - window.last_seconds
        return [u for u in turns if _end_time(u) is None or _end_time(u) > limit]

    @property
    def has_times(self) -> bool:
        return any(u.utterance.start is not None for u in self.utterances)

    def derive(self, name: str, make: Callable[["CallView"], Any]) -> Any:
        """A value several checks derive from the call (the timeline, the gaps), made once."""
        found = self._derived.get(name)
        if found is None:
            found = self._derived[name] = make(self)
        return found

    # ---- matching

    def candidates(self, matcher, turns: list[Turn]) -> list[Turn]:
        """The turns where the matcher may find something (all, unless a view knows better)."""
        return turns

    def find(self, matcher, turn: Turn) -> list:
        """The matcher's hits in one turn, in text order (a list not to be changed)."""
        return matcher.find(self, turn)

    def search(self, matcher, turns: list[Turn]) -> Iterator[tuple[Turn, tuple]]:
        """(turn, hit) for every hit of the matcher in the turns, in order."""
        find = self.find
        for turn in self.candidates(matcher, turns):
            for hit in find(matcher, turn):
                yield turn, hit

    def first(self, matcher, turns: list[Turn]) -> Optional[tuple[Turn, tuple]]:
        """The first (turn, hit) of the matcher in the turns, or None."""
        find = self.find
        for turn in self.candidates(matcher, turns):
            found = find(matcher, turn)
            if found:
                return turn, found[0]
        return None

    # ---- text services (one implementation per path)

    def occurrences(self, turn: Turn, matcher) -> dict[str, list[int]]:
        """{phrase: [start, …]} for (at least) the matcher's strings that occur in the turn."""
        raise NotImplementedError

    def on_boundaries(self, turn: Turn, start: int, end: int) -> bool:
        """True when [start, end) starts and ends on token boundaries of the turn's text."""
        raise NotImplementedError

    def starts_at(self, turn: Turn, start: int) -> bool:
        """True when a token of the turn's text starts at `start`."""
        raise NotImplementedError

    def token_end(self, turn: Turn, end: int) -> int:
        """The end of the token in which position `end` falls (itself on a boundary)."""
        raise NotImplementedError

    def tokens(self, turn: Turn) -> list[Token]:
        """The turn's tokens (whitespace left out)."""
        raise NotImplementedError

    def token_starts(self, turn: Turn) -> frozenset[int]:
        found = turn.starts
        if found is None:
            found = turn.starts = frozenset(t.start for t in self.tokens(turn))
        return found

    def fuzzy(self, matcher, text: str) -> Callable[[int], Optional[tuple[int, int, int]]]:
        """A function giving, for the matcher's phrase i, its best fuzzy match in `text`."""
        raise NotImplementedError

    def original_span(self, turn: Turn, start: int, end: int) -> tuple[int, int]:
        """Where a span of the normalised text is in the turn's text as given."""
        raise NotImplementedError


def _end_time(utt: Turn) -> Optional[float]:
    return utt.utterance.end if utt.utterance.end is not None else utt.utterance.start
