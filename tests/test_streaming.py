"""What keeps `score` and `check` within bounded memory on a month of a large centre: call
logs read as a stream and kept in a temporary file past a few rows, the detail rows of the
scorecard kept on disk, the workbook written row by row with its detail sheets capped.
(The memory and time figures themselves are measured by bench/score.py.)"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import ROOT
from qa_toolkit.cli import main
from qa_toolkit.ingest import open_inputs
from qa_toolkit.ingest.logbook import CallLogs
from qa_toolkit.models import CallLog
from qa_toolkit.scorecard.tables import Rows

LOG_HEADER = ["通话ID", "工号", "开始时间", "振铃次数", "等待时长", "挂机方"]


def _run(args, cwd=ROOT):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(old)


def test_call_logs_past_memory_go_to_a_file_and_read_back_the_same(monkeypatch):
    monkeypatch.setattr(CallLogs, "IN_MEMORY", 3)
    logs = CallLogs()
    rows = [CallLog(call_id=f"L{n}", agent_id="1001", rings=n, source="log.csv", row=n + 1) for n in range(6)]
    firsts = [logs.add(log) for log in rows[:2]]
    assert logs.path is None and len(logs) == 2  # still in memory
    assert logs.add(CallLog(call_id="L1", rings=9, source="log.csv", row=20)).row == 2  # the first row wins
    firsts += [logs.add(log) for log in rows[2:]]
    assert firsts == [None] * 6
    assert Path(logs.path).is_file() and len(logs) == 6
    assert logs.add(CallLog(call_id="L4", rings=9, source="log.csv", row=21)).row == 5  # from the file
    logs.done()
    assert logs.get("L3") == rows[3] and logs.get("L9") is None and logs.get(None) is None
    assert "L5" in logs and "L9" not in logs and len(logs) == 6
    assert list(logs) == ["L0", "L1", "L2", "L3", "L4", "L5"]  # the order they came
    assert [log.call_id for log in logs.unused({"L0", "L3"})] == ["L1", "L2", "L4", "L5"]
    folder = Path(logs.path).parent
    logs.close()
    assert not folder.exists()


def _log_file(path: Path, ids: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(LOG_HEADER)
        for n, call_id in enumerate(ids):
            out.writerow([call_id, "1001", "2026-11-02 09:00:00", 1 + n % 5, 3, "客户挂机"])


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_check_with_a_log_in_a_file_gives_the_same_report_in_workers(tmp_path, monkeypatch, method):
    """The samples' calls joined to a log of their ids (rings 1–5: some break the three-ring
    rule), and log-only calls: the same JSON whether the log is in memory or in a file, with
    one process or two workers (forked, or spawned: they open the file themselves)."""
    calls = sorted((ROOT / "samples" / "calls").glob("*"))
    ids = [json.loads(p.read_text(encoding="utf-8")).get("call_id") if p.suffix == ".json" else None for p in calls]
    log = tmp_path / "log.csv"
    _log_file(log, [i for i in ids if i] + [f"ONLY{n}" for n in range(5)])
    args = ["check", "samples/calls", "--logs", str(log), "-f", "json", "--no-progress", "--exit-zero"]
    in_memory = _run([*args, "--jobs", "1"])
    monkeypatch.setattr(CallLogs, "IN_MEMORY", 2)
    monkeypatch.setenv("QA_TOOLKIT_START_METHOD", method)
    in_file = _run([*args, "--jobs", "2"])
    assert in_memory.exit_code == in_file.exit_code == 2  # the samples' one bad file
    first, second = json.loads(in_memory.stdout), json.loads(in_file.stdout)
    assert first == second
    only = [c for c in first["calls"] if c["call_id"].startswith("ONLY")]
    assert [c["call_id"] for c in only] == [f"ONLY{n}" for n in range(5)]
    assert [c["has_log"] for c in only] == [True] * 5
    joined = [c for c in first["calls"] if c["call_id"] in ids]
    assert joined and all(c["has_log"] for c in joined)


def test_a_log_that_breaks_part_way_keeps_the_rows_before_and_names_the_line(tmp_path):
    log = tmp_path / "log.csv"
    _log_file(log, ["A1", "A2", "A3"])
    with log.open("a", encoding="utf-8", newline="") as fh:
        fh.write('A4,1001,2026-11-02 09:00:00,1,3,"' + "长" * 140_000 + '"\n')  # past the csv field limit
        fh.write("A5,1001,2026-11-02 09:00:00,1,3,客户挂机\n")
    inputs = open_inputs([], logs=[log])
    assert list(inputs.logs) == ["A1", "A2", "A3"]
    assert [(e.path, e.line, e.said("zh")) for e in inputs.log_errors] == [
        (str(log), 5, "CSV 格式错误：field larger than field limit (131072)")]


def test_detail_rows_kept_on_disk_read_back_in_order_twice(monkeypatch):
    monkeypatch.setattr(Rows, "IN_MEMORY", 1000)  # bytes: the rows go to a file at once
    rows = Rows()
    for n in range(2_345):
        rows.append([n, f"行{n}", None])
    assert len(rows) == 2_345 and bool(rows) and not Rows()
    assert rows._file._rolled  # on disk
    assert rows.head == [[n, f"行{n}", None] for n in range(500)]
    once, twice = list(rows), list(rows)
    assert once == twice == [[n, f"行{n}", None] for n in range(2_345)]
    rows.close()


def test_the_workbook_lists_at_most_detail_rows_and_says_what_it_left_out(tmp_path):
    full = _run(["score", "samples/", "-o", str(tmp_path / "full.xlsx")])
    cut = _run(["score", "samples/", "-o", str(tmp_path / "cut.xlsx"), "--detail-rows", "3"])
    assert full.exit_code == cut.exit_code == 2  # the samples' bad rows
    assert full.stderr.splitlines()[-1].replace("full", "cut") == cut.stderr.splitlines()[-1]
    whole, part = (load_workbook(tmp_path / f"{n}.xlsx") for n in ("full", "cut"))
    for sheet, rows, last in (("扣分明细", 60, "N"), ("通话", 27, "M")):
        every = list(whole[sheet].iter_rows(values_only=True))
        shown = list(part[sheet].iter_rows(values_only=True))
        assert len(every) == 1 + rows
        assert shown[:4] == every[:4]  # the header and the first three rows, as they are
        assert shown[4][0] == f"…… 仅列出前 3 行，共 {rows} 行；全部行请用 --format csv 导出，或以 --detail-rows 调整上限。"
        assert len(shown) == 5
        assert part[sheet].auto_filter.ref == f"A1:{last}4"  # the filter and the print area: the rows shown
        assert part.defined_names.get("_xlnm.Print_Area") is None
        assert part[sheet].print_area == f"'{sheet}'!$A$1:${last}$4"
    about = dict(row for row in part["说明"].iter_rows(min_row=2, values_only=True))
    assert about["明细行数"] == ("工作簿每张明细表最多列出 3 行：扣分明细共 60 行、通话共 27 行。"
                             "全部行请用 --format csv 导出，或以 --detail-rows 调整上限。")
    assert "明细行数" not in dict(row for row in whole["说明"].iter_rows(min_row=2, values_only=True))
    assert whole["汇总"]["A1"].value == part["汇总"]["A1"].value == "排名"
    # the CSV files list every row, whatever the limit
    folder = tmp_path / "csv"
    _run(["score", "samples/", "-o", str(folder), "--format", "csv", "--detail-rows", "3"])
    with (folder / "deductions.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.reader(fh))) == 1 + 60


def test_detail_rows_is_a_number_within_what_a_sheet_holds(tmp_path):
    result = _run(["score", "samples/", "-o", str(tmp_path / "c.xlsx"), "--detail-rows", "1048576"])
    assert result.exit_code == 2
    assert "--detail-rows" in result.stderr and "1048576" in result.stderr
