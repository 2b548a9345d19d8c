"""Rubrics are data: YAML validated by pydantic, every error naming file, key path and line.

A rubric has a name, version, base score, pass line and rules. Each rule has a stable
kebab-case id and exactly one check type from a closed set (`require`, `forbid`, `pattern`).
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


class Examples(_Strict):
    """Transcripts in the plain-text format; lines without a label are the rule's role."""

    pass_: list[str] = Field(default_factory=list, alias="pass")
    fail: list[str] = Field(default_factory=list)

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


Rule = Annotated[Union[RequireRule, ForbidRule, PatternRule], Field(discriminator="check")]
CHECK_TYPES = ("require", "forbid", "pattern")


class Rubric(_Strict):
    name: str = Field(pattern=RULE_ID)
    title: str
    title_en: Optional[str] = None
    version: str
    description: Optional[str] = None
    base_score: float = Field(default=100, gt=0)
    pass_line: float = Field(ge=0)
    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self):
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"duplicate rule id '{rule.id}'")
            seen.add(rule.id)
        if self.pass_line > self.base_score:
            raise ValueError("pass_line is above base_score")
        return self

    def rule(self, rule_id: str):
        return next((r for r in self.rules if r.id == rule_id), None)


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
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
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
