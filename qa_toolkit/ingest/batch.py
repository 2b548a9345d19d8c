"""Sort the files of a batch by what they hold, and join transcripts to call logs.

Directories are walked as for transcripts; a CSV/XLSX file is told apart by its header:
utterance tables have 角色 and 内容, call logs have 通话ID and a log-only column (等待时长,
挂机方 …), records have 项目, rosters have 班组. Files given with --logs, --records and
--roster are taken as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..models import Call, CallLog, InputError
from . import expand_paths
from .logs import LOG_HEADERS, LOG_ONLY, read_logs
from .records import RECORD_HEADERS
from .roster import ROSTER_HEADERS
from .sheets import first_header, map_columns
from .table_input import HEADERS as UTTERANCE_HEADERS


@dataclass
class Sources:
    transcripts: list[Path] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)
    records: list[Path] = field(default_factory=list)
    rosters: list[Path] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def classify(path: Path) -> str:
    """transcripts, logs, records or roster."""
    if path.suffix.lower() not in (".csv", ".xlsx"):
        return "transcripts"
    header = first_header(path)
    if not header:
        return "transcripts"  # the transcript reader reports what is wrong with it
    if {"role", "text"} <= set(map_columns(header, UTTERANCE_HEADERS)):
        return "transcripts"
    if "item" in map_columns(header, RECORD_HEADERS):
        return "records"
    log_columns = set(map_columns(header, LOG_HEADERS))
    if "call_id" in log_columns and log_columns & LOG_ONLY:
        return "logs"
    if "team" in map_columns(header, ROSTER_HEADERS):
        return "roster"
    return "transcripts"


def discover(
    paths: Iterable[str | Path],
    logs: Iterable[str | Path] = (),
    records: Iterable[str | Path] = (),
    rosters: Iterable[str | Path] = (),
) -> Sources:
    sources = Sources()
    explicit = {"logs": logs, "records": records, "roster": rosters}
    given: set[Path] = set()
    for kind, items in explicit.items():
        for raw in items:
            path = Path(raw)
            if not path.is_file():
                sources.errors.append(InputError(path=str(path), reason="no such file"))
                continue
            given.add(path.resolve())
            _bucket(sources, kind).append(path)
    for entry in expand_paths(paths):
        if isinstance(entry, InputError):
            sources.errors.append(entry)
        elif entry.resolve() not in given:
            _bucket(sources, classify(entry)).append(entry)
    return sources


def _bucket(sources: Sources, kind: str) -> list[Path]:
    return {"transcripts": sources.transcripts, "logs": sources.logs,
            "records": sources.records, "roster": sources.rosters}[kind]


def read_call_logs(sources: Sources, log_columns: dict[str, str] | None = None
                   ) -> tuple[dict[str, CallLog], list[InputError]]:
    """Every log row by call id; bad and repeated rows as errors."""
    logs: dict[str, CallLog] = {}
    errors: list[InputError] = []
    for path in sources.logs:
        for item in read_logs(path, log_columns):
            if isinstance(item, InputError):
                errors.append(item)
            elif item.call_id in logs:
                first = logs[item.call_id]
                errors.append(InputError(
                    path=item.source, sheet=item.sheet, row=item.row,
                    reason=f"call {item.call_id} is logged twice (first on row {first.row}); this row is left out",
                ))
            else:
                logs[item.call_id] = item
    return logs, errors


def join_log(call, logs: dict[str, CallLog]):
    """(call with the log's agent and start filled in, its log or None, a problem or None)."""
    log = logs.get(call.call_id)
    if log is None:
        return call, None, None
    problem = None
    if log.agent_id and call.agent_id and log.agent_id != call.agent_id:
        problem = InputError(
            path=log.source, sheet=log.sheet, row=log.row,
            reason=f"call {call.call_id}: agent {log.agent_id} in the log but {call.agent_id} "
            f"in {call.source}; the transcript's agent is used",
        )
    if not (call.agent_id and call.agent_name and call.started_at):
        update = {
            "agent_id": call.agent_id or log.agent_id,
            "agent_name": call.agent_name or log.agent_name,
            "started_at": call.started_at or log.started_at,
        }
        if isinstance(call, Call):
            call = call.model_copy(update=update)
        else:
            import msgspec

            call = msgspec.structs.replace(call, **update)
    return call, log, problem


def log_only_call(log: CallLog) -> Call:
    return Call(call_id=log.call_id, agent_id=log.agent_id, agent_name=log.agent_name,
                started_at=log.started_at, utterances=[], source=log.source)
