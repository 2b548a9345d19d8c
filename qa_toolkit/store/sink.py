"""`check --store`: the store as one more sink of the runner.

Each worker turns a checked call into the rows the store keeps (`Extract`: the call's
result and log, its findings with their stable ids, evidence and the turns around them);
the sink writes them in batches, each batch one transaction, so storing adds little to a
run.
"""

from __future__ import annotations

import gc
from datetime import datetime
from hashlib import blake2b, sha1
from typing import TYPE_CHECKING, Callable, Optional

import msgspec

if TYPE_CHECKING:
    from .db import Store

BATCH = 5000  # calls per transaction


def finding_id(revision: str, call_id: str, rule_id: str, turn: Optional[int], span, occurrence: int) -> str:
    """A finding's stable id: the same call, rule, rubric revision, turn, span (and, for
    two findings alike in all these, their order) give the same id on every run."""
    where = "" if turn is None else turn
    place = "" if span is None else f"{span[0]}-{span[1]}"
    key = f"{revision}\x1f{call_id}\x1f{rule_id}\x1f{where}\x1f{place}\x1f{occurrence}"
    return "F" + sha1(key.encode("utf-8")).hexdigest()[:15].upper()


_ENCODE = msgspec.json.Encoder()

# the columns of an extract's rows, in order
CALL_COLUMNS = ("call_id", "direction", "started_at", "not_run", "log", "turns", "agent_id", "agent_name", "channel",
                "duration", "source", "has_transcript", "has_log", "base_score", "score", "pass_line", "passed",
                "fatal", "arithmetic", "digest")
FINDING_COLUMNS = ("id", "seq", "context", "span_start", "span_end", "rule_id", "check_type", "severity", "points",
                   "deducted", "message", "utterance_index", "role", "matched", "excerpt", "fuzzy", "line")
# the columns every machine finding starts with the same value in (written into the statement)
FINDING_FIXED = {"origin": "machine", "review": "unreviewed", "stale": False}


# The JSON columns travel as their UTF-8 bytes, as they were encoded: SQLite takes them as
# text (CAST(? AS TEXT)) without decoding and encoding them again; for PostgreSQL
# `unpacked` decodes them.
JSON_CALL_COLUMNS = ("not_run", "log")
JSON_FINDING_COLUMNS = ("context",)

CONTEXT = 2  # turns either side of a finding's turn


def context_of(utterances, turn) -> bytes | None:
    """[[turn, role, text], …] of the turns around a finding's, as JSON (UTF-8)."""
    if turn is None or not utterances:
        return None
    first = max(0, turn - CONTEXT)
    return _ENCODE.encode([(i, u.role, u.text)
                           for i, u in enumerate(utterances[first:turn + CONTEXT + 1], start=first)])


def db_time(value):
    """A time as it travels to the store: the text the sqlite3 driver writes for a datetime
    (ISO 8601 with a space; made in the worker, and without the driver's deprecated
    default adapter). For PostgreSQL `unpacked` makes it a datetime again."""
    if value is None:
        return value
    return value.isoformat(" ")


class Extract:
    """Picklable (it goes to the workers): (call, log, result) → the rows of one call."""

    def __init__(self, revision_hash: str):
        self.revision = revision_hash

    def rows(self, call, log, result) -> tuple[tuple, list[tuple]]:
        """(call row, finding rows): tuples in the order of `CALL_COLUMNS` (without the
        digest) and `FINDING_COLUMNS`, their values as the database takes them."""
        seen: dict[tuple, int] = {}
        findings = []
        revision, call_id, utterances = self.revision, result.call_id, call.utterances
        for seq, f in enumerate(result.findings):
            span, turn, rule = f.span, f.utterance_index, f.rule_id
            key = (rule, turn, span)
            occurrence = seen.get(key, 0)
            seen[key] = occurrence + 1
            start, end = span if span is not None else (None, None)
            # enums go as they are: MessagePack writes their values
            findings.append((
                finding_id(revision, call_id, rule, turn, span, occurrence), seq, context_of(utterances, turn),
                start, end, rule, f.check, f.severity, f.points, f.deducted, f.message, turn, f.role, f.matched,
                f.excerpt, f.fuzzy, f.line,
            ))
        r = result
        row = (
            call.call_id, getattr(call, "direction", None), db_time(r.started_at),
            _ENCODE.encode(r.not_run), log.model_dump_json(exclude_none=True).encode() if log is not None else None,
            len(utterances), r.agent_id, r.agent_name, r.channel, r.duration, r.source, r.has_transcript, r.has_log,
            r.base_score, r.score, r.pass_line, r.passed, r.fatal, r.arithmetic,
        )
        return row, findings

    def __call__(self, call, log, result) -> tuple[bytes, str, int]:
        """What goes from the worker to the sink: the call's rows as one MessagePack
        blob (encoded once, it is also what the digest is taken of, so that an unchanged
        call is known on a re-run), the digest, and the number of findings."""
        row, findings = self.rows(call, log, result)
        blob = _PACK((row, findings))
        return blob, blake2b(blob, digest_size=16).hexdigest(), len(findings)


_PACK = msgspec.msgpack.Encoder().encode
_UNPACK = msgspec.msgpack.Decoder().decode


_STARTED = CALL_COLUMNS.index("started_at")
_JSON_IN_CALL = tuple(CALL_COLUMNS.index(c) for c in JSON_CALL_COLUMNS)
_JSON_IN_FINDING = tuple(FINDING_COLUMNS.index(c) for c in JSON_FINDING_COLUMNS)


def unpacked(extract: tuple[bytes, str, int], dialect: str) -> tuple[list, list[list]]:
    """The rows of one extract as the database takes them: the call row (with its digest
    last) and the finding rows, as lists (the writer appends the keys it gives them)."""
    blob, digest, _ = extract
    row, findings = _UNPACK(blob)
    row.append(digest)
    if dialect != "sqlite":
        if row[_STARTED] is not None:  # started_at travels as ISO text
            row[_STARTED] = datetime.fromisoformat(row[_STARTED])
        for i in _JSON_IN_CALL:
            if row[i] is not None:
                row[i] = row[i].decode("utf-8")
        for f in findings:
            for i in _JSON_IN_FINDING:
                if f[i] is not None:
                    f[i] = f[i].decode("utf-8")
    return row, findings


class StoreSink:
    """Writes each piece's calls to the store (batched), then the run's counts and input
    errors when the run ends.

    The store is opened by `start` (`opener`: → the store, the revision's id and the run's
    id), which the runner calls once its workers are checking: opening a store (its
    libraries, its migrations) then takes no time of the run's own. Only the revision's
    hash is needed before, by the workers' `Extract`."""

    def __init__(self, opener: Callable[[], tuple["Store", int, int]], revision_hash: str):
        self.opener = opener
        self.store: Optional["Store"] = None
        self.run_id: Optional[int] = None
        self.revision_id: Optional[int] = None
        self.revision_hash = revision_hash
        self.extract = Extract(revision_hash)
        self.pending: list[dict] = []
        self.calls = 0
        self.findings = 0
        self.errors: list = []
        self.warnings: list = []
        self.inputs: list[dict] = []  # the run's input files with their SHA-256
        self.hashing = None  # the thread reading them
        self.quiet = False

    def start(self) -> None:
        if self.store is None:
            self.store, self.revision_id, self.run_id = self.opener()

    def piece(self, piece) -> None:
        self.errors.extend(piece.errors)
        self.warnings.extend(piece.warnings)
        self.pending.extend(piece.extracts)
        self.calls += len(piece.extracts)
        self.findings += sum(e[2] for e in piece.extracts)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.start()
            dialect = self.store.dialect
            # a batch's rows hold no cycles (refcounting frees them), but the many
            # lists unpacking makes would set the cyclic collector scanning over and over
            collecting = gc.isenabled()
            gc.disable()
            try:
                self.store.write(self.run_id, self.revision_id, [unpacked(e, dialect) for e in self.pending])
            finally:
                if collecting:
                    gc.enable()
            self.pending = []

    def finish(self) -> None:
        self.flush()

    def close(self, extra_errors=()) -> None:
        self.start()
        if self.hashing is not None:
            self.hashing.join()
        self.store.finish_run(self.run_id, self.calls, self.findings, [*self.errors, *extra_errors], self.inputs)
