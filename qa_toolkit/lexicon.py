"""Phrase lists: one phrase a line, `#` starts a comment, `|` separates exception contexts.

    不知道 | 不知道您 | 您不知道          # a hit inside 「不知道您…」 is a polite question
    没办法 | re:(系统|页面)[^,。]{0,6}没办法 # an exception may be a regular expression
    还有 … 其他/什么/别的 … 帮/效劳/服务  # a template: words in order, a short gap between
    ^亲/亲亲/亲爱的                     # a template at the start of a turn
    靠 @alone                          # counts only as a word standing alone in its clause

An exception context cancels a hit when an occurrence of it overlaps the hit; one written
`re:…` is a regular expression over the normalised text. A template (a phrase holding
`…` or `/`) is parts in order, each a `/`-separated choice of words, with up to a few
characters of the same clause between two parts (`…`) or none (a space); `^` ties it to
the start of the turn. `@alone` marks a short word that also occurs innocently inside
longer ones (靠 in 靠谱): it counts only where it stands alone — after the start of a
clause or 我/你/给我/去/他/真, and before the clause's end or a final particle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .i18n import Msg, os_reason, reason_of
from .encoding import DecodeError, decode_bytes
from .regex_safety import backtracking_risk

FLAGS = ("alone",)


@dataclass(frozen=True)
class Entry:
    phrase: str
    exceptions: tuple[str, ...] = ()
    source: str = ""
    line: int = 0
    flags: frozenset[str] = frozenset()


class LexiconError(ValueError):
    def __init__(self, path: str, line: int | None, reason):
        super().__init__(f"{path}{':' + str(line) if line else ''}: {reason}")
        self.path, self.line, self.reason = path, line, reason


@dataclass
class Lexicon:
    path: str
    entries: list[Entry] = field(default_factory=list)


def _flags(part: str, path: str, number: int) -> tuple[str, frozenset[str]]:
    """A part of a line without its @flags, and the flags."""
    words = part.split()
    flags = {w[1:] for w in words if w.startswith("@")}
    unknown = flags - set(FLAGS)
    if unknown:
        raise LexiconError(path, number, Msg("lexicon.unknown_flag", flag=sorted(unknown)[0],
                                             known=[f"@{f}" for f in FLAGS]))
    text = " ".join(w for w in words if not w.startswith("@"))
    return text, frozenset(flags)


def split_line(line: str) -> list[str]:
    """The `|`-separated parts of a line; a `re:` part keeps the `|` inside its brackets."""
    parts, current, depth = [], [], 0
    for char in line:
        regex = "".join(current).lstrip().startswith("re:")
        if char == "|" and not (regex and depth > 0):
            parts.append("".join(current).strip())
            current, depth = [], 0
            continue
        if regex:
            depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        current.append(char)
    parts.append("".join(current).strip())
    return parts


def parse_lexicon(text: str, path: str) -> Lexicon:
    import re

    lexicon = Lexicon(path=path)
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = split_line(line)
        phrase, flags = _flags(parts[0], path, number)
        exceptions = []
        for part in parts[1:]:
            context, more = _flags(part, path, number)
            flags |= more
            if not context:
                raise LexiconError(path, number, Msg("lexicon.empty_context"))
            if context.startswith("re:"):
                try:
                    re.compile(context[3:])
                except re.error as exc:
                    raise LexiconError(path, number, Msg("lexicon.not_regex", reason=str(exc))) from None
                risk = backtracking_risk(context[3:])
                if risk:
                    raise LexiconError(path, number, Msg("lexicon.slow_regex", risk=risk))
            exceptions.append(context)
        if not phrase:
            raise LexiconError(path, number, Msg("lexicon.empty_phrase"))
        if is_template(phrase):
            try:
                template_parts(phrase)
            except ValueError as exc:
                raise LexiconError(path, number, reason_of(exc)) from None
        lexicon.entries.append(Entry(phrase, tuple(exceptions), path, number, flags))
    return lexicon


MAX_LEXICON_BYTES = 8 << 20  # a phrase list is a few kilobytes; a device or a dump is not one


def load_lexicon(path: Path) -> Lexicon:
    """A lexicon file: a regular file of at most 8 MiB."""
    import stat

    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise LexiconError(str(path), None, Msg("lexicon.not_regular"))
        if info.st_size > MAX_LEXICON_BYTES:
            raise LexiconError(str(path), None, Msg("lexicon.too_large", mib=MAX_LEXICON_BYTES >> 20))
        text, _ = decode_bytes(path.read_bytes())
    except OSError as exc:
        raise LexiconError(str(path), None, Msg("lexicon.cannot_read", reason=os_reason(exc))) from exc
    except DecodeError as exc:
        raise LexiconError(str(path), None, Msg("lexicon.cannot_decode", reason=reason_of(exc))) from exc
    return parse_lexicon(text, str(path))


# --------------------------------------------------------------------------- templates

GAP = "…"


def is_template(phrase: str) -> bool:
    return GAP in phrase or "..." in phrase or "/" in phrase or phrase.startswith("^")


def template_parts(phrase: str) -> tuple[bool, list[tuple[list[str], bool]]]:
    """(anchored at the start of the turn, [(choices, gap before), …]) of a template.
    Parts are separated by `…` (a gap may come between them) or by a space (adjacent)."""
    text = phrase.replace("...", GAP).strip()
    anchored = text.startswith("^")
    if anchored:
        text = text[1:].strip()
    parts: list[tuple[list[str], bool]] = []
    for g_index, chunk in enumerate(text.split(GAP)):
        words = chunk.split()
        if not words:
            raise ValueError(Msg("lexicon.empty_part", phrase=phrase))
        for w_index, word in enumerate(words):
            choices = [c for c in word.split("/")]
            if any(not c for c in choices):
                raise ValueError(Msg("lexicon.empty_choice", phrase=phrase))
            parts.append((choices, g_index > 0 and w_index == 0))
    return anchored, parts
