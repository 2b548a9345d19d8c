"""Rubric validation: errors name the file, the key path, the line and the reason."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from qa_toolkit.checks import CHECK_TYPES
from qa_toolkit.cli import main
from qa_toolkit.resources import data_dir, shipped_rubrics
from qa_toolkit.rubric import rubric_json_schema

GOOD_RULE = """\
  - id: greeting
    title: 开场白
    description: d
    source: {document: 《XX银行客户服务中心客服代表管理办法（试行）》, article: 第六十一条}
    severity: major
    points: 1
    check: require
    window: {first_turns: 2}
    phrases: [很高兴为您服务]
"""
HEAD = "name: mine\ntitle: t\nversion: '1'\npass_line: 90\nrules:\n"


def _validate(tmp_path, text, name="my-rubric.yaml", lang="zh"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["rubric", "validate", str(path), "--lang", lang])
    return result, str(path)


def test_shipped_rubrics_validate():
    result = CliRunner().invoke(main, ["rubric", "validate", *shipped_rubrics()])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].endswith("bank-hotline.yaml：通过（15 条规则，示例均符合）")


def test_valid_custom_rubric(tmp_path):
    result, path = _validate(tmp_path, HEAD + GOOD_RULE)
    assert (result.exit_code, result.output) == (0, f"{path}：通过（1 条规则，示例均符合）\n")


@pytest.mark.parametrize(
    "change,zh,en",
    [
        (("severity: major", "severity: majr"), "10: rules[0].severity: 应为以下之一：'info'、'minor'、'major'、'fatal'",
         "10: rules[0].severity: should be one of: 'info', 'minor', 'major', 'fatal'"),
        (("points: 1", "points: 1\n    pionts: 2"), "12: rules[0].pionts: 未知的键", "12: rules[0].pionts: unknown key"),
        (("check: require", "check: requier"), f"12: rules[0].check: 未知的检查方式（应为以下之一：{'、'.join(CHECK_TYPES)}）",
         f"12: rules[0].check: unknown check type (expected one of: {', '.join(CHECK_TYPES)})"),
        (("id: greeting", "id: Greeting_1"), "6: rules[0].id: 格式不符：^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
         "6: rules[0].id: does not match ^[a-z][a-z0-9]*(-[a-z0-9]+)*$"),
        (("window: {first_turns: 2}", "window: {first_turns: 2, last_turns: 1}"),
         "13: rules[0].window: first_turns、last_turns、first_seconds、last_seconds 须且只须给一个",
         "13: rules[0].window: give exactly one of first_turns, last_turns, first_seconds, last_seconds"),
        (("phrases: [很高兴为您服务]", "lexicons: [no-such-lexicon]"),
         "14: rules[0].lexicons[0]: 没有这个词表「no-such-lexicon」（{lexicon}）",
         "14: rules[0].lexicons[0]: no such lexicon 'no-such-lexicon' ({lexicon})"),
        (("document: 《XX银行客户服务中心客服代表管理办法（试行）》", "seed: 004.txt"),
         "9: rules[0].source: source.seed 已改为 source.document：填写规章的标题，例如《XX银行客户服务中心客服代表管理办法（试行）》",
         "9: rules[0].source: source.seed is now source.document: the regulation's title, "
         "e.g. 《XX银行客户服务中心客服代表管理办法（试行）》"),
    ],
)
def test_rubric_typos_name_file_line_key_and_reason(tmp_path, change, zh, en):
    text = HEAD + GOOD_RULE.replace(*change)
    lexicon = data_dir("lexicons") / "no-such-lexicon.txt"
    for lang, message in (("zh", zh), ("en", en)):
        result, path = _validate(tmp_path, text, lang=lang)
        assert result.exit_code == 2
        assert result.stderr == f"{path}:{message.replace('{lexicon}', str(lexicon))}\n"


def test_invalid_yaml_and_bad_pattern(tmp_path):
    result, path = _validate(tmp_path, HEAD + "  - id: [unclosed\n")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:7: YAML 格式错误：")
    bad_pattern = GOOD_RULE.replace("check: require", "check: pattern").replace(
        "    phrases: [很高兴为您服务]\n", "    patterns: [[{ORTHX: 我}]]\n").replace("    window: {first_turns: 2}\n", "")
    result, path = _validate(tmp_path, HEAD + bad_pattern, "p.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"{path}:13: rules[0].patterns[0]: 不是有效的 spaCy 模式：- [pattern -> 0 -> ORTHX] Extra inputs are not permitted\n"


def test_duplicate_ids(tmp_path):
    result, path = _validate(tmp_path, HEAD + GOOD_RULE + GOOD_RULE)
    assert result.stderr == f"{path}:1: 规则 ID「greeting」重复\n"
    result, path = _validate(tmp_path, HEAD + GOOD_RULE + GOOD_RULE, lang="en")
    assert result.stderr == f"{path}:1: duplicate rule id 'greeting'\n"


def test_published_rubric_schema_is_current():
    published = json.loads((data_dir("schemas") / "rubric.schema.json").read_text(encoding="utf-8"))
    assert published == rubric_json_schema()


def test_without_spacy_a_pattern_rubric_says_how_to_get_it_and_others_run(tmp_path, monkeypatch):
    import sys

    for name in [m for m in sys.modules if m == "spacy" or m.startswith("spacy.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "spacy", None)  # as if the extra were not installed
    pattern = GOOD_RULE.replace("check: require", "check: pattern").replace(
        "    phrases: [很高兴为您服务]\n", "    patterns: [[{ORTH: 我}]]\n").replace("    window: {first_turns: 2}\n", "")
    result, path = _validate(tmp_path, HEAD + pattern, "p.yaml")
    assert result.exit_code == 2
    assert result.stderr == (f"{path}:12: rules[0].check: pattern 规则需要 spaCy，它是可选组件："
                             "pip install 'qa-toolkit[spacy]'\n")
    from conftest import SAMPLES

    done = CliRunner().invoke(main, ["check", str(SAMPLES / "calls" / "c001-clean.txt")])
    assert done.exit_code == 0


def test_validate_runs_the_rule_examples_and_names_a_wrong_one(tmp_path):
    rule = GOOD_RULE + "    examples:\n      pass: [您好，很高兴为您服务。]\n      fail: [很高兴为您服务。]\n"
    result, path = _validate(tmp_path, HEAD + rule)
    assert result.exit_code == 2
    line = next(i for i, text in enumerate((HEAD + rule).splitlines(), 1) if text.strip().startswith("fail:"))
    assert result.stderr == f"{path}:{line}: rules[0].examples.fail[0]: 应判为问题的示例未被发现：很高兴为您服务。\n"
    good = GOOD_RULE + "    examples:\n      pass: [您好，很高兴为您服务。]\n      fail: [喂？]\n"
    result, path = _validate(tmp_path, HEAD + good)
    assert result.exit_code == 0 and result.stdout == f"{path}：通过（1 条规则，示例均符合）\n"
