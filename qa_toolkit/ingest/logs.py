"""Call logs (话务记录 / CDR) in CSV or XLSX: one row per call, joined to transcripts by call id.

Headers may be Chinese or English (each field of `models.CallLog` names its own); a rubric's
`log_columns` adds more.
A row with a bad cell is reported (file, sheet, row, column, reason) and left out; the
transcript of that call, if any, is still checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Union

from ..i18n import Msg, reason_of
from ..models import CallLog, InputError, Role, log_fields
from .common import parse_role, parse_seconds
from .tables import (
    Table, aliases, cell_text, header_key, map_columns, parse_bool, parse_count, parse_datetime, read_tables,
)

LOG_HEADERS = aliases(log_fields())
# fields only a call log has: a table with call_id and one of these is a log
LOG_ONLY = {"wait_seconds", "rings", "talk_seconds", "holds", "hold_seconds", "hangup_by",
            "rating_transferred", "satisfaction"}

_HANGUP = {"坐席挂机": Role.agent, "座席挂机": Role.agent, "客户挂机": Role.customer,
           "用户挂机": Role.customer, "系统挂机": Role.system, "坐席先挂": Role.agent}


def _hangup(value: object) -> Role | None:
    text = cell_text(value)
    if text is None:
        return None
    role = _HANGUP.get(text) or parse_role(text)
    if role is None:
        raise ValueError(Msg("in.unknown_party", value=text))
    return role


_PARSERS = {
    "started_at": parse_datetime,
    "wait_seconds": parse_seconds,
    "talk_seconds": parse_seconds,
    "hold_seconds": parse_seconds,
    "rings": parse_count,
    "holds": parse_count,
    "hangup_by": _hangup,
    "rating_transferred": parse_bool,
}


def log_aliases(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The log headers, with a rubric's `log_columns` (header → field) added."""
    merged = dict(LOG_HEADERS)
    for header, field in (extra or {}).items():
        merged[header_key(header)] = field
    return merged


def table_logs(table: Table, extra: dict[str, str] | None = None) -> Iterator[Union[CallLog, InputError]]:
    columns = map_columns(table.header, log_aliases(extra))
    if "call_id" not in columns:
        yield table.error(Msg("in.missing_columns", columns=["通话ID (call_id)"], count=1), row=table.header_row)
        return
    for number, cells in table.rows:
        data: dict[str, object] = {"source": str(table.path), "sheet": table.sheet, "row": number}
        bad = None
        for field, index in columns.items():
            raw = cells[index] if index < len(cells) else None
            try:
                data[field] = _PARSERS[field](raw) if field in _PARSERS else cell_text(raw)
            except ValueError as exc:
                bad = table.error(reason_of(exc), row=number, column=table.header[index])
                break
        if bad is None and not data.get("call_id"):
            bad = table.error(Msg("in.empty_call_id"), row=number, column=table.header[columns["call_id"]])
        if bad:
            yield bad
            continue
        yield CallLog.model_validate(data)
    if table.rows.damage is not None:  # read as a stream: the rows before it are kept
        yield table.rows.damage


def read_logs(path: Path, extra: dict[str, str] | None = None) -> Iterator[Union[CallLog, InputError]]:
    for table in read_tables(path, lazy=True):
        if isinstance(table, InputError):
            yield table
        else:
            yield from table_logs(table, extra)
