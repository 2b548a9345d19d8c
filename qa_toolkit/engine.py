"""Compile a rubric once, then check calls: prepare → run each rule's check → score.

Checks only say where a rule fired (`Hit`); the engine stamps rule id, severity, points,
message and the location in the original text onto each `Finding`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .checks import REGISTRY
from .checks.base import Evidence, Hit
from .checks.pattern import PatternError
from .i18n import t
from .lexicon import Entry, LexiconError, load_lexicon
from .models import Call, CallResult, Finding, Met
from .prepare import PreparedCall, prepare_call
from .resources import lexicons_dir
from .rubric import LoadedRubric, Problem, RubricError, format_key
from .score import apply_caps, compute_score
from .segment import Segmenter

EXCERPT_CONTEXT = 12


@dataclass
class CompiledRubric:
    loaded: LoadedRubric
    segmenter: Segmenter
    checks: list[Any] = field(default_factory=list)

    @property
    def rubric(self):
        return self.loaded.rubric


def resolve_lexicon(ref: str, rubric_path: Path) -> Path:
    """A bare name is a shipped lexicon; anything with a suffix or slash is a path
    relative to the rubric file."""
    if "/" in ref or "\\" in ref or ref.endswith(".txt"):
        path = Path(ref)
        return path if path.is_absolute() else rubric_path.parent / path
    return lexicons_dir() / f"{ref}.txt"


def compile_rubric(loaded: LoadedRubric, segmenter: Segmenter | None = None) -> CompiledRubric:
    segmenter = segmenter or Segmenter()
    compiled = CompiledRubric(loaded=loaded, segmenter=segmenter)
    problems: list[Problem] = []
    cache: dict[Path, list[Entry]] = {}
    for r_index, rule in enumerate(loaded.rubric.rules):
        entries = [Entry(p, (), str(loaded.path), 0) for p in getattr(rule, "phrases", [])]
        for l_index, ref in enumerate(getattr(rule, "lexicons", [])):
            path = resolve_lexicon(ref, loaded.path)
            key = ("rules", r_index, "lexicons", l_index)
            if path not in cache:
                try:
                    cache[path] = load_lexicon(path).entries
                except LexiconError as exc:
                    reason = exc.reason if path.exists() else f"no such lexicon '{ref}' ({path})"
                    if exc.line:
                        reason = f"{exc.path}:{exc.line}: {reason}"
                    problems.append(Problem(str(loaded.path), loaded.line_of(*key), format_key(key), reason))
                    continue
            entries.extend(cache[path])
        try:
            compiled.checks.append(REGISTRY[rule.check].compile_check(rule, entries))
        except PatternError as exc:
            key = ("rules", r_index, "patterns", exc.index)
            problems.append(Problem(str(loaded.path), loaded.line_of(*key), format_key(key), exc.reason))
    if problems:
        raise RubricError(problems)
    words: set[str] = set()
    for check in compiled.checks:
        words |= check.user_words()
    segmenter.add_words(sorted(words))
    return compiled


def excerpt(text: str, start: int | None, end: int | None, width: int = EXCERPT_CONTEXT) -> str:
    """The original text around a hit, the hit marked 【…】."""
    if start is None or end is None:
        return text if len(text) <= 2 * width + 8 else text[: 2 * width + 8] + "…"
    left = max(0, start - width)
    right = min(len(text), end + width)
    return (
        ("…" if left > 0 else "")
        + text[left:start]
        + "【" + text[start:end] + "】"
        + text[end:right]
        + ("…" if right < len(text) else "")
    )


def _applies(rule, call: Call) -> bool:
    if rule.channels and call.channel not in rule.channels:
        return False
    if rule.directions and call.direction not in rule.directions:
        return False
    return True


def _example_phrase(check) -> str:
    matcher = getattr(check, "matcher", None)
    phrases = getattr(matcher, "phrases", None)
    return phrases[0].text if phrases else ""


def _message(rule, check, hit: Hit, lang: str) -> str:
    title = rule.title if lang == "zh" else (rule.title_en or rule.title)
    custom = rule.message if lang == "zh" else (rule.message_en or None)
    window = rule.window.describe(lang) if rule.window else t("whole_call", lang)
    values = dict(title=title, matched=hit.matched, window=window, example=_example_phrase(check))
    if custom:
        return custom.format(**values)
    key = f"{rule.check}.{'missing' if hit.missing else 'hit'}"
    return t(key, lang, **values)


def make_finding(rule, check, hit: Hit, prepared: PreparedCall, lang: str) -> Finding:
    call = prepared.call
    utt = prepared.utterances[hit.utterance] if hit.utterance is not None else None
    span = None
    if utt is not None and hit.start is not None and hit.end is not None:
        span = utt.norm.original_span(hit.start, hit.end)
        hit = replace(hit, matched=utt.utterance.text[span[0]:span[1]])
    finding = Finding(
        rule_id=rule.id,
        check=rule.check,
        severity=rule.severity,
        points=rule.points,
        deducted=rule.points,
        message=_message(rule, check, hit, lang),
        call_id=call.call_id,
        agent_id=call.agent_id,
        utterance_index=hit.utterance,
        matched=hit.matched,
        fuzzy=hit.fuzzy,
    )
    if utt is not None:
        finding.role = utt.utterance.role
        finding.start = utt.utterance.start
        finding.line = utt.utterance.line
        finding.span = span
        finding.excerpt = excerpt(utt.utterance.text, *(span or (None, None)))
    return finding


def check_call(call: Call, compiled: CompiledRubric, lang: str = "zh") -> CallResult:
    prepared = prepare_call(call, compiled.segmenter)
    rubric = compiled.rubric
    findings: list[Finding] = []
    met: list[Met] = []
    for rule, check in zip(rubric.rules, compiled.checks):
        if not _applies(rule, call):
            continue
        evidence: list[Evidence] = []
        for hit in check.run(prepared, evidence):
            findings.append(make_finding(rule, check, hit, prepared, lang))
        for ev in evidence:
            utt = prepared.utterances[ev.utterance]
            start, end = utt.norm.original_span(ev.start, ev.end)
            met.append(
                Met(
                    rule_id=rule.id,
                    utterance_index=ev.utterance,
                    span=(start, end),
                    matched=utt.utterance.text[start:end],
                    phrase=ev.phrase,
                    fuzzy=ev.fuzzy,
                )
            )
    order = {rule.id: i for i, rule in enumerate(rubric.rules)}
    findings.sort(
        key=lambda f: (
            f.utterance_index if f.utterance_index is not None else -1,
            f.span[0] if f.span else -1,
            order[f.rule_id],
        )
    )
    caps = {rule.id: rule.cap for rule in rubric.rules}
    apply_caps(findings, caps)
    score, fatal, arithmetic = compute_score(rubric.base_score, findings, caps)
    return CallResult(
        call_id=call.call_id,
        agent_id=call.agent_id,
        agent_name=call.agent_name,
        channel=call.channel,
        source=call.source,
        base_score=rubric.base_score,
        score=score,
        pass_line=rubric.pass_line,
        passed=(not fatal) and score >= rubric.pass_line,
        fatal=fatal,
        arithmetic=arithmetic,
        findings=findings,
        met=met,
    )
