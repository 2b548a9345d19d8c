"""`require`: at least one of the phrases must occur in the window of the rule's role.

    - id: closing-question
      check: require
      window: {last_turns: 3}
      lexicons: [closing]
      fuzzy: pinyin          # none | pinyin | edit
      max_edits: 1

Exact matches (on token boundaries) are tried first; then, when the rule allows it, a
fuzzy match that tolerates ASR homophones (phrases shorter than `min_fuzzy_length` only
match on identical pinyin, never with edits). A met requirement leaves `Evidence` (marked
fuzzy when it was); an unmet one is one finding at the edge of the window.
"""

from __future__ import annotations

from typing import Iterator, Optional

from ..prepare import PreparedCall
from ..rubric import RequireRule
from .base import MEMO_SIZE, Evidence, Hit, PhraseMatcher, candidate_turns, select_turns, select_window, window_anchor
from .fuzzy import fuzzy_find, fuzzy_find_reference

CHECK = "require"


class RequireCheck:
    def __init__(self, rule: RequireRule, matcher: PhraseMatcher):
        self.rule = rule
        self.matcher = matcher
        self._fuzzy_memo: dict[str, Optional[tuple[int, int, str]]] = {}  # fast path, by turn text

    def user_words(self) -> set[str]:
        return self.matcher.user_words()

    def run(self, call: PreparedCall, evidence: list[Evidence]) -> Iterator[Hit]:
        turns = select_turns(call, self.rule.role)
        window = select_window(call, turns, self.rule.window)
        for utt in candidate_turns(call, self.matcher, window):
            found = self.matcher.find(utt)
            if found:
                start, end, phrase = found[0]
                evidence.append(Evidence(utt.index, start, end, utt.text[start:end], phrase.text, False))
                return
        if self.rule.fuzzy != "none":
            for utt in window:
                if utt.fast:  # what a turn holds is a pure function of its text
                    memo = self._fuzzy_memo
                    text = utt.text
                    match = memo.get(text, False)
                    if match is False:
                        if len(memo) >= MEMO_SIZE:
                            memo.clear()
                        match = memo[text] = self._fuzzy(text, fuzzy_find)
                else:
                    match = self._fuzzy(utt.text, fuzzy_find_reference)
                if match:
                    start, end, phrase = match
                    evidence.append(Evidence(utt.index, start, end, utt.text[start:end], phrase, True))
                    return
        yield Hit(utterance=window_anchor(window, self.rule.window), missing=True)

    def _fuzzy(self, text: str, find) -> Optional[tuple[int, int, str]]:
        """The first phrase, in lexicon order, with a fuzzy match in the text."""
        for phrase in self.matcher.phrases:
            edits = self.rule.max_edits
            if len(phrase.text) < self.rule.min_fuzzy_length:
                if self.rule.fuzzy != "pinyin":
                    continue
                edits = 0  # short phrases: same sound only (在见 for 再见)
            match = find(text, phrase.text, self.rule.fuzzy, edits)
            if match:
                return match[0], match[1], phrase.text
        return None


def compile_check(rule: RequireRule, entries) -> RequireCheck:
    return RequireCheck(rule, PhraseMatcher.build(entries))
