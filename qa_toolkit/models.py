"""Data models shared by every stage: calls in, findings and results out.

`Call` is the canonical transcript format (published as a JSON Schema);
`Finding` and `CallResult` are what the checker produces and every reporter reads.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated, Literal, Optional

import msgspec
from pydantic import BaseModel, ConfigDict, Field


class Role(str, Enum):
    agent = "agent"
    customer = "customer"
    system = "system"


class Severity(str, Enum):
    info = "info"
    minor = "minor"
    major = "major"
    fatal = "fatal"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.info: 0, Severity.minor: 1, Severity.major: 2, Severity.fatal: 3}


class Utterance(BaseModel):
    """One turn of a call or chat. Times are seconds from the start of the call."""

    model_config = ConfigDict(extra="forbid")

    role: Role
    text: str
    start: Optional[float] = Field(default=None, ge=0)
    end: Optional[float] = Field(default=None, ge=0)
    line: Optional[int] = Field(
        default=None, ge=1, description="Line (or row) of the source file this turn came from."
    )


class Call(BaseModel):
    """One call or chat session in the canonical JSON form."""

    model_config = ConfigDict(extra="forbid")

    call_id: str = Field(min_length=1)
    agent_id: Optional[str] = None
    agent_name: Optional[str] = None
    channel: Literal["call", "chat"] = "call"
    direction: Literal["inbound", "outbound"] = "inbound"
    started_at: Optional[datetime] = None
    utterances: list[Utterance]
    source: Optional[str] = Field(
        default=None, description="File the call was read from; set by the reader."
    )


class Finding(msgspec.Struct, kw_only=True, gc=False):
    """One rule violation with its evidence, located in the text as the user gave it."""

    rule_id: str
    check: str
    severity: Severity
    points: Annotated[float, msgspec.Meta(description="Points this rule deducts per hit.")]
    deducted: Annotated[float, msgspec.Meta(description="Points actually deducted after the rule's cap.")]
    message: str
    call_id: str
    agent_id: Optional[str] = None
    utterance_index: Optional[int] = None
    role: Optional[Role] = None
    span: Annotated[Optional[tuple[int, int]], msgspec.Meta(
        description="[start, end) character offsets into the original utterance text.")] = None
    matched: str = ""
    excerpt: str = ""
    fuzzy: bool = False
    start: Optional[float] = None
    line: Optional[int] = None


class Met(msgspec.Struct, kw_only=True, gc=False):
    """A requirement that was met: the evidence an inspector sees for why it passed."""

    rule_id: str
    utterance_index: int
    span: tuple[int, int]
    matched: str
    phrase: Annotated[str, msgspec.Meta(description="The required phrase it matched; empty for patterns.")]
    fuzzy: bool


class CallResult(msgspec.Struct, kw_only=True, gc=False):
    """What checking one call gives. Results are made by the engine, not read from
    users, so they are plain structs (msgspec): cheap to make, and written as JSON by
    `result_json`."""

    call_id: str
    agent_id: Optional[str] = None
    agent_name: Optional[str] = None
    channel: str = "call"
    source: Optional[str] = None
    started_at: Optional[datetime] = None
    duration: Annotated[Optional[float], msgspec.Meta(
        description="Talk seconds: from the call log, else from utterance times.")] = None
    has_transcript: bool = True
    has_log: bool = False
    base_score: float
    score: float
    pass_line: float
    passed: bool
    fatal: bool
    arithmetic: str
    findings: list[Finding]
    met: list[Met] = msgspec.field(default_factory=list)
    not_run: Annotated[list[str], msgspec.Meta(
        description="Rules not run on this call: not its channel or direction, or it lacks their data.")] = \
        msgspec.field(default_factory=list)


_ENCODE = msgspec.json.Encoder().encode


def result_json(result: CallResult) -> str:
    """A result as one line of JSON (no newline)."""
    return _ENCODE(result).decode()


def result_dict(result: CallResult) -> dict:
    """A result as JSON-ready builtins (strings for times and enumerations)."""
    return msgspec.to_builtins(result)


class InputError(BaseModel):
    """An input that could not be read; reported, skipped, and sets exit status 2."""

    path: str
    line: Optional[int] = None
    row: Optional[int] = None
    sheet: Optional[str] = None
    column: Optional[str] = Field(default=None, description="Column header of a bad cell.")
    reason: str

    def location(self) -> str:
        where = self.path
        if self.sheet:
            where += f"[{self.sheet}]"
        if self.line is not None:
            where += f":{self.line}"
        elif self.row is not None:
            where += f":{self.row}"
        if self.column:
            where += f" {self.column}"
        return where


class CallLog(BaseModel):
    """One row of a call log (话务记录 / CDR): what the switch knows about a call."""

    call_id: str
    agent_id: Optional[str] = None
    agent_name: Optional[str] = None
    started_at: Optional[datetime] = None
    wait_seconds: Optional[float] = Field(default=None, ge=0, description="Seconds before answer.")
    rings: Optional[int] = Field(default=None, ge=0)
    talk_seconds: Optional[float] = Field(default=None, ge=0)
    holds: Optional[int] = Field(default=None, ge=0)
    hold_seconds: Optional[float] = Field(default=None, ge=0)
    hangup_by: Optional[Role] = None
    satisfaction: Optional[str] = None
    rating_transferred: Optional[bool] = None
    source: Optional[str] = None
    sheet: Optional[str] = None
    row: Optional[int] = None


class ManualRecord(BaseModel):
    """One applied row of a manual QA or discipline record, resolved against the rubric."""

    date: Optional[datetime] = None
    agent_id: str
    agent_name: Optional[str] = None
    item_id: str
    item_name: str
    kind: Literal["deduction", "bonus"]
    count: float
    points: float = Field(description="Signed points for the row: negative deducts, positive adds.")
    fatal: bool = False
    note: Optional[str] = None
    inspector: Optional[str] = None
    source: str
    sheet: Optional[str] = None
    row: int
