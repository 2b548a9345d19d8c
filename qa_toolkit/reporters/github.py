"""GitHub Actions workflow commands: one annotation per finding and per input error."""

from __future__ import annotations

NAME = "github"

_LEVEL = {"info": "notice", "minor": "warning", "major": "error", "fatal": "error"}


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(report) -> str:
    return "".join(stream_call(report, r) for r in report.results) + stream_end(report)


def stream_call(report, result) -> str:
    out = []
    for f in result.findings:
        props = [f"file={_prop(result.source or result.call_id)}"]
        if f.line:
            props.append(f"line={f.line}")
        props.append(f"title={_prop(f'{f.rule_id} ({result.call_id})')}")
        text = f.message + (f" — {f.excerpt}" if f.excerpt else "")
        out.append(f"::{_LEVEL[f.severity.value]} {','.join(props)}::{_data(text)}")
    return "".join(line + "\n" for line in out)


def stream_end(report) -> str:
    out = []
    for error in report.errors:
        props = [f"file={_prop(error.path)}"]
        if error.line or error.row:
            props.append(f"line={error.line or error.row}")
        props.append("title=input-error")
        out.append(f"::error {','.join(props)}::{_data(error.reason)}")
    return "".join(line + "\n" for line in out)
