"""The fuzzy search's pinyin key of every character pypinyin has a reading for.

A key is the character's toneless pinyin (pypinyin's first reading) with the confusions
ASR and accents make folded: zh/ch/sh → z/c/s, -ng → -n, final -n dropped. Importing
pypinyin takes about 0.2 s, too long for a one-call check that needs a fuzzy match, so the
keys ship as `data/pinyin-keys.json`, made for one pypinyin version; with any other
version installed, each key is asked of pypinyin. Regenerate the table with

    python -m qa_toolkit.pinyin_table
"""

from __future__ import annotations

import json
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "data" / "pinyin-keys.json"


def pypinyin_version() -> str:
    from importlib.metadata import version

    return version("pypinyin")


def fold(syllable: str) -> str:
    for retroflex in ("zh", "ch", "sh"):
        if syllable.startswith(retroflex):
            syllable = syllable[0] + syllable[2:]
            break
    if syllable.endswith("ng"):
        syllable = syllable[:-1]
    if syllable.endswith("n") and len(syllable) > 1:
        syllable = syllable[:-1]
    return syllable


def computed_key(char: str) -> str:
    """The key by pypinyin itself; a character without a reading is its own key."""
    from pypinyin import Style, lazy_pinyin

    syllable = lazy_pinyin(char, style=Style.NORMAL, errors="default")[0]
    return char if syllable == char else fold(syllable)


def characters() -> list[str]:
    """Every character pypinyin has a reading for."""
    from pypinyin.pinyin_dict import pinyin_dict

    return [chr(code) for code in sorted(pinyin_dict)]


def build_table() -> dict:
    keys: dict[str, list[str]] = {}
    for char in characters():
        key = computed_key(char)
        if key != char:
            keys.setdefault(key, []).append(char)
    return {"pypinyin": pypinyin_version(), "keys": {k: "".join(v) for k, v in sorted(keys.items())}}


def load_keys() -> dict[str, str] | None:
    """{character: key} from the shipped table; None when it was made for another
    pypinyin version (or cannot be read)."""
    try:
        table = json.loads(TABLE.read_text(encoding="utf-8"))
        if table["pypinyin"] != pypinyin_version():
            return None
        keys: dict[str, str] = {}
        for key, chars in table["keys"].items():
            keys.update(dict.fromkeys(chars, key))
        return keys
    except (OSError, ValueError, KeyError, ImportError):
        return None


def main() -> None:
    from .resources import write_table

    write_table(TABLE, build_table())


if __name__ == "__main__":
    main()
