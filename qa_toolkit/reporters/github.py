"""GitHub Actions workflow commands: one annotation per finding and per input error, and
one verdict per call (its score against the pass line: an error when it fails, a notice
when it passes)."""

from __future__ import annotations

from ..i18n import t
from ..privacy import visible_controls

NAME = "github"

_LEVEL = {"info": "notice", "minor": "warning", "major": "error", "fatal": "error"}


def _data(value: str) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return visible_controls(value)  # a CI log is a terminal too


def _prop(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(report) -> str:
    return "".join(stream_call(report, r) for r in report.results) + stream_end(report)


def stream_call(report, result) -> str:
    out = []
    failed = report.call_failed(result)
    where = f"file={_prop(result.source or result.call_id)}"
    verdict = t("github.verdict", report.lang, call=result.call_id, score=f"{result.score:g}",
                base=f"{result.base_score:g}", pass_line=f"{result.pass_line:g}",
                verdict=t("failed" if failed else "passed", report.lang))
    out.append(f"::{'error' if failed else 'notice'} {where},title={_prop(result.call_id)}::{_data(verdict)}")
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
        out.append(f"::error {','.join(props)}::{_data(error.said(report.lang))}")
    for warning in report.warnings:
        out.append(f"::warning file={_prop(warning.path)},title=input-warning::{_data(warning.said(report.lang))}")
    return "".join(line + "\n" for line in out)
