"""Decode text files the way Chinese call-centre tools write them.

UTF-8 (with or without BOM) first; then GB18030 (a superset of GBK/GB2312, what Chinese
mainland tools and Windows export) or Big5. A short text often decodes both ways — Big5
bytes are mostly valid GBK, and GBK bytes often valid Big5 — so the choice is made by
plausibility, not by a byte statistic: the share of the decoded text's Chinese characters
that are among the 1,500 most frequent (simplified, for GB18030; traditional, for Big5;
`data/frequent-chars.json`, made from jieba's dictionary and OpenCC). Mainland GB18030
wins unless Big5 reads clearly better. Anything else is an input error.
"""

from __future__ import annotations

import codecs
import json
from functools import lru_cache
from pathlib import Path
from .i18n import Msg

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class DecodeError(ValueError):
    pass


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) or raise DecodeError with a reason."""
    text, name, _ = decode_text(data)
    return text, name


def decode_text(data: bytes) -> tuple[str, str, bool]:
    """(text, encoding name, doubtful) or DecodeError with a reason. Doubtful: the bytes
    read as Chinese about as well in GB18030 as in Big5, so the choice rests on preferring
    the mainland encoding, not on the text."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name, False
            except UnicodeDecodeError as exc:
                raise DecodeError(Msg("in.bad_bom", encoding=name, byte=exc.start + 1)) from exc
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    decoded = {}
    for name in ("gb18030", "big5"):
        try:
            decoded[name] = data.decode(name)
        except UnicodeDecodeError:
            pass
    if len(decoded) == 2:
        name, doubtful = _choose(decoded["gb18030"], decoded["big5"])
        return decoded[name], name, doubtful
    if decoded:
        name, text = decoded.popitem()
        return text, name, False
    raise DecodeError(Msg("in.not_chinese_text"))


FREQUENT = Path(__file__).resolve().parent / "data" / "frequent-chars.json"
BIG5_MARGIN = 0.15  # how much better Big5 must read for a text that decodes both ways


@lru_cache(maxsize=1)
def _frequent() -> tuple[frozenset, frozenset]:
    table = json.loads(FREQUENT.read_text(encoding="utf-8"))
    return frozenset(table["simplified"]), frozenset(table["traditional"])


PUNCTUATION = frozenset("，。？！：；、「」『』（）《》…—·“”‘’％＃＠　")


def plausibility(text: str, frequent: frozenset) -> float:
    """The share of a text's characters beyond ASCII that are frequent Chinese ones or
    Chinese punctuation (a misread text is full of rare characters, kana, Greek, private
    use); 0 when it has none."""
    wide = [c for c in text if c > "\x7f"]
    if not wide:
        return 0.0
    return sum(c in frequent or c in PUNCTUATION for c in wide) / len(wide)


def _choose(as_gb: str, as_big5: str) -> tuple[str, bool]:
    """gb18030 or big5, for a text that decodes both ways: the one that reads as Chinese;
    GB18030 when they read about as well. And whether that is in doubt: both readings
    plausible (at least half frequent characters) and within the margin of each other."""
    simplified, traditional = _frequent()
    gb = plausibility(as_gb, simplified)
    big5 = plausibility(as_big5, traditional)
    name = "big5" if big5 > gb + BIG5_MARGIN else "gb18030"
    return name, min(gb, big5) >= 0.5 and abs(gb - big5) <= BIG5_MARGIN


def build_frequent(count: int = 1500) -> dict:
    """The table of frequent characters: the `count` most frequent in jieba's dictionary
    (weighted by word frequency) and their traditional forms (OpenCC s2t)."""
    import os
    from collections import Counter

    import jieba
    import opencc

    frequency: Counter = Counter()
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 2:
                for char in parts[0]:
                    if "\u4e00" <= char <= "\u9fff":
                        frequency[char] += int(parts[1])
    simplified = "".join(c for c, _ in frequency.most_common(count))
    traditional = "".join(sorted(set(opencc.OpenCC("s2t").convert(simplified))))
    return {"simplified": "".join(sorted(simplified)), "traditional": traditional}


def main() -> None:  # python -m qa_toolkit.encoding: rebuild the shipped table
    from .resources import write_table

    write_table(FREQUENT, build_frequent())


if __name__ == "__main__":
    main()
