"""User-facing strings: Chinese by default, English with --lang en."""

from __future__ import annotations

LANGS = ("zh", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "window.first_turns": {"zh": "前{n}句", "en": "first {n} turns"},
    "window.last_turns": {"zh": "最后{n}句", "en": "last {n} turns"},
    "window.first_seconds": {"zh": "前{n}秒", "en": "first {n} s"},
    "window.last_seconds": {"zh": "最后{n}秒", "en": "last {n} s"},
    "whole_call": {"zh": "通话中", "en": "whole call"},
    "unverified": {"zh": "（无录音，无法核实）", "en": " (no transcript to verify)"},
    "fuzzy": {"zh": "模糊匹配", "en": "fuzzy match"},
    "passed": {"zh": "通过", "en": "passed"},
    "failed": {"zh": "不合格", "en": "failed"},
    "score": {"zh": "得分", "en": "score"},
    "pass_line": {"zh": "合格线", "en": "pass line"},
    "summary": {
        "zh": "共检查 {calls} 通，合格 {passed} 通，不合格 {failed} 通，问题 {findings} 条，输入错误 {errors} 个",
        "en": "{calls} calls checked, {passed} passed, {failed} failed, {findings} findings, {errors} input errors",
    },
    "input_error": {"zh": "输入错误", "en": "input error"},
    "no_findings": {"zh": "无问题", "en": "no findings"},
    "utterance": {"zh": "第{n}句", "en": "turn {n}"},
    "agent": {"zh": "坐席", "en": "agent"},
    "customer": {"zh": "客户", "en": "customer"},
    "system": {"zh": "系统", "en": "system"},
    "met_fuzzy": {
        "zh": "{rule}：「{matched}」模糊匹配「{phrase}」",
        "en": "{rule}: “{matched}” fuzzily matched “{phrase}”",
    },
    "fatal_zero": {"zh": "致命项，得分计0", "en": "fatal finding, score set to 0"},
    "check.not_transcript": {
        "zh": "不是通话记录或话单，由 qa-toolkit score 使用",
        "en": "not a transcript or call log; used by `qa-toolkit score`",
    },
    "score.done": {
        "zh": "评分：坐席 {agents} 名，通话 {calls} 通，人工记录 {records} 条，期间外 {outside} 条，输入错误 {errors} 个",
        "en": "scored {agents} agents, {calls} calls, {records} manual records, {outside} outside the period, "
              "{errors} input errors",
    },
    "rules.scores": {"zh": "基础分 {base}，合格线 {pass_line}", "en": "base score {base}, pass line {pass_line}"},
    "rule.why": {"zh": "原因：", "en": "Why: "},
    "rule.check": {"zh": "检查类型", "en": "Check"},
    "rule.severity": {"zh": "严重程度", "en": "Severity"},
    "rule.points": {"zh": "扣分", "en": "Points"},
    "rule.cap": {"zh": "封顶", "en": "Cap"},
    "rule.role": {"zh": "适用角色", "en": "Role"},
    "rule.source": {"zh": "依据", "en": "Source"},
    "rule.passes": {"zh": "通过示例", "en": "Passes"},
    "rule.fails": {"zh": "违规示例", "en": "Fails"},
    "sep.list": {"zh": "、", "en": ", "},
    "score.floor": {"zh": "（不低于0）", "en": " (floor 0)"},
    "score.fatal": {"zh": "；致命项 {rules} → 0", "en": "; fatal {rules} → 0"},
    "sep.clause": {"zh": "；", "en": "; "},
    "period.no_calls": {"zh": "无通话，不计分", "en": "no calls, not scored"},
    "period.average": {"zh": "通话得分合计 {total} ÷ {calls} 通 = {average}",
                       "en": "call scores {total} ÷ {calls} calls = {average}"},
    "period.floor": {"zh": "不低于0", "en": "floor 0"},
    "period.fatal": {"zh": "致命项 {items} → 0", "en": "fatal {items} → 0"},
    "team.all": {"zh": "全体", "en": "all"},
    "team.unlisted": {"zh": "未在花名册", "en": "not on roster"},
    "sheet.summary": {"zh": "汇总", "en": "Summary"},
    "sheet.deductions": {"zh": "扣分明细", "en": "Deductions"},
    "sheet.calls": {"zh": "通话", "en": "Calls"},
    "sheet.rules": {"zh": "规则统计", "en": "Rules"},
    "sheet.errors": {"zh": "输入错误", "en": "Input errors"},
    "sheet.about": {"zh": "说明", "en": "About"},
    "col.summary.rank": {"zh": "排名", "en": "Rank"},
    "col.summary.team": {"zh": "班组", "en": "Team"},
    "col.summary.agent_id": {"zh": "工号", "en": "Agent ID"},
    "col.summary.agent_name": {"zh": "姓名", "en": "Name"},
    "col.summary.calls": {"zh": "通话数", "en": "Calls"},
    "col.summary.passed_calls": {"zh": "合格通话", "en": "Calls passed"},
    "col.summary.average": {"zh": "平均通话得分", "en": "Average call score"},
    "col.summary.auto_deducted": {"zh": "自动扣分", "en": "Automatic deductions"},
    "col.summary.manual_deducted": {"zh": "人工扣分", "en": "Manual deductions"},
    "col.summary.bonus": {"zh": "奖励加分", "en": "Bonuses"},
    "col.summary.fatal": {"zh": "致命项", "en": "Fatal items"},
    "col.summary.score": {"zh": "期间得分", "en": "Period score"},
    "col.summary.passed": {"zh": "是否合格", "en": "Passed"},
    "col.summary.flag": {"zh": "评定", "en": "Evaluation"},
    "col.summary.team_size": {"zh": "班组排名人数", "en": "Ranked in team"},
    "col.summary.arithmetic": {"zh": "计算过程", "en": "Arithmetic"},
    "col.deductions.source": {"zh": "来源", "en": "Source"},
    "col.deductions.team": {"zh": "班组", "en": "Team"},
    "col.deductions.agent_id": {"zh": "工号", "en": "Agent ID"},
    "col.deductions.agent_name": {"zh": "姓名", "en": "Name"},
    "col.deductions.call_id": {"zh": "通话ID", "en": "Call ID"},
    "col.deductions.time": {"zh": "时间", "en": "Time"},
    "col.deductions.item_id": {"zh": "规则/项目", "en": "Rule / item"},
    "col.deductions.title": {"zh": "名称", "en": "Title"},
    "col.deductions.severity": {"zh": "严重程度", "en": "Severity"},
    "col.deductions.points": {"zh": "分值", "en": "Points"},
    "col.deductions.message": {"zh": "说明", "en": "Message"},
    "col.deductions.evidence": {"zh": "证据", "en": "Evidence"},
    "col.deductions.inspector": {"zh": "质检员", "en": "Inspector"},
    "col.deductions.location": {"zh": "位置", "en": "Location"},
    "col.calls.call_id": {"zh": "通话ID", "en": "Call ID"},
    "col.calls.agent_id": {"zh": "工号", "en": "Agent ID"},
    "col.calls.agent_name": {"zh": "姓名", "en": "Name"},
    "col.calls.channel": {"zh": "渠道", "en": "Channel"},
    "col.calls.started_at": {"zh": "开始时间", "en": "Started"},
    "col.calls.duration": {"zh": "时长(秒)", "en": "Duration (s)"},
    "col.calls.data": {"zh": "数据来源", "en": "Data"},
    "col.calls.score": {"zh": "得分", "en": "Score"},
    "col.calls.passed": {"zh": "是否合格", "en": "Passed"},
    "col.calls.fatal": {"zh": "致命", "en": "Fatal"},
    "col.calls.findings": {"zh": "问题数", "en": "Findings"},
    "col.calls.arithmetic": {"zh": "计算过程", "en": "Arithmetic"},
    "col.calls.source": {"zh": "文件", "en": "File"},
    "col.rules.rule_id": {"zh": "规则ID", "en": "Rule ID"},
    "col.rules.title": {"zh": "名称", "en": "Title"},
    "col.rules.severity": {"zh": "严重程度", "en": "Severity"},
    "col.rules.hits": {"zh": "命中次数", "en": "Hits"},
    "col.rules.calls": {"zh": "涉及通话", "en": "Calls affected"},
    "col.rules.points": {"zh": "扣分合计", "en": "Points deducted"},
    "col.rules.checked": {"zh": "检查通话数", "en": "Calls checked"},
    "col.rules.hit_rate": {"zh": "命中率", "en": "Hit rate"},
    "col.errors.path": {"zh": "文件", "en": "File"},
    "col.errors.sheet": {"zh": "工作表", "en": "Sheet"},
    "col.errors.row": {"zh": "行", "en": "Row / line"},
    "col.errors.column": {"zh": "列", "en": "Column"},
    "col.errors.reason": {"zh": "原因", "en": "Reason"},
    "col.about.item": {"zh": "项目", "en": "Item"},
    "col.about.value": {"zh": "内容", "en": "Value"},
    "col.summary.rule": {"zh": "扣分·{title}", "en": "Deducted: {title}"},
    "col.summary.item": {"zh": "人工·{item}", "en": "Manual: {item}"},
    "fatal_call": {"zh": "通话{call}", "en": "call {call}"},
    "flag.promote": {"zh": "晋升候选", "en": "promotion candidate"},
    "flag.retrain": {"zh": "待培训", "en": "retraining"},
    "source.auto": {"zh": "自动", "en": "auto"},
    "source.manual": {"zh": "人工", "en": "manual"},
    "data.both": {"zh": "录音+话单", "en": "transcript + log"},
    "data.transcript": {"zh": "仅录音", "en": "transcript only"},
    "data.log": {"zh": "仅话单", "en": "log only"},
    "channel.call": {"zh": "电话", "en": "call"},
    "channel.chat": {"zh": "在线", "en": "chat"},
    "yes": {"zh": "是", "en": "yes"},
    "no": {"zh": "否", "en": "no"},
    "chart.score": {"zh": "期间得分", "en": "Period score"},
    "about.all": {"zh": "全部", "en": "all"},
    "about.rubric": {"zh": "规则集", "en": "Rubric"},
    "about.period": {"zh": "考核期间", "en": "Period"},
    "about.generated": {"zh": "生成时间", "en": "Generated"},
    "about.lines": {"zh": "基础分 / 合格线", "en": "Base score / pass line"},
    "about.calls": {"zh": "通话数", "en": "Calls"},
    "about.records": {"zh": "人工记录数", "en": "Manual records"},
    "about.outside": {"zh": "期间外未计入", "en": "Left out (outside the period)"},
    "about.undated": {"zh": "无日期的通话", "en": "Calls without a date"},
    "about.errors": {"zh": "输入错误", "en": "Input errors"},
    "about.score": {"zh": "期间得分", "en": "Period score"},
    "about.score_formula": {
        "zh": "平均通话得分（保留两位小数）− 人工扣分 + 奖励加分，不低于0；有致命项（以0分计）时为0。自动扣分已计入通话得分，仅列示。",
        "en": "average call score (2 decimals) − manual deductions + bonuses, not below 0; "
              "0 with a fatal item. Automatic deductions are inside the call scores and shown only.",
    },
    "about.flags": {"zh": "评定", "en": "Evaluation"},
    "about.flags_rule": {
        "zh": "班组内排名；{low}–{high}人的班组取第一名为晋升候选、最后一名待培训；更大的班组取前{top}、后{bottom}；有致命项者不列晋升候选。",
        "en": "ranked within the team; teams of {low}–{high} flag the first and the last; larger teams the top "
              "{top} and bottom {bottom}; no promotion flag with a fatal item.",
    },
    "about.privacy": {"zh": "隐私", "en": "Privacy"},
    "about.privacy_rule": {
        "zh": "证据中的卡号、证件号、电话号码仅保留后四位。",
        "en": "card, ID and phone numbers in evidence keep only their last four digits.",
    },
    "severity.info": {"zh": "提示", "en": "info"},
    "severity.minor": {"zh": "轻微", "en": "minor"},
    "severity.major": {"zh": "严重", "en": "major"},
    "severity.fatal": {"zh": "致命", "en": "fatal"},
}


def register(prefix: str, messages: dict[str, dict[str, str]]) -> None:
    """Add a check type's messages to the catalogue, as `prefix.key`."""
    for key, texts in messages.items():
        MESSAGES[f"{prefix}.{key}"] = texts


def t(key: str, lang: str = "zh", **values) -> str:
    template = MESSAGES[key].get(lang) or MESSAGES[key]["zh"]
    return template.format(**values) if values else template


def localized(obj, name: str, lang: str, fallback: bool = True):
    """A text field of a rubric object in the language: `title`, or `title_en` in English
    (the Chinese when there is none, unless `fallback` is off: then None)."""
    value = getattr(obj, name)
    if lang == "zh":
        return value
    return getattr(obj, f"{name}_en", None) or (value if fallback else None)
