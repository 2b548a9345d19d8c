"""Property-based fuzzing (hypothesis) of the readers, the rubric loader and the writers:
for any input, no traceback, an exit status as documented, every input either checked or
reported, outputs well-formed (JSON parses, XML parses, openpyxl and python-calamine load
the workbook), and no unmasked card number in any output.

The profile `qa` (set in conftest.py) runs a fixed budget in every test run;
`--hypothesis-profile=deep` runs many more examples (see the README's Safety section)."""

from __future__ import annotations

import json
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from qa_toolkit.cli import main


CARD = "6222020200112233"  # a card number that must never appear whole in an output

# text a transcript can hold: Chinese, speaker labels, punctuation, digits, controls, the
# card number, half characters
pieces = st.sampled_from(["坐席：", "客户：", "A: ", "\n", "您好", "不知道", "这事不归我管", "操作", "靠谱", "滚",
                          "还有什么可以帮您", "再见", "，", "。", "？", CARD, " ", "\t", "\x00", "\x1b[2J", "\u2028",
                          "\ufeff", "1024号", "[00:05-00:07] ", "# call_id: X\n", "妈的", "\ud800"])
texts = st.lists(pieces, max_size=40).map("".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | texts,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["utterances", "role", "text", "start", "end", "channel", "x"]),
        children, max_size=5),
    max_leaves=20)


def _call_like():
    utterance = st.fixed_dictionaries({"role": st.sampled_from(["agent", "customer", "坐席", "x"]), "text": texts},
                                      optional={"start": json_values, "end": json_values})
    # identifiers are shown as given (never masked): the card number goes in the texts only
    ids = st.one_of(st.text(alphabet="AC01239号\x00 ", max_size=8), st.integers())
    return st.fixed_dictionaries({"call_id": ids, "utterances": st.lists(utterance, max_size=5)},
                                 optional={"agent_id": ids, "channel": st.sampled_from(["call", "chat", "x"])})


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="surrogatepass" if encoding == "utf-8" else "replace")


FORMATS = ("json", "jsonl", "junit", "sarif", "github", "text")


def _check_all_formats(folder: Path, inputs: list[Path], formats=FORMATS) -> None:
    """Report formats over the inputs: documented exits, well-formed, masked."""
    runner = CliRunner()
    for fmt in dict.fromkeys(("json", *formats)):
        out = folder / f"report.{fmt}"
        done = runner.invoke(main, ["check", *map(str, inputs), "-f", fmt, "-o", str(out), "--jobs", "1"])
        assert done.exception is None or isinstance(done.exception, SystemExit), done.exc_info
        assert done.exit_code in (0, 1, 2), done.output
        text = out.read_text(encoding="utf-8")
        assert CARD not in text and CARD not in done.output
        if fmt == "json":
            document = json.loads(text)
            called = {c["source"] for c in document["calls"]} | {e["path"] for e in document["errors"]}
            # every input is either checked or reported
            assert {str(p) for p in inputs} <= called | {str(p) for p in inputs if p.stat().st_size == 0}
            if document["errors"]:
                assert done.exit_code == 2
        elif fmt == "jsonl":
            for line in text.splitlines():
                json.loads(line)
        elif fmt in ("junit",):
            ET.fromstring(text.encode("utf-8"))
        elif fmt == "sarif":
            json.loads(text)


formats = st.sampled_from(FORMATS).map(lambda f: (f,))


@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".json", ".jsonl", ".csv"]), fmt=formats)
def test_any_bytes_in_any_reader(data, suffix, fmt):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _check_all_formats(folder, [_write(folder, "in" + suffix, data)], fmt)


@given(text=texts, encoding=st.sampled_from(["utf-8", "gb18030", "gbk", "big5", "utf-16"]), fmt=formats)
def test_any_transcript_in_any_encoding(text, encoding, fmt):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _check_all_formats(folder, [_write(folder, "call.txt", _encode(text, encoding))], fmt)


@given(calls=st.lists(st.one_of(_call_like(), json_values), min_size=1, max_size=4), fmt=formats)
def test_any_json_lines(calls, fmt):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        lines = [json.dumps(c, ensure_ascii=False, allow_nan=True) for c in calls]
        path = _write(folder, "calls.jsonl", "\n".join(lines).encode("utf-8", "surrogatepass"))
        document = folder / "calls.json"
        document.write_bytes(json.dumps(calls, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass"))
        _check_all_formats(folder, [path, document], fmt)


@given(rows=st.lists(st.lists(texts, min_size=1, max_size=5), max_size=6),
       header=st.sampled_from([["通话ID", "角色", "内容"], ["call_id", "role", "text", "start"], ["工号", "班组"],
                               ["通话ID", "等待时长", "挂机方"], ["工号", "项目", "分值", "日期"], ["a"]]))
def test_any_table_through_score(rows, header):
    import csv
    import io

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        path = _write(folder, "table.csv", buffer.getvalue().encode("utf-8", "surrogatepass"))
        card = folder / "card.xlsx"
        done = CliRunner().invoke(main, ["score", str(path), "-o", str(card), "--jobs", "1"])
        assert done.exception is None or isinstance(done.exception, SystemExit), done.exc_info
        assert done.exit_code in (0, 2), done.output
        assert CARD not in done.output
        if card.exists():
            book = load_workbook(card)
            # identifiers (an agent's 工号, a call's id) are shown as given; all else is masked
            ids = {"工号", "通话ID", "姓名", "班组", "坐席"}  # 坐席: the chart's label, team · name or 工号
            cells = [str(c) for ws in book.worksheets for row in ws.iter_rows(min_row=2, values_only=True)
                     for head, c in zip([h.value for h in ws[1]], row) if c and head not in ids]
            assert not any(CARD in c for c in cells)
            from python_calamine import CalamineWorkbook

            CalamineWorkbook.from_path(str(card)).get_sheet_by_index(0).to_python()


rubric_keys = st.sampled_from(["name", "title", "version", "pass_line", "rules", "id", "check", "phrases", "regexes",
                               "lexicons", "message", "points", "severity", "window", "source", "&a", "*a", "<<"])
yaml_texts = st.lists(st.one_of(rubric_keys, texts, st.sampled_from([": ", "\n", "  - ", "[", "]", "{", "}", "'",
                                                                     "(a+)+", "{matched.__class__}", "/etc/passwd"])),
                      max_size=40).map("".join)


@given(text=yaml_texts)
def test_any_rubric_text(text):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = _write(folder, "r.yaml", text.encode("utf-8", "surrogatepass"))
        done = CliRunner().invoke(main, ["rubric", "validate", str(path)])
        assert done.exception is None or isinstance(done.exception, SystemExit), done.exc_info
        assert done.exit_code in (0, 2)
        if done.exit_code == 2:  # every problem is a located one-line message
            assert all(re.match(rf"{re.escape(str(path))}(:\d+)?: ", line) for line in done.stderr.splitlines())
