"""Report formats: one module per format, each with NAME and render(report) -> str.

The CLI looks a format up here and never branches on it.
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
    version: str = __version__

    def call_failed(self, result: CallResult) -> bool:
        if not result.passed:
            return True
        if self.fail_on is None:
            return False
        return any(f.severity.rank >= self.fail_on.rank for f in result.findings)

    @property
    def failed_calls(self) -> int:
        return sum(1 for r in self.results if self.call_failed(r))

    def summary(self) -> dict:
        return {
            "calls": len(self.results),
            "passed": len(self.results) - self.failed_calls,
            "failed": self.failed_calls,
            "findings": sum(len(r.findings) for r in self.results),
            "errors": len(self.errors),
        }


from . import github, json_, jsonl, junit, sarif, text  # noqa: E402

REGISTRY = {module.NAME: module for module in (text, json_, jsonl, junit, github, sarif)}
