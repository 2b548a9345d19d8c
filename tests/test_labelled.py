"""The hand-labelled calls in samples/labelled hold every rule of the shipped rubrics they
label to 95 % precision and recall: a lexicon change that trades misses for false hits
fails here, with the cases printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import compiled_shipped
from qa_toolkit.calibrate import measure, read_labels

LABELLED = sorted((Path(__file__).resolve().parent.parent / "samples" / "labelled").glob("*.yaml"))
TARGET = 0.95


@pytest.fixture(scope="module")
def labels():
    read = read_labels(LABELLED)
    assert read.errors == []
    return read


def test_the_corpus_is_large_and_labels_every_rule(labels):
    assert len(LABELLED) == 11
    assert len(labels.calls) == 332
    result = measure(compiled_shipped("bank-hotline"), labels)
    assert {r.rule: r.calls for r in result.rules} == {
        "greeting": 332,
        "standard-opening": 188,
        "work-number": 188,
        "forbidden-phrase": 332,
        "profanity": 332,
        "closing-question": 332,
    }


def test_bank_hotline_meets_the_targets(labels):
    result = measure(compiled_shipped("bank-hotline"), labels)
    low = [
        (r.rule, r.precision, r.recall, [(c.kind, c.call_id, c.turn) for c in result.cases if c.rule == r.rule])
        for r in result.rules
        if (r.precision is not None and r.precision < TARGET) or (r.recall is not None and r.recall < TARGET)
    ]
    assert low == []
    # every rule is measured on both sides: it has hits to be wrong about and calls to miss
    assert all(r.findings >= 13 for r in result.rules)


def test_gas_utility_meets_the_targets_on_the_rules_it_shares(labels):
    # standard-opening is labelled in the bank hotline's wording; gas-utility has its own
    result = measure(compiled_shipped("gas-utility"), labels)
    shared = [r for r in result.rules if r.rule != "standard-opening"]
    assert [r.rule for r in shared] == ["greeting", "work-number", "forbidden-phrase", "profanity", "closing-question"]
    assert [(r.rule, r.precision, r.recall) for r in shared if r.precision < TARGET or r.recall < TARGET] == []
