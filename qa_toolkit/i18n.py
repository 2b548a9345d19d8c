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
