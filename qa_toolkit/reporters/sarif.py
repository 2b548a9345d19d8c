"""SARIF 2.1.0: rules from the rubric, one result per finding, input errors as notifications."""

from __future__ import annotations

import json

from ..i18n import localized

NAME = "sarif"
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"info": "note", "minor": "warning", "major": "error", "fatal": "error"}



def uri(path: str) -> str:
    """A file path as a SARIF artifact URI: relative, '/'-separated and percent-encoded
    (spaces, Chinese characters); a file name that is not UTF-8 keeps its bytes encoded."""
    from pathlib import PurePath
    from urllib.parse import quote

    pure = PurePath(path)
    raw = pure.as_posix().encode("utf-8", "surrogateescape")
    encoded = quote(raw, safe="/@!$&'()*+,;=-._~")
    return "file://" + encoded if pure.is_absolute() else encoded

def _rule(rule, lang: str) -> dict:
    description = localized(rule, "description", lang)
    return {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": localized(rule, "title", lang)},
        "fullDescription": {"text": description},
        "help": {"text": f"{description}\n{rule.source}"},
        "defaultConfiguration": {"level": _LEVEL[rule.severity.value]},
        "properties": {
            "check": rule.check,
            "severity": rule.severity.value,
            "points": rule.points,
            "source": str(rule.source),
        },
    }


def render(report) -> str:
    index = {rule.id: i for i, rule in enumerate(report.rubric.rules)}
    results = []
    for result in report.results:
        for f in result.findings:
            region: dict = {}
            if f.line:
                region["startLine"] = f.line
            if f.excerpt:
                region["snippet"] = {"text": f.excerpt}
            location = {"physicalLocation": {"artifactLocation": {"uri": uri(result.source or result.call_id)}}}
            if region:
                location["physicalLocation"]["region"] = region
            results.append(
                {
                    "ruleId": f.rule_id,
                    "ruleIndex": index[f.rule_id],
                    "level": _LEVEL[f.severity.value],
                    "message": {"text": f.message},
                    "locations": [location],
                    "properties": {
                        "callId": f.call_id,
                        "agentId": f.agent_id,
                        "utteranceIndex": f.utterance_index,
                        "span": list(f.span) if f.span else None,
                        "matched": f.matched,
                        "fuzzy": f.fuzzy,
                        "points": f.points,
                        "deducted": f.deducted,
                    },
                }
            )
    notifications = [
        {
            "level": "error",
            "message": {"text": e.said(report.lang)},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(e.path)},
                           **({"region": {"startLine": e.line or e.row}} if (e.line or e.row) else {})}}],
        }
        for e in report.errors
    ] + [
        {"level": "warning", "message": {"text": w.said(report.lang)},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(w.path)}}}]}
        for w in report.warnings
    ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "qa-toolkit",
                        "version": report.version,
                        "rules": [_rule(rule, report.lang) for rule in report.rubric.rules],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not report.errors,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": results,
                "properties": {"rubric": report.rubric.name, "rubricVersion": report.rubric.version},
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
