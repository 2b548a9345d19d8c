"""Utterance tables in CSV or XLSX: one row per utterance, grouped into calls by call id.

Headers may be Chinese (通话ID, 工号, 姓名, 角色, 内容, 开始时间, 结束时间, 渠道, 方向) or the
English field names. A bad row is reported with its row number and the call it belongs to is
skipped whole, so no call is scored on part of its conversation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, Union

from pydantic import ValidationError

from ..models import Call, InputError
from .common import parse_role, parse_seconds, validation_reason
from .sheets import cell_text, sheets

Item = Union[Call, InputError]

HEADERS: dict[str, str] = {
    "通话id": "call_id",
    "通话编号": "call_id",
    "call_id": "call_id",
    "callid": "call_id",
    "工号": "agent_id",
    "坐席工号": "agent_id",
    "agent_id": "agent_id",
    "姓名": "agent_name",
    "坐席姓名": "agent_name",
    "agent_name": "agent_name",
    "角色": "role",
    "role": "role",
    "内容": "text",
    "文本": "text",
    "text": "text",
    "开始时间": "start",
    "start": "start",
    "结束时间": "end",
    "end": "end",
    "渠道": "channel",
    "channel": "channel",
    "方向": "direction",
    "呼叫方向": "direction",
    "direction": "direction",
}
REQUIRED = ("call_id", "role", "text")
_CALL_FIELDS = ("agent_id", "agent_name", "channel", "direction")


def rows_to_calls(
    rows: Iterable[tuple[int, list[object]]], path: Path, sheet: str | None = None
) -> Iterator[Item]:
    """rows: (row number, cells); the first row is the header."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        yield InputError(path=str(path), sheet=sheet, reason="empty file")
        return
    header_row, header = first
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = HEADERS.get((cell_text(name) or "").lower().replace(" ", ""))
        if key and key not in columns:
            columns[key] = index
    missing = [k for k in REQUIRED if k not in columns]
    if missing:
        yield InputError(
            path=str(path), sheet=sheet, row=header_row,
            reason=f"missing column(s): {', '.join(missing)}",
        )
        return

    calls: dict[str, dict] = {}
    bad: dict[str, InputError] = {}
    for number, cells in rows:
        values = {k: cell_text(cells[i]) if i < len(cells) else None for k, i in columns.items()}
        if not any(values.values()):
            continue
        call_id = values["call_id"]
        if not call_id:
            yield InputError(path=str(path), sheet=sheet, row=number, reason="empty call_id")
            continue
        if call_id in bad:
            continue
        call = calls.setdefault(call_id, {"call_id": call_id, "utterances": [], "source": str(path)})
        for field in _CALL_FIELDS:
            if values.get(field) and field not in call:
                call[field] = values[field]
        role = parse_role(values["role"])
        reason = None
        if role is None:
            reason = f"unknown role '{values['role'] or ''}'"
        elif values["text"] is None:
            reason = "empty text"
        else:
            try:
                start = parse_seconds(values.get("start"))
                end = parse_seconds(values.get("end"))
            except ValueError as exc:
                reason = f"bad time: {exc}"
        if reason:
            bad[call_id] = InputError(
                path=str(path), sheet=sheet, row=number,
                reason=f"{reason}; call {call_id} skipped",
            )
            calls.pop(call_id, None)
            continue
        call["utterances"].append(
            {"role": role, "text": values["text"], "start": start, "end": end, "line": number}
        )
    # calls come out in the order they first appear; errors first
    yield from bad.values()
    for data in calls.values():
        try:
            yield Call.model_validate(data)
        except ValidationError as exc:
            yield InputError(path=str(path), sheet=sheet, reason=f"call {data['call_id']}: {validation_reason(exc)}")


def _read(path: Path) -> Iterator[Item]:
    """The first sheet (or the CSV table) as utterance rows."""
    for item in sheets(path):
        if isinstance(item, InputError):
            yield item
        else:
            name, rows = item
            yield from rows_to_calls(rows, path, name)
        return


read_csv = read_xlsx = _read
