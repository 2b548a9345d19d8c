"""Check a batch: inputs streamed in pieces, pieces checked in worker processes, results
written in input order as they come, memory bounded by the pieces in flight.

A piece (`Unit`) is a whole transcript file, or about 4 MiB of a JSON Lines file. With
`jobs == 1` the pieces run in this process, one after another, through the same code.
Workers are forked after the rubric is compiled and the call logs are read, so they
share both; each returns its piece's output already rendered for streaming formats, or
its results for formats that render at the end.
"""

from __future__ import annotations

import gc
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

from .engine import check_call
from .ingest import READERS
from .ingest.batch import join_log, log_only_call
from .models import CallLog, CallResult, InputError
from .reporters import REGISTRY

CHUNK_BYTES = 4 << 20


@dataclass(frozen=True)
class Unit:
    path: Path
    start: int = 0
    end: Optional[int] = None
    first_line: int = 1
    size: int = 0


@dataclass
class Piece:
    """What one unit gave: rendered text or results, errors, counts, logs used."""

    text: str = ""
    results: list[CallResult] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    calls: int = 0
    failed: int = 0
    findings: int = 0
    logs_used: set[str] = field(default_factory=set)
    size: int = 0


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def plan(transcripts: Iterable[Path], chunk: int = CHUNK_BYTES) -> list[Unit]:
    from .ingest.fast_json import is_utf8, split_points

    units = []
    for path in transcripts:
        size = path.stat().st_size if path.exists() else 0
        if path.suffix.lower() == ".jsonl" and size > chunk and is_utf8(path):
            for start, end, line in split_points(path, chunk):
                units.append(Unit(path, start, end, line, end - start))
        else:
            units.append(Unit(path, size=size))
    return units


def read_unit(unit: Unit) -> Iterator[Any]:
    """Calls and errors of one unit, in file order."""
    from .ingest.fast_json import is_utf8, stream_jsonl

    path = unit.path
    try:
        if path.suffix.lower() == ".jsonl" and (unit.end is not None or is_utf8(path)):
            yield from stream_jsonl(path, unit.start, unit.end, unit.first_line)
        else:
            yield from READERS[path.suffix.lower()](path)
    except OSError as exc:
        yield InputError(path=str(path), reason=f"cannot read file: {exc.strerror or exc}")


class Job:
    """Everything a worker needs; set up once, before the workers fork."""

    def __init__(self, compiled, report, logs: dict[str, CallLog], stream: bool):
        self.compiled = compiled
        self.report = report  # rubric, lang, fail_on (its counters are the parent's)
        self.logs = logs
        self.stream = stream
        self._render = REGISTRY[report.format].stream_call if stream else None

    def run(self, unit: Unit) -> Piece:
        piece = Piece(size=unit.size)
        out: list[str] = []
        for item in read_unit(unit):
            if isinstance(item, InputError):
                piece.errors.append(item)
                continue
            call, log, problem = join_log(item, self.logs)
            if problem:
                piece.errors.append(problem)
            if log is not None:
                piece.logs_used.add(call.call_id)
            self._check(piece, out, call, log)
        piece.text = "".join(out)
        return piece

    def leftovers(self, used: set[str]) -> Piece:
        """The calls only a call log knows of (no transcript): its log rules."""
        piece = Piece()
        out: list[str] = []
        for log in leftover_logs(self.logs, used):
            self._check(piece, out, log_only_call(log), log)
        piece.text = "".join(out)
        return piece

    def _check(self, piece: Piece, out: list[str], call, log: Optional[CallLog]) -> None:
        result = check_call(call, self.compiled, self.report.lang, log=log)
        piece.calls += 1
        piece.failed += self.report.call_failed(result)
        piece.findings += len(result.findings)
        if self._render is not None:
            out.append(self._render(self.report, result))
        else:
            piece.results.append(result)


_JOB: Optional[Job] = None


def _run(unit: Unit) -> Piece:
    return _JOB.run(unit)


def run_batch(job: Job, units: list[Unit], jobs: int, progress: bool) -> Iterator[Piece]:
    """Pieces in input order, then the calls only a call log knows of. Worker processes
    only when there is enough to share."""
    global _JOB
    _JOB = job
    bar = _progress(sum(u.size for u in units)) if progress else None
    # what is set up by now (the compiled rubric, the segmenter, the call logs) lives as
    # long as the run: the collector need not scan it again, and workers inheriting it
    # then keep its pages shared with this process instead of copying them
    gc.freeze()
    try:
        if jobs <= 1 or len(units) < 2:
            pieces: Iterable[Piece] = map(_run, units)
            pool = None
        else:
            import multiprocessing

            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
            context = multiprocessing.get_context(method)
            pool = context.Pool(min(jobs, len(units)), initializer=_init_spawned if method != "fork" else None,
                                initargs=(job,) if method != "fork" else ())
            pieces = pool.imap(_run, units, chunksize=1)
        calls = 0
        used: set[str] = set()
        for piece in pieces:
            used |= piece.logs_used
            calls += piece.calls
            if bar is not None:
                bar.update(piece.size)
                bar.set_postfix_str(f"{calls:,} calls, {calls / max(bar.format_dict['elapsed'], 1e-9):,.0f}/s")
            yield piece
        yield job.leftovers(used)
        if pool is not None:
            pool.close()
            pool.join()
    finally:
        if bar is not None:
            bar.close()
        gc.unfreeze()


def _init_spawned(job: Job) -> None:  # pragma: no cover - platforms without fork
    global _JOB
    _JOB = job


def _progress(total: int):
    from tqdm import tqdm

    return tqdm(total=total, unit="B", unit_scale=True, file=sys.stderr, dynamic_ncols=True,
                desc="qa-toolkit", leave=False)


def leftover_logs(logs: dict[str, CallLog], used: set[str]) -> list[CallLog]:
    return [log for call_id, log in logs.items() if call_id not in used]

