"""JSON Lines: one call result per line (input errors go to standard error)."""

from __future__ import annotations

import json

NAME = "jsonl"


def render(report) -> str:
    return "".join(
        json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n" for r in report.results
    )
