"""`regex`: regular expressions over the normalised text of each turn.

    - id: work-number
      check: regex
      expect: present              # absent (default): every match is a finding
      window: {first_turns: 2}
      regexes: ["[0-9零〇一二三四五六七八九幺两]+号", "工号[是为:]?[0-9零〇一二三四五六七八九幺两]+"]
      boundaries: token            # token | start | none
      exceptions: [号码]

Text is normalised first (simplified, half-width, ASR spaces removed), so one regex covers
traditional and full-width input. With `boundaries: token` a match (leftmost, greedy, as
`re.finditer` gives it) counts only when it starts and ends on jieba token boundaries:
「1024号」 in 「1024号很高兴」, not 「4号」 inside 「手机号码」. `start` checks only its start
(「请」 as the first character of 请问), `none` nothing (「您」 anywhere). Segmentation runs
only on turns where a regex matched. The literals every match of a regex needs (「知道」
or 「清楚」 …) are read from the regex itself; a call holding none of them is not searched.
A rule over the whole call whose regexes read nothing outside their match and cannot
match the turn separator searches the call's joined turns once; only the turns where that
search matched are searched again, one by one, with the rule's checks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterator, Optional

from ..normalise import SEP, normalise_phrase
from ..prepare import PreparedCall, PreparedUtterance
from ..rubric import RegexRule
from .base import MEMO_SIZE, Evidence, Hit, excepted, run_spans

CHECK = "regex"


def _parser():
    try:
        from re import _constants as sre_constants
        from re import _parser as sre_parse  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants
        import sre_parse
    return sre_parse, sre_constants


def within_turns(regex: re.Pattern) -> bool:
    """True when a search of the joined turns finds a match in every turn where the
    regex alone finds one: it cannot match an empty string or the separator, and nothing
    outside a match (anchors, lookarounds, backreferences) changes whether it matches."""
    if regex.flags & ~(re.UNICODE | re.DOTALL) or regex.fullmatch("") is not None:
        return False
    sre_parse, c = _parser()
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
    sre_parse, sre_constants = _parser()
    try:
        factors = _factors(sre_parse.parse(regex.pattern, regex.flags), sre_constants)
    except Exception:  # noqa: BLE001 - an analysis we cannot make is no prefilter
        return None
    factors = [f for f in factors if all(f)]
    return sorted(factors, key=lambda f: (-min(map(len, f)), len(f))) or None


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


class RegexCheck:
    def __init__(self, rule: RegexRule):
        self.rule = rule
        self.regexes = [re.compile(r) for r in rule.regexes]
        self.exceptions = tuple(normalise_phrase(e) for e in rule.exceptions)
        # a call can match only if, for some regex, it holds one alternative of each of
        # that regex's required factors
        required = [required_strings(r) for r in self.regexes]
        self._memo: dict[str, list[tuple[int, int]]] = {}
        self.required = None if any(r is None for r in required) else required
        # whole-call rules: one search of the joined turns finds the turns to search
        self.joined = rule.window is None and all(within_turns(r) for r in self.regexes)

    def _possible(self, call: PreparedCall) -> bool:
        """False when no turn of the call's joined scan can match."""
        if self.required is None or call.scan is None:
            return True
        joined = call.scan.joined
        return any(all(any(a in joined for a in factor) for factor in factors) for factors in self.required)

    def user_words(self) -> set[str]:
        return set(self.exceptions)

    def _matches(self, utt: PreparedUtterance) -> list[tuple[int, int]]:
        if not utt.fast:
            return self._search(utt)
        text = utt.text  # a pure function of the text: remembered on the fast path
        found = self._memo.get(text)
        if found is None:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            found = self._memo[text] = self._search(utt)
        return found

    def _search(self, utt: PreparedUtterance) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = []
        for regex in self.regexes:
            for match in regex.finditer(utt.text):
                start, end = match.span()
                if start == end:
                    continue
                if self.rule.boundaries == "token" and not utt.on_boundaries(start, end):
                    continue
                if self.rule.boundaries == "start" and start not in utt.starts:
                    continue
                if excepted(utt.text, start, end, self.exceptions):
                    continue
                found.append((start, end))
        chosen: list[tuple[int, int]] = []  # overlapping matches of several regexes: keep the longest
        for span in sorted(found, key=lambda s: (-(s[1] - s[0]), s[0])):
            if all(span[1] <= c[0] or span[0] >= c[1] for c in chosen):
                chosen.append(span)
        return sorted(chosen)

    def _turns_matched(self, call: PreparedCall) -> set[int]:
        """The scanned turns where a search of the joined turns matched."""
        scan = call.scan
        starts, ids = scan.starts, scan.ids
        return {ids[bisect_right(starts, m.start()) - 1] for r in self.regexes for m in r.finditer(scan.joined)}

    def run(self, call: PreparedCall, evidence: list[Evidence]) -> Iterator[Hit]:
        if not self._possible(call):
            found: set[int] = set()
        elif self.joined and call.scan is not None:
            found = self._turns_matched(call)
        else:
            return run_spans(call, self.rule, self._matches, evidence)

        def matches(utt: PreparedUtterance) -> list[tuple[int, int]]:
            return self._matches(utt) if utt.scan is None or utt.index in found else []

        return run_spans(call, self.rule, matches, evidence)


def compile_check(rule: RegexRule, entries) -> RegexCheck:
    return RegexCheck(rule)
