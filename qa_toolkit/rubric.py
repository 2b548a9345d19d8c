"""Rubrics are data: YAML validated by pydantic, every error naming file, key path and line.

A rubric has a name, version, base score, pass line and rules. Each rule has a stable
kebab-case id and exactly one check type from the closed set in `checks` (each type's
module holds its rule model). A rubric may also declare the `manual` items of QA and
discipline records, the `ranking` shares, and extra call-log headers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

import yaml
from pydantic import Field, ValidationError, model_validator

from .i18n import Msg, pydantic_reason, read_reason, say
from .checks import CHECK_TYPES, Rule
from .checks.base import RULE_ID, Source, Strict
from .models import LogField
from .resources import rubrics_dir, shipped_rubrics


class ManualItem(Strict):
    """An item of a manual QA or discipline record (《XX银行客户服务中心客服代表管理办法（试行）》第一百零四–一百零七条)."""

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
            raise ValueError(Msg("rubric.points"))
        return self

    def names(self) -> list[str]:
        return [self.id, self.name, *([self.name_en] if self.name_en else []), *self.aliases]


class Ranking(Strict):
    """Who is flagged in a team (《客户服务中心岗位设置及人员配置指引》 岗位评定)."""

    promote_top: float = Field(default=0.10, ge=0, le=1, description="Share eligible for promotion.")
    retrain_bottom: float = Field(default=0.10, ge=0, le=1, description="Share flagged for retraining.")
    small_team_min: int = Field(default=7, ge=1)
    small_team_max: int = Field(
        default=14, ge=1, description="Teams of this size flag only the first and the last."
    )


class Review(Strict):
    """The inspector's loop on stored results (复核, 申诉)."""

    appeal_working_days: int = Field(
        default=3, ge=0,
        description="Working days (Monday to Friday) after a finding is confirmed within which its agent may appeal.",
    )


class Rubric(Strict):
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
    review: Review = Field(default_factory=Review)
    log_columns: dict[str, LogField] = Field(
        default_factory=dict, description="Extra call-log headers: header → field."
    )

    @model_validator(mode="after")
    def _unique_ids(self):
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(Msg("rubric.duplicate_id", id=rule.id))
            if rule.counts_as is not None and rule.counts_as not in seen:
                raise ValueError(Msg("rubric.counts_as", id=rule.id, counts_as=rule.counts_as))
            seen.add(rule.id)
        names: set[str] = set()
        for item in self.manual:
            for name in item.names():
                if name in names or name in seen:
                    raise ValueError(Msg("rubric.manual_twice", name=name))
                names.add(name)
        if self.pass_line > self.base_score:
            raise ValueError(Msg("rubric.pass_line"))
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
    reason: Any  # a text, or an i18n.Msg

    def said(self, lang: str = "zh") -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        reason = say(self.reason, lang)
        return f"{where}: {self.key}: {reason}" if self.key else f"{where}: {reason}"

    def __str__(self) -> str:
        return self.said("en")


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
                Msg("rubric.no_such_rubric", shipped=list(shipped_rubrics())),
            )
        ]
    )


MAX_RUBRIC_BYTES = 1 << 20  # a rubric is a few kilobytes
MAX_NODES = 100_000  # YAML nodes with every alias expanded ("billion laughs" stop here)


def _tree_problems(root: yaml.Node, path: Path) -> list[Problem]:
    """What the YAML parser lets through but a rubric must not have: a key given twice in
    one mapping (which one would win?), and aliases that expand past MAX_NODES nodes."""
    problems: list[Problem] = []
    seen = 0

    def walk(node: yaml.Node, depth: int) -> None:
        nonlocal seen
        seen += 1
        if seen > MAX_NODES or depth > 200:
            raise OverflowError
        if isinstance(node, yaml.MappingNode):
            keys: dict = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in keys:
                        problems.append(Problem(str(path), key.start_mark.line + 1, str(key.value),
                                                Msg("rubric.key_twice", line=keys[key.value])))
                    else:
                        keys[key.value] = key.start_mark.line + 1
                walk(key, depth + 1)
                walk(value, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item, depth + 1)

    try:
        walk(root, 0)
    except OverflowError:
        return [Problem(str(path), None, "", Msg("rubric.too_many_nodes", nodes=f"{MAX_NODES:,}"))]
    return problems


def load_rubric(name_or_path: str | Path) -> LoadedRubric:
    path = resolve_rubric_path(str(name_or_path))
    try:
        if path.stat().st_size > MAX_RUBRIC_BYTES:
            raise RubricError([Problem(str(path), None, "", Msg("rubric.too_large", mib=MAX_RUBRIC_BYTES >> 20))])
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError([Problem(str(path), None, "", Msg("rubric.cannot_read", reason=read_reason(exc)))]) from exc
    try:
        # one parse (libyaml when present): the node tree for line numbers, then the data
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
        try:
            root = loader.get_single_node()
            problems = _tree_problems(root, path) if root is not None else []
            if problems:
                raise RubricError(problems)
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = " ".join((getattr(exc, "problem", None) or str(exc)).split())  # one line
        raise RubricError(
            [Problem(str(path), mark.line + 1 if mark else None, "", Msg("rubric.bad_yaml", reason=reason))]
        ) from exc
    if not isinstance(data, dict):
        raise RubricError([Problem(str(path), 1, "", Msg("rubric.not_mapping"))])
    try:
        rubric = Rubric.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            key = _key_path(err["loc"])
            reason = pydantic_reason(err)
            if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
                key = (*key, "check")
                reason = Msg("rubric.unknown_check", checks=list(CHECK_TYPES))
            problems.append(Problem(str(path), _node_line(root, key), format_key(key), reason))
        raise RubricError(problems) from exc
    return LoadedRubric(rubric=rubric, path=path, lines=root)


def rubric_json_schema() -> dict:
    return Rubric.model_json_schema(by_alias=True)
