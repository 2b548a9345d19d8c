"""`qa-toolkit calibrate`: labels in every format, the figures per rule, false hits and
misses with evidence, targets and exit codes."""

from __future__ import annotations

import json

from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from conftest import compiled_shipped
from qa_toolkit.calibrate import measure, read_labels
from qa_toolkit.cli import main

LABELS = """\
- call_id: L1
  channel: chat
  transcript: |
    坐席：亲，请问有什么可以帮您?
    客户：我的快递到哪了
    坐席：这个我也不知道呢
    坐席：请问还有其他问题吗?
  labels:
    greeting: {count: 0, reason: 亲 开头并询问需求}
    forbidden-phrase: {turns: [2], reason: 不知道 推诿}
    closing-question: {count: 0}
- call_id: L2
  channel: chat
  transcript: |
    坐席：稍等
    客户：好
    坐席：小妹这边不是很清楚的呢，您问问商家
  labels:
    greeting: {count: 1, reason: 只有「稍等」}
    forbidden-phrase: {turns: [2]}
    closing-question: {count: 0, reason: "deliberately wrong, to count a false hit"}
"""


def _figures(result) -> dict:
    return {r.rule: (r.calls, r.findings, r.true, r.false, r.missed) for r in result.rules}


def test_inline_calls_and_figures(tmp_path):
    path = tmp_path / "labels.yaml"
    path.write_text(LABELS, encoding="utf-8")
    labels = read_labels([path])
    assert labels.errors == [] and sorted(labels.calls) == ["L1", "L2"]
    result = measure(compiled_shipped("bank-hotline"), labels)
    # brush-off counts as forbidden-phrase: its hit in L2 is a forbidden-phrase hit
    assert _figures(result) == {
        "greeting": (2, 1, 1, 0, 0),
        "forbidden-phrase": (2, 2, 2, 0, 0),
        "closing-question": (2, 1, 0, 1, 0),
    }
    [case] = result.cases
    assert (case.kind, case.call_id, case.rule, case.turn) == ("false_hit", "L2", "closing-question", 2)
    assert case.reason == "deliberately wrong, to count a false hit"
    assert case.where == f"{path}:12"  # the item the label belongs to
    closing = next(r for r in result.rules if r.rule == "closing-question")
    assert (closing.precision, closing.recall) == (0.0, None)


def test_labels_by_id_partial_decisions_and_tables(tmp_path):
    calls = tmp_path / "calls"
    calls.mkdir()
    (calls / "a.txt").write_text("# call_id: A\n坐席：喂？\n客户：查余额\n坐席：我哪知道\n", encoding="utf-8")
    (tmp_path / "l.jsonl").write_text(
        '{"call_id": "A", "rule": "greeting", "count": 1}\n'
        '{"call_id": "A", "rule": "forbidden-phrase", "turn": 2, "hit": true}\n'
        '{"call_id": "A", "rule": "profanity", "turn": 2, "hit": false}\n', encoding="utf-8")
    book = Workbook()
    book.active.append(["通话ID", "规则", "应有次数", "句序", "原因"])
    book.active.append(["A", "work-number", 1, None, "未报工号"])
    book.save(tmp_path / "l.xlsx")
    from qa_toolkit.calibrate import pool_of

    pool, errors = pool_of([calls])
    result = measure(compiled_shipped("bank-hotline"), read_labels([tmp_path / "l.jsonl", tmp_path / "l.xlsx"]), pool)
    assert errors == [] and result.cases == []
    assert _figures(result) == {
        "greeting": (1, 1, 1, 0, 0),
        "work-number": (1, 1, 1, 0, 0),
        "forbidden-phrase": (0, 1, 1, 0, 0),
        "profanity": (0, 0, 0, 0, 0),
    }


def test_bad_labels_are_named_with_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"call_id": "A", "rule": "greeting", "count": -1}\n{"rule": "x"}\nnot json\n'
                    '{"call_id": "A", "rule": "greeting", "turns": [1], "count": 0}\n', encoding="utf-8")
    labels = read_labels([path, tmp_path / "missing.jsonl"])
    assert [(e.line, e.said("en")) for e in labels.errors] == [
        (1, "count must be a whole number of 0 or more, not -1"),
        (2, "an item needs a call_id"),
        (3, "invalid JSON: expecting a value"),
        (4, "give exactly one of count, turns, turn (with hit)"),
        (None, "no such file"),
    ]
    assert [e.said() for e in labels.errors] == [
        "count 应为 0 或正整数，而不是 -1", "每个条目都需要 call_id", "JSON 格式错误：此处应有一个值",
        "count、turns、turn（配 hit）三者须且只须给一个", "没有这个文件",
    ]


def test_command_targets_formats_and_exit_codes(tmp_path):
    path = tmp_path / "labels.yaml"
    path.write_text(LABELS, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["calibrate", str(path)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "规则集 bank-hotline 1.0：标注通话 2 通"
    assert lines[3].split() == ["greeting", "2", "1", "1", "0", "0", "100.0%", "100.0%", "100.0%"]
    assert "误报 1 条：" in lines
    result = runner.invoke(main, ["calibrate", str(path), "--min-precision", "0.9"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "未达标的规则：closing-question (precision)"
    out = tmp_path / "cal.json"
    result = runner.invoke(main, ["calibrate", str(path), "-o", str(out), "--lang", "en"])
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [(r["rule"], r["precision"], r["recall"]) for r in data["rules"]] == [
        ("greeting", 1.0, 1.0), ("forbidden-phrase", 1.0, 1.0), ("closing-question", 0.0, None)]
    assert [c["call_id"] for c in data["false_hits"]] == ["L2"]
    out = tmp_path / "cal.xlsx"
    assert runner.invoke(main, ["calibrate", str(path), "-o", str(out)]).exit_code == 0
    book = load_workbook(out)
    assert book.sheetnames == ["规则", "误报", "漏报"]
    assert [c.value for c in book["误报"][2]][:3] == ["closing-question", "L2", 3]


def test_unknown_calls_exit_2(tmp_path):
    path = tmp_path / "l.jsonl"
    path.write_text('{"call_id": "NOPE", "rule": "greeting", "count": 0}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["calibrate", str(path)])
    assert result.exit_code == 2
    assert "找不到的通话 1 通：NOPE" in result.output
