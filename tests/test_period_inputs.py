"""Call logs, records and rosters: parsing and bad rows; per-agent period arithmetic,
ranks and flags; masking."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from conftest import DATA, SAMPLES
from qa_toolkit.ingest import open_inputs, read_calls
from qa_toolkit.ingest.logs import read_logs
from qa_toolkit.ingest.records import read_records
from qa_toolkit.ingest.roster import Member, read_roster
from qa_toolkit.models import CallLog, CallResult, InputError, ManualRecord, Role
from qa_toolkit.period import aggregate
from qa_toolkit.rubric import load_rubric
from qa_toolkit.privacy import is_formula_like, mask_numbers

BAD = DATA / "bad-tables"
RUBRIC = load_rubric("bank-hotline").rubric


def test_log_rows_and_bad_cells():
    items = list(read_logs(BAD / "cdr-bad.csv"))
    good = [i for i in items if isinstance(i, CallLog)]
    bad = [(i.row, i.column, i.said("en")) for i in items if isinstance(i, InputError)]
    assert [(g.call_id, g.wait_seconds, g.hangup_by, g.rating_transferred) for g in good] == [
        ("L1", 5.0, Role.customer, True), ("L1", 3.0, Role.customer, True),
    ]
    assert bad == [
        (3, "等待时长", "not a number of seconds or a time: 'abc'"),
        (5, "挂机方", "unknown party '路人' (expected 客户/坐席, customer/agent)"),
        (6, "是否转评价", "not yes/no: '也许' (expected 是/否, yes/no, 1/0)"),
        (7, "通话ID", "empty call id"),
    ]


def test_duplicate_log_rows_are_reported_when_joined():
    inputs = open_inputs([], logs=[BAD / "cdr-bad.csv"])
    assert [e.said("en") for e in inputs.log_errors if e.row == 4] == [
        "call L1 is logged twice (first on row 2); this row is left out"
    ]
    assert list(inputs.logs) == ["L1"]


def test_record_rows_and_bad_cells():
    items = list(read_records(BAD / "records-bad.csv", RUBRIC))
    good = [(i.row, i.item_id, i.count, i.points) for i in items if isinstance(i, ManualRecord)]
    bad = [(i.row, i.column, i.said("en")) for i in items if isinstance(i, InputError)]
    assert good == [(2, "absence", 1, -2), (7, "absence", 2, -4)]
    assert bad == [
        (3, "分值", "3 differs from the rubric's 2 for 无故旷工"),
        (4, "工号", "empty agent id"),
        (5, "分值", "7 is not one of 技术能手奖's points (10/6/3)"),
        (6, "次数", "count must be a whole number of 1 or more, not 0"),
    ]


def test_records_need_their_columns(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("日期,姓名\n2026-11-01,张敏\n", encoding="utf-8")
    [error] = list(read_records(path, RUBRIC))
    assert (error.row, error.said("en")) == (1, "missing columns: 工号 (agent_id), 项目 (item)")


def test_roster_rows():
    items = list(read_roster(BAD / "roster-bad.csv"))
    assert [i.agent_id for i in items if isinstance(i, Member)] == ["1024"]
    assert [(i.row, i.said("en")) for i in items if isinstance(i, InputError)] == [
        (3, "agent 1024 is listed twice (first on row 2)"), (4, "empty agent id"),
    ]


def _kind(path) -> str:
    inputs = open_inputs([path])
    kinds = [kind for kind, found in (("logs", inputs.logs), ("records", inputs.record_paths),
                                      ("roster", inputs.roster_paths), ("transcripts", inputs.units)) if found]
    assert len(kinds) == 1, kinds
    return kinds[0]


def test_files_are_told_apart_by_their_headers():
    assert _kind(SAMPLES / "logs" / "cdr-2026-11.csv") == "logs"
    assert _kind(SAMPLES / "records" / "qa-records-2026-11.xlsx") == "records"
    assert _kind(SAMPLES / "roster.xlsx") == "roster"
    assert _kind(SAMPLES / "calls" / "utterances.xlsx") == "transcripts"
    assert _kind(SAMPLES / "calls" / "c001-clean.txt") == "transcripts"


def test_classifier_and_readers_map_headers_alike(tmp_path):
    """A header with a bracketed note (内容（文本）) is told apart and read by the same mapping."""
    path = tmp_path / "u.csv"
    path.write_text("通话ID,角色,内容（文本）\nU1,坐席,您好\nU1,客户,你好\n", encoding="utf-8")
    assert _kind(path) == "transcripts"
    [call] = list(read_calls([path]))
    assert [(u.role.value, u.text) for u in call.utterances] == [("agent", "您好"), ("customer", "你好")]


def test_tab_separated_utterance_table(tmp_path):
    path = tmp_path / "u.tsv"
    path.write_text("通话ID\t角色\t内容\nU2\t坐席\t您好，请讲\n", encoding="utf-8")
    [call] = list(read_calls([path]))
    assert (call.call_id, call.utterances[0].text) == ("U2", "您好，请讲")


def test_files_are_read_for_what_they_hold(tmp_path):
    """A .txt holding JSON Lines, a .json holding JSON Lines and a .jsonl holding one
    pretty-printed document are each read for their content."""
    line = '{"call_id": "%s", "utterances": [{"role": "agent", "text": "您好"}]}'
    (tmp_path / "a.txt").write_text("\n".join([line % "A1", line % "A2"]) + "\n", encoding="utf-8")
    (tmp_path / "b.json").write_text("\n".join([line % "B1", line % "B2"]) + "\n", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{\n  "call_id": "C1",\n  "utterances": [{"role": "agent", "text": "好"}]\n}\n',
                                      encoding="utf-8")
    ids = [c.call_id for c in read_calls([tmp_path])]
    assert ids == ["A1", "A2", "B1", "B2", "C1"]


def test_each_table_is_opened_once(tmp_path, monkeypatch):
    from qa_toolkit.ingest import tables

    opened = []
    original = tables.sheets
    monkeypatch.setattr(tables, "sheets", lambda path, *rest: (opened.append(path.name), original(path, *rest))[1])
    from qa_toolkit.ingest import read_unit

    inputs = open_inputs([SAMPLES])
    calls = [c for unit in inputs.units for c in read_unit(unit)]
    assert len(calls) == 23
    assert sorted(opened) == sorted(["cdr-2026-11.csv", "cdr-bad-rows.csv", "qa-records-2026-11.xlsx",
                                     "qa-records-bad-rows.xlsx", "roster.xlsx", "utterances.csv", "utterances.xlsx"])


# --------------------------------------------------------------------------- period


def result(agent: str, call_id: str, score: float, fatal: bool = False, day: int = 2) -> CallResult:
    return CallResult(
        call_id=call_id, agent_id=agent, started_at=datetime(2026, 11, day, 9), base_score=100,
        score=score, pass_line=97, passed=score >= 97 and not fatal, fatal=fatal,
        arithmetic="", findings=[],
    )


def record(agent: str, item: str, points: float, fatal: bool = False) -> ManualRecord:
    return ManualRecord(agent_id=agent, item_id=item, item_name=item, kind="bonus" if points > 0 else "deduction",
                        count=1, points=points, fatal=fatal, source="r.csv", row=2)


def team(n: int, name: str = "一组") -> list[Member]:
    return [Member(f"{i:04d}", None, name, None, "roster.csv", i + 1) for i in range(n)]


def flags(period) -> dict[str, str]:
    return {a.agent_id: a.flag for a in period.agents if a.flag}


def test_team_of_seven_flags_first_and_last():
    results = [result(f"{i:04d}", f"C{i}", 100 - i) for i in range(7)]
    period = aggregate(RUBRIC, results, [], team(7))
    assert flags(period) == {"0000": "promote", "0006": "retrain"}
    assert [a.rank for a in period.agents] == [1, 2, 3, 4, 5, 6, 7]


def test_team_of_twenty_flags_top_and_bottom_ten_percent():
    results = [result(f"{i:04d}", f"C{i}", 100 - i) for i in range(20)]
    period = aggregate(RUBRIC, results, [], team(20))
    assert flags(period) == {"0000": "promote", "0001": "promote", "0018": "retrain", "0019": "retrain"}


def test_team_of_five_flags_no_one_and_ties_share_a_rank():
    results = [result(f"{i:04d}", f"C{i}", s) for i, s in enumerate([99, 99, 98, 97, 96])]
    period = aggregate(RUBRIC, results, [], team(5))
    assert flags(period) == {}
    assert [a.rank for a in period.agents] == [1, 1, 3, 4, 5]


def test_fatal_item_zeroes_the_score_and_blocks_promotion():
    results = [result(f"{i:04d}", f"C{i}", 100 - i) for i in range(7)]
    records = [record("0000", "violence", 0, fatal=True), record("0001", "quality-star", 5)]
    period = aggregate(RUBRIC, results, records, team(7))
    by_id = {a.agent_id: a for a in period.agents}
    assert (by_id["0000"].score, by_id["0000"].flag) == (0, "retrain")
    assert (by_id["0001"].score, by_id["0001"].flag) == (104, "promote")
    assert by_id["0000"].arithmetic == "通话得分合计 100 ÷ 1 通 = 100；致命项 暴力或打架 → 0"


def test_score_floor_and_no_calls():
    period = aggregate(RUBRIC, [result("a", "C1", 5)], [record("a", "absence", -10), record("b", "absence", -2)])
    by_id = {a.agent_id: a for a in period.agents}
    assert by_id["a"].score == 0
    assert by_id["a"].arithmetic == "通话得分合计 5 ÷ 1 通 = 5；5 − 无故旷工 10 = 0；不低于0"
    assert (by_id["b"].score, by_id["b"].rank, by_id["b"].arithmetic) == (None, None, "无通话，不计分")


def test_period_bounds_are_inclusive():
    results = [result("a", "C1", 90, day=1), result("a", "C2", 100, day=30), result("a", "C3", 80, day=15)]
    period = aggregate(RUBRIC, results, [], start=date(2026, 11, 15), end=date(2026, 11, 30))
    assert (period.agents[0].calls, period.agents[0].average, period.outside) == (2, 90, 1)


# --------------------------------------------------------------------------- privacy


@pytest.mark.parametrize("text,masked", [
    ("卡号6222020200112233", "卡号************2233"),
    ("卡号 6222 0202 0011 2233 谢谢", "卡号 **** **** **** 2233 谢谢"),
    ("身份证11010519491231002X", "身份证**************002X"),
    ("手机138-1234-5678", "手机***-****-5678"),
    ("工号1024，金额5000元", "工号1024，金额5000元"),
    ("日期2026-11-02", "日期2026-11-02"),
    ("１３８１２３４５６７８", "*******５６７８"),
])
def test_mask_numbers(text, masked):
    assert mask_numbers(text) == masked


@pytest.mark.parametrize("text,expected", [
    ("=1+1", True), ("+86", True), ("-5", True), ("@SUM(A1)", True), ("\t=1", True),
    ("服务忌语", False), ("1−2", False),
])
def test_formula_like(text, expected):
    assert is_formula_like(text) is expected


@pytest.mark.parametrize("text,masked", [
    ("卡号六二二二零二零二零零一一二二三三", "卡号************二二三三"),  # as speech recognition writes it
    ("手机幺三八一二三四五六七八", "手机*******五六七八"),
    ("6222\u00a00202\u00a00011\u00a02233", "****\u00a0****\u00a0****\u00a02233"),
    ("6222.0202.0011.2233", "****.****.****.2233"),
    ("6222－0202－0011－2233", "****－****－****－2233"),
    ("日期2026.11.02", "日期2026.11.02"),
    ("金额三千五百元，第一二三四五六句", "金额三千五百元，第一二三四五六句"),
])
def test_mask_numbers_in_every_way_they_are_written(text, masked):
    assert mask_numbers(text) == masked
