"""`check --store`: the store as one more sink of the runner.

Each worker turns a checked call into the rows the store keeps (`Extract`: the call's
result and log, its findings with their stable ids, evidence and the turns around them);
the sink writes them in batches, each batch one transaction, so storing adds little to a
run.
"""

from __future__ import annotations

from datetime import datetime
from hashlib import blake2b, sha1
from typing import Optional

import msgspec

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
CALL_COLUMNS = ("call_id", "agent_id", "agent_name", "channel", "direction", "started_at", "duration", "source",
                "has_transcript", "has_log", "base_score", "score", "pass_line", "passed", "fatal", "arithmetic",
                "not_run", "log", "turns", "digest")
FINDING_COLUMNS = ("id", "seq", "origin", "rule_id", "check_type", "severity", "points", "deducted", "message",
                   "utterance_index", "role", "span_start", "span_end", "matched", "excerpt", "context", "fuzzy",
                   "line", "review", "stale")


CONTEXT = 2  # turns either side of a finding's turn


def context_of(utterances, turn) -> str | None:
    """[[turn, role, text], …] of the turns around a finding's, as JSON."""
    if turn is None or not utterances:
        return None
    return _ENCODE.encode([(i, u.role, u.text) for i, u in
                           enumerate(utterances[max(0, turn - CONTEXT):turn + CONTEXT + 1], start=max(0, turn - CONTEXT))]
                          ).decode()


def db_time(value, dialect: str):
    """A time as it travels to the store: the text the sqlite3 driver writes for a datetime
    (ISO 8601 with a space; made in the worker, and without the driver's deprecated
    default adapter). For PostgreSQL `unpacked` makes it a datetime again."""
    if value is None:
        return value
    return value.isoformat(" ")


class Extract:
    """Picklable (it goes to the workers): (call, log, result) → the rows of one call."""

    def __init__(self, revision_hash: str, dialect: str = "sqlite"):
        self.revision = revision_hash
        self.dialect = dialect

    def rows(self, call, log, result) -> tuple[tuple, list[tuple]]:
        """(call row, finding rows): tuples in the order of `CALL_COLUMNS` (without the
        digest) and `FINDING_COLUMNS`, their values as the database takes them."""
        seen: dict[tuple, int] = {}
        findings = []
        revision, call_id = self.revision, result.call_id
        for seq, f in enumerate(result.findings):
            span = f.span
            key = (f.rule_id, f.utterance_index, span)
            occurrence = seen.get(key, 0)
            seen[key] = occurrence + 1
            findings.append((
                finding_id(revision, call_id, f.rule_id, f.utterance_index, span, occurrence), seq, "machine",
                f.rule_id, f.check, f.severity.value, f.points, f.deducted, f.message, f.utterance_index,
                f.role.value if f.role else None, span[0] if span else None, span[1] if span else None,
                f.matched, f.excerpt, context_of(call.utterances, f.utterance_index), f.fuzzy, f.line,
                "unreviewed", False,
            ))
        row = (
            call_id, result.agent_id, result.agent_name, result.channel, getattr(call, "direction", None),
            db_time(result.started_at, self.dialect), result.duration, result.source, result.has_transcript,
            result.has_log, result.base_score, result.score, result.pass_line, result.passed, result.fatal,
            result.arithmetic, _ENCODE.encode(result.not_run).decode(),
            log.model_dump_json(exclude_none=True) if log is not None else None, len(call.utterances),
        )
        return row, findings

    def __call__(self, call, log, result) -> tuple[bytes, str, int]:
        """What goes from the worker to the sink: the call's rows as one MessagePack
        blob (encoded once, it is also what the digest is taken of, so that an unchanged
        call is known on a re-run), the digest, and the number of findings."""
        row, findings = self.rows(call, log, result)
        blob = _PACK(((call.call_id, *row[1:]), findings))
        return blob, blake2b(blob, digest_size=16).hexdigest(), len(findings)


_PACK = msgspec.msgpack.Encoder().encode
_UNPACK = msgspec.msgpack.Decoder().decode


def unpacked(extract: tuple[bytes, str, int], dialect: str) -> tuple[list, list[list]]:
    """The rows of one extract as the database takes them: the call row (with its digest
    last) and the finding rows."""
    blob, digest, _ = extract
    row, findings = _UNPACK(blob)
    row.append(digest)
    if dialect != "sqlite" and row[5] is not None:  # started_at travels as ISO text
        row[5] = datetime.fromisoformat(row[5])
    return row, findings


class StoreSink:
    """Writes each piece's calls to the store (batched), then the run's counts and input
    errors when the run ends."""

    def __init__(self, store: Store, run_id: int, revision_id: int, revision_hash: str):
        self.store = store
        self.run_id = run_id
        self.revision_id = revision_id
        self.extract = Extract(revision_hash, store.dialect)
        self.pending: list[dict] = []
        self.calls = 0
        self.findings = 0
        self.errors: list = []
        self.warnings: list = []
        self.inputs: list[dict] = []  # the run's input files with their SHA-256
        self.hashing = None  # the thread reading them
        self.quiet = False

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
            dialect = self.store.dialect
            self.store.write(self.run_id, self.revision_id, [unpacked(e, dialect) for e in self.pending])
            self.pending = []

    def finish(self) -> None:
        self.flush()

    def close(self, extra_errors=()) -> None:
        if self.hashing is not None:
            self.hashing.join()
        self.store.finish_run(self.run_id, self.calls, self.findings, [*self.errors, *extra_errors], self.inputs)
