"""Readers: every input format, encodings, and bad inputs reported with file/line/row."""

from __future__ import annotations

import json

import pytest

from conftest import DATA, SAMPLES
from qa_toolkit.encoding import decode_bytes
from qa_toolkit.ingest import read_calls
from qa_toolkit.ingest.common import parse_seconds
from qa_toolkit.ingest.text_input import parse_transcript
from qa_toolkit.models import Call, InputError, Role, call_schema

CALLS = SAMPLES / "calls"


def _split(items):
    calls = [i for i in items if isinstance(i, Call)]
    errors = [i for i in items if isinstance(i, InputError)]
    return calls, errors


def test_samples_directory_reads_every_format_without_errors():
    calls, errors = _split(list(read_calls([CALLS])))
    assert errors == []
    assert [c.call_id for c in calls] == [
        "C0001", "C0002", "C0003", "C0004", "C0005", "C0006", "C0007", "C0008", "C0009",
        "C0010", "C0011", "C0012", "C0013", "C0014", "C0020", "W0001", "W0002", "W0003",
        "C0015", "C0016", "C0017", "C0018", "C0019",
    ]
    suffixes = {c.source.rsplit(".", 1)[1] for c in calls}
    assert suffixes == {"txt", "json", "jsonl", "csv", "xlsx"}


def test_plain_text_headers_times_and_labels():
    call = next(iter(read_calls([CALLS / "c001-clean.txt"])))
    assert (call.call_id, call.agent_id, call.agent_name) == ("C0001", "1024", "张敏")
    assert call.started_at.isoformat() == "2026-11-02T09:15:00+08:00"
    first = call.utterances[0]
    assert (first.role, first.start, first.end, first.line) == (Role.agent, 0.0, 3.2, 5)
    assert first.text == "您好，1024号很高兴为您服务！"


def test_plain_text_label_variants_and_continuation_lines():
    call = parse_transcript(
        "A: hello\nB：喂\n客服: 您好\n用户：我想问\n一下余额\ncustomer: ok\n[01:02] agent：好的", "x"
    )
    assert [(u.role.value, u.text) for u in call.utterances] == [
        ("agent", "hello"), ("customer", "喂"), ("agent", "您好"),
        ("customer", "我想问一下余额"), ("customer", "ok"), ("agent", "好的"),
    ]
    assert call.utterances[-1].start == 62.0
    assert call.call_id == "x"


def test_traditional_labels():
    call = parse_transcript("坐席：您好\n客戶：你好", "t")
    assert [u.role for u in call.utterances] == [Role.agent, Role.customer]


def test_gbk_file_is_detected():
    call = next(iter(read_calls([CALLS / "c008-gbk.txt"])))
    assert call.utterances[0].text == "您好，1088号很高兴为您服务。"


def test_utf8_bom_and_big5():
    assert decode_bytes("\ufeff坐席：您好".encode("utf-8")) == ("\ufeff坐席：您好".encode("utf-8").decode("utf-8-sig"), "utf-8-sig")
    assert decode_bytes("坐席：您好，很高興為您服務".encode("big5")) == ("坐席：您好，很高興為您服務", "big5")


def test_jsonl_chat_channel():
    calls, errors = _split(list(read_calls([CALLS / "chats.jsonl"])))
    assert errors == []
    assert [(c.call_id, c.channel) for c in calls] == [("W0001", "chat"), ("W0002", "chat"), ("W0003", "chat")]


def test_csv_chinese_headers_and_clock_times():
    calls, _ = _split(list(read_calls([CALLS / "utterances.csv"])))
    c16 = calls[1]
    assert (c16.call_id, c16.agent_id, c16.agent_name) == ("C0016", "1052", "陈磊")
    assert [(u.start, u.end) for u in c16.utterances][:2] == [(0.0, 2.0), (3.0, 5.0)]
    assert c16.utterances[0].line == 9


def test_xlsx_english_headers():
    calls, _ = _split(list(read_calls([CALLS / "utterances.xlsx"])))
    assert [(c.call_id, len(c.utterances)) for c in calls] == [("C0018", 5), ("C0019", 5)]
    assert calls[1].utterances[2].text == "嫌贵就别用，年费是统一标准。"


def test_json_schema_file_matches_models():
    from qa_toolkit.resources import data_dir

    published = json.loads((data_dir("schemas") / "call.schema.json").read_text(encoding="utf-8"))
    assert published == call_schema()


@pytest.mark.parametrize(
    "name,expected",
    [
        ("broken.json", [("broken.json", 3, None, "invalid JSON: expecting ',' delimiter")]),
        ("empty.txt", [("empty.txt", None, None, "empty file")]),
        ("unknown-role.txt", [("unknown-role.txt", 2, None, "unknown speaker '经理'")]),
        ("wrong-encoding.txt", [("wrong-encoding.txt", None, None, "cannot decode text: not UTF-8, GB18030 or Big5 text")]),
        ("bad-row.csv", [("bad-row.csv", None, 3, "unknown role '路人'; call T1 skipped")]),
        ("mixed.jsonl", [
            ("mixed.jsonl", 2, None, "utterances.0.role: should be one of: 'agent', 'customer', 'system'"),
            ("mixed.jsonl", 3, None, "invalid JSON: expecting a value"),
        ]),
    ],
)
def test_bad_inputs_are_reported_with_location(name, expected):
    items = list(read_calls([DATA / "bad" / name]))
    _, errors = _split(items)
    assert [(e.path.rsplit("/", 1)[1], e.line, e.row, e.said("en")) for e in errors] == expected


@pytest.mark.parametrize(
    "name,expected",
    [
        ("broken.json", ["JSON 格式错误：此处应有逗号「,」"]),
        ("empty.txt", ["空文件"]),
        ("unknown-role.txt", ["未知的说话人「经理」"]),
        ("wrong-encoding.txt", ["无法解码文本：不是 UTF-8、GB18030 或 Big5 编码的文本"]),
        ("bad-row.csv", ["未知的角色「路人」；通话 T1 未检查"]),
        ("mixed.jsonl", ["utterances.0.role：应为以下之一：'agent'、'customer'、'system'", "JSON 格式错误：此处应有一个值"]),
    ],
)
def test_bad_inputs_are_reported_in_chinese_by_default(name, expected):
    _, errors = _split(list(read_calls([DATA / "bad" / name])))
    assert [e.said() for e in errors] == expected


def test_good_calls_in_a_bad_batch_are_still_read():
    calls, errors = _split(list(read_calls([DATA / "bad"])))
    assert sorted(c.call_id for c in calls) == ["J1", "T2"]
    assert len(errors) == 7


def test_missing_path_and_unsupported_suffix(tmp_path):
    other = tmp_path / "notes.md"
    other.write_text("x", encoding="utf-8")
    errors = list(read_calls([tmp_path / "nope", other]))
    assert [e.said("en") for e in errors] == [
        "no such file or directory",
        "unsupported file type '.md' (expected .csv, .json, .jsonl, .tsv, .txt, .xlsx)",
    ]


def test_broken_xlsx(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"not a zip")
    (error,) = list(read_calls([path]))
    assert error.said("en").startswith("not a readable .xlsx workbook")


@pytest.mark.parametrize(
    "value,seconds", [("12.5", 12.5), ("01:05", 65.0), ("1:00:01", 3601.0), (3, 3.0), ("", None)]
)
def test_parse_seconds(value, seconds):
    assert parse_seconds(value) == seconds
