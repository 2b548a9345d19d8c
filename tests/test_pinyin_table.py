"""The shipped pinyin keys of the fuzzy search: what pypinyin itself gives, without the
0.2 s its import takes."""

from __future__ import annotations

import json

from qa_toolkit import pinyin_table
from qa_toolkit.text import fuzzy


def test_shipped_table_is_the_installed_pypinyin():
    shipped = json.loads(pinyin_table.TABLE.read_text(encoding="utf-8"))
    assert shipped == pinyin_table.build_table()
    assert shipped["pypinyin"] == pinyin_table.pypinyin_version()


def test_keys_are_pypinyins_for_every_character():
    keys = pinyin_table.load_keys()
    assert keys is not None and len(keys) == 41923
    # every character pypinyin reads, the CJK blocks it may not, and characters it has
    # no reading for (latin, digits, punctuation, symbols)
    chars = set(pinyin_table.characters())
    chars.update(chr(c) for c in range(0x3400, 0x4DC0))
    chars.update(chr(c) for c in range(0x4E00, 0xA000))
    chars.update("abcXYZ019，。！？…—《》%+＋ａ１\u3000\ue000\U0001F600\U00020000")
    for char in sorted(chars):
        assert keys.get(char, char) == pinyin_table.computed_key(char), char


def test_folded_confusions():
    assert [fuzzy.syllable_key(c) for c in "您你在再是四张脏"] == ["ni", "ni", "zai", "zai", "si", "si", "za", "za"]
    assert fuzzy.syllable_key("a") == "a" and fuzzy.syllable_key("，") == "，"


def test_another_pypinyin_version_asks_pypinyin(monkeypatch):
    monkeypatch.setattr(pinyin_table, "pypinyin_version", lambda: "0.0.1")
    assert pinyin_table.load_keys() is None
    fuzzy._shipped_keys.cache_clear()
    fuzzy.syllable_key.cache_clear()
    try:
        assert fuzzy._shipped_keys() is None
        assert fuzzy.syllable_key("您") == "ni"
    finally:
        fuzzy._shipped_keys.cache_clear()
        fuzzy.syllable_key.cache_clear()
