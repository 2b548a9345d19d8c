from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from qa_toolkit.engine import compile_rubric
from qa_toolkit.rubric import load_rubric

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DATA = TESTS / "data"
SAMPLES = ROOT / "samples"


@lru_cache(maxsize=None)
def compiled_shipped(name: str):
    return compile_rubric(load_rubric(name))


@pytest.fixture(scope="session")
def bank():
    return compiled_shipped("bank-hotline")
