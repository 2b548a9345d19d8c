"""`check --store`: the store as one more sink of the runner.

Each worker turns a checked call into the rows the store keeps (`Extract`: the call's
result, its transcript compressed, its log, its findings with their stable ids); the sink
writes them in batches, each batch one transaction, so storing adds little to a run.
"""

from __future__ import annotations

import hashlib
import json
from typing import Optional

import msgspec

from .db import Store, pack

BATCH = 2000  # calls per transaction


def finding_id(revision: str, call_id: str, rule_id: str, turn: Optional[int], span, occurrence: int) -> str:
    """A finding's stable id: the same call, rule, rubric revision, turn, span (and, for
    two findings alike in all these, their order) give the same id on every run."""
    key = "\x1f".join([revision, call_id, rule_id, "" if turn is None else str(turn),
                       "" if span is None else f"{span[0]}-{span[1]}", str(occurrence)])
    return "F" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:15].upper()


_ENCODE = msgspec.json.Encoder()


class Extract:
    """Picklable (it goes to the workers): (call, log, result) → the rows of one call."""

    def __init__(self, revision_hash: str):
        self.revision = revision_hash

    def __call__(self, call, log, result) -> dict:
        seen: dict[tuple, int] = {}
        findings = []
        for seq, f in enumerate(result.findings):
            key = (f.rule_id, f.utterance_index, f.span)
            occurrence = seen.get(key, 0)
            seen[key] = occurrence + 1
            findings.append({
                "id": finding_id(self.revision, result.call_id, f.rule_id, f.utterance_index, f.span, occurrence),
                "seq": seq, "origin": "machine", "rule_id": f.rule_id, "check_type": f.check,
                "severity": f.severity.value, "points": f.points, "deducted": f.deducted, "message": f.message,
                "utterance_index": f.utterance_index, "role": f.role.value if f.role else None,
                "span_start": f.span[0] if f.span else None, "span_end": f.span[1] if f.span else None,
                "matched": f.matched, "excerpt": f.excerpt, "fuzzy": f.fuzzy, "line": f.line,
                "review": "unreviewed", "stale": False,
            })
        utterances = [{"role": u.role.value, "text": u.text, "start": u.start, "end": u.end, "line": u.line}
                      for u in call.utterances]
        row = {
            "call_id": result.call_id, "agent_id": result.agent_id, "agent_name": result.agent_name,
            "channel": result.channel, "direction": getattr(call, "direction", None),
            "started_at": result.started_at, "duration": result.duration, "source": result.source,
            "has_transcript": result.has_transcript, "has_log": result.has_log,
            "base_score": result.base_score, "score": result.score, "pass_line": result.pass_line,
            "passed": result.passed, "fatal": result.fatal, "arithmetic": result.arithmetic,
            "not_run": json.dumps(result.not_run), "met": _ENCODE.encode(result.met).decode(),
            "log": _ENCODE.encode(log).decode() if log is not None else None,
            "transcript": pack(utterances) if utterances else None,
        }
        return {"call": row, "findings": findings}


class StoreSink:
    """Writes each piece's calls to the store (batched), then the run's counts and input
    errors when the run ends."""

    def __init__(self, store: Store, run_id: int, revision_id: int, revision_hash: str):
        self.store = store
        self.run_id = run_id
        self.revision_id = revision_id
        self.extract = Extract(revision_hash)
        self.pending: list[dict] = []
        self.calls = 0
        self.findings = 0
        self.errors: list = []

    def piece(self, piece) -> None:
        self.errors.extend(piece.errors)
        self.pending.extend(piece.extracts)
        self.calls += len(piece.extracts)
        self.findings += sum(len(e["findings"]) for e in piece.extracts)
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.store.write(self.run_id, self.revision_id, self.pending)
            self.pending = []

    def finish(self) -> None:
        self.flush()

    def close(self, extra_errors=()) -> None:
        self.store.finish_run(self.run_id, self.calls, self.findings, [*self.errors, *extra_errors])
