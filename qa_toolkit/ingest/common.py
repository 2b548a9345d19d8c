"""Helpers shared by the readers: role names, time stamps, pydantic error text."""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Optional

from pydantic import ValidationError

from ..models import Call, InputError, Role
from ..encoding import DecodeError, decode_text
from ..i18n import Msg, joined, os_reason, pydantic_reason, reason_of

ROLE_NAMES: dict[str, Role] = {
    "坐席": Role.agent,
    "座席": Role.agent,
    "客服": Role.agent,
    "客服代表": Role.agent,
    "客服员": Role.agent,
    "话务员": Role.agent,
    "agent": Role.agent,
    "a": Role.agent,
    "客户": Role.customer,
    "用户": Role.customer,
    "来电人": Role.customer,
    "customer": Role.customer,
    "caller": Role.customer,
    "b": Role.customer,
    "系统": Role.system,
    "system": Role.system,
}


# traditional-character spellings of the labels above
ROLE_NAMES.update(
    {"客服員": Role.agent, "話務員": Role.agent, "客戶": Role.customer,
     "用戶": Role.customer, "來電人": Role.customer, "系統": Role.system}
)


def parse_role(value: object) -> Role | None:
    if value is None:
        return None
    return ROLE_NAMES.get(str(value).strip().lower())


_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$")


def parse_seconds(value: object) -> float | None:
    """Seconds from a number, '12.5', 'mm:ss(.s)' or 'hh:mm:ss'. None for empty.

    Raises ValueError for anything else.
    """
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(Msg("in.negative_time", value=f"{value:g}"))
        return float(value)
    text = str(value).strip()
    if not text:
        return None
    match = _CLOCK.match(text)
    if match:
        hours, minutes, seconds = match.groups()
        return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    try:
        number = float(text)
    except ValueError:
        raise ValueError(Msg("in.not_seconds", value=text)) from None
    if number < 0:
        raise ValueError(Msg("in.negative_time", value=text))
    return number


def validation_reason(exc: ValidationError):
    """What the validator found, said in both languages: each problem with its field."""
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        reason = pydantic_reason(err)
        parts.append(Msg("in.field", field=loc, reason=reason) if loc else reason)
    return joined(parts)


_SHOWN = {"gb18030": "GB18030", "big5": "Big5"}
_WARNINGS: ContextVar[Optional[list]] = ContextVar("qa_toolkit_input_warnings", default=None)


@contextmanager
def collecting_warnings(into: list):
    """Input warnings (an input read, but with a doubt worth saying: an encoding chosen
    without evidence) made while the block runs are appended to `into`."""
    token = _WARNINGS.set(into)
    try:
        yield into
    finally:
        _WARNINGS.reset(token)


def warn(warning: InputError) -> None:
    found = _WARNINGS.get()
    if found is not None:
        found.append(warning)


def read_text(path: Path, encoding: str | None = None) -> str | InputError:
    """A text file's text: in `encoding` when given (--encoding), else as detected."""
    try:
        data = path.read_bytes()
        if encoding:
            try:
                text = data.decode(encoding).removeprefix("\ufeff")
            except UnicodeDecodeError as exc:
                raise DecodeError(Msg("in.not_in_encoding", encoding=encoding, byte=exc.start + 1)) from None
        else:
            text, chosen, doubtful = decode_text(data)
            if doubtful:
                warn(InputError(path=str(path), reason=Msg("in.ambiguous_encoding", encoding=_SHOWN[chosen])))
    except DecodeError as exc:
        return InputError(path=str(path), reason=Msg("in.cannot_decode", reason=reason_of(exc)))
    except OSError as exc:  # unreadable (permissions), vanished, a folder …
        return InputError(path=str(path), reason=Msg("in.cannot_read", reason=os_reason(exc)))
    return text


def make_call(data: dict, path: Path, **where) -> "Call | InputError":
    """The call a reader assembled, validated (the error names `where`: line, row, sheet)."""
    from ..models import CallSpec, call_from_spec

    try:
        spec = CallSpec.model_validate(data)
    except ValidationError as exc:
        return InputError(path=str(path), reason=validation_reason(exc), **where)
    return call_from_spec(spec)
