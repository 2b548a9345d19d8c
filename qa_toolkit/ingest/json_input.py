"""Canonical JSON: one call per .json file (or a list of calls), one call per .jsonl line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator, Union

from pydantic import ValidationError

from ..models import Call, InputError
from .common import read_text, validation_reason

Item = Union[Call, InputError]


def _to_call(obj: object, path: Path, line: int | None) -> Item:
    if not isinstance(obj, dict):
        return InputError(path=str(path), line=line, reason="expected a JSON object for a call")
    try:
        call = Call.model_validate({**obj, "source": str(path)})
    except ValidationError as exc:
        return InputError(path=str(path), line=line, reason=validation_reason(exc))
    if not call.utterances:
        return InputError(path=str(path), line=line, reason="call has no utterances")
    return call


def read_json(path: Path) -> Iterator[Item]:
    text = read_text(path)
    if isinstance(text, InputError):
        yield text
        return
    if not text.strip():
        yield InputError(path=str(path), reason="empty file")
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(path=str(path), line=exc.lineno, reason=f"invalid JSON: {exc.msg}")
        return
    for obj in data if isinstance(data, list) else [data]:
        yield _to_call(obj, path, None)


def read_jsonl(path: Path) -> Iterator[Item]:
    text = read_text(path)
    if isinstance(text, InputError):
        yield text
        return
    seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        seen = True
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(path=str(path), line=number, reason=f"invalid JSON: {exc.msg}")
            continue
        yield _to_call(obj, path, number)
    if not seen:
        yield InputError(path=str(path), reason="empty file")
