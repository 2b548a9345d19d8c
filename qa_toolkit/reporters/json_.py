"""One JSON document: rubric, summary, calls with findings, input errors."""

from __future__ import annotations

import json

from ..models import result_dict

NAME = "json"


def document(report) -> dict:
    return {
        "tool": {"name": "qa-toolkit", "version": report.version},
        "rubric": {
            "name": report.rubric.name,
            "version": report.rubric.version,
            "title": report.rubric.title,
        },
        "summary": report.summary(),
        "calls": [result_dict(r) for r in report.results],
        "errors": [e.as_json(report.lang) for e in report.errors],
        "warnings": [w.as_json(report.lang) for w in report.warnings],
    }


def render(report) -> str:
    return json.dumps(document(report), ensure_ascii=False, indent=2) + "\n"
