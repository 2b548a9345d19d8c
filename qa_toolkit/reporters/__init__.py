"""Report formats: one module per format, each with NAME and render(report) -> str.

A format that can write call by call also has `stream_call(report, result) -> str` and
`stream_end(report) -> str`: the CLI then writes each result as it is checked and keeps
only the counts, so a batch of any size runs in constant memory. The CLI looks a format
up here and never branches on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .. import __version__
from ..models import CallResult, InputError, Severity
from ..rubric import Rubric


@dataclass
class Report:
    rubric: Rubric
    results: list[CallResult] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    lang: str = "zh"
    fail_on: Optional[Severity] = None
    format: str = "text"
    version: str = __version__
    calls: int = 0
    failed: int = 0
    findings: int = 0

    def call_failed(self, result: CallResult) -> bool:
        if not result.passed:
            return True
        if self.fail_on is None:
            return False
        return any(f.severity.rank >= self.fail_on.rank for f in result.findings)

    @property
    def failed_calls(self) -> int:
        return self.failed

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
