"""Normalisation keeps an exact map to the original; both segmenters give the same tokens."""

from __future__ import annotations

import pytest

from conftest import SAMPLES
from qa_toolkit.engine import compile_rubric
from qa_toolkit.ingest import read_calls
from qa_toolkit.models import Call
from qa_toolkit.normalise import normalise
from qa_toolkit.rubric import load_rubric
from qa_toolkit.segment import Segmenter


@pytest.mark.parametrize(
    "original,normalised",
    [
        ("這事不歸我管", "这事不归我管"),
        ("ＴＭＤ，滾！！！", "tmd,滚!"),
        ("您好 很 高兴 为 您 服务", "您好很高兴为您服务"),
        ("ok  thanks a lot", "ok thanks a lot"),
        ("好的。。。再见……", "好的。再见…"),
        ("  前后空格  ", "前后空格"),
    ],
)
def test_normalise(original, normalised):
    assert normalise(original).text == normalised


def test_offsets_point_into_the_original():
    norm = normalise("這個 沒有 辦法！！")
    start = norm.text.index("没有办法")
    assert norm.original_span(start, start + 4) == (3, 8)
    assert "這個 沒有 辦法！！"[3:8] == "沒有 辦法"


def test_rjieba_and_jieba_give_identical_tokens_on_the_samples():
    loaded = load_rubric("bank-hotline")
    fast = compile_rubric(loaded, Segmenter("rjieba"))
    slow = compile_rubric(loaded, Segmenter("jieba"))
    assert (fast.segmenter.backend, slow.segmenter.backend) == ("rjieba", "jieba")
    texts = [
        normalise(u.text).text
        for c in read_calls([SAMPLES / "calls"]) if isinstance(c, Call)
        for u in c.utterances
    ]
    assert len(texts) > 150
    for text in texts:
        assert fast.segmenter.cut(text) == slow.segmenter.cut(text), text


def test_suggested_frequency_lets_context_win():
    segmenter = Segmenter()
    segmenter.add_words(["没有办法"])
    assert segmenter.cut("没有办法") == ["没有办法"]
    assert segmenter.cut("有没有办法") == ["有没有", "办法"]


def test_user_words_stay_whole(bank):
    assert bank.segmenter.cut("这事不归我管") == ["这事不归我管"]
    # 有没有办法 is an exception context of 没有办法, so it is a user word itself
    assert bank.segmenter.cut("有没有办法") == ["有没有办法"]
    assert bank.segmenter.cut("有没有办法帮我") == ["有没有办法", "帮", "我"]
    assert bank.segmenter.cut("请您操作") == ["请", "您", "操作"]


@pytest.mark.parametrize("backend", ["rjieba", "jieba"])
def test_bounds_are_the_token_edges(backend):
    segmenter = compile_rubric(load_rubric("bank-hotline"), Segmenter(backend)).segmenter
    texts = [
        normalise(u.text).text
        for c in read_calls([SAMPLES / "calls"]) if isinstance(c, Call)
        for u in c.utterances
    ] + ["如果不是本人操作", "滚动还款 每月 还", "a b", " 滚 ", "滚", ""]
    spaced = 0
    for text in texts:
        tokens = [t for t in segmenter.tokenize(text) if not t.text.isspace()]
        assert segmenter.bounds(text) == (
            frozenset(t.start for t in tokens), frozenset(t.end for t in tokens)
        ), text
        spaced += any(c.isspace() for c in text)
    assert segmenter.bounds("请您操作") == (frozenset({0, 1, 2}), frozenset({1, 2, 4}))
    assert segmenter.bounds(" 滚 ") == (frozenset({1}), frozenset({2}))
    assert spaced >= 3


def test_a_segmenter_is_freed_as_soon_as_it_is_dropped():
    """No reference cycle keeps a tokenizer (tens of MB of dictionary) alive: a process that
    checks many times (a library user, a test run) does not grow. (rjieba, the default; plain
    jieba's own initialisation leaves a cycle that the garbage collector frees.)"""
    import gc
    import weakref

    from qa_toolkit.engine import compile_rubric
    from qa_toolkit.rubric import load_rubric
    from qa_toolkit.segment import Segmenter

    gc.disable()
    try:
        segmenter = Segmenter("rjieba", ["不归我管"])
        gone = weakref.ref(segmenter)
        del segmenter
        assert gone() is None
        compiled = compile_rubric(load_rubric("bank-hotline"))
        gone = weakref.ref(compiled.segmenter)
        del compiled
        assert gone() is None
    finally:
        gc.enable()
    segmenter = Segmenter("jieba")
    gone = weakref.ref(segmenter)
    del segmenter
    gc.collect()
    assert gone() is None
