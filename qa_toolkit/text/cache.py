"""What a run remembers about the texts it has seen, in one bounded object.

Scripted turns repeat from call to call, so what a matcher finds in a turn, the token
boundaries of a stretch and the offset map of a text are remembered by the text. Each
kind of thing remembered is a `Space` (a dict) that is emptied when it reaches its limit:
memory stays bounded however long the run, and a lookup stays one dict access. The
checker of a run owns its cache; compiled rubrics hold none.
"""

from __future__ import annotations

from typing import Any, Hashable

LIMIT = 2048  # entries per space


class Space(dict):
    """One kind of remembered value, by key; forgotten all at once when full."""

    __slots__ = ("limit",)

    def put(self, key: Hashable, value: Any) -> Any:
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value


class RunCache:
    def __init__(self, limit: int = LIMIT):
        self.limit = limit
        self._spaces: dict[Hashable, Space] = {}

    def space(self, name: Hashable, limit: int | None = None) -> Space:
        found = self._spaces.get(name)
        if found is None:
            found = self._spaces[name] = Space()
            found.limit = limit or self.limit
        return found

    def __len__(self) -> int:
        """Entries remembered, over every space."""
        return sum(len(s) for s in self._spaces.values())
