"""Compile a rubric once, then check calls: prepare → run each rule's check → score.

Checks only say where a rule fired (`Hit`); the engine stamps rule id, severity, points,
message and the location in the original text onto each `Finding`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from .checks import REGISTRY
from .checks.base import Evidence, Hit, PhraseMatcher
from .checks.pattern import PatternError
from .i18n import t
from .lexicon import Entry, LexiconError, load_lexicon
from .checks.timing import call_duration
from .models import Call, CallLog, CallResult, Finding, Met, Role
from .prepare import PreparedCall, Scanner, prepare_call
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
    needs: list[str] = field(default_factory=list)  # per rule: transcript, log or either
    fast: bool = True
    scanner: Optional[Scanner] = None  # every phrase in one Aho-Corasick automaton (fast path)
    text_roles: Optional[tuple[Role, ...]] = None  # roles whose text some rule reads; None: all
    order: dict[str, int] = field(default_factory=dict)  # rule id → position in the rubric
    caps: dict[str, Optional[float]] = field(default_factory=dict)
    plan: list[tuple] = field(default_factory=list)  # (rule, check, needs, selective) per rule

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


def make_scanner(matchers: list[PhraseMatcher]) -> Scanner:
    """One automaton for every phrase of every rule; each matcher gets a key, and each
    phrase the keys of the matchers that look for it."""
    owners: dict[str, list[int]] = {}
    for key, matcher in enumerate(matchers):
        matcher.key = key
        for string in matcher.strings():
            if string:
                owners.setdefault(string, []).append(key)
    patterns = sorted(owners)
    return Scanner(patterns, [tuple(owners[p]) for p in patterns])


def _phrase_matchers(check) -> list[PhraseMatcher]:
    return [v for v in vars(check).values() if isinstance(v, PhraseMatcher)]


def compile_rubric(
    loaded: LoadedRubric, segmenter: Segmenter | None = None, fast: bool = True
) -> CompiledRubric:
    """fast=False keeps the straightforward reference path (see `prepare`)."""
    segmenter = segmenter or Segmenter()
    compiled = CompiledRubric(loaded=loaded, segmenter=segmenter, fast=fast)
    problems: list[Problem] = []
    cache: dict[Path, list[Entry]] = {}

    def entries(r_index: int, rule, phrases_key: str, lexicons_key: str) -> list[Entry]:
        found = [Entry(p, (), str(loaded.path), 0) for p in getattr(rule, phrases_key, [])]
        for l_index, ref in enumerate(getattr(rule, lexicons_key, [])):
            path = resolve_lexicon(ref, loaded.path)
            key = ("rules", r_index, lexicons_key, l_index)
            if path not in cache:
                try:
                    cache[path] = load_lexicon(path).entries
                except LexiconError as exc:
                    reason = exc.reason if path.exists() else f"no such lexicon '{ref}' ({path})"
                    if exc.line:
                        reason = f"{exc.path}:{exc.line}: {reason}"
                    problems.append(Problem(str(loaded.path), loaded.line_of(*key), format_key(key), reason))
                    continue
            found.extend(cache[path])
        return found

    for r_index, rule in enumerate(loaded.rubric.rules):
        module = REGISTRY[rule.check]
        main = entries(r_index, rule, "phrases", "lexicons")
        extra = {
            name: entries(r_index, rule, phrases_key, lexicons_key)
            for name, (phrases_key, lexicons_key) in getattr(module, "EXTRA_PHRASES", {}).items()
        }
        try:
            compiled.checks.append(module.compile_check(rule, main, **extra))
        except PatternError as exc:
            key = ("rules", r_index, "patterns", exc.index)
            problems.append(Problem(str(loaded.path), loaded.line_of(*key), format_key(key), exc.reason))
        compiled.needs.append(getattr(module, "NEEDS", "transcript"))
    if problems:
        raise RubricError(problems)
    rules = loaded.rubric.rules
    compiled.order = {rule.id: i for i, rule in enumerate(rules)}
    compiled.caps = {rule.id: rule.cap for rule in rules}
    compiled.plan = [
        (rule, check, needs, bool(rule.channels or rule.directions))
        for rule, check, needs in zip(rules, compiled.checks, compiled.needs)
    ]
    words: set[str] = set()
    for check in compiled.checks:
        words |= check.user_words()
    segmenter.add_words(sorted(words))
    if fast:
        compiled.scanner = make_scanner([m for check in compiled.checks for m in _phrase_matchers(check)])
        roles = {rule.role for rule in loaded.rubric.rules}
        compiled.text_roles = None if "any" in roles else tuple(Role(r) for r in sorted(roles))
        segmenter.enable_cache()
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


def _fixed_values(rule, check, lang: str) -> dict[str, str]:
    """The values of a rule's messages that do not depend on the hit, made once per
    compiled check and language."""
    key = f"_message_values_{lang}"
    values = check.__dict__.get(key)
    if values is None:
        title = rule.title if lang == "zh" else (rule.title_en or rule.title)
        window = rule.window.describe(lang) if getattr(rule, "window", None) else t("whole_call", lang)
        values = check.__dict__[key] = dict(title=title, window=window, example=_example_phrase(check))
    return values


def _message(rule, check, hit: Hit, lang: str) -> str:
    custom = rule.message if lang == "zh" else (rule.message_en or None)
    values = dict(_fixed_values(rule, check, lang), matched=hit.matched)
    if hit.values:
        values.update(hit.values)
    if custom:
        text = custom.format(**values)
    else:
        key = f"{rule.check}.{hit.key or ('missing' if hit.missing else 'hit')}"
        text = t(key, lang, **values)
    if hit.values.get("unverified"):
        text += t("unverified", lang)
    return text


def make_finding(rule, check, hit: Hit, prepared: PreparedCall, lang: str) -> Finding:
    call = prepared.call
    utt = prepared.utterances[hit.utterance] if hit.utterance is not None else None
    span = None
    if utt is not None and hit.start is not None and hit.end is not None:
        span = utt.original_span(hit.start, hit.end)
        hit.matched = utt.utterance.text[span[0]:span[1]]  # as the user wrote it
    where = {}
    if utt is not None:
        source = utt.utterance
        where = dict(role=source.role, start=source.start, line=source.line, span=span,
                     excerpt=excerpt(source.text, *(span or (None, None))))
    return Finding(
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
        **where,
    )


def check_call(
    call: Call, compiled: CompiledRubric, lang: str = "zh", log: CallLog | None = None
) -> CallResult:
    """Check one call: its transcript (may have no utterances) and its call log, if any.
    Rules whose data the call lacks (a log rule and no log, say) are not run."""
    prepared = prepare_call(call, compiled.segmenter, log, fast=compiled.fast,
                            scanner=compiled.scanner, text_roles=compiled.text_roles)
    rubric = compiled.rubric
    findings: list[Finding] = []
    met: list[Met] = []
    not_run: list[str] = []
    # which data the call has, for each rule's NEEDS (transcript, log or either)
    has = {"log": log is not None, "transcript": bool(call.utterances)}
    has["either"] = has["log"] or has["transcript"]
    for rule, check, needs, selective in compiled.plan:
        if (selective and not _applies(rule, call)) or not has[needs]:
            not_run.append(rule.id)
            continue
        evidence: list[Evidence] = []
        for hit in check.run(prepared, evidence):
            findings.append(make_finding(rule, check, hit, prepared, lang))
        for ev in evidence:
            utt = prepared.utterances[ev.utterance]
            start, end = utt.original_span(ev.start, ev.end)
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
    order = compiled.order
    findings.sort(
        key=lambda f: (
            f.utterance_index if f.utterance_index is not None else -1,
            f.span[0] if f.span else -1,
            order[f.rule_id],
        )
    )
    caps = compiled.caps
    apply_caps(findings, caps)
    score, fatal, arithmetic = compute_score(rubric.base_score, findings, caps)
    return CallResult(
        call_id=call.call_id,
        agent_id=call.agent_id,
        agent_name=call.agent_name,
        channel=call.channel,
        source=call.source,
        started_at=call.started_at or (log.started_at if log else None),
        duration=call_duration(prepared),
        has_transcript=bool(call.utterances),
        has_log=log is not None,
        base_score=rubric.base_score,
        score=score,
        pass_line=rubric.pass_line,
        passed=(not fatal) and score >= rubric.pass_line,
        fatal=fatal,
        arithmetic=arithmetic,
        findings=findings,
        met=met,
        not_run=not_run,
    )
