"""Aho-Corasick (ahocorasick-rs) over a text's UTF-16 code units.

Scanning the UTF-16 bytes with a DFA is about twice as fast as the string interface,
which converts every text to UTF-8 and maps offsets back. Within the BMP one character
is one code unit, so a match starting on an even byte is a match at character offset
start/2; a match starting on an odd byte straddles two characters and is dropped (every
match is reported: overlapping search). A text with characters above the BMP takes the
string interface.
"""

from __future__ import annotations


class Automaton:
    def __init__(self, patterns: list[str]):
        import ahocorasick_rs

        self.patterns = patterns
        self._bytes = ahocorasick_rs.BytesAhoCorasick(
            [p.encode("utf-16-le", "surrogatepass") for p in patterns],
            matchkind=ahocorasick_rs.MatchKind.Standard,
            implementation=ahocorasick_rs.Implementation.DFA,
        ).find_matches_as_indexes if patterns else None
        self._text = None

    def __reduce__(self):
        return Automaton, (self.patterns,)

    def matches(self, text: str) -> list[tuple[int, int, int]]:
        """(pattern index, start, end) of every occurrence, overlapping ones included."""
        if self._bytes is None:
            return []
        data = text.encode("utf-16-le", "surrogatepass")
        if len(data) == 2 * len(text):
            return [(i, s >> 1, e >> 1) for i, s, e in self._bytes(data, overlapping=True) if not s & 1]
        if self._text is None:
            import ahocorasick_rs

            self._text = ahocorasick_rs.AhoCorasick(
                self.patterns, matchkind=ahocorasick_rs.MatchKind.Standard
            ).find_matches_as_indexes
        return self._text(text, overlapping=True)
