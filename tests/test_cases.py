"""Rule behaviour as data: every YAML case under tests/cases/ runs here (sqlfluff style).

A case file names a shipped rubric and rule, or defines an inline rule (for check types).
Each case gives a transcript (plain-text format, `[mm:ss-mm:ss]` times allowed), optionally
a call `log` (CallLog fields) and `channel`, and the exact findings expected for that rule:
utterance index, matched original text, `missing: true` for an absent requirement,
optionally the span, the `message` and the points `deducted`; `met` lists the evidence expected for met
requirements.
"""

from __future__ import annotations

import dataclasses
import json
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from conftest import TESTS, compiled_shipped
from qa_toolkit.engine import check_call, compile_rubric
from qa_toolkit.ingest.text_input import parse_transcript
from qa_toolkit.models import Call, CallLog, replace
from qa_toolkit.resources import shipped_rubrics
from qa_toolkit.rubric import LoadedRubric, Rubric, load_rubric

CASES_DIR = TESTS / "cases"


def _case_files() -> list[Path]:
    return sorted(CASES_DIR.rglob("*.yml"))


@lru_cache(maxsize=None)
def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _params():
    for path in _case_files():
        data = _load(path)
        for name, case in data["cases"].items():
            yield pytest.param(path, name, case, id=f"{path.parent.name}/{path.stem}/{name}")


@lru_cache(maxsize=None)
def _inline(path: Path, overrides: str):
    """The case file's inline rule with a case's overrides, compiled once for every case
    that shares them (a segmenter takes about 0.1 s to build)."""
    rule = {**_load(path)["rule"], **json.loads(overrides)}
    rubric = Rubric.model_validate(
        {"name": "inline", "title": "inline", "version": "0", "pass_line": 60, "rules": [rule]}
    )
    return compile_rubric(LoadedRubric(rubric=rubric, path=path, lines=None))


def _on(compiled, fast: bool):
    """The same compiled rubric on the fast path or on the reference path."""
    return compiled if fast else dataclasses.replace(compiled, fast=False)


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "reference"])
@pytest.mark.parametrize("path,name,case", list(_params()))
def test_case(path, name, case, fast):
    data = _load(path)
    if "rubric" in data:
        compiled, rule_id = compiled_shipped(data["rubric"]), data["rule"]
    else:
        overrides = json.dumps(case.get("rule", {}), sort_keys=True, ensure_ascii=False)
        compiled, rule_id = _inline(path, overrides), data["rule"]["id"]
    compiled = _on(compiled, fast)
    if "transcript" in case:
        call = parse_transcript(case["transcript"], name)
    else:  # a call known only from its log
        call = Call(call_id=name, utterances=[])
    if "channel" in case:
        call = replace(call, channel=case["channel"])
    log = CallLog(call_id=name, **case["log"]) if "log" in case else None
    result = check_call(call, compiled, log=log)

    got = []
    for f in result.findings:
        if f.rule_id != rule_id:
            continue
        item = {"utterance": f.utterance_index}
        if f.span is None:
            item["missing"] = True
        else:
            item["matched"] = f.matched
        if any("message" in e for e in case["expect"]):
            item["message"] = f.message
        if any("deducted" in e for e in case["expect"]):
            item["deducted"] = f.deducted
        got.append(item)
    expected = []
    for e in case["expect"]:
        item = {"utterance": e.get("utterance")}
        if e.get("missing"):
            item["missing"] = True
        else:
            item["matched"] = e["matched"]
        if any("message" in e for e in case["expect"]):
            item["message"] = e.get("message")
        if any("deducted" in e for e in case["expect"]):
            item["deducted"] = e.get("deducted")
        expected.append(item)
    assert got == expected

    spans = [e["span"] for e in case["expect"] if "span" in e]
    if spans:
        assert [list(f.span) for f in result.findings if f.rule_id == rule_id] == spans
    if "met" in case:
        met = [{"matched": m.matched, "fuzzy": m.fuzzy} for m in result.met if m.rule_id == rule_id]
        assert met == case["met"]


def test_every_shipped_rule_has_pass_and_fail_cases():
    covered: dict[tuple[str, str], set[str]] = {}
    for path in _case_files():
        data = _load(path)
        if "rubric" not in data:
            continue
        kinds = covered.setdefault((data["rubric"], data["rule"]), set())
        for case in data["cases"].values():
            kinds.add("fail" if case["expect"] else "pass")
    missing = []
    for name in shipped_rubrics():
        for rule in load_rubric(name).rubric.rules:
            if covered.get((name, rule.id)) != {"pass", "fail"}:
                missing.append(f"{name}/{rule.id}")
    assert missing == []


def test_every_check_type_has_pass_and_fail_cases():
    from qa_toolkit.checks import REGISTRY

    kinds: dict[str, set[str]] = {}
    for path in _case_files():
        data = _load(path)
        if isinstance(data.get("rule"), dict):
            found = kinds.setdefault(data["rule"]["check"], set())
            found.update("fail" if case["expect"] else "pass" for case in data["cases"].values())
    assert kinds == {check: {"pass", "fail"} for check in REGISTRY}


@pytest.mark.parametrize("name", shipped_rubrics())
def test_rule_examples_behave_as_documented(name):
    """`qa-toolkit rule ID` shows these examples (and `rubric validate` runs them); they must be true."""
    from qa_toolkit.engine import wrong_examples

    compiled = compiled_shipped(name)
    for rule in compiled.rubric.rules:
        assert rule.examples and rule.examples.pass_ and rule.examples.fail, rule.id
    assert wrong_examples(compiled) == []
