"""Canonical JSON Lines, streamed, with msgspec decoding straight into light structs.

`Call.model_validate` (pydantic) stays the definition of a valid call. msgspec is
stricter (no string-to-number coercion, RFC 3339 times only), so a line it accepts is one
pydantic accepts with the same values; a line it rejects goes through pydantic, which
either accepts it too (a lax form such as "start": "1.5") or gives the error message
the rest of the tool gives. The structs carry the same fields as `Call`/`Utterance`.
"""

from __future__ import annotations

import codecs
import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Iterator, Literal, Optional, Union

import msgspec

from ..models import Call, InputError, Role

Item = Union[Call, "FastCall", InputError]

SNIFF = 1 << 16


class FastUtterance(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    role: Role
    text: str
    start: Optional[Annotated[float, msgspec.Meta(ge=0)]] = None
    end: Optional[Annotated[float, msgspec.Meta(ge=0)]] = None
    line: Optional[Annotated[int, msgspec.Meta(ge=1)]] = None


class FastCall(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    call_id: Annotated[str, msgspec.Meta(min_length=1)]
    utterances: list[FastUtterance]
    agent_id: Optional[str] = None
    agent_name: Optional[str] = None
    channel: Literal["call", "chat"] = "call"
    direction: Literal["inbound", "outbound"] = "inbound"
    started_at: Optional[datetime] = None
    source: Optional[str] = None


_DECODER = msgspec.json.Decoder(FastCall)


def decode_line(line: bytes, path: Path, number: int) -> Item:
    """One JSON Lines record: a FastCall, or what the pydantic path makes of it."""
    try:
        call = _DECODER.decode(line)
    except (msgspec.ValidationError, msgspec.DecodeError):
        from .json_input import _to_call

        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else f"not UTF-8: {exc.reason}"
            return InputError(path=str(path), line=number, reason=f"invalid JSON: {reason}")
        return _to_call(obj, path, number)
    if not call.utterances:
        return InputError(path=str(path), line=number, reason="call has no utterances")
    call.source = str(path)
    return call


def is_utf8(path: Path) -> bool:
    """UTF-8 (with or without BOM) judged from the first 64 KiB."""
    with path.open("rb") as fh:
        head = fh.read(SNIFF)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def read_lines(path: Path, start: int = 0, end: Optional[int] = None, first_line: int = 1
               ) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) for the lines in [start, end) of a file; a BOM is skipped."""
    with path.open("rb") as fh:
        fh.seek(start)
        position, number = start, first_line
        for raw in fh:
            if end is not None and position >= end:
                break
            position += len(raw)
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            if raw.strip():
                yield number, raw
            number += 1


def stream_jsonl(path: Path, start: int = 0, end: Optional[int] = None, first_line: int = 1
                 ) -> Iterator[Item]:
    """Calls and errors of a JSON Lines file (or of one piece of it), in order."""
    seen = False
    for number, raw in read_lines(path, start, end, first_line):
        seen = True
        yield decode_line(raw, path, number)
    if not seen and start == 0 and end is None:
        yield InputError(path=str(path), reason="empty file")


def split_points(path: Path, chunk: int) -> list[tuple[int, int, int]]:
    """(start byte, end byte, first line number) pieces of about `chunk` bytes that begin
    and end on line boundaries."""
    size = path.stat().st_size
    if size <= chunk:
        return [(0, size, 1)]
    pieces, start, line = [], 0, 1
    with path.open("rb") as fh:
        while start < size:
            fh.seek(min(start + chunk, size))
            tail = fh.readline() if start + chunk < size else b""
            end = min(start + chunk, size) + len(tail)
            fh.seek(start)
            lines = 0
            remaining = end - start
            while remaining > 0:
                block = fh.read(min(remaining, 1 << 22))
                if not block:
                    break
                lines += block.count(b"\n")
                remaining -= len(block)
            pieces.append((start, end, line))
            line += lines
            start = end
    return pieces
