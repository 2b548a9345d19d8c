"""Canonical JSON: one call per `.json` file (or a list of calls), one call per line of a
JSON Lines file.

JSON Lines are streamed and decoded with msgspec straight into `Call`. msgspec is stricter
than the pydantic validator (no string-to-number coercion, RFC 3339 times only), so a
line it accepts is one the validator accepts with the same values; a line it rejects goes
through the validator, which either accepts it too (a lax form such as "start": "1.5") or
gives the error message the rest of the tool gives. A `.json` file that holds JSON Lines,
and a `.jsonl` file that holds one JSON document, are read for what they hold.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Iterator, Optional, Union

import msgspec

from ..models import Call, InputError
from ..i18n import Msg, read_reason
from .common import make_call

Item = Union[Call, InputError]

SNIFF = 1 << 16
_DECODER = msgspec.json.Decoder(Call)


def call_from_object(obj: object, path: Path, line: int | None) -> Item:
    if not isinstance(obj, dict):
        return InputError(path=str(path), line=line, reason=Msg("in.not_an_object"))
    try:  # a \ud800 escape decodes to half a character, which no output can write
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        return InputError(path=str(path), line=line,
                          reason=Msg("in.bad_json", reason=Msg("in.json_surrogate", code=ascii(exc.object[exc.start]))))
    call = make_call({**obj, "source": str(path)}, path, line=line)
    if isinstance(call, Call) and not call.utterances:
        return InputError(path=str(path), line=line, reason=Msg("in.no_utterances"))
    return call


def decode_line(line: bytes | str, path: Path, number: int) -> Item:
    """One JSON Lines record: decoded by msgspec, or what the validator makes of it."""
    try:
        call = _DECODER.decode(line)
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
        try:
            obj = json.loads(line)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            return InputError(path=str(path), line=number, reason=Msg("in.bad_json", reason=json_reason(exc)))
        return _on_line(call_from_object(obj, path, number), number)
    if not call.utterances:
        return InputError(path=str(path), line=number, reason=Msg("in.no_utterances"))
    call.source = str(path)
    return _on_line(call, number)


def _on_line(item: Item, number: int) -> Item:
    """A JSON Lines call's turns sit on its line: each turn without a line of its own gets
    it, so findings (and CI annotations) point at the record."""
    if isinstance(item, Call):
        for utterance in item.utterances:
            if utterance.line is None:
                utterance.line = number
    return item


_JSON_SAYS = {  # the json module's messages, by how they begin
    "Expecting value": "json_expecting_value", "Expecting ',' delimiter": "json_expecting_comma",
    "Expecting ':' delimiter": "json_expecting_colon",
    "Expecting property name enclosed in double quotes": "json_expecting_name",
    "Unterminated string": "json_unterminated", "Extra data": "json_extra",
    "Invalid control character": "json_control", "Invalid \\escape": "json_escape",
}


def json_reason(exc: BaseException):
    """What is wrong with a JSON text, said without a traceback."""
    if isinstance(exc, json.JSONDecodeError):
        key = next((k for start, k in _JSON_SAYS.items() if exc.msg.startswith(start)), None)
        return Msg(f"in.{key}") if key else Msg("in.json_other", detail=exc.msg)
    if isinstance(exc, UnicodeDecodeError):
        return read_reason(exc)
    if isinstance(exc, RecursionError):
        return Msg("in.json_nested")
    if isinstance(exc, ValueError) and "digits" in str(exc):
        return Msg("in.json_number")  # an integer of thousands of digits
    return str(exc).split(";")[0]


def _document(text: str, path: Path) -> Iterator[Item]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        line = exc.lineno if isinstance(exc, json.JSONDecodeError) else None
        yield InputError(path=str(path), line=line, reason=Msg("in.bad_json", reason=json_reason(exc)))
        return
    if isinstance(data, list):  # a list of calls: each named by its place
        for index, obj in enumerate(data, start=1):
            item = call_from_object(obj, path, None)
            if isinstance(item, InputError):
                item.reason = Msg("in.in_list", index=index, reason=item.reason)
            yield item
    else:
        yield call_from_object(data, path, None)


def _split(text: str) -> list[str]:
    """The lines of a JSON Lines text: split at line feeds only (str.splitlines would also
    split at U+2028 and U+0085, which JSON allows inside a string)."""
    return [line.rstrip("\r") for line in text.split("\n")]


def _lines(text: str, path: Path) -> Iterator[Item]:
    seen = False
    for number, line in enumerate(_split(text), start=1):
        if line.strip():
            seen = True
            yield decode_line(line, path, number)
    if not seen:
        yield InputError(path=str(path), reason=Msg("in.empty_file"))


def _holds_lines(text: str) -> bool:
    """More than one line, each a JSON value of its own."""
    lines = [line for line in _split(text) if line.strip()]
    if len(lines) < 2:
        return False
    try:
        for line in lines[:2]:
            json.loads(line)
    except (ValueError, RecursionError):
        return False
    return True


def read_json_text(text: str, path: Path, lines_expected: bool) -> Iterator[Item]:
    """A decoded JSON or JSON Lines text, by what it holds (`lines_expected`: the name
    says JSON Lines)."""
    if not text.strip():
        yield InputError(path=str(path), reason=Msg("in.empty_file"))
        return
    if lines_expected:
        first = next(line for line in _split(text) if line.strip())
        try:
            json.loads(first)
            lines = True
        except (ValueError, RecursionError):
            lines = False  # one document over several lines?
            try:
                json.loads(text)
            except (ValueError, RecursionError):
                lines = True  # neither: report line by line
    else:
        lines = _holds_lines(text)
    yield from (_lines(text, path) if lines else _document(text, path))


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
    """Calls and errors of a UTF-8 JSON Lines file (or of one piece of it), in order."""
    seen = False
    for number, raw in read_lines(path, start, end, first_line):
        seen = True
        yield decode_line(raw, path, number)
    if not seen and start == 0 and end is None:
        yield InputError(path=str(path), reason=Msg("in.empty_file"))


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
