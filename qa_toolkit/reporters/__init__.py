"""Report formats: one module per format, each with NAME and render(report) -> str.

A format that can write call by call also has `stream_call(options, result) -> str` and
`stream_end(report) -> str`: its sink then has each call rendered as it is checked (in
the worker process) and keeps only the counts, so a batch of any size runs in constant
memory. `HUMAN = True` marks a format that lists input errors itself for a person to
read. The command line picks a format from `REGISTRY` and never branches on it: every
format is written through a `ReportSink`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Optional

import msgspec

from .. import __version__
from ..models import CallResult, InputError, Severity
from ..privacy import mask_error, mask_result
from ..rubric import Rubric
from ..score import call_failed


@dataclass(frozen=True)
class ReportOptions:
    """What rendering a call needs (picklable: sent to worker processes)."""

    lang: str = "zh"
    fail_on: Optional[Severity] = None
    mask: bool = True

    def call_failed(self, result: CallResult) -> bool:
        return call_failed(result, self.fail_on)


def verdict(result: CallResult, fail_on: Optional[Severity]) -> CallResult:
    """The call as a report shows it: with `--fail-on`, a call that fails by it is shown
    as not passed, so every format gives one verdict per call and it agrees with the
    exit status."""
    if result.passed and call_failed(result, fail_on):
        return msgspec.structs.replace(result, passed=False)
    return result


def _shown(result: CallResult, fail_on: Optional[Severity], mask: bool) -> CallResult:
    result = verdict(result, fail_on)
    return mask_result(result) if mask else result


def _stream_masked(name: str, options: ReportOptions, result: CallResult) -> str:
    """A streaming format's call, its transcript text masked first (in the worker)."""
    return REGISTRY[name].stream_call(options, _shown(result, options.fail_on, options.mask))


@dataclass
class Report:
    rubric: Rubric
    results: list[CallResult] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[InputError] = field(default_factory=list)  # inputs read with a doubt (not errors)
    lang: str = "zh"
    fail_on: Optional[Severity] = None
    version: str = __version__
    calls: int = 0
    failed: int = 0
    findings: int = 0
    mask: bool = True  # card, ID and phone numbers masked in everything the report shows

    def call_failed(self, result: CallResult) -> bool:
        return call_failed(result, self.fail_on)

    def summary(self) -> dict:
        return {
            "calls": self.calls,
            "passed": self.calls - self.failed,
            "failed": self.failed,
            "findings": self.findings,
            "errors": len(self.errors),
        }


from . import github, json_, jsonl, junit, sarif, text  # noqa: E402

REGISTRY = {module.NAME: module for module in (text, json_, jsonl, junit, github, sarif)}


class ReportSink:
    """Writes a report in one format as the pieces of a run come in (`write` takes text).

    A streaming format has each call rendered in the worker (`render`) and writes it at
    once; any other keeps the results and renders the whole report at `close`."""

    def __init__(self, name: str, write: Callable[[str], None], report: Report):
        self.module = REGISTRY[name]
        self.write = write
        self.report = report
        self.streams = hasattr(self.module, "stream_call")
        options = ReportOptions(report.lang, report.fail_on, report.mask)
        self.render = partial(_stream_masked, name, options) if self.streams else None
        self.keeps_results = not self.streams
        self.lists_errors = getattr(self.module, "HUMAN", False)

    def piece(self, piece) -> None:
        report = self.report
        report.errors.extend(map(mask_error, piece.errors) if report.mask else piece.errors)
        report.warnings.extend(piece.warnings)
        report.calls += piece.calls
        report.failed += piece.failed
        report.findings += piece.findings
        if self.streams:
            if piece.text:
                self.write(piece.text)
        else:
            report.results.extend(_shown(r, report.fail_on, report.mask) for r in piece.results)

    def close(self) -> None:
        text = self.module.stream_end(self.report) if self.streams else self.module.render(self.report)
        if text:
            self.write(text)
