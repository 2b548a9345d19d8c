"""Hostile and broken input, one regression test per defect: never a traceback, never a
hang, every bad input named with its reason (exit 2) and the good ones still checked."""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import ROOT, SAMPLES
from qa_toolkit.cli import main

GOOD = '{"call_id": "G1", "utterances": [{"role": "agent", "text": "您好，1024号很高兴为您服务。"}]}'


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def checked(path: Path, *extra) -> tuple[int, dict, str]:
    """Exit status, the JSON report and standard error of `check PATH -f json`."""
    out = path.parent / "report.json"
    done = CliRunner().invoke(main, ["check", str(path), "-f", "json", "-o", str(out), *map(str, extra)],
                              catch_exceptions=False)
    return done.exit_code, json.loads(out.read_text(encoding="utf-8")), done.output


@pytest.mark.parametrize("bad,reason", [
    ('{"call_id": "D", "utterances": ' + "[" * 5000 + "]" * 5000 + "}", "JSON 格式错误：嵌套过深"),
    ('{"call_id": "N", "x": ' + "1" * 4301 + "}", "JSON 格式错误：数字过长"),
    ('{"call_id": "I", "utterances": [{"role": "agent", "text": "您好", "start": Infinity}]}',
     "utterances.0.start：应不大于 604800"),
    ('{"call_id": "E", "utterances": [{"role": "agent", "text": "您好", "start": 1e400}]}',
     "utterances.0.start：应不大于 604800"),
    ('{"call_id": "S", "utterances": [{"role": "agent", "text": "您好\\ud800"}]}',
     "JSON 格式错误：单独的代理码 '\\ud800' 不是字符"),
], ids=["deep-nesting", "huge-integer", "infinity", "1e400", "lone-surrogate"])
def test_a_bad_json_line_is_one_input_error_and_the_rest_is_checked(tmp_path, bad, reason):
    path = tmp_path / "calls.jsonl"
    path.write_text(GOOD + "\n" + bad + "\n" + GOOD.replace("G1", "G2") + "\n", encoding="utf-8")
    status, report, _ = checked(path)
    assert status == 2
    assert [c["call_id"] for c in report["calls"]] == ["G1", "G2"]
    assert [(e["line"], e["reason"]) for e in report["errors"]] == [(2, reason)]


def test_a_bad_call_in_a_json_list_is_named_by_its_place(tmp_path):
    path = tmp_path / "calls.json"
    path.write_text("[" + GOOD + ', {"call_id": "B"}]', encoding="utf-8")
    status, report, _ = checked(path)
    assert status == 2 and [c["call_id"] for c in report["calls"]] == ["G1"]
    assert report["errors"][0]["reason"] == "列表中的第 2 通：utterances：缺少此项"


def test_control_characters_make_well_formed_junit_and_a_loadable_scorecard(tmp_path):
    call = tmp_path / "ctl.txt"
    call.write_text("坐席：您好\x01，这事不归我管\x1b[2J。\n", encoding="utf-8")
    report = tmp_path / "r.xml"
    assert run("check", call, "-f", "junit", "-o", report).exit_code == 1
    text = report.read_text(encoding="utf-8")
    ET.fromstring(text.encode("utf-8"))  # well-formed
    assert "这事不归我管" in text and "\x1b" not in text and "␛[2J" in text
    card = tmp_path / "card.xlsx"
    assert run("score", call, "-o", card).exit_code == 0
    cells = [c for row in load_workbook(card)["扣分明细"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any("␁" in c for c in cells)


def test_escape_sequences_never_reach_the_terminal(tmp_path):
    call = tmp_path / "esc.txt"
    call.write_text("坐席：\x1b]0;owned\x07这事不归我管。\n", encoding="utf-8")
    done = run("check", call)
    assert "\x1b]" not in done.output and "\x07" not in done.output
    assert "␛]0;owned␇【这事不归我管】。" in done.output


def test_a_corrupt_workbook_and_an_unreadable_file_are_input_errors(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "calls" / "c001-clean.txt", folder / "good.txt")
    data = (SAMPLES / "calls" / "utterances.xlsx").read_bytes()
    (folder / "broken.xlsx").write_bytes(data[: len(data) // 2])
    locked = folder / "locked.txt"
    locked.write_text("坐席：您好", encoding="utf-8")
    locked.chmod(0)
    try:
        readable = os.access(locked, os.R_OK)  # root reads anything
        status, report, _ = checked(folder)
    finally:
        locked.chmod(0o644)
    reasons = {Path(e["path"]).name: e["reason"] for e in report["errors"]}
    assert status == 2
    assert reasons["broken.xlsx"] == "不是可读取的 .xlsx 工作簿：不是 zip 格式（文件已损坏，或并非 .xlsx）"
    if not readable:
        assert reasons["locked.txt"] == "无法读取文件：没有权限"
    assert "C0001" in [c["call_id"] for c in report["calls"]]


def _rubric(tmp_path: Path, rule_yaml: str, name: str = "r.yaml") -> Path:
    text = (ROOT / "rubrics" / "bank-hotline.yaml").read_text(encoding="utf-8")
    head = text[: text.index("\nrules:")]
    path = tmp_path / name
    path.write_text(head + "\nrules:\n" + rule_yaml, encoding="utf-8")
    return path


RULE = """  - id: x
    title: 测试
    description: test
    source: {document: 《测试规范》, article: test}
    severity: minor
    points: 1
"""


def test_a_regex_that_could_backtrack_forever_is_refused_with_its_line(tmp_path):
    path = _rubric(tmp_path, RULE + "    check: regex\n    regexes: ['(a+)+$']\n")
    done = run("rubric", "validate", path)
    assert done.exit_code == 2
    assert done.output == (
        f"{path}:13: rules[0]: regexes[0]：在长文本上可能永远无法结束（重复之中又有重复，例如 (a+)+ 或 (.*a){{20}}）\n")
    lexicon = tmp_path / "slow.txt"
    lexicon.write_text("不知道 | re:(知+)+道\n", encoding="utf-8")
    path = _rubric(tmp_path, RULE + "    check: forbid\n    lexicons: [slow.txt]\n")
    done = run("check", SAMPLES / "calls" / "c001-clean.txt", "-r", path)
    assert done.exit_code == 2 and "slow.txt:1：正则表达式可能永远无法结束" in done.output


def test_an_alias_bomb_is_refused_quickly(tmp_path):
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(levels) + "\nname: bomb\n", encoding="utf-8")
    done = run("rubric", "validate", path)
    assert done.exit_code == 2
    assert "展开别名后超过 100,000 个 YAML 节点，或嵌套过深：不是评分标准" in done.output


def test_a_key_given_twice_is_an_error_naming_both_lines(tmp_path):
    path = _rubric(tmp_path, RULE + "    check: forbid\n    phrases: [不知道]\n")
    text = path.read_text(encoding="utf-8")
    first = next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("pass_line:"))
    path.write_text(text + "pass_line: 60\n", encoding="utf-8")
    done = run("rubric", "validate", path)
    last = len(path.read_text(encoding="utf-8").splitlines())
    assert done.exit_code == 2
    assert f"{path}:{last}: pass_line: 键重复（第一次在第 {first} 行）" in done.output


def test_a_message_template_substitutes_only_its_documented_names(tmp_path):
    path = _rubric(tmp_path, RULE + "    check: forbid\n    phrases: [不归我管]\n"
                   "    message: '{title} {matched} {matched.__class__} {0} {matched:>999} {{x}}'\n")
    call = tmp_path / "c.txt"
    call.write_text("坐席：这事不归我管。\n", encoding="utf-8")
    done = run("check", call, "-r", path, "-f", "json")
    messages = [f["message"] for f in json.loads(done.output)["calls"][0]["findings"] if f["rule_id"] == "x"]
    assert messages == ["测试 不归我管 {matched.__class__} {0} {matched:>999} {x}"]


def test_a_lexicon_outside_the_rubric_folder_is_refused(tmp_path):
    for ref in ("/etc/passwd", "../outside.txt", "/dev/zero"):
        (tmp_path.parent / "outside.txt").write_text("不知道\n", encoding="utf-8")
        path = _rubric(tmp_path, RULE + f"    check: forbid\n    lexicons: ['{ref}']\n")
        done = run("rubric", "validate", path)
        assert done.exit_code == 2, ref
        assert f"词表「{ref}」不在评分标准所在文件夹，也不是内置词表" in done.output


def test_a_lexicon_that_is_not_a_phrase_list_is_refused(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate((8 << 20) + 1)
    path = _rubric(tmp_path, RULE + "    check: forbid\n    lexicons: [big.txt]\n")
    done = run("rubric", "validate", path)
    assert done.exit_code == 2 and "大于 8 MiB：不是短语表" in done.output


def test_sarif_uris_are_percent_encoded(tmp_path):
    folder = tmp_path / "通话 记录"
    folder.mkdir()
    shutil.copy(SAMPLES / "calls" / "c002-forbidden.txt", folder / "b 1.txt")
    done = run("check", folder / "b 1.txt", "-f", "sarif")
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for result in json.loads(done.output)["runs"][0]["results"] for loc in result["locations"]}
    assert uris == {"file://" + str(folder).replace(" ", "%20").replace("通话", "%E9%80%9A%E8%AF%9D").replace(
        "记录", "%E8%AE%B0%E5%BD%95") + "/b%201.txt"}


def test_one_bad_byte_in_json_lines_loses_only_its_line(tmp_path):
    good = '{"call_id": "G%d", "utterances": [{"role": "agent", "text": "您好，1024号很高兴为您服务。"}]}'
    path = tmp_path / "calls.jsonl"
    path.write_bytes((good % 1).encode() + b"\n" + b'{"call_id": "B", "utterances": [{"role": "agent", "text": "\xff"}]}\n'
                     + (good % 2).encode() + b"\n")
    status, report, _ = checked(path)
    assert status == 2 and [c["call_id"] for c in report["calls"]] == ["G1", "G2"]
    assert [(e["line"], e["reason"]) for e in report["errors"]] == [(2, "JSON 格式错误：不是 UTF-8：第 60 字节无法解码")]


def test_a_line_separator_inside_a_gb18030_json_lines_text_does_not_split_the_line(tmp_path):
    line = '{"call_id": "G%d", "utterances": [{"role": "agent", "text": "您好\u2028很高兴为您服务\u0085。"}]}'
    path = tmp_path / "calls.jsonl"
    path.write_bytes(("\n".join(line % n for n in (1, 2)) + "\n").encode("gb18030"))
    status, report, _ = checked(path)
    assert [c["call_id"] for c in report["calls"]] == ["G1", "G2"] and report["errors"] == []


def test_a_table_with_only_a_header_says_so_and_a_title_row_is_skipped(tmp_path):
    only = tmp_path / "only.csv"
    only.write_text("通话ID,角色,内容\n", encoding="utf-8")
    status, report, _ = checked(only)
    assert status == 2 and report["errors"] == [
        {"path": str(only), "row": 1, "reason": "只有表头，没有数据行：没有可检查的内容"}]
    titled = tmp_path / "titled.csv"
    titled.write_text("客服通话记录 2026年11月\n通话ID,角色,内容\nC1,坐席,您好，1024号很高兴为您服务。\n", encoding="utf-8")
    status, report, _ = checked(titled)
    assert [c["call_id"] for c in report["calls"]] == ["C1"] and report["errors"] == []
    assert report["calls"][0]["findings"][0]["line"] == 3  # rows keep their numbers in the file


def test_a_short_gbk_file_is_read_as_gbk_not_big5(tmp_path):
    call = tmp_path / "short.txt"
    call.write_bytes("A: 滚".encode("gbk"))  # also valid Big5 (幗), which hid the swearing
    status, report, _ = checked(call)
    assert [f["matched"] for f in report["calls"][0]["findings"] if f["rule_id"] == "profanity"] == ["滚"]


def test_short_chinese_texts_are_decoded_in_the_encoding_they_were_written_in():
    import random

    import opencc

    from qa_toolkit.encoding import decode_bytes

    random.seed(11)
    lines = [line.strip() for path in sorted((SAMPLES / "calls").glob("*.txt")) if path.name != "c008-gbk.txt"
             for line in path.read_text(encoding="utf-8").splitlines() if any("\u4e00" <= c <= "\u9fff" for c in line)]
    to_traditional = opencc.OpenCC("s2t")
    right = {"gbk": [0, 0], "gb18030": [0, 0], "big5": [0, 0]}
    for encoding in right:
        for _ in range(600):
            text = "\n".join(random.choice(lines)[:random.randint(3, 30)] for _ in range(random.randint(1, 3)))
            if encoding == "big5":
                text = to_traditional.convert(text)
            try:
                data = text.encode(encoding)
            except UnicodeEncodeError:
                continue
            right[encoding][1] += 1
            right[encoding][0] += decode_bytes(data)[0] == text
    share = {k: round(ok / total, 3) for k, (ok, total) in right.items()}
    assert share["gbk"] == share["gb18030"] == 1.0 and share["big5"] >= 0.97, share


def test_the_frequent_character_table_is_what_jieba_and_opencc_give():
    from qa_toolkit.encoding import FREQUENT, build_frequent

    assert json.loads(FREQUENT.read_text(encoding="utf-8")) == build_frequent()


def test_encoding_option_reads_every_text_input_in_that_encoding(tmp_path):
    call = tmp_path / "call.txt"
    call.write_bytes("坐席：您好，1024號很高興為您服務。\n坐席：滾。\n".encode("big5"))
    status, report, _ = checked(call, "--encoding", "big5")
    assert [f["matched"] for f in report["calls"][0]["findings"] if f["rule_id"] == "profanity"] == ["滾"]
    status, report, _ = checked(call, "--encoding", "utf-8")
    assert status == 2 and report["errors"][0]["reason"] == "无法解码文本：不是 utf-8 编码的文本：第 1 字节无法解码"
    table = tmp_path / "calls.csv"
    table.write_bytes("通话ID,角色,内容\nT1,坐席,您好，1024号很高兴为您服务。\n".encode("gb18030"))
    status, report, _ = checked(table, "--encoding", "gb18030")
    assert [c["call_id"] for c in report["calls"]] == ["T1"]
    done = run("check", call, "--encoding", "nope")
    assert done.exit_code == 2 and "未知的编码「nope」（例如 utf-8、gb18030、big5）" in done.output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_same_call_id_in_two_files_is_checked_once_and_reported(tmp_path, jobs):
    folder = tmp_path / "calls"
    folder.mkdir()
    text = (SAMPLES / "calls" / "c002-forbidden.txt").read_text(encoding="utf-8")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text(text, encoding="utf-8")
    (folder / "c.jsonl").write_text(
        '{"call_id": "J1", "utterances": [{"role": "agent", "text": "您好"}]}\n'
        '{"call_id": "J1", "utterances": [{"role": "agent", "text": "滚"}]}\n', encoding="utf-8")
    status, report, _ = checked(folder, "--jobs", jobs)
    assert status == 2
    assert [c["call_id"] for c in report["calls"]] == ["C0002", "J1"]
    assert report["summary"]["calls"] == 2 and report["summary"]["findings"] == 3 + 5
    assert [(Path(e["path"]).name, e["reason"]) for e in report["errors"]] == [
        ("b.txt", f"通话 C0002 已在 {folder / 'a.txt'} 中出现，此处重复的不再检查和计分"),
        ("c.jsonl", f"通话 J1 已在 {folder / 'c.jsonl'} 中出现，此处重复的不再检查和计分"),
    ]
    card = tmp_path / "card.json"
    done = CliRunner().invoke(main, ["score", str(folder), "-o", str(card), "--jobs", jobs], catch_exceptions=False)
    assert done.exit_code == 2
    data = json.loads(card.read_text(encoding="utf-8"))
    assert [(c["call_id"], c["score"]) for c in data["calls"]] == [("C0002", 97), ("J1", 95)]
    assert len(data["errors"]) == 2


def test_an_encoding_chosen_without_evidence_is_said_and_is_not_an_error(tmp_path):
    # these GBK bytes read as frequent Chinese in Big5 too (祥善睡緊質親): GB18030 is
    # preferred, and the report says the choice was not certain
    doubtful = tmp_path / "doubtful.txt"
    doubtful.write_bytes("A: 不到何候借克\n".encode("gbk"))
    clear = tmp_path / "clear.txt"
    clear.write_bytes("坐席：您好，1024号很高兴为您服务。\n".encode("gbk"))
    status, report, stderr = checked(tmp_path)
    assert status == 1 and report["errors"] == []
    assert [c["call_id"] for c in report["calls"]] == ["clear", "doubtful"]
    assert report["warnings"] == [{
        "path": str(doubtful),
        "reason": "编码无法确定（按 GB18030 和 Big5 读起来都像中文），按 GB18030 读取；如不对，请用 --encoding 指定"}]
    assert stderr.splitlines() == [
        f"输入提示：{doubtful}: 编码无法确定（按 GB18030 和 Big5 读起来都像中文），按 GB18030 读取；如不对，请用 --encoding 指定"]
    done = CliRunner().invoke(main, ["check", str(doubtful), "--encoding", "big5", "-f", "github"])
    assert "title=input-warning" not in done.output  # told the encoding: nothing to doubt
    done = CliRunner().invoke(main, ["check", str(doubtful), "-f", "github", "--lang", "en"])
    assert (f"::warning file={doubtful},title=input-warning::the encoding is uncertain (it reads as Chinese in "
            "both GB18030 and Big5): read as GB18030; if that is wrong, give --encoding") in done.output


@pytest.mark.parametrize("args,name", [
    (["score", "samples", "-o"], "card.xlsx"),
    (["check", "samples/calls", "-f", "json", "-o"], "report.json"),
])
def test_a_full_disk_is_one_line_exit_2_and_the_old_output_is_kept(tmp_path, args, name):
    import resource
    import signal
    import subprocess
    import sys

    def small_disk():  # the kernel refuses to write a file past 20 kB (EFBIG), as a full disk would
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    target = tmp_path / name
    target.write_text("the previous output", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "qa_toolkit", *args, str(target)], cwd=ROOT, capture_output=True,
                          text=True, preexec_fn=small_disk)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == f"{target}：无法写出：文件超过允许的大小"
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert target.read_text(encoding="utf-8") == "the previous output"
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temporary file left beside it
