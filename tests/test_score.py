"""Scoring arithmetic: points per hit, caps, floor at zero, fatal findings."""

from __future__ import annotations

from qa_toolkit.models import Finding, Severity
from qa_toolkit.score import apply_caps, compute_score


def _f(rule, points, severity=Severity.minor):
    return Finding(rule_id=rule, check="forbid", severity=severity, points=points, deducted=points,
                   message="", call_id="c")


def test_points_per_hit_and_cap():
    findings = [_f("forbidden-phrase", 1), _f("profanity", 5), _f("profanity", 5), _f("profanity", 5), _f("forbidden-phrase", 1)]
    caps = {"forbidden-phrase": None, "profanity": 12}
    apply_caps(findings, caps)
    assert [f.deducted for f in findings] == [1, 5, 5, 2, 1]
    score, fatal, arithmetic = compute_score(100, findings, caps)
    assert (score, fatal) == (86, False)
    assert arithmetic == "100 − forbidden-phrase 1×2 − profanity min(5×3, 12) = 86"
    titles = {"forbidden-phrase": "服务忌语", "profanity": "脏话"}
    assert compute_score(100, findings, caps, titles)[2] == "100 − 服务忌语 1×2 − 脏话 min(5×3, 12) = 86"


def test_floor_and_fatal():
    findings = [_f("a", 60), _f("b", 60)]
    apply_caps(findings, {})
    assert compute_score(100, findings, {}, lang="en") == (0, False, "100 − a 60 − b 60 = 0 (floor 0)")
    assert compute_score(100, findings, {}) == (0, False, "100 − a 60 − b 60 = 0（不低于0）")
    fatal = [_f("profanity", 0, Severity.fatal)]
    apply_caps(fatal, {})
    assert compute_score(100, fatal, {}, lang="en") == (0, True, "100 = 100; fatal profanity → 0")
    assert compute_score(100, fatal, {}, {"profanity": "脏话"}) == (0, True, "100 = 100；致命项 脏话 → 0")
