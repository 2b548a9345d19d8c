"""The tables of the results store (SQLAlchemy Core). The migrations in `migrations/`
create and change them; this module is what the code reads and writes through.

- `revisions`: a rubric as it was when it checked calls (name, version, a hash of its
  YAML and lexicons, and that content), one row per distinct content;
- `runs`: each `check --store` or `score --store` (tool version, revision, inputs with
  their SHA-256, counts, time);
- `calls`: a call's result under one revision (one row per revision and call id; a re-run
  updates it), with its call log, its number of turns and the file it came from (the
  transcript itself stays in that file: the store keeps what a finding needs);
- `findings`: every finding, with a stable id (call, rule, revision, turn, span), its
  evidence and the two turns either side of it, and where it stands: its review (复核) and appeal (申诉), and the points it
  finally deducts; inspectors' own findings (人工补充) have origin `manual`;
- `appeals`: agents' appeals and the arbiter's final decisions (终审);
- `events`: the audit trail — who decided what, when, and the value before;
- `input_errors`, `records`: what a run could not read, and the manual records it applied.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean, Column, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
    UniqueConstraint,
)

metadata = MetaData()

revisions = Table(
    "revisions", metadata,
    Column("id", Integer, primary_key=True),
    Column("rubric_name", String(200), nullable=False),
    Column("rubric_version", String(100), nullable=False),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("content", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("command", String(20), nullable=False),
    Column("tool_version", String(40), nullable=False),
    Column("revision_id", Integer, ForeignKey("revisions.id"), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("inputs", Text, nullable=False),  # JSON: [{path, sha256, bytes}]
    Column("calls", Integer, nullable=False, default=0),
    Column("findings", Integer, nullable=False, default=0),
    Column("errors", Integer, nullable=False, default=0),
)

calls = Table(
    "calls", metadata,
    Column("id", Integer, primary_key=True),
    Column("revision_id", Integer, ForeignKey("revisions.id"), nullable=False),
    Column("call_id", String(200), nullable=False),
    Column("agent_id", String(100)),
    Column("agent_name", String(200)),
    Column("channel", String(10), nullable=False),
    Column("direction", String(10)),
    Column("started_at", DateTime(timezone=True)),
    Column("duration", Float),
    Column("source", Text),
    Column("has_transcript", Boolean, nullable=False),
    Column("has_log", Boolean, nullable=False),
    Column("base_score", Float, nullable=False),
    Column("score", Float, nullable=False),
    Column("pass_line", Float, nullable=False),
    Column("passed", Boolean, nullable=False),
    Column("fatal", Boolean, nullable=False),
    Column("arithmetic", Text, nullable=False),
    Column("not_run", Text, nullable=False),  # JSON list of rule ids
    Column("log", Text),  # JSON of the call log, when the call had one
    Column("turns", Integer, nullable=False),
    Column("digest", String(32)),  # of the result and its findings: an unchanged re-run only notes the run
    Column("first_run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("last_run_id", Integer, ForeignKey("runs.id"), nullable=False),
    UniqueConstraint("revision_id", "call_id", name="uq_calls_revision_call"),
)
Index("ix_calls_call_id", calls.c.call_id)
Index("ix_calls_agent_time", calls.c.agent_id, calls.c.started_at)

findings = Table(
    "findings", metadata,
    Column("id", String(20), primary_key=True),
    Column("call_pk", Integer, ForeignKey("calls.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),  # order in the call's result
    Column("origin", String(10), nullable=False),  # machine | manual
    Column("rule_id", String(100), nullable=False),
    Column("check_type", String(40), nullable=False),
    Column("severity", String(10), nullable=False),
    Column("points", Float, nullable=False),
    Column("deducted", Float, nullable=False),  # by the machine, after the rule's cap
    Column("message", Text, nullable=False),
    Column("utterance_index", Integer),
    Column("role", String(10)),
    Column("span_start", Integer),
    Column("span_end", Integer),
    Column("matched", Text, nullable=False),
    Column("excerpt", Text, nullable=False),
    Column("context", Text),  # JSON: [[turn, role, text], …] around the finding's turn
    Column("fuzzy", Boolean, nullable=False),
    Column("line", Integer),
    Column("review", String(12), nullable=False),  # unreviewed | confirmed | false_hit | pending
    Column("reviewed_by", String(100)),
    Column("reviewed_at", DateTime(timezone=True)),
    Column("review_note", Text),
    Column("appeal", String(10)),  # None | open | upheld | rejected | changed
    Column("final_points", Float),  # the arbiter's points (改判); None: the rule's
    Column("stale", Boolean, nullable=False),  # a decided finding a re-run no longer makes
)
Index("ix_findings_call", findings.c.call_pk)

appeals = Table(
    "appeals", metadata,
    Column("id", Integer, primary_key=True),
    Column("finding_id", String(20), ForeignKey("findings.id", ondelete="CASCADE"), nullable=False),
    Column("agent_id", String(100)),
    Column("reason", Text, nullable=False),
    Column("filed_at", DateTime(timezone=True), nullable=False),
    Column("status", String(10), nullable=False),  # open | upheld | rejected | changed
    Column("decided_by", String(100)),
    Column("decided_at", DateTime(timezone=True)),
    Column("decision_note", Text),
    Column("new_points", Float),
    Column("source", Text),
)
Index("ix_appeals_finding", appeals.c.finding_id)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(100), nullable=False),
    Column("kind", String(12), nullable=False),  # review | manual | appeal | verdict
    Column("finding_id", String(20), nullable=False),
    Column("appeal_id", Integer),
    Column("before", Text),
    Column("after", Text, nullable=False),
    Column("note", Text),
    Column("source", Text),  # file[sheet]:row the decision came from
)
Index("ix_events_finding", events.c.finding_id)

input_errors = Table(
    "input_errors", metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("path", Text, nullable=False),
    Column("line", Integer),
    Column("row", Integer),
    Column("sheet", String(200)),
    Column("column_name", String(200)),
    Column("reason", Text, nullable=False),
)

records = Table(
    "records", metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("record", Text, nullable=False),  # JSON of the applied record (date, agent, item, points …)
)
