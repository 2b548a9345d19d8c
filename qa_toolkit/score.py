"""Scoring arithmetic: base score minus points per hit, capped per rule; fatal → 0.

The arithmetic is returned as text so a supervisor can recompute any score, with each
rule named by its title in the report's language, e.g. `100 − 服务忌语 1×2 − 脏话 min(5×3, 10)
= 88`.
"""

from __future__ import annotations

from collections import OrderedDict

from .i18n import t
from .models import Finding, Severity


def _fmt(value: float) -> str:
    return f"{value:g}"


def apply_caps(findings: list[Finding], caps: dict[str, float | None]) -> None:
    """Fill each finding's `deducted`, in order, until its rule's cap is used up."""
    used: dict[str, float] = {}
    for finding in findings:
        cap = caps.get(finding.rule_id)
        already = used.get(finding.rule_id, 0.0)
        deducted = finding.points if cap is None else max(0.0, min(finding.points, cap - already))
        used[finding.rule_id] = already + deducted
        finding.deducted = deducted


def compute_score(
    base: float, findings: list[Finding], caps: dict[str, float | None],
    titles: dict[str, str] | None = None, lang: str = "zh",
) -> tuple[float, bool, str]:
    """Return (score, fatal, arithmetic); `titles` name the rules (by id when absent)."""
    titles = titles or {}
    groups: "OrderedDict[str, list[Finding]]" = OrderedDict()
    for finding in findings:
        groups.setdefault(finding.rule_id, []).append(finding)
    terms = []
    total = 0.0
    for rule_id, hits in groups.items():
        points = hits[0].points
        raw = points * len(hits)
        deducted = sum(h.deducted for h in hits)
        total += deducted
        if deducted == 0:
            continue
        product = _fmt(points) if len(hits) == 1 else f"{_fmt(points)}×{len(hits)}"
        if caps.get(rule_id) is not None and raw > deducted:
            product = f"min({product}, {_fmt(caps[rule_id])})"
        terms.append(f"− {titles.get(rule_id, rule_id)} {product}")
    score = max(0.0, base - total)
    arithmetic = " ".join([_fmt(base), *terms, "=", _fmt(score)])
    if base - total < 0:
        arithmetic += t("score.floor", lang)
    fatal = [titles.get(f.rule_id, f.rule_id) for f in findings if f.severity == Severity.fatal]
    if fatal:
        score = 0.0
        arithmetic += t("score.fatal", lang, rules=t("sep.list", lang).join(dict.fromkeys(fatal)))
    return score, bool(fatal), arithmetic


def call_failed(result, fail_on: Severity | None = None) -> bool:
    """A call fails when it did not pass, or (with `--fail-on`) when it has a finding of
    that severity or higher."""
    if not result.passed:
        return True
    if fail_on is None:
        return False
    return any(f.severity.rank >= fail_on.rank for f in result.findings)
