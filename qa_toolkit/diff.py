"""`qa-toolkit diff`: what a rubric change does to the findings on the same calls.

Both rubrics check the same inputs. For each call the findings are compared rule by rule
and turn by turn: a finding on the same rule, turn and evidence is unchanged; one that
only the new rubric makes is *gained*, one that only the old made is *lost*, and a finding
on the same rule and turn whose evidence moved (a longer match, another phrase) is
*changed*. Calls whose verdict (pass/fail) or score moved are listed with both scores.
Evidence is masked like every report (card, ID and phone numbers keep their last four).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from .i18n import localized, t
from .models import CallResult, Finding, InputError
from .output import aligned, append_row, new_workbook, save_workbook
from .privacy import keep_as_text, mask_numbers


@dataclass
class Change:
    kind: str  # gained, lost or changed
    call_id: str
    source: Optional[str]
    rule: str
    turn: Optional[int]  # 0-based utterance index
    old: Optional[Finding] = None
    new: Optional[Finding] = None


@dataclass
class Verdict:
    call_id: str
    source: Optional[str]
    old_score: float
    new_score: float
    old_passed: bool
    new_passed: bool


@dataclass
class RuleChanges:
    rule: str
    title: str
    old: int = 0  # findings with the old rubric
    new: int = 0
    gained: int = 0
    lost: int = 0
    changed: int = 0
    only_in: Optional[str] = None  # "old" or "new" when one rubric lacks the rule


@dataclass
class RubricDiff:
    old_name: str
    old_version: str
    new_name: str
    new_version: str
    calls: int = 0
    rules: list[RuleChanges] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return bool(self.changes or self.verdicts)


def _key(result: CallResult) -> tuple:
    return (result.source, result.call_id)


def _pair(old: list[Finding], new: list[Finding]) -> tuple[list, list, list]:
    """(changed pairs, lost, gained) of the findings of one rule on one turn: identical
    evidence first, then the same matched words, then whatever is left pairs up in order."""
    old, new = list(old), list(new)
    for same in (lambda a, b: (a.span, a.matched) == (b.span, b.matched), lambda a, b: a.matched == b.matched):
        for a in list(old):
            b = next((b for b in new if same(a, b)), None)
            if b is not None:
                old.remove(a)
                new.remove(b)
    changed = list(zip(old, new))
    return changed, old[len(changed):], new[len(changed):]


def compare(old_rubric, new_rubric, old_results: Iterable[CallResult], new_results: Iterable[CallResult],
            errors: Iterable[InputError] = (), lang: str = "zh", given: tuple[str, str] = ("", "")) -> RubricDiff:
    """The diff of two runs over the same inputs (results in any order). `given` are the
    rubrics as the user named them: a file is shown with the name inside it."""

    def shown(rubric, name: str) -> str:
        return rubric.name if not name or name == rubric.name else f"{name}（{rubric.name}）"

    diff = RubricDiff(shown(old_rubric, given[0]), old_rubric.version, shown(new_rubric, given[1]),
                      new_rubric.version, errors=list(errors))
    old_ids = [r.id for r in old_rubric.rules]
    new_ids = [r.id for r in new_rubric.rules]
    titles = {r.id: localized(r, "title", lang) for r in old_rubric.rules}
    titles.update({r.id: localized(r, "title", lang) for r in new_rubric.rules})
    order = new_ids + [i for i in old_ids if i not in new_ids]
    rules = {i: RuleChanges(i, titles[i], only_in=None if (i in old_ids and i in new_ids)
                            else ("old" if i in old_ids else "new")) for i in order}
    before: dict[tuple, list[CallResult]] = {}
    for result in old_results:
        before.setdefault(_key(result), []).append(result)
    for result in new_results:
        queue = before.get(_key(result))
        if not queue:
            continue  # an input only one run could read is an input error of that run
        prior = queue.pop(0)
        diff.calls += 1
        changes = _call_changes(prior, result, rules)
        diff.changes.extend(changes)
        if prior.passed != result.passed or prior.score != result.score:
            diff.verdicts.append(Verdict(result.call_id, result.source, prior.score, result.score,
                                         prior.passed, result.passed))
    diff.rules = [rules[i] for i in order]
    return diff


def _call_changes(prior: CallResult, result: CallResult, rules: dict[str, RuleChanges]) -> list[Change]:
    groups: dict[tuple, tuple[list, list]] = {}
    for side, findings in ((0, prior.findings), (1, result.findings)):
        for f in findings:
            groups.setdefault((f.rule_id, f.utterance_index), ([], []))[side].append(f)
    out = []
    for (rule_id, turn), (old, new) in sorted(groups.items(), key=lambda kv: (kv[0][1] is None, kv[0][1] or 0,
                                                                              kv[0][0])):
        figures = rules[rule_id]
        figures.old += len(old)
        figures.new += len(new)
        changed, lost, gained = _pair(old, new)
        for a, b in changed:
            out.append(Change("changed", result.call_id, result.source, rule_id, turn, a, b))
        out.extend(Change("lost", result.call_id, result.source, rule_id, turn, old=a) for a in lost)
        out.extend(Change("gained", result.call_id, result.source, rule_id, turn, new=b) for b in gained)
        figures.changed += len(changed)
        figures.lost += len(lost)
        figures.gained += len(gained)
    return out


# --------------------------------------------------------------------------- output

def _evidence(f: Optional[Finding]) -> str:
    if f is None:
        return ""
    text = " ".join((f.excerpt or f.matched or "").split())
    return mask_numbers(text) or ""


def _message(f: Optional[Finding]) -> str:
    return "" if f is None else mask_numbers(f.message) or ""




def _verdict(passed: bool, lang: str) -> str:
    return t("diff.pass" if passed else "diff.fail", lang)


def render_text(diff: RubricDiff, lang: str = "zh") -> str:
    lines = [t("diff.head", lang, old=diff.old_name, old_version=diff.old_version, new=diff.new_name,
               new_version=diff.new_version, calls=diff.calls), ""]
    head = [t("cal.rule", lang), t("diff.old", lang), t("diff.new", lang), t("diff.gained", lang),
            t("diff.lost", lang), t("diff.changed", lang)]
    rows = []
    for r in diff.rules:
        note = [t(f"diff.only_{r.only_in}", lang)] if r.only_in else []
        rows.append([r.rule, str(r.old), str(r.new), str(r.gained), str(r.lost), str(r.changed)] + note)
    lines += aligned([head] + rows)
    for kind in ("gained", "lost", "changed"):
        found = [c for c in diff.changes if c.kind == kind]
        if not found:
            continue
        lines += ["", t(f"diff.{kind}_head", lang, n=len(found))]
        for c in found:
            turn = t("utterance", lang, n=c.turn + 1) if c.turn is not None else "-"
            shown = c.new if kind == "gained" else c.old
            lines.append(f"  {c.rule}  {c.call_id}  {turn}  {_message(shown)}")
            if kind == "changed":
                lines.append(f"      {t('diff.before', lang)} {_evidence(c.old)}")
                lines.append(f"      {t('diff.after', lang)} {_evidence(c.new)}")
            elif _evidence(shown):
                lines.append(f"      {_evidence(shown)}")
    if diff.verdicts:
        lines += ["", t("diff.verdicts_head", lang, n=len(diff.verdicts))]
        for v in diff.verdicts:
            lines.append(f"  {v.call_id}  {_verdict(v.old_passed, lang)} → {_verdict(v.new_passed, lang)}  "
                         f"{_num(v.old_score)} → {_num(v.new_score)}")
    if not diff.differs:
        lines += ["", t("diff.same", lang)]
    return "\n".join(lines) + "\n"


def _num(value: float) -> str:
    return f"{value:g}"


def _finding_dict(f: Optional[Finding]) -> Optional[dict]:
    if f is None:
        return None
    return {"message": _message(f), "matched": mask_numbers(f.matched) or "", "excerpt": _evidence(f),
            "span": list(f.span) if f.span else None, "severity": f.severity.value, "points": f.points,
            "line": f.line}


def diff_dict(diff: RubricDiff, lang: str = "zh") -> dict:
    return {
        "old": {"name": diff.old_name, "version": diff.old_version},
        "new": {"name": diff.new_name, "version": diff.new_version},
        "calls": diff.calls,
        "rules": [r.__dict__ for r in diff.rules],
        "changes": [{"kind": c.kind, "call_id": c.call_id, "source": c.source, "rule": c.rule,
                     "utterance_index": c.turn, "old": _finding_dict(c.old), "new": _finding_dict(c.new)}
                    for c in diff.changes],
        "verdicts": [v.__dict__ for v in diff.verdicts],
        "errors": [e.as_json(lang) for e in diff.errors],
    }


def write_xlsx(diff: RubricDiff, path: Path, lang: str = "zh") -> None:
    from openpyxl.styles import Font

    book = new_workbook()
    ws = book.active
    ws.title = t("diff.sheet_rules", lang)
    append_row(ws, [t("cal.rule", lang), t("cal.title", lang), t("diff.old", lang), t("diff.new", lang),
               t("diff.gained", lang), t("diff.lost", lang), t("diff.changed", lang)])
    for r in diff.rules:
        append_row(ws, [r.rule, r.title, r.old, r.new, r.gained, r.lost, r.changed])
    sheet = book.create_sheet(t("diff.sheet_changes", lang))
    append_row(sheet, [t("diff.kind", lang), t("cal.rule", lang), t("col.calls.call_id", lang), t("cal.turn", lang),
                  t("diff.message", lang), t("diff.before", lang), t("diff.after", lang)])
    for c in diff.changes:
        shown = c.new if c.kind == "gained" else c.old
        append_row(sheet, [t(f"diff.{c.kind}", lang), c.rule, c.call_id, c.turn + 1 if c.turn is not None else None,
                      _message(shown), _evidence(c.old), _evidence(c.new)])
    sheet = book.create_sheet(t("diff.sheet_verdicts", lang))
    append_row(sheet, [t("col.calls.call_id", lang), t("diff.old_verdict", lang), t("diff.new_verdict", lang),
                  t("diff.old_score", lang), t("diff.new_score", lang)])
    for v in diff.verdicts:
        append_row(sheet, [v.call_id, _verdict(v.old_passed, lang), _verdict(v.new_passed, lang), v.old_score,
                      v.new_score])
    for ws in book.worksheets:
        keep_as_text(ws)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    save_workbook(book, path)
