"""What the store says in the end: each call's current result and every finding's status
after review (复核) and appeal (申诉), and the final score those decisions give.

A machine finding deducts unless an inspector marked it a false hit (误报) or the arbiter
revoked it (撤销); with 改判 it deducts the arbiter's points. An inspector's own finding
(人工补充) deducts its points. Caps, floors and fatal findings apply as in `score`, so the
final arithmetic reads like the machine's: `100 − 服务忌语 1×2 = 98`.

A call's current result is its newest: of the rows a call id has (one per rubric revision
that checked it), the one the latest run wrote.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from typing import Iterable, Iterator, Optional

from sqlalchemy import and_, func, select

from ..i18n import localized, t
from ..models import CallResult, Finding, Role, Severity
from ..score import apply_caps, compute_score
from . import schema as s

STATUSES = ("unreviewed", "confirmed", "false_hit", "pending")


@dataclass
class StoredFinding:
    row: dict
    finding: Finding  # with the final points as `deducted`
    counts: bool
    status: str  # review status, or the appeal's outcome when there is one


@dataclass
class StoredCall:
    row: dict
    revision: str  # the content hash of the rubric revision that checked it
    rubric_version: str
    machine: CallResult
    final: CallResult
    findings: list[StoredFinding] = field(default_factory=list)


def day_bounds(start: Optional[date], end: Optional[date]) -> tuple[Optional[datetime], Optional[datetime]]:
    lo = datetime.combine(start, time.min) if start else None
    hi = datetime.combine(end, time.max) if end else None
    return lo, hi


def current_calls_query(start: Optional[date] = None, end: Optional[date] = None,
                        agents: Iterable[str] = (), rubric_name: Optional[str] = None):
    """The current row of every call (see the module), within the period when given.
    Calls without a time are in every period."""
    latest = (select(s.calls.c.call_id, func.max(s.calls.c.last_run_id).label("run"))
              .group_by(s.calls.c.call_id).subquery())
    query = (select(s.calls, s.revisions.c.content_hash, s.revisions.c.rubric_version, s.revisions.c.rubric_name)
             .join(latest, and_(s.calls.c.call_id == latest.c.call_id, s.calls.c.last_run_id == latest.c.run))
             .join(s.revisions, s.revisions.c.id == s.calls.c.revision_id))
    lo, hi = day_bounds(start, end)
    if lo is not None:
        query = query.where((s.calls.c.started_at.is_(None)) | (s.calls.c.started_at >= lo))
    if hi is not None:
        query = query.where((s.calls.c.started_at.is_(None)) | (s.calls.c.started_at <= hi))
    agents = list(agents)
    if agents:
        query = query.where(s.calls.c.agent_id.in_(agents))
    if rubric_name:
        query = query.where(s.revisions.c.rubric_name == rubric_name)
    return query.order_by(s.calls.c.started_at, s.calls.c.call_id)


def findings_of(conn, call_pks: list[int]) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for start in range(0, len(call_pks), 500):
        chunk = call_pks[start:start + 500]
        query = select(s.findings).where(s.findings.c.call_pk.in_(chunk)).order_by(
            s.findings.c.call_pk, s.findings.c.origin.desc(), s.findings.c.seq)
        for row in conn.execute(query).mappings():
            out.setdefault(row["call_pk"], []).append(dict(row))
    return out


def status_of(row: dict) -> str:
    """unreviewed, confirmed, false_hit, pending — or, once appealed, the appeal's state
    (appeal_open, revoked, upheld_finding, changed), or manual for 人工补充."""
    appeal = row.get("appeal")
    if row["origin"] == "manual" and not appeal:
        return "manual"
    if appeal == "open":
        return "appeal_open"
    if appeal == "upheld":
        return "revoked"
    if appeal == "rejected":
        return "kept"
    if appeal == "changed":
        return "changed"
    return row["review"]


def counts(row: dict) -> bool:
    if row.get("stale"):
        return False
    if row["origin"] == "manual":
        return True
    return row["review"] != "false_hit" and row.get("appeal") != "upheld"


def as_utc(value: Optional[datetime]) -> Optional[datetime]:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)  # SQLite returns naive times; they are stored as UTC
    return value


def _finding(row: dict, call: dict, points: float) -> Finding:
    span = (row["span_start"], row["span_end"]) if row["span_start"] is not None else None
    return Finding(
        rule_id=row["rule_id"], check=row["check_type"], severity=Severity(row["severity"]), points=points,
        deducted=0.0, message=row["message"], call_id=call["call_id"], agent_id=call["agent_id"],
        utterance_index=row["utterance_index"], role=Role(row["role"]) if row["role"] else None, span=span,
        matched=row["matched"], excerpt=row["excerpt"], fuzzy=row["fuzzy"], line=row["line"],
    )


def stored_call(row: dict, finding_rows: list[dict], rubric, lang: str = "zh") -> StoredCall:
    """The machine result and the final one of a stored call."""
    call = dict(row)
    titles = {r.id: localized(r, "title", lang) for r in rubric.rules}
    titles.update({i.id: localized(i, "name", lang) for i in rubric.manual})
    caps = {r.id: r.cap for r in rubric.rules}
    machine_findings, counting, shown = [], [], []
    for f in finding_rows:
        if f["stale"]:
            continue  # kept for its decision, but the current check no longer makes it
        if f["origin"] == "machine":
            machine = _finding(f, call, f["points"])
            machine.deducted = f["deducted"]
            machine_findings.append(machine)
        points = f["final_points"] if f.get("final_points") is not None else f["points"]
        final = _finding(f, call, points)
        item = StoredFinding(f, final, counts(f), status_of(f))
        shown.append(item)
        if item.counts:
            counting.append(final)
    # the order a result has: by turn, then the machine's order
    counting.sort(key=lambda x: (x.utterance_index if x.utterance_index is not None else -1))
    apply_caps(counting, caps)
    score, fatal, arithmetic = compute_score(call["base_score"], counting, caps, titles, lang)
    common = dict(
        call_id=call["call_id"], agent_id=call["agent_id"], agent_name=call["agent_name"], channel=call["channel"],
        source=call["source"], started_at=as_utc(call["started_at"]), duration=call["duration"],
        has_transcript=call["has_transcript"], has_log=call["has_log"], base_score=call["base_score"],
        pass_line=call["pass_line"], not_run=json.loads(call["not_run"]),
    )
    machine = CallResult(**common, score=call["score"], passed=call["passed"], fatal=call["fatal"],
                         arithmetic=call["arithmetic"], findings=machine_findings)
    final_findings = [item.finding for item in shown]  # those that do not count deduct 0
    final = CallResult(**common, score=score, passed=(not fatal) and score >= call["pass_line"], fatal=fatal,
                       arithmetic=arithmetic, findings=final_findings)
    return StoredCall(row=call, revision=call.get("content_hash", ""), rubric_version=call.get("rubric_version", ""),
                      machine=machine, final=final, findings=shown)


def iter_calls(store, rubric, start: Optional[date] = None, end: Optional[date] = None, agents: Iterable[str] = (),
               lang: str = "zh", batch: int = 500) -> Iterator[StoredCall]:
    """Every current call of the rubric in the period, with its findings and final result,
    read `batch` calls at a time (a store of millions of calls is never held)."""
    with store.engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=batch).execute(
            current_calls_query(start, end, agents, rubric.name)).mappings()
        for part in result.partitions(batch):
            rows = [dict(r) for r in part]
            found = findings_of(conn, [r["id"] for r in rows])
            for r in rows:
                yield stored_call(r, found.get(r["id"], []), rubric, lang)


def load_calls(store, rubric, start: Optional[date] = None, end: Optional[date] = None, agents: Iterable[str] = (),
               lang: str = "zh") -> list[StoredCall]:
    """Every current call of the rubric in the period, with its findings and final result."""
    return list(iter_calls(store, rubric, start, end, agents, lang))


def status_label(status: str, lang: str) -> str:
    return t(f"status.{status}", lang)


def final_results(stored: Iterable[StoredCall], info) -> Iterator[CallResult]:
    """The final results of stored calls, one at a time. While a result is being taken
    (until the next is asked for), `info` (a period.ReviewInfo) holds what the scorecard
    shows beside it — its machine score, revision, findings' ids and statuses — and then
    lets it go, so that a period of millions of calls holds one call's; `info.rules` sums
    the review and appeal counts per rule as the calls come."""
    by_rule = info.rules
    for sc in stored:
        cid = sc.final.call_id
        info.machine_score[cid] = sc.machine.score
        info.revision[cid] = f"{sc.rubric_version} · {sc.revision[:8]}"
        for index, item in enumerate(sc.findings):
            info.finding_id[(cid, index)] = item.row["id"]
            info.finding_status[(cid, index)] = item.status
            row = item.row
            if row["origin"] != "machine" or row["stale"]:
                continue
            c = by_rule.setdefault(row["rule_id"], Counter())
            if row["review"] in ("confirmed", "false_hit"):
                c[row["review"]] += 1
            if row.get("appeal"):
                c["appeals"] += 1
                if row["appeal"] == "upheld":
                    c["upheld"] += 1
                elif row["appeal"] == "changed":
                    c["changed"] += 1
        yield sc.final
        del info.machine_score[cid], info.revision[cid]
        for index in range(len(sc.findings)):
            del info.finding_id[(cid, index)], info.finding_status[(cid, index)]
