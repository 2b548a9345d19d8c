"""The scorecard as one JSON document: every table as a list of objects with English keys."""

from __future__ import annotations

import json
import textwrap
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


def _chunks(tables: list[Table]):
    """The document piece by piece, as `json.dumps(…, indent=2)` lays it out, a record at
    a time (a detail table of millions of rows is never one string)."""
    yield "{"
    for t_index, table in enumerate(tables):
        yield ("," if t_index else "") + f"\n  {json.dumps(table.key)}: ["
        first = True
        for record in table.records():
            text = json.dumps({k: _value(v) for k, v in record.items()}, ensure_ascii=False, indent=2)
            yield ("\n" if first else ",\n") + textwrap.indent(text, "    ")
            first = False
        yield "]" if first else "\n  ]"
    yield "\n}\n" if tables else "}\n"


def write(tables: list[Table], output: Path | None, lang: str, pass_line: float) -> str | None:
    """To a file, or to standard output without one (returns None then)."""
    if output is None:
        import click

        for chunk in _chunks(tables):
            click.echo(chunk, nl=False)
        return None
    with atomic_text(output) as handle:
        for chunk in _chunks(tables):
            handle.write(chunk)
    return str(output)


STDOUT = True  # without an output path, written to standard output
