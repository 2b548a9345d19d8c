"""User-facing strings: Chinese by default, English with --lang en."""

from __future__ import annotations

LANGS = ("zh", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "require.missing": {
        "zh": "{window}未出现{title}（如「{example}」）",
        "en": "no {title} phrase in the {window} (e.g. “{example}”)",
    },
    "forbid.hit": {"zh": "{title}：「{matched}」", "en": "{title}: “{matched}”"},
    "pattern.hit": {"zh": "{title}：「{matched}」", "en": "{title}: “{matched}”"},
    "pattern.missing": {"zh": "{window}未出现{title}", "en": "no {title} in the {window}"},
    "whole_call": {"zh": "通话中", "en": "whole call"},
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
    "severity.minor": {"zh": "轻微", "en": "minor"},
    "severity.major": {"zh": "严重", "en": "major"},
    "severity.fatal": {"zh": "致命", "en": "fatal"},
}


def t(key: str, lang: str = "zh", **values) -> str:
    template = MESSAGES[key].get(lang) or MESSAGES[key]["zh"]
    return template.format(**values) if values else template
