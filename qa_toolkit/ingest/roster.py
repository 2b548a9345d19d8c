"""The roster (花名册): agent id, name and team, in CSV or XLSX. Teams rank separately."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Union

from ..models import InputError
from .sheets import cell_text, map_columns, read_tables

ROSTER_HEADERS = {
    "工号": "agent_id", "坐席工号": "agent_id", "agent_id": "agent_id",
    "姓名": "agent_name", "坐席姓名": "agent_name", "agent_name": "agent_name", "name": "agent_name",
    "班组": "team", "团队": "team", "组别": "team", "小组": "team", "team": "team",
    "岗位": "position", "岗位等级": "position", "position": "position",
}


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
            continue
        columns = map_columns(table.header, ROSTER_HEADERS)
        if "agent_id" not in columns:
            yield table.error("missing column 工号 (agent_id)", row=table.header_row)
            continue
        for number, cells in table.rows:
            values = {f: cell_text(cells[i]) if i < len(cells) else None for f, i in columns.items()}
            agent_id = values.get("agent_id")
            if not agent_id:
                yield table.error("empty agent id", row=number, column=table.header[columns["agent_id"]])
                continue
            if agent_id in seen:
                yield table.error(f"agent {agent_id} is listed twice (first on row {seen[agent_id]})",
                                  row=number, column=table.header[columns["agent_id"]])
                continue
            seen[agent_id] = number
            yield Member(agent_id, values.get("agent_name"), values.get("team"), values.get("position"),
                         str(path), number)
