"""Plain-text transcripts: one utterance a line, `坐席：…` / `客户：…`.

    # call_id: C0001          optional header lines (call_id, agent_id, agent_name,
    # agent_id: 1024           channel, direction, started_at); other `#` lines are comments
    [00:03] 坐席：您好，1024号很高兴为您服务。
    [00:07.5-00:11.0] 客户：我的卡被锁了。

A line without a speaker label continues the previous utterance (ASR splits sentences
oddly). A label that is not a known role is an error for the whole file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator, Union

from pydantic import ValidationError

from ..i18n import Msg, reason_of
from ..models import Call, CallSpec, InputError, Role, call_from_spec
from .common import parse_role, parse_seconds, validation_reason

Item = Union[Call, InputError]

_HEADER = re.compile(r"^#\s*([A-Za-z_]+)\s*[:：]\s*(.*?)\s*$")
_HEADER_KEYS = {"call_id", "agent_id", "agent_name", "channel", "direction", "started_at"}
_TIME = re.compile(
    r"^\[\s*(?P<start>[\d:.]+)\s*(?:[-–~]\s*(?P<end>[\d:.]+)\s*)?\]\s*"
)
_LABEL = re.compile(r"^(?P<label>[^\s:：\[\]]{1,12})\s*[:：]\s*(?P<text>.*)$")


class TextParseError(ValueError):
    def __init__(self, line: int, reason: str):
        super().__init__(reason)
        self.line = line
        self.reason = reason


def parse_transcript(
    text: str, call_id: str, *, default_role: Role | None = None, source: str | None = None
) -> Call:
    """Parse transcript text into a Call; raise TextParseError or ValidationError."""
    meta: dict[str, str] = {"call_id": call_id}
    utterances: list[dict] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line:
            continue
        if line.startswith("#"):
            header = _HEADER.match(line)
            if header and header.group(1).lower() in _HEADER_KEYS and header.group(2):
                meta[header.group(1).lower()] = header.group(2)
            continue
        start = end = None
        time_match = _TIME.match(line)
        if time_match:
            try:
                start = parse_seconds(time_match.group("start"))
                end = parse_seconds(time_match.group("end"))
            except ValueError as exc:
                raise TextParseError(number, Msg("in.bad_stamp", reason=reason_of(exc))) from exc
            line = line[time_match.end():]
        label = _LABEL.match(line)
        role = parse_role(label.group("label")) if label else None
        if label and role is None and default_role is None:
            raise TextParseError(number, Msg("in.unknown_speaker", label=label.group("label")))
        if role is not None:
            utterances.append(
                {"role": role, "text": label.group("text"), "start": start, "end": end, "line": number}
            )
        elif default_role is not None:
            utterances.append(
                {"role": default_role, "text": line, "start": start, "end": end, "line": number}
            )
        elif utterances and start is None:
            utterances[-1]["text"] += line
        else:
            raise TextParseError(number, Msg("in.no_label"))
    if not utterances:
        raise TextParseError(1, Msg("in.no_utterances"))
    return call_from_spec(CallSpec.model_validate({**meta, "utterances": utterances, "source": source}))


def read_transcript_text(text: str, path: Path) -> Iterator[Item]:
    """A decoded plain-text transcript file: one call, named after the file."""
    if not text.strip():
        yield InputError(path=str(path), reason=Msg("in.empty_file"))
        return
    try:
        yield parse_transcript(text, path.stem, source=str(path))
    except TextParseError as exc:
        yield InputError(path=str(path), line=exc.line, reason=exc.reason)
    except ValidationError as exc:
        yield InputError(path=str(path), reason=validation_reason(exc))
