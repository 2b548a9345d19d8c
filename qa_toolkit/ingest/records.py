"""Manual QA and discipline records (人工质检、考勤记录) in CSV or XLSX, any number of sheets.

Rows: 日期, 工号, 姓名, 项目, 次数, 分值, 备注, 质检员 (or English headers). The item is
matched against the rubric's `manual` items by id, name or alias. Points may be left out
for fixed items; graded items (技术能手 10/6/3) must give one of their allowed points. A
row that does not parse or names an unknown item is reported and skipped; every valid row
is applied.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Union

from ..i18n import Msg, reason_of
from ..models import InputError, ManualRecord
if TYPE_CHECKING:
    from ..rubric import Rubric
from .tables import Table, aliases, cell_text, map_columns, parse_datetime, parse_number, read_tables

FIELDS = {
    "date": ["日期", "时间", "date"],
    "agent_id": ["工号", "坐席工号", "agent_id"],
    "agent_name": ["姓名", "坐席姓名", "agent_name"],
    "item": ["项目", "考核项目", "扣分项目", "奖惩项目", "item"],
    "count": ["次数", "count"],
    "points": ["分值", "扣分", "加分", "分数", "points"],
    "note": ["备注", "说明", "note"],
    "inspector": ["质检员", "检查人", "记录人", "inspector"],
}
RECORD_HEADERS = aliases(FIELDS)
REQUIRED = {"agent_id": "工号 (agent_id)", "item": "项目 (item)"}


def _row(table: Table, number: int, cells: list, columns: dict[str, int], rubric: Rubric):
    def raw(field):
        index = columns.get(field)
        return cells[index] if index is not None and index < len(cells) else None

    def error(field, reason):
        column = table.header[columns[field]] if field in columns else None
        return table.error(reason, row=number, column=column)

    agent_id = cell_text(raw("agent_id"))
    if not agent_id:
        return error("agent_id", Msg("in.empty_agent_id"))
    name = cell_text(raw("item"))
    if not name:
        return error("item", Msg("in.empty_item"))
    item = rubric.manual_item(name)
    if item is None:
        known = "、".join(i.name for i in rubric.manual[:6])
        return error("item", Msg("in.unknown_item", name=name, rubric=rubric.name, known=known))
    try:
        when = parse_datetime(raw("date"))
    except ValueError as exc:
        return error("date", reason_of(exc))
    try:
        count = parse_number(raw("count"))
    except ValueError as exc:
        return error("count", reason_of(exc))
    count = 1.0 if count is None else count
    if count <= 0 or not count.is_integer():
        return error("count", Msg("in.bad_record_count", count=f"{count:g}"))
    try:
        given = parse_number(raw("points"))
    except ValueError as exc:
        return error("points", reason_of(exc))
    if given is not None:
        given = abs(given)
    if item.allowed_points:
        if given is None:
            allowed = "/".join(f"{p:g}" for p in item.allowed_points)
            return error("points", Msg("in.needs_points", item=item.name, allowed=allowed))
        if given not in item.allowed_points:
            allowed = "/".join(f"{p:g}" for p in item.allowed_points)
            return error("points", Msg("in.points_not_allowed", given=f"{given:g}", item=item.name, allowed=allowed))
        per = given
    elif item.fatal and item.points is None:
        per = 0.0
    else:
        if given is not None and given != item.points:
            return error("points", Msg("in.points_differ", given=f"{given:g}", points=f"{item.points:g}", item=item.name))
        per = item.points
    sign = -1 if item.kind == "deduction" else 1
    return ManualRecord(
        date=when, agent_id=agent_id, agent_name=cell_text(raw("agent_name")),
        item_id=item.id, item_name=item.name, kind=item.kind, count=count,
        points=sign * per * count, fatal=item.fatal, note=cell_text(raw("note")),
        inspector=cell_text(raw("inspector")), source=str(table.path), sheet=table.sheet, row=number,
    )


def table_records(table: Table, rubric: Rubric) -> Iterator[Union[ManualRecord, InputError]]:
    columns = map_columns(table.header, RECORD_HEADERS)
    missing = [label for field, label in REQUIRED.items() if field not in columns]
    if missing:
        yield table.error(Msg("in.missing_columns", columns=missing, count=len(missing)), row=table.header_row)
        return
    for number, cells in table.rows:
        yield _row(table, number, cells, columns, rubric)


def read_records(path: Path, rubric: Rubric) -> Iterator[Union[ManualRecord, InputError]]:
    for table in read_tables(path):
        if isinstance(table, InputError):
            yield table
        else:
            yield from table_records(table, rubric)
