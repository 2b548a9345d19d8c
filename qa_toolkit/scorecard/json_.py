"""The scorecard as one JSON document: every table as a list of objects with English keys."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from ..output import atomic_text
from .tables import Table

NAME = "json"
SUFFIX = ".json"


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


def write(tables: list[Table], output: Path | None, lang: str, pass_line: float) -> str | None:
    """To a file, or to standard output without one (returns None then)."""
    text = render_json(tables)
    if output is None:
        import click

        click.echo(text, nl=False)
        return None
    with atomic_text(output) as handle:
        handle.write(text)
    return str(output)


STDOUT = True  # without an output path, written to standard output
