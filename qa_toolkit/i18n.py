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
    "regex.hit": {"zh": "{title}：「{matched}」", "en": "{title}: “{matched}”"},
    "regex.missing": {"zh": "{window}未出现{title}", "en": "no {title} in the {window}"},
    "answer-time.seconds": {
        "zh": "接听超时（等待{wait}秒，应在{limit}秒内），首句未致歉",
        "en": "answered after {wait} s (limit {limit} s) without an apology",
    },
    "answer-time.rings": {
        "zh": "接听超时（振铃{rings}声，应在{limit}声内），首句未致歉",
        "en": "answered after {rings} rings (limit {limit}) without an apology",
    },
    "unverified": {"zh": "（无录音，无法核实）", "en": " (no transcript to verify)"},
    "hangup-order.missing": {"zh": "坐席先于客户挂机", "en": "the agent hung up before the customer"},
    "rating-transfer.missing": {
        "zh": "未将客户转入满意度评价", "en": "not transferred to the satisfaction rating",
    },
    "hold-protocol.ask": {
        "zh": "保持{seconds}秒前未征得客户同意（如「请您稍等」）",
        "en": "{seconds} s hold without asking first (e.g. “请您稍等”)",
    },
    "hold-protocol.return": {
        "zh": "保持{seconds}秒后未致歉致谢（如「让您久等了」）",
        "en": "no apology or thanks after a {seconds} s hold (e.g. “让您久等了”)",
    },
    "hold-protocol.ask_count": {
        "zh": "话单记录保持{holds}次，征询客户仅{found}次",
        "en": "the log records {holds} holds but the agent asked {found} times",
    },
    "hold-protocol.return_count": {
        "zh": "话单记录保持{holds}次，回线致歉致谢仅{found}次",
        "en": "the log records {holds} holds but the agent thanked {found} times on return",
    },
    "duration.missing": {
        "zh": "通话时长{seconds}秒，超过{limit}秒", "en": "talk time {seconds} s, over {limit} s",
    },
    "speech-rate.fast": {
        "zh": "语速过快：每分钟{cpm}字（标准{low}–{high}字）",
        "en": "speaking too fast: {cpm} characters a minute (standard {low}–{high})",
    },
    "speech-rate.slow": {
        "zh": "语速过慢：每分钟{cpm}字（标准{low}–{high}字）",
        "en": "speaking too slowly: {cpm} characters a minute (standard {low}–{high})",
    },
    "silence.missing": {
        "zh": "静音{seconds}秒，超过{limit}秒", "en": "{seconds} s of silence, over {limit} s",
    },
    "overtalk.missing": {
        "zh": "抢话：客户未说完即插话（重叠{ms}毫秒）",
        "en": "interrupted the customer ({ms} ms overlap)",
    },
    "response-time.missing": {
        "zh": "回复客户用时{seconds}秒，超过{limit}秒",
        "en": "answered the customer after {seconds} s, over {limit} s",
    },
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
    "severity.info": {"zh": "提示", "en": "info"},
    "severity.minor": {"zh": "轻微", "en": "minor"},
    "severity.major": {"zh": "严重", "en": "major"},
    "severity.fatal": {"zh": "致命", "en": "fatal"},
}


def t(key: str, lang: str = "zh", **values) -> str:
    template = MESSAGES[key].get(lang) or MESSAGES[key]["zh"]
    return template.format(**values) if values else template
