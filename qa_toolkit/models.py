"""Data models shared by every stage: calls in, findings and results out.

`Call` is the one call model: a msgspec struct, which the JSON Lines reader decodes into
directly and every later stage reads. `CallSpec`, the pydantic model generated from the
same definition, validates what the other readers give (with the error messages users
see) and is the source of the published JSON Schema. `Finding` and `CallResult` are what
the checker produces and every sink reads.
"""

from __future__ import annotations

import typing
from datetime import datetime
from enum import Enum
from typing import Annotated, Any, Literal, Optional, Union

import msgspec
from pydantic import BaseModel, ConfigDict, Field, create_model


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


# --------------------------------------------------------------------------- calls

# the longest a call, a wait or a hold can last: seven days in seconds (it also keeps out
# infinite times such as 1e400 or Infinity, which no report could write)
MAX_SECONDS = 7 * 24 * 3600


class Utterance(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, gc=False):
    """One turn of a call or chat. Times are seconds from the start of the call."""

    role: Role
    text: str
    start: Optional[Annotated[float, msgspec.Meta(ge=0, le=MAX_SECONDS)]] = None
    end: Optional[Annotated[float, msgspec.Meta(ge=0, le=MAX_SECONDS)]] = None
    line: Annotated[Optional[Annotated[int, msgspec.Meta(ge=1)]], msgspec.Meta(
        description="Line (or row) of the source file this turn came from.")] = None


class Call(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, gc=False):
    """One call or chat session in the canonical JSON form."""

    call_id: Annotated[str, msgspec.Meta(min_length=1)]
    agent_id: Optional[str] = None
    agent_name: Optional[str] = None
    channel: Literal["call", "chat"] = "call"
    direction: Literal["inbound", "outbound"] = "inbound"
    started_at: Optional[datetime] = None
    utterances: list[Utterance]
    source: Annotated[Optional[str], msgspec.Meta(
        description="File the call was read from; set by the reader.")] = None


def replace(call: Call, **changes) -> Call:
    """A copy of a call with some fields changed."""
    return msgspec.structs.replace(call, **changes)


_META_KEYS = ("ge", "gt", "le", "lt", "min_length", "max_length", "pattern", "description")


def _pydantic_type(tp: Any, models: dict) -> Any:
    """The pydantic form of a struct field's type: msgspec.Meta constraints become Field
    constraints, nested structs their generated models."""
    origin = typing.get_origin(tp)
    if origin is Annotated:
        base, *metas = typing.get_args(tp)
        constraints = {}
        for meta in metas:
            if isinstance(meta, msgspec.Meta):
                constraints.update({k: getattr(meta, k) for k in _META_KEYS if getattr(meta, k) is not None})
        return Annotated[_pydantic_type(base, models), Field(**constraints)]
    if origin is Union:
        return Union[tuple(_pydantic_type(a, models) for a in typing.get_args(tp))]
    if origin is list:
        return list[_pydantic_type(typing.get_args(tp)[0], models)]
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return spec_of(tp, models)
    return tp


def spec_of(struct: type, models: dict | None = None) -> type[BaseModel]:
    """The pydantic model of a struct type, field for field (same names, order, types,
    constraints, defaults, descriptions): the validator and JSON Schema of the struct."""
    models = {} if models is None else models
    if struct in models:
        return models[struct]
    hints = typing.get_type_hints(struct, include_extras=True)
    fields = {}
    for info in msgspec.structs.fields(struct):
        default = ... if info.required else (
            info.default if info.default is not msgspec.NODEFAULT else info.default_factory())
        fields[info.name] = (_pydantic_type(hints[info.name], models), default)
    model = create_model(struct.__name__, __config__=ConfigDict(extra="forbid"), __doc__=struct.__doc__,
                         __module__=__name__, **fields)
    models[struct] = model
    return model


CallSpec = spec_of(Call)


def call_from_spec(spec: BaseModel) -> Call:
    """The struct of a validated call (values as pydantic made them)."""
    return Call(
        call_id=spec.call_id, agent_id=spec.agent_id, agent_name=spec.agent_name, channel=spec.channel,
        direction=spec.direction, started_at=spec.started_at, source=spec.source,
        utterances=[Utterance(role=u.role, text=u.text, start=u.start, end=u.end, line=u.line)
                    for u in spec.utterances],
    )


def call_schema() -> dict:
    return CallSpec.model_json_schema()


# --------------------------------------------------------------------------- results

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


# --------------------------------------------------------------------------- other inputs

class InputError(BaseModel):
    """An input that could not be read; reported, skipped, and sets exit status 2."""

    path: str
    line: Optional[int] = None
    row: Optional[int] = None
    sheet: Optional[str] = None
    column: Optional[str] = Field(default=None, description="Column header of a bad cell.")
    reason: Any = Field(description="Why: a text, or an i18n.Msg said in the report's language.")

    def said(self, lang: str = "zh") -> str:
        from .i18n import say

        return say(self.reason, lang)

    def as_json(self, lang: str = "zh") -> dict:
        """The error as a report's JSON object, its reason said in `lang`."""
        return {**self.model_dump(exclude={"reason"}, exclude_none=True), "reason": self.said(lang)}

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


def _log(headers: list[str], **kwargs):
    """A call-log field and the column headers (Chinese and English) that name it."""
    return Field(json_schema_extra={"headers": headers}, **kwargs)


class CallLog(BaseModel):
    """One row of a call log (话务记录 / CDR): what the switch knows about a call.

    Every field that a log column can fill names its headers here, once: the log reader,
    the classifier and a rubric's `log_columns` all read them from this model."""

    call_id: str = _log(["通话ID", "通话编号", "流水号", "call_id", "callid"])
    agent_id: Optional[str] = _log(["工号", "坐席工号", "agent_id"], default=None)
    agent_name: Optional[str] = _log(["姓名", "坐席姓名", "agent_name"], default=None)
    started_at: Optional[datetime] = _log(["开始时间", "呼入时间", "来电时间", "started_at"], default=None)
    wait_seconds: Optional[float] = _log(["等待时长", "振铃时长", "应答时长", "wait_seconds", "wait"],
                                         default=None, ge=0, le=MAX_SECONDS, description="Seconds before answer.")
    rings: Optional[int] = _log(["振铃次数", "振铃声数", "rings"], default=None, ge=0)
    talk_seconds: Optional[float] = _log(["通话时长", "talk_seconds", "duration"], default=None, ge=0, le=MAX_SECONDS)
    holds: Optional[int] = _log(["保持次数", "holds"], default=None, ge=0)
    hold_seconds: Optional[float] = _log(["保持时长", "hold_seconds"], default=None, ge=0, le=MAX_SECONDS)
    hangup_by: Optional[Role] = _log(["挂机方", "挂断方", "hangup_by"], default=None)
    satisfaction: Optional[str] = _log(["满意度", "满意度评价", "satisfaction"], default=None)
    rating_transferred: Optional[bool] = _log(["是否转评价", "转评价", "rating_transferred"], default=None)
    source: Optional[str] = None
    sheet: Optional[str] = None
    row: Optional[int] = None


def log_fields() -> dict[str, list[str]]:
    """Each call-log field a column can fill, with the headers that name it."""
    return {
        name: info.json_schema_extra["headers"]
        for name, info in CallLog.model_fields.items()
        if isinstance(info.json_schema_extra, dict) and "headers" in info.json_schema_extra
    }


LogField = Literal[tuple(log_fields())]


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
