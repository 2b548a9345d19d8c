"""The traditional → simplified skip: a text is left alone only when OpenCC would give it
back unchanged, judged from a table of what OpenCC's own dictionaries change."""

from __future__ import annotations

import json
import random

import pytest

from qa_toolkit import normalise, t2s_table
from qa_toolkit.normalise import needs_t2s, to_simplified


def test_shipped_table_is_the_installed_opencc_dictionaries():
    shipped = json.loads(t2s_table.TABLE.read_text(encoding="utf-8"))
    assert shipped == t2s_table.build_table()
    assert shipped["opencc"] == t2s_table.opencc_version()
    assert "覆" not in shipped["chars"] and "回覆" in shipped["phrases"]  # a phrase-only change


def test_skipped_texts_are_exactly_those_opencc_leaves_alone():
    table = json.loads(t2s_table.TABLE.read_text(encoding="utf-8"))
    converter = normalise._t2s()
    rng = random.Random(5)
    pool = list(table["chars"][::7]) + list("".join(table["phrases"])) + list("什么怎么回复我们您好深沉覆盖坏了，。")
    skipped = 0
    for _ in range(5000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 12)))
        if not needs_t2s(text):
            skipped += 1
            assert converter.convert(text) == text
    assert skipped > 100
    assert needs_t2s("請您稍等") and to_simplified("請您稍等") == "请您稍等"
    assert needs_t2s("我回覆您") and to_simplified("我回覆您") == "我回复您"
    assert not needs_t2s("请问还有什么可以帮您？")


def test_skip_test_finds_exactly_the_table_keys():
    """The class, set and automaton together say what one automaton of every key says,
    for characters within the BMP, above it, and phrases."""
    from qa_toolkit.automaton import Automaton

    table = json.loads(t2s_table.TABLE.read_text(encoding="utf-8"))
    keys = Automaton(list(table["chars"]) + table["phrases"]).matches
    above = [c for c in table["chars"] if ord(c) > 0xFFFF]
    assert above and needs_t2s("好" + above[0]) and not needs_t2s("好\U0001F600")
    rng = random.Random(8)
    pool = list(table["chars"][::97]) + above[::9] + list("".join(table["phrases"][::5])) + list("回复您好，\U0001F600")
    seen = set()
    for _ in range(5000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 10)))
        assert needs_t2s(text) == bool(keys(text)), text
        seen.add(needs_t2s(text))
    assert seen == {True, False}


def test_another_opencc_version_converts_every_text(monkeypatch):
    monkeypatch.setattr(t2s_table, "opencc_version", lambda: "0.0.1")
    normalise._t2s_filter.cache_clear()
    try:
        assert needs_t2s("请问还有什么可以帮您？") is True
        assert to_simplified("請問") == "请问"
    finally:
        normalise._t2s_filter.cache_clear()


@pytest.mark.parametrize("text", ["", "abc", "乾隆", "乾杯", "著作"])
def test_to_simplified_matches_opencc(text):
    assert to_simplified(text) == normalise._t2s().convert(text)
