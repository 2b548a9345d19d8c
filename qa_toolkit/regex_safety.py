"""Regular expressions a rubric may hold: refused when they can backtrack without end.

A rubric is code-like (it comes from a colleague or a download), and Python's regular
expressions backtrack: `(a+)+$` over a long run of `a` followed by `b` takes exponential time,
and no timeout can stop it. A regex is refused when a repeat (unbounded, or more than three
times) holds an unbounded repeat — nested quantifiers, the common shape of catastrophic
backtracking; bounded repeats such as `[^。]{0,30}` are fine. (CPython's parser already
turns a choice of single characters such as `(a|a)` into a class, which backtracks
linearly.) The regex is read with CPython's own parser (its parse tree, as `re` compiles it).
"""

from __future__ import annotations

import re

from .i18n import Msg
from typing import Optional

MAX_PATTERN = 2000  # characters of one regex


def sre_modules():
    """CPython's regex parser and its constants (their module names changed in 3.11)."""
    try:
        from re import _constants as sre_constants
        from re import _parser as sre_parse  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants
        import sre_parse
    return sre_parse, sre_constants


def backtracking_risk(pattern: str):
    """Why a regex could run without end (the offending part, quoted), or None."""
    if len(pattern) > MAX_PATTERN:
        return Msg("risk.too_long", max=MAX_PATTERN)
    sre_parse, c = sre_modules()
    try:
        tree = sre_parse.parse(pattern)
    except re.error:
        return None  # not a regex at all: the compile error says so
    except RecursionError:
        return Msg("risk.nested")
    unbounded = c.MAXREPEAT
    repeats = (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None))

    def has_unbounded_repeat(items) -> bool:
        for op, arg in items:
            if op in repeats and arg[1] == unbounded and _can_repeat(arg[2]):
                return True
            if any(has_unbounded_repeat(sub) for sub in _children(op, arg, c)):
                return True
        return False

    def walk(items) -> Optional[str]:
        for op, arg in items:
            if op in repeats and op is not getattr(c, "POSSESSIVE_REPEAT", None):
                low, high, body = arg
                if (high == unbounded or high > 3) and has_unbounded_repeat(body):
                    return Msg("risk.repeat_in_repeat")
            for sub in _children(op, arg, c):
                found = walk(sub)
                if found:
                    return found
        return None

    return walk(tree)


def _can_repeat(body) -> bool:
    """A repeat of something that can match a character (not of an empty group)."""
    return len(body) > 0


def _children(op, arg, c) -> list:
    """The sub-patterns of one parse-tree item."""
    if op is c.SUBPATTERN:
        return [arg[-1]]
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) or op is getattr(c, "POSSESSIVE_REPEAT", None):
        return [arg[2]]
    if op is c.BRANCH:
        return list(arg[1])
    if op in (c.ASSERT, c.ASSERT_NOT):
        return [arg[1]]
    if op is getattr(c, "ATOMIC_GROUP", None):
        return [arg]
    if op is c.GROUPREF_EXISTS:
        return [x for x in arg[1:] if x is not None]
    return []
