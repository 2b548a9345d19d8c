"""The scorecard as tables: one definition of every sheet, written by each format.

Headers are Chinese by default and English with --lang en. Free text from transcripts and
records (messages, evidence, notes) has card, ID and phone numbers masked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Optional

from ..i18n import t
from ..models import InputError
from ..period import PeriodResult
from .privacy import mask_numbers


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    kind: str = "text"  # text, int, number, percent, datetime, wide

    def header(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass
class Table:
    key: str
    zh: str
    en: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)

    def title(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip((c.key for c in self.columns), row)) for row in self.rows]


def _naive(value: Optional[datetime]) -> Optional[datetime]:
    """Spreadsheets have no time zones: local wall-clock time as written in the input."""
    return value.replace(tzinfo=None) if value is not None else None


def _where(path: Optional[str], sheet: Optional[str] = None, row: Optional[int] = None,
           line: Optional[int] = None) -> str:
    error = InputError(path=path or "", sheet=sheet, row=row, line=line, reason="")
    return error.location()


FLAG = {"promote": {"zh": "晋升候选", "en": "promotion candidate"},
        "retrain": {"zh": "待培训", "en": "retraining"}}
SOURCE = {"auto": {"zh": "自动", "en": "auto"}, "manual": {"zh": "人工", "en": "manual"}}
DATA = {(True, True): {"zh": "录音+话单", "en": "transcript + log"},
        (True, False): {"zh": "仅录音", "en": "transcript only"},
        (False, True): {"zh": "仅话单", "en": "log only"}}


def _yes(value: Optional[bool], lang: str) -> Optional[str]:
    if value is None:
        return None
    return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")


def summary_table(period: PeriodResult, lang: str) -> Table:
    rubric = period.rubric
    rule_ids = [r.id for r in rubric.rules if any(a.auto_by_rule.get(r.id) for a in period.agents)]
    titles = {r.id: (r.title, r.title_en or r.title) for r in rubric.rules}
    items = sorted({name for a in period.agents for name in a.manual_by_item})
    columns = [
        Column("rank", "排名", "Rank", "int"),
        Column("team", "班组", "Team"),
        Column("agent_id", "工号", "Agent ID"),
        Column("agent_name", "姓名", "Name"),
        Column("calls", "通话数", "Calls", "int"),
        Column("passed_calls", "合格通话", "Calls passed", "int"),
        Column("average", "平均通话得分", "Average call score", "number"),
        Column("auto_deducted", "自动扣分", "Automatic deductions", "number"),
        Column("manual_deducted", "人工扣分", "Manual deductions", "number"),
        Column("bonus", "奖励加分", "Bonuses", "number"),
        Column("fatal", "致命项", "Fatal items"),
        Column("score", "期间得分", "Period score", "number"),
        Column("passed", "是否合格", "Passed"),
        Column("flag", "评定", "Evaluation"),
        Column("team_size", "班组排名人数", "Ranked in team", "int"),
        *[Column(f"rule:{r}", f"扣分·{titles[r][0]}", f"Deducted: {titles[r][1]}", "number") for r in rule_ids],
        *[Column(f"item:{i}", f"人工·{i}", f"Manual: {i}", "number") for i in items],
        Column("arithmetic", "计算过程", "Arithmetic", "wide"),
    ]
    table = Table("summary", "汇总", "Summary", columns)
    for a in period.agents:
        fatal = a.fatal_items + [f"{'通话' if lang == 'zh' else 'call '}{c}" for c in a.fatal_calls]
        table.rows.append([
            a.rank, a.team, a.agent_id, a.agent_name, a.calls, a.passed, a.average,
            a.auto_deducted, a.manual_deducted, a.bonus,
            ("、" if lang == "zh" else ", ").join(fatal) or None,
            a.score, _yes(a.passed_period, lang), FLAG[a.flag][lang] if a.flag else None,
            a.team_size,
            *[a.auto_by_rule[r] if a.auto_by_rule.get(r) else None for r in rule_ids],
            *[a.manual_by_item.get(i) or None for i in items],
            a.arithmetic,
        ])
    return table


def deductions_table(period: PeriodResult, lang: str) -> Table:
    rubric = period.rubric
    team = {a.agent_id: a.team for a in period.agents}
    columns = [
        Column("source", "来源", "Source"),
        Column("team", "班组", "Team"),
        Column("agent_id", "工号", "Agent ID"),
        Column("agent_name", "姓名", "Name"),
        Column("call_id", "通话ID", "Call ID"),
        Column("time", "时间", "Time", "datetime"),
        Column("item_id", "规则/项目", "Rule / item"),
        Column("title", "名称", "Title"),
        Column("severity", "严重程度", "Severity"),
        Column("points", "分值", "Points", "number"),
        Column("message", "说明", "Message", "wide"),
        Column("evidence", "证据", "Evidence", "wide"),
        Column("inspector", "质检员", "Inspector"),
        Column("location", "位置", "Location", "wide"),
    ]
    table = Table("deductions", "扣分明细", "Deductions", columns)
    titles = {r.id: (r.title if lang == "zh" else (r.title_en or r.title)) for r in rubric.rules}
    for result in period.results:
        for f in result.findings:
            where = _where(result.source, line=f.line) if result.source else None
            table.rows.append([
                SOURCE["auto"][lang], team.get(result.agent_id or "?"), result.agent_id,
                result.agent_name, result.call_id, _naive(result.started_at), f.rule_id,
                titles[f.rule_id], t(f"severity.{f.severity.value}", lang), -f.deducted,
                mask_numbers(f.message), mask_numbers(f.excerpt) or None, None, where,
            ])
    for r in period.records:
        item = rubric.manual_item(r.item_id)
        severity = ("致命" if lang == "zh" else "fatal") if r.fatal else None
        table.rows.append([
            SOURCE["manual"][lang], team.get(r.agent_id), r.agent_id, r.agent_name, None,
            _naive(r.date), r.item_id, item.name if lang == "zh" else (item.name_en or item.name),
            severity, r.points, mask_numbers(r.note), None, r.inspector,
            _where(r.source, r.sheet, r.row),
        ])
    return table


def calls_table(period: PeriodResult, lang: str) -> Table:
    columns = [
        Column("call_id", "通话ID", "Call ID"),
        Column("agent_id", "工号", "Agent ID"),
        Column("agent_name", "姓名", "Name"),
        Column("channel", "渠道", "Channel"),
        Column("started_at", "开始时间", "Started", "datetime"),
        Column("duration", "时长(秒)", "Duration (s)", "number"),
        Column("data", "数据来源", "Data"),
        Column("score", "得分", "Score", "number"),
        Column("passed", "是否合格", "Passed"),
        Column("fatal", "致命", "Fatal"),
        Column("findings", "问题数", "Findings", "int"),
        Column("arithmetic", "计算过程", "Arithmetic", "wide"),
        Column("source", "文件", "File", "wide"),
    ]
    table = Table("calls", "通话", "Calls", columns)
    channel = {"call": {"zh": "电话", "en": "call"}, "chat": {"zh": "在线", "en": "chat"}}
    for r in period.results:
        table.rows.append([
            r.call_id, r.agent_id, r.agent_name, channel.get(r.channel, {}).get(lang, r.channel),
            _naive(r.started_at), r.duration, DATA[(r.has_transcript, r.has_log)][lang], r.score,
            _yes(r.passed, lang), _yes(r.fatal, lang), len(r.findings), r.arithmetic, r.source,
        ])
    return table


def rules_table(period: PeriodResult, lang: str) -> Table:
    columns = [
        Column("rule_id", "规则ID", "Rule ID"),
        Column("title", "名称", "Title"),
        Column("severity", "严重程度", "Severity"),
        Column("hits", "命中次数", "Hits", "int"),
        Column("calls", "涉及通话", "Calls affected", "int"),
        Column("points", "扣分合计", "Points deducted", "number"),
        Column("checked", "检查通话数", "Calls checked", "int"),
        Column("hit_rate", "命中率", "Hit rate", "percent"),
    ]
    table = Table("rules", "规则统计", "Rules", columns)
    for s in period.rules:
        table.rows.append([
            s.rule_id, s.title, t(f"severity.{s.severity.value}", lang), s.hits, s.calls,
            s.points, s.checked, s.hit_rate,
        ])
    return table


def errors_table(errors: list[InputError], lang: str) -> Table:
    columns = [
        Column("path", "文件", "File", "wide"),
        Column("sheet", "工作表", "Sheet"),
        Column("row", "行", "Row / line", "int"),
        Column("column", "列", "Column"),
        Column("reason", "原因", "Reason", "wide"),
    ]
    table = Table("errors", "输入错误", "Input errors", columns)
    for e in errors:
        table.rows.append([e.path, e.sheet, e.row if e.row is not None else e.line, e.column,
                           mask_numbers(e.reason)])
    return table


def about_table(period: PeriodResult, errors: list[InputError], lang: str, generated: datetime) -> Table:
    rubric = period.rubric
    zh = lang == "zh"
    table = Table("about", "说明", "About", [
        Column("item", "项目", "Item"), Column("value", "内容", "Value", "wide"),
    ])
    span = f"{period.start or '…'} – {period.end or '…'}" if (period.start or period.end) else (
        "全部" if zh else "all")
    rows = [
        ("规则集" if zh else "Rubric", f"{rubric.name} {rubric.version} {rubric.title if zh else (rubric.title_en or rubric.title)}"),
        ("考核期间" if zh else "Period", span),
        ("生成时间" if zh else "Generated", generated.strftime("%Y-%m-%d %H:%M")),
        ("基础分 / 合格线" if zh else "Base score / pass line", f"{rubric.base_score:g} / {rubric.pass_line:g}"),
        ("通话数" if zh else "Calls", str(len(period.results))),
        ("人工记录数" if zh else "Manual records", str(len(period.records))),
        ("期间外未计入" if zh else "Left out (outside the period)", str(period.outside)),
        ("无日期的通话" if zh else "Calls without a date", str(period.undated_calls)),
        ("输入错误" if zh else "Input errors", str(len(errors))),
        ("期间得分" if zh else "Period score",
         "平均通话得分（保留两位小数）− 人工扣分 + 奖励加分，不低于0；有致命项（以0分计）时为0。自动扣分已计入通话得分，仅列示。"
         if zh else "average call score (2 decimals) − manual deductions + bonuses, not below 0; "
         "0 with a fatal item. Automatic deductions are inside the call scores and shown only."),
        ("评定" if zh else "Evaluation",
         f"班组内排名；{rubric.ranking.small_team_min}–{rubric.ranking.small_team_max}人的班组取第一名为晋升候选、最后一名待培训；"
         f"更大的班组取前{rubric.ranking.promote_top:.0%}、后{rubric.ranking.retrain_bottom:.0%}；有致命项者不列晋升候选。"
         if zh else f"ranked within the team; teams of {rubric.ranking.small_team_min}–{rubric.ranking.small_team_max} "
         f"flag the first and the last; larger teams the top {rubric.ranking.promote_top:.0%} and bottom "
         f"{rubric.ranking.retrain_bottom:.0%}; no promotion flag with a fatal item."),
        ("隐私" if zh else "Privacy",
         "证据中的卡号、证件号、电话号码仅保留后四位。" if zh else "card, ID and phone numbers in evidence keep only their last four digits."),
    ]
    table.rows = [list(r) for r in rows]
    return table


def build_tables(period: PeriodResult, errors: list[InputError], lang: str, generated: datetime) -> list[Table]:
    return [
        summary_table(period, lang),
        deductions_table(period, lang),
        calls_table(period, lang),
        rules_table(period, lang),
        errors_table(errors, lang),
        about_table(period, errors, lang, generated),
    ]
