"""Word segmentation with jieba semantics.

`rjieba` (jieba-rs) gives the same tokens as `jieba` about thirty times faster; it is used
when it imports, `jieba` otherwise (or when QA_TOOLKIT_SEGMENTER=jieba). Every lexicon
phrase and every exception context is added as a user word with the frequency jieba's
`suggest_freq` computes: just high enough that the phrase stays one token on its own, so
that token boundaries tell 操 from 操作, while the words around it still segment
naturally (有没有/办法 stays that way; a blanket huge frequency would give 有/没有办法).
"""

from __future__ import annotations

import os
import re
from itertools import accumulate
from typing import Iterable, NamedTuple


_SPACE = re.compile(r"\s")


class Token(NamedTuple):
    text: str
    start: int
    end: int


def _rjieba_class():
    """rjieba's tokenizer class. The package's __init__ also builds a module-level
    tokenizer (its dictionary load is a large part of a one-call start-up) that this
    project never uses, so the compiled extension is loaded alone when it can be."""
    import importlib.machinery
    import importlib.util
    import sys

    if "rjieba" not in sys.modules and "rjieba.rjieba" not in sys.modules:
        spec = importlib.util.find_spec("rjieba")
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for suffix in importlib.machinery.EXTENSION_SUFFIXES:
                path = os.path.join(folder, "rjieba" + suffix)
                if os.path.exists(path):
                    loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", path)
                    ext = importlib.util.spec_from_file_location("rjieba.rjieba", path, loader=loader)
                    module = importlib.util.module_from_spec(ext)
                    loader.exec_module(module)
                    sys.modules["rjieba.rjieba"] = module
                    return module.Jieba
    if "rjieba.rjieba" in sys.modules:
        return sys.modules["rjieba.rjieba"].Jieba
    import rjieba

    return rjieba.Jieba


class Segmenter:
    """One tokenizer instance with its own user words (one per compiled rubric)."""

    def __init__(self, backend: str | None = None, words: Iterable[str] = ()):
        self._init(backend)
        self.words: list[str] = []
        self.add_words(words)

    def __reduce__(self):
        # a tokenizer does not pickle: a worker process builds its own, with the same words
        return Segmenter, (self.backend, tuple(self.words))

    def _init(self, backend: str | None) -> None:
        backend = backend or os.environ.get("QA_TOOLKIT_SEGMENTER") or "auto"
        if backend in ("auto", "rjieba"):
            try:
                # the closures hold the tokenizer, never `self`: no reference cycle, so a
                # segmenter (its dictionary, tens of MB) is freed as soon as it is dropped
                impl = self._impl = _rjieba_class()()
                self.backend = "rjieba"
                self._add = lambda word, freq: impl.add_word(word, freq, None)
                self._suggest = impl.suggest_freq
                self._spans = impl.tokenize
                self._cut = impl.cut
                return
            except ImportError:
                if backend == "rjieba":
                    raise
        if backend not in ("auto", "jieba", "rjieba"):
            raise ValueError(f"unknown segmenter backend '{backend}'")
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        impl = self._impl = jieba.Tokenizer()
        impl.initialize()
        self.backend = "jieba"
        self._add = lambda word, freq: impl.add_word(word, freq)
        self._suggest = lambda word: impl.suggest_freq(word, tune=False)
        self._spans = lambda text: list(impl.tokenize(text))
        self._cut = None

    def add_words(self, words: Iterable[str]) -> None:
        """Add user words in the given order (the order changes the suggested frequencies)."""
        for word in words:
            if word and not any(c.isspace() for c in word):
                self._add(word, max(int(self._suggest(word)), 1))
                self.words.append(word)

    def tokenize(self, text: str) -> list[Token]:
        return list(map(Token._make, self.spans(text)))

    def spans(self, text: str) -> list[tuple[str, int, int]]:
        """(word, start, end) for each token, as plain tuples."""
        if not text:
            return []
        return self._spans(text)

    def bounds(self, text: str) -> tuple[frozenset[int], frozenset[int]]:
        """(starts, ends) of the tokens of `text` that are not whitespace."""
        if self._cut is not None and text and _SPACE.search(text) is None:
            # the same tokens as `spans`, without building their offsets one by one
            ends = list(accumulate(map(len, self._cut(text))))
            return frozenset([0, *ends[:-1]]), frozenset(ends)
        spans = [t for t in (self._spans(text) if text else []) if not t[0].isspace()]
        return frozenset(t[1] for t in spans), frozenset(t[2] for t in spans)

    def cut(self, text: str) -> list[str]:
        return [t.text for t in self.tokenize(text)]
