"""What every check type shares: the common rule keys, hits and evidence, the base class.

A check type is one module of this package with

- `CHECK`: its name in rubrics (`check: forbid`);
- `RULE`: its rule model (pydantic, a subclass of `RuleBase`), the keys a rubric may give;
- `CHECKER`: its check class (a subclass of `Check`), compiled once per rule;
- `MESSAGES`: its finding messages, {key: {"zh": …, "en": …}} (`hit` and `missing` by default);
- a module docstring, which is its documentation.

A check is built with its rule and a `Build` (see `engine`), which loads lexicons and
declares the matchers the check uses; `run(call, evidence)` reads the call through its
view and yields `Hit`s, appending the evidence of met requirements to `evidence`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Iterator, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..i18n import Msg, t
from ..models import Severity
from ..text.matchers import phrase_of

RULE_ID = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(Strict):
    """Where the rule comes from: the regulation, by its title, and its article."""

    document: str = Field(description="The regulation's title, e.g. 《XX银行客户服务中心客服代表管理办法（试行）》")
    article: str = Field(description="Article or section, e.g. 第六十八条")
    quote: Optional[str] = Field(default=None, description="The words of the article.")

    @model_validator(mode="before")
    @classmethod
    def _renamed(cls, data):
        if isinstance(data, dict) and "seed" in data:
            raise ValueError(Msg("rubric.seed_renamed"))
        return data

    def __str__(self) -> str:
        return f"{self.document} {self.article}"


class Window(Strict):
    """Which turns of the rule's role a check looks at; exactly one key."""

    first_turns: Optional[int] = Field(default=None, ge=1)
    last_turns: Optional[int] = Field(default=None, ge=1)
    first_seconds: Optional[float] = Field(default=None, gt=0)
    last_seconds: Optional[float] = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _exactly_one(self) -> "Window":
        set_keys = [k for k, v in self.model_dump().items() if v is not None]
        if len(set_keys) != 1:
            raise ValueError(Msg("rubric.one_window"))
        return self

    def describe(self, lang: str) -> str:
        for key, value in self.model_dump().items():
            if value is not None:
                return t(f"window.{key}", lang, n=f"{value:g}")
        raise AssertionError("a window has one key")

    @property
    def at_end(self) -> bool:
        return bool(self.last_turns or self.last_seconds)


class LoggedExample(Strict):
    """An example with a call log (for rules that read one); the transcript may be empty."""

    transcript: str = ""
    log: dict[str, Any] = Field(description="Call log fields, e.g. {wait_seconds: 15}.")

    def __str__(self) -> str:
        fields = ", ".join(f"{k}={v}" for k, v in self.log.items())
        return f"{self.transcript}  [log: {fields}]".strip()


class Examples(Strict):
    """Transcripts in the plain-text format; lines without a label are the rule's role."""

    pass_: list[Union[str, LoggedExample]] = Field(default_factory=list, alias="pass")
    fail: list[Union[str, LoggedExample]] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Targets(Strict):
    """What `qa-toolkit calibrate` holds the rule to (0–1); omitted: the command's options."""

    precision: Optional[float] = Field(default=None, ge=0, le=1)
    recall: Optional[float] = Field(default=None, ge=0, le=1)


class RuleBase(Strict):
    """The keys every rule has, whatever its check type."""

    id: str = Field(pattern=RULE_ID, description="Stable kebab-case id; public interface.")
    title: str
    title_en: Optional[str] = None
    description: str = Field(description="What the rule checks (Chinese).")
    description_en: Optional[str] = None
    why: Optional[str] = Field(default=None, description="Why it matters.")
    why_en: Optional[str] = None
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
    once_per_turn: bool = Field(default=False, description="At most one finding per turn (an inspector counts utterances).")
    counts_as: Optional[str] = Field(
        default=None, pattern=RULE_ID,
        description="Counted as this earlier rule: no finding in a turn where that rule already has one, "
                    "and measured as that rule by calibrate.",
    )
    targets: Optional[Targets] = None


class PhraseRule(RuleBase):
    """A rule whose check looks for phrases: given inline or in lexicon files."""

    phrases: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)
    lexicons: list[str] = Field(
        default_factory=list, description="Shipped lexicon names or paths relative to the rubric."
    )

    @model_validator(mode="after")
    def _has_phrases(self):
        if not self.phrases and not self.lexicons:
            raise ValueError(Msg("rubric.needs_phrases"))
        return self


@dataclass(slots=True)
class Hit:
    """Where a rule fired. `start`/`end` index the normalised text of the utterance;
    a hit with no utterance (or no span) reports something missing."""

    utterance: Optional[int]
    start: Optional[int] = None
    end: Optional[int] = None
    matched: str = ""
    fuzzy: bool = False
    missing: bool = False
    key: str = ""  # message key suffix; default "hit" or "missing"
    values: dict[str, Any] = field(default_factory=dict, compare=False)  # for the message


@dataclass(slots=True)
class Evidence:
    """A requirement that was met, and where: kept so an inspector sees why it passed."""

    utterance: int
    start: int
    end: int
    matched: str
    phrase: str
    fuzzy: bool


class Check:
    """Base of every check type. `NEEDS`: what a call must have for the check to run —
    "transcript", "log" or "either". `example`: a phrase the messages may quote."""

    NEEDS = "transcript"
    example = ""

    def __init__(self, rule, build):
        self.rule = rule

    def run(self, call, evidence: list[Evidence]) -> Iterator[Hit]:
        raise NotImplementedError


def anchor(turns: list, window: Optional[Window]) -> Optional[int]:
    """Where a missing-phrase finding points: the window's last turn for end-of-call
    windows, its first turn otherwise; None when the role never spoke, or when the rule
    reads the whole call (missing everywhere is not missing at one turn)."""
    if not turns or window is None:
        return None
    return turns[-1].index if window is not None and window.at_end else turns[0].index


def evidence_of(found: Optional[tuple], fuzzy: bool = False) -> Optional[Evidence]:
    """The evidence of a (turn, hit) a view found, or None."""
    if found is None:
        return None
    turn, hit = found
    start, end = hit[0], hit[1]
    return Evidence(turn.index, start, end, turn.text[start:end], phrase_of(hit), fuzzy)


def expect_spans(call, rule, matcher, evidence: list[Evidence]) -> Iterator[Hit]:
    """The rule's `expect` over the spans a matcher finds in the rule's window: `absent`,
    each span is a finding; `present`, the first span is evidence, and none is one
    finding at the edge of the window."""
    turns = call.window(rule.role, rule.window)
    if rule.expect == "absent":
        for turn, (start, end, _) in call.search(matcher, turns):
            yield Hit(turn.index, start, end, turn.text[start:end])
        return
    found = call.first(matcher, turns)
    if found is not None:
        evidence.append(evidence_of(found))
        return
    yield Hit(utterance=anchor(turns, rule.window), missing=True)


def seconds(value: float) -> str:
    """A duration for messages: whole seconds unless a fraction matters."""
    return f"{round(value, 1):g}"
