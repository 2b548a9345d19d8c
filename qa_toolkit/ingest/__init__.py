"""The one front door for inputs: `open_inputs` finds the files, tells them apart, reads
call logs, records and rosters, and plans the transcripts as units of work that
`read_unit` reads (in a worker process or not). The CLI, the tests and the benchmark all
come in here.

- Directories are walked recursively for the known suffixes (hidden files and Excel's
  lock files `~$…` are left out), in sorted order.
- A table (CSV, TSV, XLSX) is opened once: its first sheet's header says what it is —
  utterance tables have 角色 and 内容, call logs 通话ID and a log-only column (等待时长,
  挂机方 …), records 项目, rosters 班组. Files given with --logs, --records and --roster are
  taken as such.
- A text file is read for what it holds: a `.txt` that holds JSON is read as JSON, a
  `.json` that holds JSON Lines as JSON Lines, and so on.
- A large UTF-8 JSON Lines file is cut into pieces of about 4 MiB on line boundaries, so
  that workers share it.

Every bad file, row or line is an `InputError` naming where and why; the rest is read.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from ..i18n import Msg, os_reason
from ..models import Call, CallLog, InputError, ManualRecord, replace
from . import json_input, tables, text_input
from .common import collecting_warnings, read_text
from .logbook import CallLogs
from .logs import LOG_HEADERS, LOG_ONLY, table_logs
from .records import RECORD_HEADERS, table_records
from .roster import ROSTER_HEADERS, Member, table_members
from .table_input import HEADERS as UTTERANCE_HEADERS
from .table_input import table_calls

Item = Union[Call, InputError]

TEXT_SUFFIXES = (".json", ".jsonl", ".txt")
SUFFIXES = tuple(sorted(TEXT_SUFFIXES + tables.SUFFIXES))
CHUNK_BYTES = 4 << 20
_JSON_START = re.compile(r"\s*(?:\{|\[\s*(?:\{|\]))")


@dataclass(frozen=True)
class Unit:
    """A piece of work: a transcript file, a piece of a JSON Lines file, or what a table
    held (read already, where the file was opened)."""

    path: Path
    start: int = 0
    end: Optional[int] = None
    first_line: int = 1
    size: int = 0
    items: Optional[tuple] = None
    encoding: Optional[str] = None  # --encoding: the text's encoding, not detected


@dataclass
class Inputs:
    units: list[Unit] = field(default_factory=list)
    logs: CallLogs = field(default_factory=CallLogs)
    log_errors: list[InputError] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    roster_errors: list[InputError] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)  # files not found or not supported
    record_paths: list[Path] = field(default_factory=list)
    roster_paths: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # this tool's own outputs, found in a folder
    warnings: list[InputError] = field(default_factory=list)  # read, with a doubt worth saying
    _record_tables: list = field(default_factory=list)

    def records(self, rubric) -> tuple[list[ManualRecord], list[InputError]]:
        """The rows of every records file, resolved against the rubric's manual items."""
        applied, errors = [], []
        for table in self._record_tables:
            items = [table] if isinstance(table, InputError) else table_records(table, rubric)
            for item in items:
                (errors if isinstance(item, InputError) else applied).append(item)
        return applied, errors


def _is_ignored(path: Path) -> bool:
    # hidden files and Excel's lock files (~$book.xlsx) are never inputs
    return path.name.startswith((".", "~$"))


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Files as given; directories walked recursively for known suffixes, sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES and not _is_ignored(p)
            )
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                yield path
            else:
                yield InputError(path=str(path), reason=Msg("in.unsupported", suffix=path.suffix,
                                                                expected=", ".join(SUFFIXES)))
        else:
            yield InputError(path=str(path), reason=Msg("in.no_such_path"))


def classify(table) -> str:
    """transcripts, logs, records or roster, from a table's header."""
    if isinstance(table, InputError):
        return "transcripts"  # the transcript reader reports what is wrong with it
    columns = set(tables.map_columns(table.header, UTTERANCE_HEADERS))
    if {"role", "text"} <= columns or table.below_title(UTTERANCE_HEADERS, ("role", "text")) is not table:
        return "transcripts"  # (its header may sit under a title row)
    if "item" in tables.map_columns(table.header, RECORD_HEADERS):
        return "records"
    log_columns = set(tables.map_columns(table.header, LOG_HEADERS))
    if "call_id" in log_columns and log_columns & LOG_ONLY:
        return "logs"
    if "team" in tables.map_columns(table.header, ROSTER_HEADERS):
        return "roster"
    return "transcripts"


def open_inputs(paths: Iterable[str | Path], logs: Iterable[str | Path] = (),
                records: Iterable[str | Path] = (), rosters: Iterable[str | Path] = (),
                log_columns: dict[str, str] | None = None, chunk: int = CHUNK_BYTES,
                skip: Iterable[str | Path] = (), encoding: Optional[str] = None) -> Inputs:
    """Find, tell apart and read (or plan) every input of a batch. What a folder holds
    that this tool wrote (its workbooks, the run's own output `skip`) is not read: it is
    listed in `skipped`."""
    inputs = Inputs()
    with collecting_warnings(inputs.warnings):
        _open(inputs, paths, logs, records, rosters, log_columns, chunk, skip, encoding)
    inputs.logs.done()
    return inputs


def _open(inputs: Inputs, paths, logs, records, rosters, log_columns, chunk, skip, encoding) -> None:
    skip = [Path(p).resolve() for p in skip]
    given: set[Path] = set()
    kinds: list[tuple[str, Path]] = []
    for kind, items in (("logs", logs), ("records", records), ("roster", rosters)):
        for raw in items:
            path = Path(raw)
            if not path.is_file():
                inputs.errors.append(InputError(path=str(path), reason=Msg("in.no_such_file")))
                continue
            given.add(path.resolve())
            if kind == "logs":  # read as a stream, in the order given, before those found in folders
                _read_logs(inputs, tables.read_tables(path, encoding, lazy=True), log_columns)
            else:
                kinds.append((kind, path))
    found: list[tuple[Path, Optional[list]]] = []  # transcript files; a table's sheets read once
    for entry in expand_paths(paths):
        if isinstance(entry, InputError):
            inputs.errors.append(entry)
        elif entry.resolve() in given:
            continue
        elif any(entry.resolve() == p or p in entry.resolve().parents for p in skip) \
                or tables.written_by_this_tool(entry):
            inputs.skipped.append(entry)
        elif entry.suffix.lower() in tables.SUFFIXES:
            read = tables.read_tables(entry, encoding, lazy=True)
            first = next(read)
            kind = classify(first)
            if kind == "logs":
                _read_logs(inputs, itertools.chain([first], read), log_columns)
                continue
            sheets = _whole(itertools.chain([first], read))  # the other tables are used whole
            if kind == "transcripts":
                found.append((entry, sheets))
            else:
                kinds.append((kind, entry, sheets))  # type: ignore[arg-type]
        else:
            found.append((entry, None))
    # records and rosters
    for kind, path, *read in kinds:
        sheets = read[0] if read else list(tables.read_tables(path, encoding))
        if kind == "records":
            inputs.record_paths.append(path)
            inputs._record_tables.extend(sheets)
        else:
            inputs.roster_paths.append(path)
            seen: dict[str, int] = {}
            for table in sheets:
                items = [table] if isinstance(table, InputError) else table_members(table, seen)
                for item in items:
                    (inputs.roster_errors if isinstance(item, InputError) else inputs.members).append(item)
    for path, sheets in found:
        if sheets is not None:
            items = [sheets[0]] if isinstance(sheets[0], InputError) else list(table_calls(sheets[0]))
            inputs.units.append(Unit(path, size=_size(path), items=tuple(items)))
        else:
            inputs.units.extend(_plan(path, chunk, encoding))


def _whole(read: Iterator) -> list:
    """Tables read lazily, each read whole before the next is opened (the workbook closes
    after the last); a table that cannot be read to its end makes the file one error."""
    sheets = []
    for table in read:
        if not isinstance(table, InputError) and table.rows.read_all() is not None:
            return [table.rows.damage]
        sheets.append(table)
    return sheets


def _read_logs(inputs: Inputs, sheets: Iterable, log_columns) -> None:
    """Every log row by call id, as the rows come; bad and repeated rows as errors."""
    for table in sheets:
        items = [table] if isinstance(table, InputError) else table_logs(table, log_columns)
        for item in items:
            if isinstance(item, InputError):
                inputs.log_errors.append(item)
                continue
            first = inputs.logs.add(item)
            if first is not None:
                inputs.log_errors.append(InputError(
                    path=item.source, sheet=item.sheet, row=item.row,
                    reason=Msg("in.logged_twice", call=item.call_id, row=first.row),
                ))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _plan(path: Path, chunk: int, encoding: Optional[str] = None) -> list[Unit]:
    size = _size(path)
    if encoding:
        return [Unit(path, size=size, encoding=encoding)]
    try:
        if path.suffix.lower() == ".jsonl" and size > chunk and json_input.is_utf8(path):
            return [Unit(path, start, end, line, end - start)
                    for start, end, line in json_input.split_points(path, chunk)]
    except OSError:
        pass  # read as one unit, whose reading reports why it cannot be read
    return [Unit(path, size=size)]


def read_unit(unit: Unit) -> Iterator[Item]:
    """Calls and errors of one unit, in file order."""
    if unit.items is not None:
        yield from unit.items
        return
    path = unit.path
    try:
        if unit.end is not None:
            yield from json_input.stream_jsonl(path, unit.start, unit.end, unit.first_line)
            return
        text = read_text(path, unit.encoding)
        suffix = path.suffix.lower()
        if isinstance(text, InputError):
            if suffix == ".jsonl" and isinstance(text.reason, Msg) and text.reason.key == "in.cannot_decode":
                # JSON Lines are UTF-8: read line by line, each bad line its own error
                yield from json_input.stream_jsonl(path)
            else:
                yield text
            return
        if suffix == ".txt" and not _JSON_START.match(text.lstrip("\ufeff")):
            yield from text_input.read_transcript_text(text, path)
        else:
            yield from json_input.read_json_text(text, path, lines_expected=suffix == ".jsonl")
    except OSError as exc:
        yield InputError(path=str(path), reason=Msg("in.cannot_read", reason=os_reason(exc)))


def read_calls(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Every call (and input error) of the transcripts among `paths`, in order."""
    inputs = open_inputs(paths)
    yield from inputs.errors
    for unit in inputs.units:
        yield from read_unit(unit)


def join_log(call: Call, logs: CallLogs):
    """(call with the log's agent and start filled in, its log or None, a problem or None)."""
    log = logs.get(call.call_id)
    if log is None:
        return call, None, None
    problem = None
    if log.agent_id and call.agent_id and log.agent_id != call.agent_id:
        problem = InputError(
            path=log.source, sheet=log.sheet, row=log.row,
            reason=Msg("in.agent_differs", call=call.call_id, log_agent=log.agent_id, agent=call.agent_id,
                       source=call.source),
        )
    if not (call.agent_id and call.agent_name and call.started_at):
        call = replace(call, agent_id=call.agent_id or log.agent_id,
                       agent_name=call.agent_name or log.agent_name,
                       started_at=call.started_at or log.started_at)
    return call, log, problem


def log_only_call(log: CallLog) -> Call:
    return Call(call_id=log.call_id, agent_id=log.agent_id, agent_name=log.agent_name,
                started_at=log.started_at, utterances=[], source=log.source)
