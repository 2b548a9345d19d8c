"""JSON Lines: one call result per line, written as each call is checked (input errors go
to standard error)."""

from __future__ import annotations

from ..models import result_json

NAME = "jsonl"


def stream_call(report, result) -> str:
    return result_json(result) + "\n"


def stream_end(report) -> str:
    return ""


def render(report) -> str:
    return "".join(stream_call(report, r) for r in report.results)
