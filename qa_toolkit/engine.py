"""Compile a rubric once, then check calls: view → each rule's check → findings → score.

Checks only say where a rule fired (`Hit`); the engine stamps rule id, severity, points,
message and the location in the original text onto each `Finding`. A compiled rubric is
not changed after `compile_rubric`; what a run remembers lives in its `Checker`'s cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

from .i18n import Msg
from .checks import REGISTRY
from .checks.base import Evidence, Hit
from .checks.timing import call_duration
from .i18n import LANGS, fill, localized, t
from .lexicon import Entry, LexiconError, load_lexicon
from .models import CallLog, CallResult, Finding, Met, Role, Severity
from .resources import lexicons_dir
from .rubric import LoadedRubric, Problem, Rubric, RubricError, format_key
from .score import apply_caps, compute_score
from .segment import Segmenter
from .text.cache import RunCache
from .text.fast import FastPath, Scanner
from .text.matchers import FuzzyMatcher, Matcher, PhraseMatcher, RegexMatcher
from .text.reference import ReferencePath

EXCERPT_CONTEXT = 12


def resolve_lexicon(ref: str, rubric_path: Path) -> Path:
    """A bare name is a shipped lexicon; anything with a suffix or slash is a path
    relative to the rubric file."""
    if "/" in ref or "\\" in ref or ref.endswith(".txt"):
        path = Path(ref)
        return path if path.is_absolute() else rubric_path.parent / path
    return lexicons_dir() / f"{ref}.txt"


def lexicon_outside(path: Path, rubric_path: Path) -> bool:
    """Whether a lexicon lies outside what a rubric may read: its own folder (and below)
    and the shipped lexicons (a rubric from a download must not read /etc/passwd)."""
    real = path.resolve()
    allowed = (rubric_path.resolve().parent, lexicons_dir().resolve())
    return not any(real == root or root in real.parents for root in allowed)


class _Compilation:
    """What the rules of one rubric share while they compile."""

    def __init__(self, loaded: LoadedRubric):
        self.loaded = loaded
        self.lexicons: dict[Path, list[Entry]] = {}
        self.matchers: list[Matcher] = []
        self.problems: list[Problem] = []

    def problem(self, key: tuple, reason) -> None:
        loaded = self.loaded
        self.problems.append(Problem(str(loaded.path), loaded.line_of(*key), format_key(key), reason))


class Build:
    """What a check is given to compile with: its rule's phrases and lexicons, and the
    matchers it declares (each gets its key among the rubric's matchers)."""

    def __init__(self, compilation: _Compilation, index: int, rule):
        self._compilation = compilation
        self._index = index
        self.rule = rule

    def entries(self, phrases_key: str = "phrases", lexicons_key: str = "lexicons") -> list[Entry]:
        """The rule's inline phrases, then every entry of its lexicons, in order."""
        compilation, rule = self._compilation, self.rule
        path = compilation.loaded.path
        found = [Entry(p, (), str(path), 0) for p in getattr(rule, phrases_key, [])]
        for l_index, ref in enumerate(getattr(rule, lexicons_key, [])):
            lexicon = resolve_lexicon(ref, path)
            if lexicon not in compilation.lexicons:
                if lexicon_outside(lexicon, path):
                    self.error((lexicons_key, l_index), Msg("rubric.lexicon_outside", ref=ref))
                    continue
                try:
                    compilation.lexicons[lexicon] = load_lexicon(lexicon).entries
                except LexiconError as exc:
                    reason = exc.reason if lexicon.exists() else Msg("rubric.no_such_lexicon", ref=ref,
                                                                     path=str(lexicon))
                    if exc.line:
                        reason = Msg("rubric.at_line", path=exc.path, line=exc.line, reason=reason)
                    self.error((lexicons_key, l_index), reason)
                    continue
            found.extend(compilation.lexicons[lexicon])
        return found

    def matcher(self, make: Callable[[int], Matcher]) -> Matcher:
        """Declare a matcher: `make(key)` builds it."""
        matchers = self._compilation.matchers
        made = make(len(matchers))
        matchers.append(made)
        return made

    def phrases(self, entries, exceptions=()) -> PhraseMatcher:
        return self.matcher(lambda key: PhraseMatcher.build(key, entries, exceptions))

    def regexes(self, regexes, boundaries: str = "token", exceptions=(), whole_call: bool = True) -> RegexMatcher:
        """`whole_call`: the rule reads every turn of its role (no window), so the phrase
        scan may look for its regexes' words."""
        return self.matcher(lambda key: RegexMatcher(key, regexes, boundaries, exceptions, whole_call))

    def fuzzy(self, phrases: PhraseMatcher, mode: str, max_edits: int, min_length: int) -> FuzzyMatcher:
        return self.matcher(lambda key: FuzzyMatcher(key, phrases, mode, max_edits, min_length))

    def error(self, key: tuple, reason) -> None:
        """A compile error at a key of this rule (e.g. ("patterns", 2))."""
        self._compilation.problem(("rules", self._index, *key), reason)


@dataclass(frozen=True)
class RulePlan:
    rule: Any
    check: Any
    needs: str  # transcript, log or either
    selective: bool  # has channel or direction filters
    fixed: dict  # per language: the message values that do not depend on the hit
    grouped: bool = False  # a later rule counts as this one: its turns are remembered


@dataclass(frozen=True)
class CompiledRubric:
    loaded: LoadedRubric
    segmenter: Segmenter
    plan: tuple[RulePlan, ...]
    matchers: tuple[Matcher, ...]
    fast: bool
    scanner: Optional[Scanner]  # every phrase in one automaton (fast path)
    text_roles: Optional[tuple[Role, ...]]  # roles whose text some rule reads; None: all
    order: dict[str, int]  # rule id → position in the rubric
    caps: dict[str, Optional[float]]
    titles: dict[str, dict[str, str]]  # language → rule id → title, for the arithmetic

    @property
    def rubric(self) -> Rubric:
        return self.loaded.rubric

    @property
    def checks(self) -> list:
        return [p.check for p in self.plan]

    def __reduce__(self):
        # worker processes started without fork compile their own copy: a tokenizer
        # and an automaton do not pickle
        return _recompile, (self.loaded.rubric, self.loaded.path, self.segmenter.backend, self.fast)


def _recompile(rubric: Rubric, path: Path, backend: str, fast: bool) -> CompiledRubric:
    return compile_rubric(LoadedRubric(rubric=rubric, path=path, lines=None), Segmenter(backend), fast=fast)


def _fixed_values(rule, check, lang: str) -> dict[str, str]:
    window = rule.window.describe(lang) if getattr(rule, "window", None) else t("whole_call", lang)
    return dict(title=localized(rule, "title", lang), window=window, example=check.example)


def compile_rubric(loaded: LoadedRubric, segmenter: Segmenter | None = None, fast: bool = True) -> CompiledRubric:
    """fast=False keeps the straightforward reference path (see `text`)."""
    segmenter = segmenter or Segmenter()
    compilation = _Compilation(loaded)
    plan = []
    targets = {rule.counts_as for rule in loaded.rubric.rules if rule.counts_as}
    for index, rule in enumerate(loaded.rubric.rules):
        module = REGISTRY[rule.check]
        check = module.CHECKER(rule, Build(compilation, index, rule))
        fixed = {lang: _fixed_values(rule, check, lang) for lang in LANGS}
        plan.append(RulePlan(rule, check, check.NEEDS, bool(rule.channels or rule.directions), fixed,
                             grouped=rule.id in targets))
    if compilation.problems:
        raise RubricError(compilation.problems)
    rules = loaded.rubric.rules
    matchers = tuple(compilation.matchers)
    words: set[str] = set()
    for matcher in matchers:
        words |= matcher.user_words()
    segmenter.add_words(sorted(words))
    roles = {rule.role for rule in rules}
    return CompiledRubric(
        loaded=loaded, segmenter=segmenter, plan=tuple(plan), matchers=matchers, fast=fast,
        scanner=Scanner(matchers) if fast else None,
        text_roles=None if "any" in roles else tuple(Role(r) for r in sorted(roles)),
        order={rule.id: i for i, rule in enumerate(rules)},
        caps={rule.id: rule.cap for rule in rules},
        titles={lang: {rule.id: localized(rule, "title", lang) for rule in rules} for lang in LANGS},
    )


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


def _applies(rule, call) -> bool:
    if rule.channels and call.channel not in rule.channels:
        return False
    if rule.directions and call.direction not in rule.directions:
        return False
    return True


def _message(step: RulePlan, hit: Hit, lang: str) -> str:
    rule = step.rule
    custom = localized(rule, "message", lang, fallback=False)
    values = dict(step.fixed[lang], matched=hit.matched)
    if hit.values:
        values.update(hit.values)
    if custom:
        text = fill(custom, values)
    else:
        text = t(f"{rule.check}.{hit.key or ('missing' if hit.missing else 'hit')}", lang, **values)
    if hit.values.get("unverified"):
        text += t("unverified", lang)
    return text


def make_finding(step: RulePlan, hit: Hit, view, lang: str) -> Finding:
    call = view.call
    turn = view.utterances[hit.utterance] if hit.utterance is not None else None
    span = None
    if turn is not None and hit.start is not None and hit.end is not None:
        span = view.original_span(turn, hit.start, hit.end)
        hit.matched = turn.utterance.text[span[0]:span[1]]  # as the user wrote it
    where = {}
    if turn is not None:
        source = turn.utterance
        where = dict(role=source.role, start=source.start, line=source.line, span=span,
                     excerpt=excerpt(source.text, *(span or (None, None))))
    rule = step.rule
    # what cannot be verified (a late answer with no recording of the apology) is listed,
    # never deducted
    unverified = bool(hit.values and hit.values.get("unverified"))
    return Finding(
        rule_id=rule.id,
        check=rule.check,
        severity=Severity.info if unverified else rule.severity,
        points=0.0 if unverified else rule.points,
        deducted=0.0 if unverified else rule.points,
        message=_message(step, hit, lang),
        call_id=call.call_id,
        agent_id=call.agent_id,
        utterance_index=hit.utterance,
        matched=hit.matched,
        fuzzy=hit.fuzzy,
        **where,
    )


def _counted(hits, taken: set[int], once: bool) -> list[Hit]:
    """The hits that count: none in a turn already `taken` (by this rule, if `once`, or by
    the rule it counts as); the turns they are in are taken."""
    kept = []
    for hit in hits:
        turn = hit.utterance
        if turn is not None and turn in taken:
            continue
        if turn is not None and once:
            taken.add(turn)
        kept.append(hit)
    if not once:
        taken.update(h.utterance for h in kept if h.utterance is not None)
    return kept


def met_of(ev: Evidence, rule_id: str, view) -> Met:
    turn = view.utterances[ev.utterance]
    start, end = view.original_span(turn, ev.start, ev.end)
    return Met(rule_id=rule_id, utterance_index=ev.utterance, span=(start, end),
               matched=turn.utterance.text[start:end], phrase=ev.phrase, fuzzy=ev.fuzzy)


class Checker:
    """Checks calls against a compiled rubric, remembering across calls what its cache
    allows (one checker per run, or per worker process)."""

    def __init__(self, compiled: CompiledRubric, lang: str = "zh", cache: RunCache | None = None):
        self.compiled = compiled
        self.lang = lang
        self.cache = cache or RunCache()
        if compiled.fast:
            self.path = FastPath(compiled.segmenter, compiled.scanner, compiled.matchers,
                                 compiled.text_roles, self.cache)
        else:
            self.path = ReferencePath(compiled.segmenter)

    def check(self, call, log: CallLog | None = None) -> CallResult:
        """Check one call: its transcript (may have no utterances) and its call log, if any.
        Rules whose data the call lacks (a log rule and no log, say) are not run."""
        compiled, lang = self.compiled, self.lang
        view = self.path.view(call, log)
        rubric = compiled.rubric
        findings: list[Finding] = []
        met: list[Met] = []
        not_run: list[str] = []
        # which data the call has, for each rule's NEEDS (transcript, log or either)
        has = {"log": log is not None, "transcript": bool(call.utterances)}
        has["either"] = has["log"] or has["transcript"]
        taken: dict[str, set[int]] = {}  # rule (or what it counts as) → turns with a finding
        for step in compiled.plan:
            rule = step.rule
            if (step.selective and not _applies(rule, call)) or not has[step.needs]:
                not_run.append(rule.id)
                continue
            evidence: list[Evidence] = []
            hits = step.check.run(view, evidence)
            if rule.once_per_turn or rule.counts_as:
                hits = _counted(hits, taken.setdefault(rule.counts_as or rule.id, set()), rule.once_per_turn)
            elif step.grouped:
                hits = list(hits)
                taken.setdefault(rule.id, set()).update(h.utterance for h in hits if h.utterance is not None)
            for hit in hits:
                findings.append(make_finding(step, hit, view, lang))
            for ev in evidence:
                met.append(met_of(ev, rule.id, view))
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
        score, fatal, arithmetic = compute_score(rubric.base_score, findings, caps, compiled.titles[lang], lang)
        return CallResult(
            call_id=call.call_id,
            agent_id=call.agent_id,
            agent_name=call.agent_name,
            channel=call.channel,
            source=call.source,
            started_at=call.started_at or (log.started_at if log else None),
            duration=call_duration(call, log),
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


def check_call(call, compiled: CompiledRubric, lang: str = "zh", log: CallLog | None = None) -> CallResult:
    """Check one call with a checker of its own (nothing remembered from other calls)."""
    return Checker(compiled, lang).check(call, log)


def wrong_examples(compiled: CompiledRubric) -> list:
    """The rule examples (`examples: {pass: …, fail: …}`, shown by `qa-toolkit rule`) that
    do not behave as they say: a pass example the rule flags, a fail example it does not.
    Each as a rubric Problem at the example's line."""
    from .ingest.text_input import parse_transcript
    from .models import Call
    from .rubric import Problem

    loaded = compiled.loaded
    wrong = []
    for index, rule in enumerate(compiled.rubric.rules):
        if not rule.examples:
            continue
        for kind, key, examples in (("pass", "pass", rule.examples.pass_), ("fail", "fail", rule.examples.fail)):
            for number, example in enumerate(examples):
                text = example if isinstance(example, str) else example.transcript
                log = None if isinstance(example, str) else CallLog(call_id="example", **example.log)
                call = (parse_transcript(text, "example", default_role=Role.agent) if text
                        else Call(call_id="example", utterances=[]))
                hits = [f for f in check_call(call, compiled, log=log).findings if f.rule_id == rule.id]
                if bool(hits) != (kind == "fail"):
                    said = "rubric.example_flagged" if kind == "pass" else "rubric.example_missed"
                    wrong.append(Problem(str(loaded.path), loaded.line_of("rules", index, "examples", key, number),
                                         f"rules[{index}].examples.{key}[{number}]",
                                         Msg(said, text=str(text or example).strip()[:60])))
    return wrong
