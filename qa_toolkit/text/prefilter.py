"""What a regular expression needs to match, read from the regex itself: the fast view's
prefilter for `regex` rules.

- `required_strings`: literals every match contains (「知道」 or 「清楚」 …); a call holding
  none of them is not searched;
- `gate_words`: of those, the words of the most telling factor (not a character as
  common as 不 or 我), which the phrase scan looks for: a regex runs only in the turns
  where one of them occurs;
- `within_turns`: whether a search of a call's joined turns finds a match in every turn
  where the regex alone finds one, so that one search of the joined text tells which
  turns to search.

Both read the regex's parse tree (CPython's own parser, `re._parser`); an expression they
cannot analyse gets no prefilter and is searched turn by turn.
"""

from __future__ import annotations

import re
from typing import Optional

from ..normalise import SEP
from ..regex_safety import sre_modules



def within_turns(regex: re.Pattern) -> bool:
    """True when a search of the joined turns finds a match in every turn where the
    regex alone finds one: it cannot match an empty string or the separator, and nothing
    outside a match (anchors, lookarounds, backreferences) changes whether it matches."""
    if regex.flags & ~(re.UNICODE | re.DOTALL) or regex.fullmatch("") is not None:
        return False
    sre_parse, c = sre_modules()
    try:
        return _context_free(sre_parse.parse(regex.pattern, regex.flags), c)
    except Exception:  # noqa: BLE001 - an analysis we cannot make: search turn by turn
        return False


def _context_free(items, c) -> bool:
    sep = ord(SEP)
    safe_categories = {c.CATEGORY_DIGIT, c.CATEGORY_WORD, c.CATEGORY_SPACE,
                       c.CATEGORY_UNI_DIGIT, c.CATEGORY_UNI_WORD, c.CATEGORY_UNI_SPACE}
    for op, arg in items:
        if op is c.LITERAL:
            if arg == sep:
                return False
        elif op is c.IN:
            for item_op, item in arg:
                if item_op is c.LITERAL and item != sep:
                    continue
                if item_op is c.RANGE and not item[0] <= sep <= item[1]:
                    continue
                if item_op is c.CATEGORY and item in safe_categories:
                    continue
                return False  # a negated class, the separator, or a category that holds it
        elif op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = arg
            if add_flags or del_flags or not _context_free(sub, c):
                return False
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            if not _context_free(arg[2], c):
                return False
        elif op is c.BRANCH:
            if not all(_context_free(branch, c) for branch in arg[1]):
                return False
        elif op is getattr(c, "ATOMIC_GROUP", None):
            if not _context_free(arg, c):
                return False
        else:  # any character, anchors, lookarounds, backreferences, …
            return False
    return True


def required_strings(regex: re.Pattern) -> Optional[list[list[str]]]:
    """Strings every match must contain: a list of factors, each a list of alternatives
    (one of them is inside any match). None when nothing can be said (case-insensitive
    matching, or no literal that every match needs)."""
    if regex.flags & re.IGNORECASE:
        return None
    sre_parse, sre_constants = sre_modules()
    try:
        factors = _factors(sre_parse.parse(regex.pattern, regex.flags), sre_constants)
    except Exception:  # noqa: BLE001 - an analysis we cannot make is no prefilter
        return None
    factors = [f for f in factors if all(f)]
    return sorted(factors, key=lambda f: (-min(map(len, f)), len(f))) or None


# characters so common in service talk that as a word of their own they tell nothing
COMMON = frozenset("不我你您的了是有还在这那就也都要去好吗呢吧啊哦呀嘛一个么给帮说到看下上来能会可和对没人他她它们请大太小多号")


def telling(words) -> tuple:
    """How well a choice of words prefilters (higher is better): no common one-character
    word, then the shortest word longest, then the fewest words."""
    return (not any(len(w) == 1 and w in COMMON for w in words), min(map(len, words)), -len(words))


def gate_words(regex: re.Pattern) -> Optional[list[str]]:
    """The words of the most telling required factor of a regex, one of which every
    match holds; None when it has none worth scanning for."""
    factors = required_strings(regex)
    if not factors:
        return None
    best = max(factors, key=telling)
    return sorted(best, key=len, reverse=True) if telling(best)[0] else None


def _factors(items, c) -> list[list[str]]:
    """Required factors of a parsed sequence (see `required_strings`); `c`: the regex
    parser's constants."""
    factors: list[list[str]] = []
    run: list[str] = []

    def close() -> None:
        if run:
            factors.append(["".join(run)])
            run.clear()

    for op, arg in items:
        if op is c.LITERAL:
            run.append(chr(arg))
            continue
        if op is c.IN and all(o is c.LITERAL for o, _ in arg):
            chars = sorted({chr(a) for _, a in arg})
            if len(chars) == 1:
                run.append(chars[0])
                continue
            close()
            factors.append(chars)
            continue
        close()
        if op is c.SUBPATTERN:
            _group, add_flags, _del_flags, sub = arg
            if add_flags & c.SRE_FLAG_IGNORECASE:
                raise ValueError("case-insensitive group")
            factors.extend(_factors(sub, c))
        elif op is getattr(c, "ATOMIC_GROUP", None):
            factors.extend(_factors(arg, c))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            low, _high, sub = arg
            if low >= 1:
                factors.extend(_factors(sub, c))
        elif op is c.BRANCH:
            alternatives: list[str] = []
            for branch in arg[1]:
                found = [f for f in _factors(branch, c) if all(f)]
                if not found:
                    alternatives = []
                    break
                alternatives.extend(max(found, key=lambda f: (min(map(len, f)), -len(f))))
            if alternatives:
                factors.append(sorted(set(alternatives)))
    close()
    return factors
