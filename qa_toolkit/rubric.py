"""Rubrics are data: YAML validated by pydantic, every error naming file, key path and line.

A rubric has a name, version, base score, pass line and rules. Each rule has a stable
kebab-case id and exactly one check type from a closed set (`CHECK_TYPES`). A rubric may
also declare the `manual` items of QA and discipline records, the `ranking` shares, and
extra call-log headers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Optional, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .models import Severity
from .resources import rubrics_dir, shipped_rubrics

RULE_ID = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Strict):
    """Where the rule comes from: a seed regulation and its article."""

    seed: str = Field(description="Seed file name, e.g. 004_db876f9de9bcba95.txt")
    article: str = Field(description="Article or section, e.g. 第六十八条")
    quote: Optional[str] = Field(default=None, description="The words of the article.")

    def __str__(self) -> str:
        return f"{self.seed} {self.article}"


class Window(_Strict):
    """Which turns of the rule's role a check looks at; exactly one key."""

    first_turns: Optional[int] = Field(default=None, ge=1)
    last_turns: Optional[int] = Field(default=None, ge=1)
    first_seconds: Optional[float] = Field(default=None, gt=0)
    last_seconds: Optional[float] = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _exactly_one(self) -> "Window":
        set_keys = [k for k, v in self.model_dump().items() if v is not None]
        if len(set_keys) != 1:
            raise ValueError(
                "give exactly one of first_turns, last_turns, first_seconds, last_seconds"
            )
        return self

    def describe(self, lang: str) -> str:
        if self.first_turns:
            return f"前{self.first_turns}句" if lang == "zh" else f"first {self.first_turns} turns"
        if self.last_turns:
            return f"最后{self.last_turns}句" if lang == "zh" else f"last {self.last_turns} turns"
        if self.first_seconds:
            return (
                f"前{self.first_seconds:g}秒" if lang == "zh" else f"first {self.first_seconds:g} s"
            )
        return f"最后{self.last_seconds:g}秒" if lang == "zh" else f"last {self.last_seconds:g} s"


class LoggedExample(_Strict):
    """An example with a call log (for rules that read one); the transcript may be empty."""

    transcript: str = ""
    log: dict[str, Any] = Field(description="Call log fields, e.g. {wait_seconds: 15}.")

    def __str__(self) -> str:
        fields = ", ".join(f"{k}={v}" for k, v in self.log.items())
        return f"{self.transcript}  [log: {fields}]".strip()


class Examples(_Strict):
    """Transcripts in the plain-text format; lines without a label are the rule's role."""

    pass_: list[Union[str, LoggedExample]] = Field(default_factory=list, alias="pass")
    fail: list[Union[str, LoggedExample]] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class _RuleBase(_Strict):
    id: str = Field(pattern=RULE_ID, description="Stable kebab-case id; public interface.")
    title: str
    title_en: Optional[str] = None
    description: str = Field(description="What the rule checks (Chinese).")
    description_en: Optional[str] = None
    why: Optional[str] = Field(default=None, description="Why it matters.")
    source: Source
    role: Literal["agent", "customer", "system", "any"] = "agent"
    channels: Optional[list[Literal["call", "chat"]]] = None
    directions: Optional[list[Literal["inbound", "outbound"]]] = None
    severity: Severity
    points: float = Field(ge=0, description="Points deducted per hit.")
    cap: Optional[float] = Field(default=None, ge=0, description="Most points deducted per call.")
    message: Optional[str] = Field(default=None, description="Finding message; {matched} allowed.")
    message_en: Optional[str] = None
    examples: Optional[Examples] = None


class _PhraseRule(_RuleBase):
    phrases: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)
    lexicons: list[str] = Field(
        default_factory=list, description="Shipped lexicon names or paths relative to the rubric."
    )

    @model_validator(mode="after")
    def _has_phrases(self):
        if not self.phrases and not self.lexicons:
            raise ValueError("give at least one entry in phrases or lexicons")
        return self


class RequireRule(_PhraseRule):
    """A phrase that must occur in a window of turns."""

    check: Literal["require"]
    window: Optional[Window] = Field(default=None, description="Omitted: the whole call.")
    fuzzy: Literal["none", "pinyin", "edit"] = Field(
        default="none",
        description="Tolerate ASR errors: toneless pinyin (homophones) or character edits.",
    )
    max_edits: int = Field(default=1, ge=0, le=3)
    min_fuzzy_length: int = Field(default=4, ge=2, description="Shorter phrases match exactly only.")


class ForbidRule(_PhraseRule):
    """Phrases that must not occur (on token boundaries), unless an exception context covers them."""

    check: Literal["forbid"]
    window: Optional[Window] = None
    exceptions: list[str] = Field(default_factory=list)


class PatternRule(_RuleBase):
    """spaCy Matcher token patterns over the jieba tokens."""

    check: Literal["pattern"]
    patterns: list[list[dict[str, Any]]] = Field(min_length=1)
    expect: Literal["absent", "present"] = "absent"
    window: Optional[Window] = None
    exceptions: list[str] = Field(default_factory=list)


class RegexRule(_RuleBase):
    """Regular expressions (Python `re`) over the normalised text of each turn."""

    check: Literal["regex"]
    regexes: list[Annotated[str, Field(min_length=1)]] = Field(min_length=1)
    boundaries: Literal["token", "start", "none"] = Field(
        default="token",
        description="Where a match must fall on jieba token boundaries: both ends, its start, or nowhere.",
    )
    expect: Literal["absent", "present"] = "absent"
    window: Optional[Window] = None
    exceptions: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _compiles(self):
        import re

        for index, regex in enumerate(self.regexes):
            try:
                re.compile(regex)
            except re.error as exc:
                raise ValueError(f"regexes[{index}]: not a regular expression: {exc}") from None
        return self


class AnswerTimeRule(_PhraseRule):
    """Answered later than the limit (call log) and no apology in the agent's first turn."""

    check: Literal["answer-time"]
    max_wait_seconds: float = Field(default=10, gt=0, description="Seconds before answer.")
    max_rings: int = Field(default=3, ge=1, description="Used when the log gives rings, not seconds.")
    window: Optional[Window] = Field(
        default_factory=lambda: Window(first_turns=1),
        description="Where the apology must be; default: the agent's first turn.",
    )


class HangupOrderRule(_RuleBase):
    """The agent hung up before the customer (call log)."""

    check: Literal["hangup-order"]


class RatingTransferRule(_RuleBase):
    """The call was not transferred to the satisfaction rating system (call log)."""

    check: Literal["rating-transfer"]


class HoldProtocolRule(_PhraseRule):
    """Every hold is asked for before (phrases/lexicons) and thanked for after
    (return_phrases/return_lexicons). Holds come from the call log's hold count or,
    without one, from gaps of at least `min_gap` seconds after an announced hold."""

    check: Literal["hold-protocol"]
    return_phrases: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)
    return_lexicons: list[str] = Field(default_factory=list)
    min_gap: float = Field(default=10, gt=0, description="Seconds of silence that make a hold.")

    @model_validator(mode="after")
    def _has_return_phrases(self):
        if not self.return_phrases and not self.return_lexicons:
            raise ValueError("give at least one entry in return_phrases or return_lexicons")
        return self


class DurationRule(_RuleBase):
    """Talk time over a limit: the log's talk time, else the transcript's time span."""

    check: Literal["duration"]
    max_seconds: float = Field(gt=0)


class SpeechRateRule(_RuleBase):
    """The agent's characters per minute outside [min_cpm − tolerance, max_cpm + tolerance]."""

    check: Literal["speech-rate"]
    min_cpm: float = Field(default=120, gt=0)
    max_cpm: float = Field(default=140, gt=0)
    tolerance: float = Field(default=0, ge=0)
    min_speech_seconds: float = Field(
        default=30, ge=0, description="Judge only when the agent spoke at least this long."
    )


class SilenceRule(_PhraseRule):
    """Dead air between turns longer than `max_seconds`; a gap after an agent turn that
    announces a hold (phrases/lexicons) is not silence."""

    check: Literal["silence"]
    max_seconds: float = Field(default=10, gt=0)


class OvertalkRule(_RuleBase):
    """The agent starts more than `max_overlap_ms` before the customer's turn ends,
    with at least `min_chars` characters (interrupting)."""

    check: Literal["overtalk"]
    max_overlap_ms: float = Field(default=500, ge=0)
    min_chars: int = Field(default=4, ge=1)


class ResponseTimeRule(_RuleBase):
    """Chats: the agent answers a customer message later than `max_seconds`."""

    check: Literal["response-time"]
    max_seconds: float = Field(default=60, gt=0)


Rule = Annotated[
    Union[
        RequireRule, ForbidRule, PatternRule, RegexRule, AnswerTimeRule, HangupOrderRule, RatingTransferRule,
        HoldProtocolRule, DurationRule, SpeechRateRule, SilenceRule, OvertalkRule, ResponseTimeRule,
    ],
    Field(discriminator="check"),
]
CHECK_TYPES = (
    "require", "forbid", "pattern", "regex", "answer-time", "hangup-order", "rating-transfer",
    "hold-protocol", "duration", "speech-rate", "silence", "overtalk", "response-time",
)


class ManualItem(_Strict):
    """An item of a manual QA or discipline record (seed 004 第一百零四–一百零七条)."""

    id: str = Field(pattern=RULE_ID)
    name: str = Field(description="Chinese name; records may name the item by id, name or alias.")
    name_en: Optional[str] = None
    aliases: list[str] = Field(default_factory=list)
    kind: Literal["deduction", "bonus"]
    points: Optional[float] = Field(default=None, ge=0, description="Points per count.")
    allowed_points: list[Annotated[float, Field(gt=0)]] = Field(
        default_factory=list,
        description="Graded items (技术能手 10/6/3): the row gives its points, one of these.",
    )
    fatal: bool = Field(default=False, description="Zeroes the period score (以0分计).")
    source: Source

    @model_validator(mode="after")
    def _points_given(self):
        if self.points is None and not self.allowed_points and not self.fatal:
            raise ValueError("give points or allowed_points (or fatal: true)")
        return self

    def names(self) -> list[str]:
        return [self.id, self.name, *([self.name_en] if self.name_en else []), *self.aliases]


class Ranking(_Strict):
    """Who is flagged in a team (seed 003 岗位评定)."""

    promote_top: float = Field(default=0.10, ge=0, le=1, description="Share eligible for promotion.")
    retrain_bottom: float = Field(default=0.10, ge=0, le=1, description="Share flagged for retraining.")
    small_team_min: int = Field(default=7, ge=1)
    small_team_max: int = Field(
        default=14, ge=1, description="Teams of this size flag only the first and the last."
    )


LOG_FIELDS = Literal[
    "call_id", "agent_id", "agent_name", "started_at", "wait_seconds", "rings", "talk_seconds",
    "holds", "hold_seconds", "hangup_by", "satisfaction", "rating_transferred",
]


class Rubric(_Strict):
    name: str = Field(pattern=RULE_ID)
    title: str
    title_en: Optional[str] = None
    version: str
    description: Optional[str] = None
    base_score: float = Field(default=100, gt=0)
    pass_line: float = Field(ge=0)
    rules: list[Rule] = Field(min_length=1)
    manual: list[ManualItem] = Field(
        default_factory=list, description="Items of manual QA and discipline records."
    )
    ranking: Ranking = Field(default_factory=Ranking)
    log_columns: dict[str, LOG_FIELDS] = Field(
        default_factory=dict, description="Extra call-log headers: header → field."
    )

    @model_validator(mode="after")
    def _unique_ids(self):
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"duplicate rule id '{rule.id}'")
            seen.add(rule.id)
        names: set[str] = set()
        for item in self.manual:
            for name in item.names():
                if name in names or name in seen:
                    raise ValueError(f"manual item name '{name}' is used twice")
                names.add(name)
        if self.pass_line > self.base_score:
            raise ValueError("pass_line is above base_score")
        return self

    def rule(self, rule_id: str):
        return next((r for r in self.rules if r.id == rule_id), None)

    def manual_item(self, name: str) -> Optional[ManualItem]:
        key = name.strip().lower()
        return next(
            (i for i in self.manual if key in (n.lower() for n in i.names())), None
        )


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True)
class Problem:
    path: str
    line: Optional[int]
    key: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.key}: {self.reason}" if self.key else f"{where}: {self.reason}"


class RubricError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def _key_path(loc: tuple) -> tuple:
    """Drop pydantic's union tags ('require', 'function-after[...]') from an error location."""
    path = []
    for i, part in enumerate(loc):
        if isinstance(part, str) and i > 0 and path and path[-2:-1] == ["rules"] and part in CHECK_TYPES:
            continue
        if isinstance(part, str) and "[" in part:
            continue
        path.append(part)
    return tuple(path)


def format_key(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _node_line(root: yaml.Node | None, path: tuple) -> Optional[int]:
    """Line of the deepest YAML node on `path` (1-based)."""
    node, line = root, (root.start_mark.line + 1 if root is not None else None)
    for part in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == part:
                    child, line = value, key.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                child = node.value[part]
                line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line


@dataclass
class LoadedRubric:
    rubric: Rubric
    path: Path
    lines: Any  # the composed YAML node tree, for error lines at compile time

    def line_of(self, *path) -> Optional[int]:
        return _node_line(self.lines, tuple(path))


def resolve_rubric_path(name_or_path: str) -> Path:
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        return candidate
    shipped = rubrics_dir() / f"{name_or_path}.yaml"
    if shipped.is_file():
        return shipped
    raise RubricError(
        [
            Problem(
                name_or_path, None, "",
                f"no such rubric (shipped: {', '.join(shipped_rubrics())})",
            )
        ]
    )


def load_rubric(name_or_path: str | Path) -> LoadedRubric:
    path = resolve_rubric_path(str(name_or_path))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError([Problem(str(path), None, "", f"cannot read rubric: {exc}")]) from exc
    try:
        # one parse (libyaml when present): the node tree for line numbers, then the data
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc)
        raise RubricError(
            [Problem(str(path), mark.line + 1 if mark else None, "", f"invalid YAML: {reason}")]
        ) from exc
    if not isinstance(data, dict):
        raise RubricError([Problem(str(path), 1, "", "a rubric is a YAML mapping")])
    try:
        rubric = Rubric.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            key = _key_path(err["loc"])
            reason = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                reason = "unknown key"
            elif err["type"] in ("union_tag_invalid", "union_tag_not_found"):
                key = (*key, "check")
                reason = f"unknown check type (expected one of: {', '.join(CHECK_TYPES)})"
            problems.append(Problem(str(path), _node_line(root, key), format_key(key), reason))
        raise RubricError(problems) from exc
    return LoadedRubric(rubric=rubric, path=path, lines=root)


def rubric_json_schema() -> dict:
    return Rubric.model_json_schema(by_alias=True)
