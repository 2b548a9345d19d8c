"""Check a batch: units of work checked in worker processes, what each gave yielded in
input order as it comes, memory bounded by the units in flight.

The runner knows nothing of formats. It yields a `Piece` per unit — the unit's results
(when a sink keeps them), the text a sink rendered call by call in the worker (when a
sink streams), its input errors and counts — and, last, the calls only a call log knows
of. Sinks (reports, the scorecard, the progress bar) take the pieces in order.

With `jobs == 1` the units run in this process, one after another, through the same code.
Workers are forked when the platform can (they then share the compiled rubric and the
call logs with this process); elsewhere they are spawned, and each builds its own copy of
the compiled rubric (a tokenizer does not pickle). Each process checks with one `Checker`,
whose cache lives as long as the process.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional

from .engine import Checker, CompiledRubric
from .ingest import Unit, join_log, log_only_call, read_unit
from .ingest.logbook import CallLogs
from .ingest.common import collecting_warnings
from .i18n import Msg
from .models import CallLog, CallResult, InputError, Severity
from .score import call_failed


@dataclass
class Piece:
    """What one unit gave: results or rendered text, errors, counts, logs used."""

    text: str = ""
    results: list[CallResult] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    calls: int = 0
    failed: int = 0
    findings: int = 0
    size: int = 0
    extracts: list = field(default_factory=list)
    warnings: list[InputError] = field(default_factory=list)  # read, with a doubt worth saying
    # per call, in order (until the parent has settled the piece): id, source, rendered
    # text, failed, findings
    checked: list[tuple] = field(default_factory=list)

    def settle(self, seen: dict[str, str]) -> None:
        """Leave out each call whose id an earlier call had (in this piece or an earlier
        one, `seen`: id → source): it is checked and counted once, and the repeat is an
        input error naming both files."""
        keep = []
        for index, (call_id, source, text, failed, findings) in enumerate(self.checked):
            first = seen.get(call_id)
            if first is None:
                seen[call_id] = source
                keep.append(index)
                continue
            self.errors.append(InputError(path=source, reason=Msg("in.call_repeated", call=call_id, first=first)))
            self.calls -= 1
            self.failed -= failed
            self.findings -= findings
        if len(keep) < len(self.checked):
            self.results = [self.results[i] for i in keep] if self.results else []
            self.extracts = [self.extracts[i] for i in keep] if self.extracts else []
        self.text = "".join(self.checked[i][2] for i in keep)
        self.checked = []


class Job:
    """Everything a worker needs; set up once, before the workers start.

    `render`: a picklable function result → text, applied in the worker (a streaming
    sink's); `keep`: whether pieces carry their results; `extract`: a picklable function
    (call, log, result) → what a sink keeps of each call (the store's rows), made in the
    worker too."""

    def __init__(self, compiled: CompiledRubric, logs: CallLogs, lang: str = "zh",
                 fail_on: Optional[Severity] = None,
                 render: Optional[Callable[[CallResult], str]] = None, keep: bool = True,
                 extract: Optional[Callable] = None):
        self.compiled = compiled
        self.logs = logs if isinstance(logs, CallLogs) else CallLogs.of(logs)
        self.lang = lang
        self.fail_on = fail_on
        self.render = render
        self.keep = keep
        self.extract = extract
        self._checker: Optional[Checker] = None

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_checker"] = None  # each process checks with its own (and its own cache)
        return state

    @property
    def checker(self) -> Checker:
        if self._checker is None:
            self._checker = Checker(self.compiled, self.lang)
        return self._checker

    def run(self, unit: Unit) -> Piece:
        piece = Piece(size=unit.size)
        with collecting_warnings(piece.warnings):
            for item in read_unit(unit):
                if isinstance(item, InputError):
                    piece.errors.append(item)
                    continue
                call, log, problem = join_log(item, self.logs)
                if problem:
                    piece.errors.append(problem)
                self._check(piece, call, log)
        return piece

    def leftovers(self, used) -> Piece:
        """The calls only a call log knows of (no transcript with their id among `used`):
        its log rules."""
        piece = Piece()
        for log in self.logs.unused(used):
            self._check(piece, log_only_call(log), log)
        return piece

    def _check(self, piece: Piece, call, log: Optional[CallLog]) -> None:
        result = self.checker.check(call, log)
        failed = int(call_failed(result, self.fail_on))
        piece.calls += 1
        piece.failed += failed
        piece.findings += len(result.findings)
        piece.checked.append((call.call_id, call.source or "", self.render(result) if self.render else "",
                              failed, len(result.findings)))
        if self.keep:
            piece.results.append(result)
        if self.extract is not None:
            piece.extracts.append(self.extract(call, log, result))


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_JOB: Optional[Job] = None


def _init(job: Optional[Job]) -> None:
    """A worker leaves Ctrl-C and SIGTERM to the parent process, which stops the pool (a
    worker never prints a traceback of an interrupted run)."""
    import signal

    global _JOB
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if job is not None:  # spawned: the job comes pickled (forked workers inherit it)
        _JOB = job


def _run(unit: Unit) -> Piece:
    return _JOB.run(unit)


def start_method() -> str:
    """fork where the platform has it (QA_TOOLKIT_START_METHOD may say otherwise)."""
    import multiprocessing

    wanted = os.environ.get("QA_TOOLKIT_START_METHOD")
    methods = multiprocessing.get_all_start_methods()
    if wanted in methods:
        return wanted
    return "fork" if "fork" in methods else "spawn"


def run(job: Job, units: list[Unit], jobs: int, method: Optional[str] = None,
        started: Optional[Callable[[], None]] = None) -> Iterator[Piece]:
    """Pieces in input order, then the calls only a call log knows of. Worker processes
    only when there is enough to share. `started` is called once they are checking (and
    before the first piece is awaited): what a sink sets up then runs beside them."""
    global _JOB
    _JOB = job
    # what is set up by now (the compiled rubric, the segmenter, the call logs) lives as
    # long as the run: the collector need not scan it again, and forked workers
    # inheriting it then keep its pages shared with this process instead of copying them
    gc.freeze()
    pool = None
    try:
        if jobs <= 1 or len(units) < 2:
            pieces: Iterable[Piece] = map(_run, units)
        else:
            import multiprocessing

            method = method or start_method()
            context = multiprocessing.get_context(method)
            pool = context.Pool(min(jobs, len(units)), initializer=_init,
                                initargs=(None if method == "fork" else job,))
            pieces = pool.imap(_run, units, chunksize=1)
        if started is not None:
            started()
        seen: dict[str, str] = {}  # every call id checked: a log of one of them was joined to it
        for piece in pieces:
            piece.settle(seen)
            yield piece
        last = job.leftovers(seen)
        last.settle(seen)
        yield last
        if pool is not None:
            pool.close()
            pool.join()
            pool = None
    finally:
        if pool is not None:
            pool.terminate()
        gc.unfreeze()
