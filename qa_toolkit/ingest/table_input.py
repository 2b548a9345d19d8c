"""Utterance tables in CSV or XLSX: one row per utterance, grouped into calls by call id.

Headers may be Chinese (通话ID, 工号, 姓名, 角色, 内容, 开始时间, 结束时间, 渠道, 方向) or the
English field names. A bad row is reported with its row number and the call it belongs to is
skipped whole, so no call is scored on part of its conversation.
"""

from __future__ import annotations

from typing import Iterator, Union

from ..i18n import Msg, reason_of
from ..models import Call, InputError
from .common import make_call, parse_role, parse_seconds
from .tables import Table, aliases, cell_text, map_columns

Item = Union[Call, InputError]

FIELDS: dict[str, list[str]] = {
    "call_id": ["通话ID", "通话编号", "call_id", "callid"],
    "agent_id": ["工号", "坐席工号", "agent_id"],
    "agent_name": ["姓名", "坐席姓名", "agent_name"],
    "role": ["角色", "role"],
    "text": ["内容", "文本", "text"],
    "start": ["开始时间", "start"],
    "end": ["结束时间", "end"],
    "channel": ["渠道", "channel"],
    "direction": ["方向", "呼叫方向", "direction"],
}
HEADERS = aliases(FIELDS)
REQUIRED = ("call_id", "role", "text")
_CALL_FIELDS = ("agent_id", "agent_name", "channel", "direction")


def table_calls(table: Table) -> Iterator[Item]:
    """The calls of an utterance table; bad rows (and their calls) as errors, first."""
    table = table.below_title(HEADERS, REQUIRED)
    path, sheet = table.path, table.sheet
    columns = map_columns(table.header, HEADERS)
    missing = [k for k in REQUIRED if k not in columns]
    if missing:
        yield table.error(Msg("in.missing_columns", columns=missing, count=len(missing)), row=table.header_row)
        return
    if not table.rows:
        yield table.error(Msg("in.only_header"), row=table.header_row)
        return
    calls: dict[str, dict] = {}
    bad: dict[str, InputError] = {}
    for number, cells in table.rows:
        values = {k: cell_text(cells[i]) if i < len(cells) else None for k, i in columns.items()}
        if not any(values.values()):
            continue
        call_id = values["call_id"]
        if not call_id:
            yield table.error(Msg("in.empty_call_id"), row=number)
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
            reason = Msg("in.unknown_role", value=values["role"] or "")
        elif values["text"] is None:
            reason = Msg("in.empty_text")
        else:
            try:
                start = parse_seconds(values.get("start"))
                end = parse_seconds(values.get("end"))
            except ValueError as exc:
                reason = Msg("in.bad_time", reason=reason_of(exc))
        if reason:
            bad[call_id] = table.error(Msg("in.call_skipped", reason=reason, call=call_id), row=number)
            calls.pop(call_id, None)
            continue
        call["utterances"].append(
            {"role": role, "text": values["text"], "start": start, "end": end, "line": number}
        )
    # calls come out in the order they first appear; errors first
    yield from bad.values()
    for data in calls.values():
        made = make_call(data, path, sheet=sheet)
        if isinstance(made, InputError):
            made.reason = Msg("in.in_call", call=data["call_id"], reason=made.reason)
        yield made
