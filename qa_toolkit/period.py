"""Per-agent results for a period: calls, average call score, manual records, ranks, flags.

The period score is

    average call score − manual deductions + bonuses        (never below 0)

and 0 when the agent has a fatal manual item (季度绩效考核分以0分计). The average is
rounded to two decimals before the rest is applied, so every figure can be recomputed
from the workbook. Automatic deductions are already inside the call scores; they are shown
beside the manual ones, never subtracted twice.

Ranks are within a team (competition ranking: equal scores share a rank). Flags follow
《客户服务中心岗位设置及人员配置指引》 岗位评定: a team of `small_team_min`–`small_team_max` ranked people flags the
first (promotion) and the last (retraining); a larger team flags the top `promote_top` and
the bottom `retrain_bottom` shares (rounded down); a smaller team flags no one. An agent
with a fatal item is never flagged for promotion.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Optional

from .i18n import localized, t
from .ingest.roster import Member
from .models import CallResult, ManualRecord, Severity
from .rubric import Rubric



def _fmt(value: float) -> str:
    return f"{round(value, 2):g}"


@dataclass
class AgentPeriod:
    agent_id: str
    agent_name: Optional[str] = None
    team: str = ""
    position: Optional[str] = None
    on_roster: bool = True
    calls: int = 0
    passed: int = 0
    score_sum: float = 0.0
    auto_deducted: float = 0.0
    auto_by_rule: Counter = field(default_factory=Counter)
    findings: int = 0
    fatal_calls: list[str] = field(default_factory=list)
    manual_deducted: float = 0.0
    bonus: float = 0.0
    manual_by_item: Counter = field(default_factory=Counter)
    fatal_items: list[str] = field(default_factory=list)
    average: Optional[float] = None
    score: Optional[float] = None
    passed_period: Optional[bool] = None
    arithmetic: str = ""
    rank: Optional[int] = None
    team_size: int = 0
    flag: Optional[str] = None  # "promote" or "retrain"
    machine_score_sum: float = 0.0  # with review: the calls' scores before it
    machine_average: Optional[float] = None


@dataclass
class RuleStats:
    rule_id: str
    title: str
    severity: Severity
    hits: int = 0
    calls: int = 0
    points: float = 0.0
    checked: int = 0  # calls the rule ran on

    @property
    def hit_rate(self) -> Optional[float]:
        return self.calls / self.checked if self.checked else None


@dataclass
class ReviewInfo:
    """What the store adds to a period of stored calls: the machine's scores beside the
    final ones, each finding's id and status, the revision each call was checked with,
    and per rule the review and appeal counts (keyed by call id, and by (call id, index
    of the finding in the final result))."""

    machine_score: dict[str, float] = field(default_factory=dict)
    revision: dict[str, str] = field(default_factory=dict)
    finding_id: dict[tuple[str, int], str] = field(default_factory=dict)
    finding_status: dict[tuple[str, int], str] = field(default_factory=dict)
    rules: dict[str, Counter] = field(default_factory=dict)


@dataclass
class PeriodResult:
    rubric: Rubric
    agents: list[AgentPeriod]
    calls: int  # calls in the period
    records_applied: int  # manual records in the period
    rules: list[RuleStats]
    start: Optional[date] = None
    end: Optional[date] = None
    outside: int = 0  # calls and records left out by the period
    undated_calls: int = 0
    undated_left_out: int = 0  # calls without a date, left out because a period was given
    review: Optional[ReviewInfo] = None


def in_period(when, start: Optional[date], end: Optional[date]) -> bool:
    if when is None:
        return True
    day = when.date() if hasattr(when, "date") else when
    return (start is None or day >= start) and (end is None or day <= end)


def _arithmetic(agent: AgentPeriod, lang: str) -> str:
    if agent.calls == 0:
        return t("period.no_calls", lang)
    avg = _fmt(agent.average)
    parts = [t("period.average", lang, total=_fmt(agent.score_sum), calls=agent.calls, average=avg)]
    terms = [
        f"{'−' if points < 0 else '+'} {name} {_fmt(abs(points))}"
        for name, points in agent.manual_by_item.items() if points
    ]
    raw = agent.average + agent.bonus - agent.manual_deducted
    if terms:
        parts.append(f"{avg} {' '.join(terms)} = {_fmt(max(0.0, raw))}")
    if raw < 0:
        parts.append(t("period.floor", lang))
    if agent.fatal_items:
        parts.append(t("period.fatal", lang, items=t("sep.list", lang).join(agent.fatal_items)))
    return t("sep.clause", lang).join(parts)


def _flags(members: list[AgentPeriod], rubric: Rubric) -> None:
    ranked = sorted((a for a in members if a.score is not None), key=lambda a: -a.score)
    n = len(ranked)
    for agent in members:
        agent.team_size = n
    for agent in ranked:
        agent.rank = 1 + sum(1 for other in ranked if other.score > agent.score)
    if not n:
        return
    if len({a.score for a in ranked}) == 1:
        return  # everyone level: nobody stands out
    cfg = rubric.ranking
    if cfg.small_team_min <= n <= cfg.small_team_max:
        top, bottom = 1, 1
    elif n > cfg.small_team_max:
        top, bottom = math.floor(n * cfg.promote_top), math.floor(n * cfg.retrain_bottom)
    else:
        return
    for agent in ranked:
        below = sum(1 for other in ranked if other.score < agent.score)
        if bottom and below < bottom:
            agent.flag = "retrain"
        elif top and agent.rank <= top and not agent.fatal_items and not agent.fatal_calls:
            agent.flag = "promote"


class Aggregator:
    """Per-agent period results, taken call by call and record by record: what the
    scorecard prints is summed as the calls come, and no call is kept (a month of a
    large centre is millions of calls). `add` says whether a call is in the period;
    `finish` ranks and flags the agents and gives the PeriodResult."""

    def __init__(self, rubric: Rubric, roster: Iterable[Member] = (), lang: str = "zh",
                 start: Optional[date] = None, end: Optional[date] = None,
                 review: Optional[ReviewInfo] = None, include_undated: bool = False):
        self.rubric, self.lang, self.start, self.end = rubric, lang, start, end
        self.review, self.include_undated = review, include_undated
        roster = list(roster)
        self.agents: dict[str, AgentPeriod] = {}
        unlisted = t("team.unlisted", lang)
        self._no_team = t("team.all", lang) if not roster else unlisted
        self._listed = bool(roster)
        for member in roster:
            self.agents[member.agent_id] = AgentPeriod(
                member.agent_id, member.agent_name, member.team or unlisted, member.position
            )
        titles = {r.id: localized(r, "title", lang) for r in rubric.rules}
        self.stats = {r.id: RuleStats(r.id, titles[r.id], r.severity) for r in rubric.rules}
        self.calls = self.records = 0
        self.outside = self.undated = self.undated_left_out = 0
        self._bounded = start is not None or end is not None

    def agent(self, agent_id: Optional[str], name: Optional[str] = None) -> AgentPeriod:
        key = agent_id or "?"
        found = self.agents.get(key)
        if found is None:
            found = self.agents[key] = AgentPeriod(key, name, self._no_team, on_roster=not self._listed)
        if not found.agent_name and name:
            found.agent_name = name
        return found

    def add(self, result: CallResult) -> bool:
        """Count a call's result; False when the period leaves it out."""
        if result.started_at is None and self._bounded and not self.include_undated:
            self.undated_left_out += 1
            return False
        if not in_period(result.started_at, self.start, self.end):
            self.outside += 1
            return False
        self.undated += result.started_at is None
        self.calls += 1
        a = self.agent(result.agent_id, result.agent_name)
        a.calls += 1
        a.passed += result.passed
        a.score_sum += result.score
        if self.review is not None:
            a.machine_score_sum += self.review.machine_score.get(result.call_id, result.score)
        a.findings += len(result.findings)
        if result.fatal:
            a.fatal_calls.append(result.call_id)
        stats = self.stats
        for rule_id, rule in stats.items():
            if rule_id not in result.not_run:
                rule.checked += 1
        hit_rules = set()
        for finding in result.findings:
            a.auto_deducted += finding.deducted
            a.auto_by_rule[finding.rule_id] += finding.deducted
            rule = stats.get(finding.rule_id)  # an inspector's finding may name a manual item
            if rule is not None:
                rule.hits += 1
                rule.points += finding.deducted
                hit_rules.add(finding.rule_id)
        for rule_id in hit_rules:
            stats[rule_id].calls += 1
        return True

    def add_record(self, record: ManualRecord) -> bool:
        """Count a manual record; False when the period leaves it out."""
        if not in_period(record.date, self.start, self.end):
            self.outside += 1
            return False
        self.records += 1
        a = self.agent(record.agent_id, record.agent_name)
        item = self.rubric.manual_item(record.item_id)
        name = localized(item, "name", self.lang)
        a.manual_by_item[name] += record.points
        if record.points < 0:
            a.manual_deducted -= record.points
        else:
            a.bonus += record.points
        if record.fatal and name not in a.fatal_items:
            a.fatal_items.append(name)
        return True

    def finish(self) -> PeriodResult:
        rubric, review = self.rubric, self.review
        for a in self.agents.values():
            if a.calls:
                a.average = round(a.score_sum / a.calls, 2)
                if review is not None:
                    a.machine_average = round(a.machine_score_sum / a.calls, 2)
                a.score = round(max(0.0, a.average + a.bonus - a.manual_deducted), 2)
                if a.fatal_items:
                    a.score = 0.0
                a.passed_period = a.score >= rubric.pass_line
            a.arithmetic = _arithmetic(a, self.lang)
        teams: dict[str, list[AgentPeriod]] = defaultdict(list)
        for a in self.agents.values():
            teams[a.team].append(a)
        for members in teams.values():
            _flags(members, rubric)
        ordered = sorted(
            self.agents.values(),
            key=lambda a: (a.team, a.rank is None, a.rank or 0, a.agent_id),
        )
        return PeriodResult(
            rubric=rubric, agents=ordered, calls=self.calls, records_applied=self.records,
            rules=list(self.stats.values()), start=self.start, end=self.end, outside=self.outside,
            undated_calls=self.undated, undated_left_out=self.undated_left_out, review=review,
        )


def aggregate(
    rubric: Rubric,
    results: Iterable[CallResult],
    records: Iterable[ManualRecord],
    roster: Iterable[Member] = (),
    lang: str = "zh",
    start: Optional[date] = None,
    end: Optional[date] = None,
    review: Optional[ReviewInfo] = None,
    include_undated: bool = False,
) -> PeriodResult:
    """Per-agent period results of calls and records at hand (the Aggregator, fed all of
    them)."""
    aggregator = Aggregator(rubric, roster, lang, start, end, review, include_undated)
    for result in results:
        aggregator.add(result)
    for record in records:
        aggregator.add_record(record)
    return aggregator.finish()
