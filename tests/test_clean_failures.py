"""Failures a user can meet, each a one-line message and the documented exit status:
output paths (a missing folder, an input as the output, the tool's own outputs in an
input folder), nothing to check, interrupted runs, and the verdict of a call under
--fail-on agreeing with the exit status."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import ROOT, SAMPLES
from qa_toolkit.cli import main

CALLS = SAMPLES / "calls"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_a_report_into_a_missing_folder_makes_the_folder(tmp_path):
    out = tmp_path / "missing" / "dir" / "r.xml"
    done = run("check", CALLS / "c001-clean.txt", "-f", "junit", "-o", out)
    assert done.exit_code == 0, done.output
    assert out.read_text(encoding="utf-8").startswith("<?xml")
    assert [p.name for p in out.parent.iterdir()] == ["r.xml"]  # no temporary file left


def test_an_output_that_is_a_pipe_or_a_link_stays_one(tmp_path):
    """A report to a named pipe (as to /dev/null or /dev/stdout) is written into it, not
    renamed onto it; a report to a link to a file replaces the file and keeps the link."""
    import threading

    pipe = tmp_path / "report.pipe"
    os.mkfifo(pipe)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_bytes()))
    reader.start()
    done = run("check", CALLS / "c001-clean.txt", "-f", "jsonl", "-o", pipe)
    reader.join()
    assert done.exit_code == 0
    assert pipe.is_fifo() and [json.loads(line)["call_id"] for line in got[0].decode().splitlines()] == ["C0001"]
    real = tmp_path / "reports" / "today.jsonl"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(real)
    assert run("check", CALLS / "c001-clean.txt", "-f", "jsonl", "-o", link).exit_code == 0
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert [json.loads(line)["call_id"] for line in real.read_text(encoding="utf-8").splitlines()] == ["C0001"]
    assert sorted(p.name for p in real.parent.iterdir()) == ["today.jsonl"]  # no temporary left


def test_an_output_that_is_an_input_is_refused_and_left_alone(tmp_path):
    call = tmp_path / "a.txt"
    shutil.copy(CALLS / "c002-forbidden.txt", call)
    before = call.read_bytes()
    done = run("check", call, "-o", call)
    assert done.exit_code == 2
    assert done.output == f"{call}：输出文件是输入文件之一，不会覆盖它，请换一个输出路径\n"
    assert call.read_bytes() == before
    book = tmp_path / "u.xlsx"
    shutil.copy(CALLS / "utterances.xlsx", book)
    done = run("score", book, "-o", book, "--lang", "en")
    assert done.exit_code == 2
    assert done.output == f"{book}: the output is one of the inputs and will not be overwritten; choose another output path\n"
    assert book.read_bytes() == (CALLS / "utterances.xlsx").read_bytes()


def test_a_scorecard_written_into_the_input_folder_is_not_read_back(tmp_path):
    folder = tmp_path / "samples"
    shutil.copytree(SAMPLES, folder, ignore=shutil.ignore_patterns("labelled"))
    card = folder / "card.xlsx"
    first = run("score", folder, "-o", card)
    assert first.exit_code == 2  # the samples' five bad rows, on purpose
    assert first.output.count("\n") == 6  # five errors and the summary line
    other = folder / "other.xlsx"
    second = run("score", folder, "-o", other)  # card.xlsx is in the folder now
    lines = second.output.splitlines()
    assert f"{card}：本工具写出的文件，不作为输入读取" in lines
    assert len(lines) == 7 and second.exit_code == 2
    summary = lambda path: [list(r) for r in load_workbook(path)["汇总"].iter_rows(values_only=True)]  # noqa: E731
    assert summary(other) == summary(card)


@pytest.mark.parametrize("layout", ["empty", "unsupported"])
def test_a_folder_with_nothing_to_check_is_an_error(tmp_path, layout):
    folder = tmp_path / "calls"
    folder.mkdir()
    if layout == "unsupported":
        (folder / "notes.md").write_text("坐席：您好", encoding="utf-8")
    out = tmp_path / "report.xml"
    done = run("check", folder, "-f", "junit", "-o", out)
    assert done.exit_code == 2
    assert done.output.startswith(f"没有找到可检查的通话：{folder} 中没有支持的文件（.csv .json .jsonl .tsv .txt .xlsx）\n")
    assert not out.exists()
    done = run("score", folder, "-o", tmp_path / "card.xlsx", "--lang", "en")
    assert done.exit_code == 2 and done.output.startswith(f"no calls to check: {folder} holds no supported file")


def test_fail_on_gives_one_verdict_per_call_in_every_format(tmp_path):
    call = CALLS / "c007-asr-spacing.txt"  # passes the pass line, with a minor finding
    plain = json.loads(run("check", call, "-f", "json").output)
    assert plain["calls"][0]["passed"] is True and plain["calls"][0]["findings"]
    severities = {f["severity"] for f in plain["calls"][0]["findings"]}
    lowest = min(severities, key=["info", "minor", "major", "fatal"].index)
    done = run("check", call, "-f", "json", "--fail-on", lowest)
    assert done.exit_code == 1
    document = json.loads(done.output)
    assert document["calls"][0]["passed"] is False
    assert document["summary"]["failed"] == 1 and document["summary"]["passed"] == 0
    line = json.loads(run("check", call, "-f", "jsonl", "--fail-on", lowest).output)
    assert line["passed"] is False
    junit = run("check", call, "-f", "junit", "--fail-on", lowest).output
    assert 'failures="1"' in junit


def test_score_to_one_csv_file_writes_the_summary_and_the_tables_beside_it(tmp_path):
    card = tmp_path / "card.csv"
    done = run("score", CALLS, "-o", card)
    assert done.exit_code == 0, done.output
    assert done.output.strip().endswith(f"→ {card} (+5)")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["card.about.csv", "card.calls.csv", "card.csv", "card.deductions.csv", "card.errors.csv",
                     "card.rules.csv"]
    with card.open(encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle))
    assert header[:3] == ["排名", "班组", "工号"]
    again = tmp_path / "card2.csv"
    assert run("score", CALLS, "--format", "csv", "-o", again).exit_code == 0
    assert again.is_file()


def test_scorecard_json_has_booleans_and_the_sheet_has_yes_or_no(tmp_path):
    document = json.loads(run("score", CALLS).stdout)
    assert {type(a["passed"]) for a in document["summary"]} == {bool}
    assert {type(c["passed"]) for c in document["calls"]} == {bool}
    assert {type(c["fatal"]) for c in document["calls"]} == {bool}
    card = tmp_path / "card.xlsx"
    run("score", CALLS, "-o", card)
    sheet = load_workbook(card)["通话"]
    header = [c.value for c in sheet[1]]
    column = header.index("是否合格")
    assert {row[column] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"是", "否"}


def test_scorecard_numbers_show_without_a_trailing_point(tmp_path):
    card = tmp_path / "card.xlsx"
    run("score", CALLS, "-o", card)
    sheet = load_workbook(card)["汇总"]
    formats = {c.number_format for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, float)}
    assert formats == {"General"}
    values = [c.value for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, float)]
    assert all(round(v, 2) == v for v in values)


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import write_corpus

    path = tmp_path_factory.mktemp("big") / "calls.jsonl"
    write_corpus(str(path), 6000)
    return path


@pytest.mark.parametrize("sent,status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_run_says_so_and_writes_nothing(big_corpus, tmp_path, sent, status):
    out = tmp_path / "report.json"
    out.write_text("previous", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "qa_toolkit", "check", str(big_corpus), "-f", "json", "-o", str(out), "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".report.json.*.part")):  # the run has begun writing
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(0.3)
    # a terminal's Ctrl-C reaches the whole process group; SIGTERM only the parent
    if sent == signal.SIGINT:
        os.killpg(process.pid, sent)
    else:
        process.send_signal(sent)
    _, err = process.communicate(timeout=60)
    assert process.returncode == status
    assert err == "\n已中断（未写出不完整的输出）\n"
    assert out.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
