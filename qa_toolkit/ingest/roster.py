"""The roster (花名册): agent id, name and team, in CSV or XLSX. Teams rank separately."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Union

from ..i18n import Msg
from ..models import InputError
from .tables import Table, aliases, cell_text, map_columns, read_tables

FIELDS = {
    "agent_id": ["工号", "坐席工号", "agent_id"],
    "agent_name": ["姓名", "坐席姓名", "agent_name", "name"],
    "team": ["班组", "团队", "组别", "小组", "team"],
    "position": ["岗位", "岗位等级", "position"],
}
ROSTER_HEADERS = aliases(FIELDS)


@dataclass(frozen=True)
class Member:
    agent_id: str
    agent_name: str | None
    team: str | None
    position: str | None
    source: str
    row: int


def read_roster(path: Path) -> Iterator[Union[Member, InputError]]:
    seen: dict[str, int] = {}
    for table in read_tables(path):
        if isinstance(table, InputError):
            yield table
        else:
            yield from table_members(table, seen)


def table_members(table: Table, seen: dict[str, int]) -> Iterator[Union[Member, InputError]]:
    """The members a roster table lists (`seen`: agent id → row, across its sheets)."""
    columns = map_columns(table.header, ROSTER_HEADERS)
    if "agent_id" not in columns:
        yield table.error(Msg("in.missing_columns", columns=["工号 (agent_id)"], count=1), row=table.header_row)
        return
    for number, cells in table.rows:
        values = {f: cell_text(cells[i]) if i < len(cells) else None for f, i in columns.items()}
        agent_id = values.get("agent_id")
        if not agent_id:
            yield table.error(Msg("in.empty_agent_id"), row=number, column=table.header[columns["agent_id"]])
            continue
        if agent_id in seen:
            yield table.error(Msg("in.agent_twice", agent=agent_id, row=seen[agent_id]),
                              row=number, column=table.header[columns["agent_id"]])
            continue
        seen[agent_id] = number
        yield Member(agent_id, values.get("agent_name"), values.get("team"), values.get("position"),
                     str(table.path), number)
