"""`qa-toolkit score` end to end on the bundled samples: every workbook is read back with
openpyxl and with python-calamine, and the arithmetic is recomputed from the sheets."""

from __future__ import annotations

import csv
import json
from datetime import datetime, time

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from conftest import ROOT, SAMPLES
from qa_toolkit.cli import main

SHEETS_ZH = ["汇总", "扣分明细", "通话", "规则统计", "输入错误", "说明"]
SHEETS_EN = ["Summary", "Deductions", "Calls", "Rules", "Input errors", "About"]
# the bad rows the samples carry on purpose, in their own folder (samples/bad-rows/)
EXPECTED_ERRORS = [
    ["samples/bad-rows/cdr-bad-rows.csv", None, 2, "等待时长(秒)", "不是秒数或时间：「五」"],
    ["samples/bad-rows/qa-records-bad-rows.xlsx", "人工质检", 2, "项目",
     "未知的项目「上班迟到」（评分标准 bank-hotline 中没有；例如 全勤奖、小蜜蜂奖、话务质量之星、技术能手奖、行业精英奖、合理化建设奖 …）"],
    ["samples/bad-rows/qa-records-bad-rows.xlsx", "人工质检", 3, "日期", "不是日期或时间：「2026-11-31」"],
    ["samples/bad-rows/qa-records-bad-rows.xlsx", "人工质检", 4, "分值", "技术能手奖 需要填写分值（10/6/3）"],
    ["samples/bad-rows/qa-records-bad-rows.xlsx", "考勤", 2, "次数", "不是数字：「两」"],
]


def score(tmp_path, *args, name="scorecard.xlsx", cwd=ROOT):
    out = tmp_path / name
    runner = CliRunner()
    import os

    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = runner.invoke(main, ["score", "samples/", *args, "-o", str(out)], catch_exceptions=False)
    finally:
        os.chdir(old)
    return result, out


def _day(value):
    """calamine reads a midnight date-time as a date."""
    if isinstance(value, datetime) and value.time() == time():
        return value.date()
    return value


def rows(ws) -> list[dict]:
    values = list(ws.iter_rows(values_only=True))
    header = values[0]
    return [dict(zip(header, row)) for row in values[1:]]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sc")
    result, out = score(tmp, "--roster", "samples/roster.xlsx")
    return result, out


def test_the_readme_main_job_is_clean(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "scorecard.xlsx"
    done = CliRunner().invoke(main, ["score", "samples/calls", "samples/logs", "samples/records", "samples/roster.xlsx",
                                     "--rubric", "bank-hotline", "-o", str(out)], catch_exceptions=False)
    assert done.exit_code == 0
    assert done.output == f"评分：坐席 9 名，通话 27 通，人工记录 11 条，期间外 0 条，输入错误 0 个 → {out}\n"
    assert [r for r in load_workbook(out)["输入错误"].iter_rows(min_row=2, values_only=True)] == []


def test_exit_status_and_summary_line(workbook):
    result, out = workbook
    assert result.exit_code == 2  # the samples carry five deliberately bad rows
    assert result.output.splitlines()[-1] == (
        f"评分：坐席 9 名，通话 27 通，人工记录 11 条，期间外 0 条，输入错误 5 个 → {out}"
    )


def test_sheets_and_layout(workbook):
    _, out = workbook
    book = load_workbook(out)
    assert book.sheetnames == SHEETS_ZH
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2"
        shown = [c for c in ws[1] if c.value is not None and not ws.column_dimensions[c.column_letter].hidden]
        assert ws.auto_filter.ref == f"A1:{shown[-1].column_letter}{ws.max_row}"
        assert ws["A1"].font.bold
    summary = book["汇总"]
    assert len(summary._charts) == 1
    # the chart's labels and pass line are two hidden columns beyond the table
    helpers = [c.value for c in summary[1] if summary.column_dimensions[c.column_letter].hidden and c.value]
    assert helpers == ["坐席", "合格线 97"]
    assert summary._charts[0].anchor._from.row == summary.max_row + 2  # under the table (0-based row)
    rules = [r for cf in summary.conditional_formatting for r in cf.rules]
    assert [(r.operator, r.formula) for r in rules] == [("lessThan", ["97.0"]), ("greaterThanOrEqual", ["97.0"])]
    assert book["规则统计"]["H2"].number_format == "0.0%"
    assert book["通话"]["E2"].number_format == "yyyy-mm-dd hh:mm"


def test_summary_ranks_flags_and_arithmetic(workbook):
    _, out = workbook
    summary = rows(load_workbook(out)["汇总"])
    got = [(r["班组"], r["排名"], r["工号"], r["期间得分"], r["评定"]) for r in summary]
    assert got == [
        ("在线组", 1, "2001", 99.5, None),
        ("在线组", 2, "2002", 0, None),
        ("热线一组", 1, "1031", 104, "晋升候选"),
        ("热线一组", 2, "1024", 103.75, None),
        ("热线一组", 3, "1088", 100.67, None),
        ("热线一组", 4, "1052", 97, None),
        ("热线一组", 5, "1047", 96.75, None),
        ("热线一组", 6, "1066", 91.67, None),
        ("热线一组", 7, "1099", 89.67, "待培训"),
    ]
    by_id = {r["工号"]: r for r in summary}
    assert by_id["1024"]["计算过程"] == "通话得分合计 391 ÷ 4 通 = 97.75；97.75 + 话务质量之星 5 + 全勤奖 1 = 103.75"
    assert by_id["2002"]["致命项"] == "操作失误造成客户损失"
    assert by_id["2002"]["计算过程"] == "通话得分合计 95 ÷ 1 通 = 95；致命项 操作失误造成客户损失 → 0"
    assert by_id["1099"]["人工·违反保密制度"] == -10
    # a rule's deduction column is named by its title in the workbook's language
    assert by_id["1031"]["扣分·服务忌语"] == 3


def test_scores_recompute_from_the_workbook(workbook):
    _, out = workbook
    book = load_workbook(out)
    calls = rows(book["通话"])
    details = rows(book["扣分明细"])
    for agent in rows(book["汇总"]):
        mine = [c for c in calls if c["工号"] == agent["工号"]]
        assert agent["通话数"] == len(mine)
        average = round(sum(c["得分"] for c in mine) / len(mine), 2)
        assert agent["平均通话得分"] == average
        manual = [d["分值"] for d in details if d["工号"] == agent["工号"] and d["来源"] == "人工"]
        auto = [d["分值"] for d in details if d["工号"] == agent["工号"] and d["来源"] == "自动"]
        assert agent["人工扣分"] == -sum(p for p in manual if p < 0)
        assert agent["奖励加分"] == sum(p for p in manual if p > 0)
        assert agent["自动扣分"] == -sum(auto)
        expected = 0 if agent["致命项"] and "通话" not in agent["致命项"] else round(max(0, average + sum(manual)), 2)
        assert agent["期间得分"] == expected
    for call in calls:  # each call's score is 100 minus its automatic deductions
        auto = [d["分值"] for d in details if d["通话ID"] == call["通话ID"]]
        assert call["得分"] == 100 + sum(auto)


def test_calls_sheet_says_what_data_each_call_had(workbook):
    _, out = workbook
    calls = {c["通话ID"]: c for c in rows(load_workbook(out)["通话"])}
    assert (calls["C0001"]["数据来源"], calls["C0001"]["时长(秒)"]) == ("录音+话单", 70)
    assert (calls["W0001"]["数据来源"], calls["W0001"]["渠道"]) == ("仅录音", "在线")
    # a late answer with no recording: listed, not deducted (the apology cannot be verified)
    assert (calls["C0022"]["数据来源"], calls["C0022"]["得分"]) == ("仅话单", 100)
    late = [d for d in rows(load_workbook(out)["扣分明细"]) if d["通话ID"] == "C0022"]
    assert [(d["严重程度"], d["分值"], d["说明"].endswith("（无录音，无法核实，不扣分）")) for d in late] == [("提示", 0, True)]
    assert "C0024" not in calls  # its only source, a log row, is in the errors sheet


def test_rule_statistics(workbook):
    _, out = workbook
    stats = {r["规则ID"]: r for r in rows(load_workbook(out)["规则统计"])}
    assert (stats["forbidden-phrase"]["命中次数"], stats["forbidden-phrase"]["涉及通话"],
            stats["forbidden-phrase"]["扣分合计"], stats["forbidden-phrase"]["检查通话数"]) == (13, 8, 13, 23)
    assert stats["hangup-order"]["命中次数"] == 4
    assert stats["hangup-order"]["检查通话数"] == 24  # the calls that have a (valid) log row
    assert stats["hangup-order"]["命中率"] == pytest.approx(4 / 24)


def test_a_row_whose_long_text_wraps_is_made_tall_enough_to_show_it(workbook):
    _, out = workbook
    ws = load_workbook(out)["输入错误"]
    # the unknown item's reason (131 display units) wraps to three lines of the 40-wide column
    assert [ws.row_dimensions[r].height for r in range(1, 7)] == [None, None, 45.0, None, None, None]
    assert [c.alignment.vertical for c in ws[3]] == ["top"] * 5


def test_errors_sheet_lists_every_bad_row(workbook):
    _, out = workbook
    ws = load_workbook(out)["输入错误"]
    assert [list(r) for r in ws.iter_rows(min_row=2, values_only=True)] == EXPECTED_ERRORS


def test_formula_text_stays_text_and_numbers_are_masked(workbook):
    _, out = workbook
    ws = load_workbook(out)["扣分明细"]
    header = [c.value for c in ws[1]]
    note = header.index("说明") + 1
    cells = [ws.cell(r, note) for r in range(2, ws.max_row + 1)]
    formula = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert [(c.value, c.data_type, c.quotePrefix) for c in formula] == [
        ('=HYPERLINK("http://example.invalid","详情")', "s", True)
    ]
    evidence = [ws.cell(r, header.index("证据") + 1).value for r in range(2, ws.max_row + 1)]
    assert "…*******2233，【我不知道】为什么扣年费，系统自动扣…" in evidence
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row)
    assert "6222020200112233" not in text and "13812345678" not in text
    assert "电话 *******5678 联系不上" in text


def test_independent_reader_sees_the_same_workbook(workbook):
    _, out = workbook
    cal = CalamineWorkbook.from_path(str(out))
    assert cal.sheet_names == SHEETS_ZH
    book = load_workbook(out)
    for name in SHEETS_ZH:
        theirs = cal.get_sheet_by_name(name).to_python(skip_empty_area=False)
        ours = [["" if v is None else v for v in row] for row in book[name].iter_rows(values_only=True)]
        assert len(theirs) == len(ours)
        for a, b in zip(theirs, ours):
            assert [_day(x) for x in a] == [_day(x) for x in b]
    note = [row for row in cal.get_sheet_by_name("扣分明细").to_python() if row[7] == "违反保密制度"]
    assert note[0][10] == '=HYPERLINK("http://example.invalid","详情")'


def test_english_headers(tmp_path):
    result, out = score(tmp_path, "--roster", "samples/roster.xlsx", "--lang", "en")
    book = load_workbook(out)
    assert book.sheetnames == SHEETS_EN
    assert [c.value for c in book["Summary"][1]][:6] == ["Rank", "Team", "Agent ID", "Name", "Calls", "Calls passed"]
    first = rows(book["Summary"])[2]
    assert first["Arithmetic"] == "call scores 392 ÷ 4 calls = 98; 98 + Technical expert (1st/2nd/3rd) 6 = 104"
    assert first["Evaluation"] == "promotion candidate"
    assert result.output.splitlines()[-1].startswith("scored 9 agents, 27 calls, 11 manual records")


def test_period_filter(tmp_path):
    result, out = score(tmp_path, "--from", "2026-11-01", "--to", "2026-11-30")
    assert "期间外 2 条" in result.output  # C0025 on 10-30 and a record of 10-29
    summary = {r["工号"]: r for r in rows(load_workbook(out)["汇总"])}
    assert summary["1047"]["通话数"] == 3
    assert summary["1047"]["人工扣分"] == 0
    assert {r["班组"] for r in summary.values()} == {"热线一组", "在线组"}  # samples/roster.xlsx, found by its header


def test_without_a_roster_everyone_is_one_team(tmp_path):
    runner = CliRunner()
    out = tmp_path / "sc.json"
    result = runner.invoke(main, ["score", str(SAMPLES / "calls"), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0
    summary = json.loads(out.read_text(encoding="utf-8"))["summary"]
    assert {r["team"] for r in summary} == {"全体"}
    assert [(r["agent_id"], r["rank"], r["score"], r["flag"]) for r in summary] == [
        ("1088", 1, 99.67, "晋升候选"), ("2001", 2, 99.5, None), ("1031", 3, 99.0, None),
        ("1024", 4, 98.5, None), ("1047", 5, 98.33, None), ("1052", 6, 98.0, None),
        ("1066", 7, 97.0, None), ("1099", 8, 96.0, None), ("2002", 9, 95.0, "待培训"),
    ]


def test_to_before_from_is_a_usage_error(tmp_path):
    result, _ = score(tmp_path, "--from", "2026-11-30", "--to", "2026-11-01")
    assert result.exit_code == 2
    assert '错误：--to 早于 --from' in result.output


def test_csv_format(tmp_path):
    result, out = score(tmp_path, "--roster", "samples/roster.xlsx", "--format", "csv", name="out")
    assert sorted(p.name for p in out.iterdir()) == [
        "about.csv", "calls.csv", "deductions.csv", "errors.csv", "rules.csv", "summary.csv"
    ]
    raw = (out / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with (out / "deductions.csv").open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.DictReader(fh))
    notes = [r["说明"] for r in table if r["规则/项目"] == "confidentiality"]
    assert notes == ["'=HYPERLINK(\"http://example.invalid\",\"详情\")"]
    with (out / "errors.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.reader(fh))) == 1 + len(EXPECTED_ERRORS)


def test_json_format(tmp_path):
    result, out = score(tmp_path, name="scorecard.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(data) == ["summary", "deductions", "calls", "rules", "errors", "about"]
    assert len(data["calls"]) == 27
    assert data["errors"][0] == {
        "path": "samples/bad-rows/cdr-bad-rows.csv", "sheet": None, "row": 2, "column": "等待时长(秒)",
        "reason": "不是秒数或时间：「五」",
    }


def test_workers_give_the_same_scorecard(tmp_path):
    """`score --jobs 2` checks the transcript files in worker processes: same scorecard."""
    one, out_one = score(tmp_path / "one", "--jobs", "1", name="scorecard.json")
    two, out_two = score(tmp_path / "two", "--jobs", "2", name="scorecard.json")
    assert one.exit_code == two.exit_code == 2  # the samples' bad rows
    first, second = (json.loads(p.read_text(encoding="utf-8")) for p in (out_one, out_two))
    for data in (first, second):
        data.pop("about")  # when it was made
    assert first == second
    assert len(first["calls"]) == 27 and len(first["errors"]) == len(EXPECTED_ERRORS)


def test_check_joins_logs_and_leaves_records_alone():
    runner = CliRunner()
    import os

    old = os.getcwd()
    os.chdir(ROOT)
    try:
        result = runner.invoke(main, ["check", "samples/", "-f", "json"], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert result.exit_code == 2  # the log's bad row
    assert "samples/records/qa-records-2026-11.xlsx: 不是通话记录或话单，由 qa-toolkit score 使用" in result.output
    assert "samples/roster.xlsx: 不是通话记录或话单，由 qa-toolkit score 使用" in result.output
