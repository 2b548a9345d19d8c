"""The scorecard as one JSON document: every table as a list of objects with English keys."""

from __future__ import annotations

import json
from datetime import datetime

from .tables import Table


def _value(value):
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def render_json(tables: list[Table]) -> str:
    document = {
        table.key: [{k: _value(v) for k, v in record.items()} for record in table.records()]
        for table in tables
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
