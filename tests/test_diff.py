"""`qa-toolkit diff`: findings gained, lost and changed between two rubric versions on the
same calls, the calls whose score or verdict moved, and its exit status."""

from __future__ import annotations

import json

from click.testing import CliRunner
from openpyxl import load_workbook

from qa_toolkit.cli import main

RUBRIC = """\
name: desk
title: 服务台
version: "{version}"
base_score: 100
pass_line: 95
rules:
  - id: forbidden-phrase
    title: 服务忌语
    description: 不得使用服务忌语。
    source: {{document: 《本中心服务规范》, article: 第三条, quote: 不得使用服务忌语。}}
    severity: major
    points: 5
    check: forbid
    phrases: [{phrases}]
{extra}"""

GREETING = """\
  - id: greeting
    title: 问候
    description: 前两句问候客户。
    source: {document: 《本中心服务规范》, article: 第一条, quote: 接听首先问候。}
    severity: minor
    points: 1
    check: require
    window: {first_turns: 2}
    phrases: [您好]
"""

CALLS = [
    {"call_id": "A1", "utterances": [{"role": "agent", "text": "您好，这个没办法，我不知道。"}]},
    {"call_id": "A2", "utterances": [{"role": "agent", "text": "您好，请拨打13912345678咨询，我不知道。"}]},
    {"call_id": "A3", "utterances": [{"role": "agent", "text": "您好，马上为您处理。"}]},
]


def _setup(tmp_path, old_phrases, new_phrases, new_extra=""):
    (tmp_path / "old.yaml").write_text(RUBRIC.format(version="1.0", phrases=old_phrases, extra=""), encoding="utf-8")
    (tmp_path / "new.yaml").write_text(RUBRIC.format(version="1.1", phrases=new_phrases, extra=new_extra),
                                       encoding="utf-8")
    calls = tmp_path / "calls.jsonl"
    calls.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in CALLS), encoding="utf-8")
    return [str(calls), "-r", str(tmp_path / "old.yaml"), "-r", str(tmp_path / "new.yaml")]


def test_gained_lost_changed_and_verdicts_in_json(tmp_path):
    args = _setup(tmp_path, "我不知道, 没办法", "不知道, 这个没办法", GREETING)
    result = CliRunner().invoke(main, ["diff", *args, "-f", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert (data["old"]["version"], data["new"]["version"], data["calls"]) == ("1.0", "1.1", 3)
    rules = {r["rule"]: (r["old"], r["new"], r["gained"], r["lost"], r["changed"], r["only_in"]) for r in data["rules"]}
    # 我不知道 → 不知道 is the same turn and rule with other evidence; 没办法 → 这个没办法 too
    assert rules == {"forbidden-phrase": (3, 3, 0, 0, 3, None), "greeting": (0, 0, 0, 0, 0, "new")}
    changes = [(c["kind"], c["call_id"], c["utterance_index"], c["old"]["matched"], c["new"]["matched"])
               for c in data["changes"]]
    assert changes == [("changed", "A1", 0, "没办法", "这个没办法"), ("changed", "A1", 0, "我不知道", "不知道"),
                       ("changed", "A2", 0, "我不知道", "不知道")]
    # the evidence is masked: the phone number keeps its last four digits only
    assert data["changes"][2]["new"]["excerpt"] == "…****5678咨询，我【不知道】。"
    assert "13912345678" not in result.output
    assert data["verdicts"] == []


def test_text_lists_each_finding_with_its_evidence(tmp_path):
    args = _setup(tmp_path, "我不知道", "我不知道, 马上")
    result = CliRunner().invoke(main, ["diff", *args])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"规则集对比：{tmp_path / 'old.yaml'}（desk） 1.0 → {tmp_path / 'new.yaml'}（desk） 1.1，同一批通话 3 通"
    start = lines.index("新增问题 1 条（只有新版报出）：")
    assert lines[start + 1:start + 3] == ["  forbidden-phrase  A3  第1句  服务忌语：「马上」", "      您好，【马上】为您处理。"]
    start = lines.index("得分或结论变化的通话 1 通：")
    assert lines[start + 1] == "  A3  合格 → 合格  100 → 95"


def test_lost_findings_and_an_xlsx_sheet(tmp_path):
    args = _setup(tmp_path, "我不知道, 没办法", "我不知道")
    out = tmp_path / "diff.xlsx"
    result = CliRunner().invoke(main, ["diff", *args, "-o", str(out)])
    assert result.exit_code == 1
    assert result.output.strip() == "两版结果不同：1 条问题变化，1 通得分或结论变化"
    book = load_workbook(out)
    assert book.sheetnames == ["规则", "问题变化", "结论变化"]
    assert [c.value for c in book["规则"][2]] == ["forbidden-phrase", "服务忌语", 3, 2, 0, 1, 0]
    assert [c.value for c in book["问题变化"][2]] == ["消失", "forbidden-phrase", "A1", 1, "服务忌语：「没办法」",
                                                   "您好，这个【没办法】，我不知道。", None]
    assert [c.value for c in book["结论变化"][2]] == ["A1", "不合格", "合格", 90, 95]


def test_same_results_exit_zero_and_usage_errors(tmp_path):
    args = _setup(tmp_path, "我不知道", "我不知道")
    result = CliRunner().invoke(main, ["diff", *args, "--lang", "en"])
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "Both rubrics give the same results on these calls."
    one = CliRunner().invoke(main, ["diff", args[0], "-r", "bank-hotline"])
    assert one.exit_code == 2 and "需要恰好两个 --rubric：旧版和新版" in one.output


def test_an_unreadable_input_is_an_error_and_the_rest_is_compared(tmp_path):
    args = _setup(tmp_path, "我不知道", "我不知道, 马上")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(bad), *args, "-f", "json"])
    assert result.exit_code == 2
    data = json.loads(result.output.split("\n" + str(bad))[0])
    assert data["calls"] == 3 and len(data["changes"]) == 1
    assert [(e["path"], e["line"]) for e in data["errors"]] == [(str(bad), 1)]
