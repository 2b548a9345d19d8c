"""Measure a rubric against labelled calls: per rule, precision, recall and F1, with every
false hit and every miss listed with its evidence.

A label says, for one call and one rule, what an inspector expects:

- `count`: how many findings the rule should make on the call (0: none; for a required
  phrase, 1 means the phrase is missing), or
- `turns`: the turns (0-based `utterance_index`, as the JSON report gives them) where the
  rule should find something — one finding per turn listed;
- or, for one turn only, `turn` with `hit: true|false`: a review decision (confirmed, or a
  false hit; a finding an inspector added is `hit: true`). Such a label says nothing about
  the rest of the call.

Label files are JSON Lines, YAML (a list of the same items) or tables (CSV/XLSX with 通话ID,
规则, 应有次数, 句序 — 1-based, as in 第N句 — and 原因, or the English field names). An item
either names a call found in the transcript paths (`call_id`, `rule`, …) or holds the call
itself — `transcript` in the plain-text format (or `call`, canonical JSON) with `labels`:
{rule: {count|turns, reason}} — so a labelled corpus is one file.

A rule with `counts_as: other-rule` is measured as that rule (its findings are that rule's
for the inspector, as brush-off is for forbidden-phrase).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

from .i18n import Msg, read_reason, reason_of
from .models import Call, InputError
from .output import aligned, append_row, new_workbook, save_workbook

TABLE_FIELDS = {
    "call_id": ["通话ID", "通话编号", "call_id", "callid"],
    "rule": ["规则", "规则ID", "rule", "rule_id"],
    "count": ["应有次数", "次数", "count"],
    "turns": ["句序", "turns"],
    "reason": ["原因", "理由", "reason"],
}


@dataclass
class Label:
    call_id: str
    rule: str
    count: Optional[int] = None
    turns: Optional[list[int]] = None
    turn: Optional[int] = None  # a decision about one turn …
    hit: Optional[bool] = None  # … and what it is
    reason: str = ""
    where: str = ""  # file:line of the label

    @property
    def partial(self) -> bool:
        return self.turn is not None

    @property
    def expected(self) -> int:
        if self.turns is not None:
            return len(self.turns)
        return self.count or 0


@dataclass
class LabelSet:
    labels: list[Label] = field(default_factory=list)
    calls: dict[str, Call] = field(default_factory=dict)  # calls given inline
    errors: list[InputError] = field(default_factory=list)


class LabelError(ValueError):
    pass


def _label(call_id: str, rule: str, data: dict, where: str) -> Label:
    if not isinstance(data, dict):
        raise LabelError(Msg("label.not_mapping", rule=rule))
    unknown = set(data) - {"count", "turns", "turn", "hit", "reason", "rule", "call_id"}
    if unknown:
        raise LabelError(Msg("label.unknown_keys", keys=sorted(unknown), count=len(unknown)))
    label = Label(call_id=call_id, rule=rule, reason=str(data.get("reason") or ""), where=where)
    given = [k for k in ("count", "turns", "turn") if data.get(k) is not None]
    if len(given) != 1:
        raise LabelError(Msg("label.one_of"))
    if "count" in given:
        count = data["count"]
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise LabelError(Msg("label.count", value=repr(count)))
        label.count = count
    elif "turns" in given:
        turns = data["turns"]
        if not isinstance(turns, list) or not all(isinstance(t, int) and t >= 0 for t in turns):
            raise LabelError(Msg("label.turns", value=repr(turns)))
        label.turns = sorted(turns)
    else:
        if not isinstance(data["turn"], int) or data["turn"] < 0 or not isinstance(data.get("hit"), bool):
            raise LabelError(Msg("label.turn"))
        label.turn, label.hit = data["turn"], data["hit"]
    return label


def _inline_call(item: dict, path: Path, line: int) -> Call:
    from .ingest.json_input import call_from_object
    from .ingest.text_input import TextParseError, parse_transcript
    from .models import replace

    call_id = str(item["call_id"])
    if "call" in item:
        made = call_from_object({**item["call"], "call_id": call_id}, path, line)
        if isinstance(made, InputError):
            raise LabelError(made.reason)
        return made
    try:
        call = parse_transcript(str(item["transcript"]), call_id, source=f"{path}:{line}")
    except TextParseError as exc:
        raise LabelError(Msg("label.transcript_line", line=exc.line, reason=exc.reason)) from None
    changes = {k: item[k] for k in ("channel", "direction", "agent_id", "agent_name") if k in item}
    return replace(call, **changes) if changes else call


def _items(path: Path) -> Iterable[tuple[int, Any]]:
    """(line or row, item) of a label file."""
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        from .ingest.json_input import json_reason

        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    yield number, LabelError(Msg("in.bad_json", reason=json_reason(exc)))
    elif suffix in (".yaml", ".yml"):
        import yaml

        loader = yaml.SafeLoader(path.read_text(encoding="utf-8-sig"))
        try:
            root = loader.get_single_node()
            if root is None:
                return
            if not isinstance(root, yaml.SequenceNode):
                yield 1, LabelError(Msg("label.yaml_list"))
                return
            for node in root.value:
                yield node.start_mark.line + 1, loader.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            yield (mark.line + 1 if mark else 1), LabelError(Msg("label.bad_yaml", reason=str(getattr(exc, "problem", None) or exc)))
        finally:
            loader.dispose()
    else:
        from .ingest.tables import aliases, cell_text, map_columns, read_tables

        for table in read_tables(path):
            if isinstance(table, InputError):
                yield 0, LabelError(table.reason)
                continue
            columns = map_columns(table.header, aliases(TABLE_FIELDS))
            for number, cells in table.rows:
                row = {f: cell_text(cells[i]) if i < len(cells) else None for f, i in columns.items()}
                item: dict[str, Any] = {"call_id": row.get("call_id"), "rule": row.get("rule")}
                if row.get("reason"):
                    item["reason"] = row["reason"]
                try:
                    if row.get("turns"):
                        item["turns"] = [int(p) - 1 for p in str(row["turns"]).replace("，", ",").split(",") if p.strip()]
                    elif row.get("count") is not None:
                        item["count"] = int(float(row["count"]))
                except ValueError:
                    yield number, LabelError(Msg("label.not_number", value=repr(row.get("turns") or row.get("count"))))
                    continue
                yield number, item


def read_labels(paths: Iterable[str | Path]) -> LabelSet:
    found = LabelSet()
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            found.errors.append(InputError(path=str(path), reason=Msg("in.no_such_file")))
            continue
        try:
            items = list(_items(path))
        except (OSError, UnicodeDecodeError) as exc:
            found.errors.append(InputError(path=str(path), reason=Msg("in.cannot_read_labels", reason=read_reason(exc))))
            continue
        for line, item in items:
            where = f"{path}:{line}"
            try:
                if isinstance(item, LabelError):
                    raise item
                if not isinstance(item, dict) or not item.get("call_id"):
                    raise LabelError(Msg("label.no_call_id"))
                call_id = str(item["call_id"])
                if "transcript" in item or "call" in item:
                    if call_id in found.calls:
                        raise LabelError(Msg("label.call_twice", call=call_id))
                    found.calls[call_id] = _inline_call(item, path, line)
                    for rule, data in (item.get("labels") or {}).items():
                        found.labels.append(_label(call_id, rule, data, where))
                elif "rule" in item:
                    found.labels.append(_label(call_id, str(item["rule"]), item, where))
                else:
                    for rule, data in (item.get("labels") or {}).items():
                        found.labels.append(_label(call_id, rule, data, where))
            except LabelError as exc:
                found.errors.append(InputError(path=str(path), line=line or None, reason=reason_of(exc)))
    return found


# --------------------------------------------------------------------------- measuring


@dataclass
class Case:
    """A false hit or a miss, with what an inspector needs to see it."""

    kind: str  # "false_hit" or "miss"
    call_id: str
    rule: str
    turn: Optional[int]
    text: str  # the finding's message and excerpt, or the turn's text
    reason: str = ""
    where: str = ""


@dataclass
class RuleFigures:
    rule: str
    title: str
    calls: int = 0  # labelled calls
    findings: int = 0
    true: int = 0
    false: int = 0
    missed: int = 0
    target_precision: Optional[float] = None
    target_recall: Optional[float] = None

    @property
    def precision(self) -> Optional[float]:
        made = self.true + self.false
        return self.true / made if made else None

    @property
    def recall(self) -> Optional[float]:
        wanted = self.true + self.missed
        return self.true / wanted if wanted else None

    @property
    def f1(self) -> Optional[float]:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None
        return 2 * p * r / (p + r)

    def below(self) -> list[str]:
        """What misses its target: "precision", "recall"."""
        out = []
        if self.target_precision is not None and (self.precision if self.precision is not None else 1.0) < self.target_precision:
            out.append("precision")
        if self.target_recall is not None and (self.recall if self.recall is not None else 1.0) < self.target_recall:
            out.append("recall")
        return out


@dataclass
class Calibration:
    rubric: Any
    rules: list[RuleFigures]
    cases: list[Case]
    calls: int
    unknown_calls: list[str]
    unknown_rules: list[str]
    errors: list[InputError]

    @property
    def failed(self) -> list[RuleFigures]:
        return [r for r in self.rules if r.below()]


def _turn_text(call: Call, turn: Optional[int]) -> str:
    if turn is None or not 0 <= turn < len(call.utterances):
        return ""
    return call.utterances[turn].text


def measure(compiled, labelset: LabelSet, calls: Iterable[Call] = (), lang: str = "zh",
            min_precision: Optional[float] = None, min_recall: Optional[float] = None) -> Calibration:
    """Check every labelled call and compare its findings with its labels."""
    from .engine import Checker
    from .i18n import localized

    rubric = compiled.rubric
    known = {r.id: r for r in rubric.rules}
    counted_as = {r.id: (getattr(r, "counts_as", None) or r.id) for r in rubric.rules}
    by_call: dict[str, list[Label]] = {}
    unknown_rules = sorted({lb.rule for lb in labelset.labels if lb.rule not in known})
    for label in labelset.labels:
        if label.rule in known:
            by_call.setdefault(label.call_id, []).append(label)
    pool = dict(labelset.calls)
    for call in calls:
        if call.call_id in by_call and call.call_id not in pool:
            pool[call.call_id] = call
    unknown_calls = sorted(c for c in by_call if c not in pool)
    figures = {}
    for rule in rubric.rules:
        if counted_as[rule.id] != rule.id:
            continue
        targets = getattr(rule, "targets", None)
        figures[rule.id] = RuleFigures(
            rule.id, localized(rule, "title", lang),
            target_precision=(targets.precision if targets and targets.precision is not None else min_precision),
            target_recall=(targets.recall if targets and targets.recall is not None else min_recall),
        )
    checker = Checker(compiled, lang)
    cases: list[Case] = []
    checked = 0
    for call_id, labels in by_call.items():
        call = pool.get(call_id)
        if call is None:
            continue
        checked += 1
        result = checker.check(call)
        found: dict[str, list] = {}
        for f in result.findings:
            found.setdefault(counted_as[f.rule_id], []).append(f)
        for label in labels:
            rule_id = counted_as[label.rule]
            figure = figures[rule_id]
            made = found.get(rule_id, [])
            if label.partial:
                at = [f for f in made if f.utterance_index == label.turn]
                if label.hit:
                    if at:
                        figure.true += 1
                    else:
                        figure.missed += 1
                        cases.append(Case("miss", call_id, rule_id, label.turn, _turn_text(call, label.turn),
                                          label.reason, label.where))
                elif at:
                    figure.false += 1
                    cases.append(Case("false_hit", call_id, rule_id, label.turn,
                                      f"{at[0].message}  {at[0].excerpt}", label.reason, label.where))
                figure.findings += len(at)
                continue
            figure.calls += 1
            figure.findings += len(made)
            if label.turns is not None:
                wanted = Counter(label.turns)
                got = Counter(f.utterance_index for f in made)
                hits = sum((wanted & got).values())
                spare = got - wanted
                left = wanted - got
                figure.true += hits
                figure.false += sum(spare.values())
                figure.missed += sum(left.values())
                used: Counter = Counter()
                for f in made:
                    if used[f.utterance_index] < spare.get(f.utterance_index, 0):
                        used[f.utterance_index] += 1
                        cases.append(Case("false_hit", call_id, rule_id, f.utterance_index,
                                          f"{f.message}  {f.excerpt}", label.reason, label.where))
                for turn, n in left.items():
                    for _ in range(n):
                        cases.append(Case("miss", call_id, rule_id, turn, _turn_text(call, turn),
                                          label.reason, label.where))
            else:
                expected = label.count or 0
                hits = min(len(made), expected)
                figure.true += hits
                figure.false += len(made) - hits
                figure.missed += expected - hits
                for f in made[hits:]:
                    cases.append(Case("false_hit", call_id, rule_id, f.utterance_index,
                                      f"{f.message}  {f.excerpt}", label.reason, label.where))
                if expected > hits:
                    cases.append(Case("miss", call_id, rule_id, None, "", label.reason, label.where))
    used_rules = {counted_as[lb.rule] for labels in by_call.values() for lb in labels}
    return Calibration(
        rubric=rubric, rules=[f for r, f in figures.items() if r in used_rules], cases=cases,
        calls=checked, unknown_calls=unknown_calls, unknown_rules=unknown_rules,
        errors=list(labelset.errors),
    )


def pool_of(paths: Iterable[str | Path]) -> tuple[list[Call], list[InputError]]:
    """The calls of transcript paths (for labels that name calls by id)."""
    from .ingest import read_calls

    calls, errors = [], []
    for item in read_calls(paths):
        (errors if isinstance(item, InputError) else calls).append(item)
    return calls, errors


def _ratio(value: Optional[float]) -> Optional[float]:
    return None if value is None else round(value, 4)


def calibration_dict(cal: Calibration, lang: str = "zh") -> dict:
    return {
        "rubric": {"name": cal.rubric.name, "version": cal.rubric.version},
        "calls": cal.calls,
        "rules": [
            {"rule": r.rule, "title": r.title, "calls": r.calls, "findings": r.findings, "true": r.true,
             "false": r.false, "missed": r.missed, "precision": _ratio(r.precision), "recall": _ratio(r.recall),
             "f1": _ratio(r.f1), "target_precision": r.target_precision, "target_recall": r.target_recall,
             "below_target": r.below()}
            for r in cal.rules
        ],
        "false_hits": [c.__dict__ for c in cal.cases if c.kind == "false_hit"],
        "misses": [c.__dict__ for c in cal.cases if c.kind == "miss"],
        "unknown_calls": cal.unknown_calls,
        "unknown_rules": cal.unknown_rules,
        "errors": [e.as_json(lang) for e in cal.errors],
    }


def _pct(value: Optional[float]) -> str:
    return "-" if value is None else f"{value:.1%}"


def render_text(cal: Calibration, lang: str = "zh", show_cases: bool = True) -> str:
    from .i18n import t

    head = [t("cal.rule", lang), t("cal.calls", lang), t("cal.findings", lang), t("cal.true", lang),
            t("cal.false", lang), t("cal.missed", lang), t("cal.precision", lang), t("cal.recall", lang), "F1"]
    rows = [[r.rule, str(r.calls), str(r.findings), str(r.true), str(r.false), str(r.missed),
             _pct(r.precision), _pct(r.recall), _pct(r.f1)] + (["✗ " + t("cal.below", lang)] if r.below() else [])
            for r in cal.rules]
    lines = [t("cal.head", lang, rubric=cal.rubric.name, version=cal.rubric.version, calls=cal.calls), ""]
    lines += aligned([head] + rows)
    if show_cases:
        for kind in ("false_hit", "miss"):
            found = [c for c in cal.cases if c.kind == kind]
            if not found:
                continue
            lines += ["", t(f"cal.{kind}s", lang, n=len(found))]
            for c in found:
                turn = t("utterance", lang, n=c.turn + 1) if c.turn is not None else "-"
                text = " ".join(c.text.split())
                lines.append(f"  {c.rule}  {c.call_id}  {turn}  {text[:120]}" + (f"  ({c.reason})" if c.reason else ""))
    if cal.unknown_calls:
        lines += ["", t("cal.unknown_calls", lang, n=len(cal.unknown_calls), ids=", ".join(cal.unknown_calls[:10]))]
    if cal.unknown_rules:
        lines += ["", t("cal.unknown_rules", lang, ids=", ".join(cal.unknown_rules))]
    return "\n".join(lines) + "\n"




def write_xlsx(cal: Calibration, path: Path, lang: str = "zh") -> None:
    from openpyxl.styles import Font

    from .i18n import t
    from .privacy import keep_as_text, mask_numbers

    book = new_workbook()
    ws = book.active
    ws.title = t("cal.sheet_rules", lang)
    append_row(ws, [t("cal.rule", lang), t("cal.title", lang), t("cal.calls", lang), t("cal.findings", lang),
               t("cal.true", lang), t("cal.false", lang), t("cal.missed", lang), t("cal.precision", lang),
               t("cal.recall", lang), "F1"])
    for r in cal.rules:
        append_row(ws, [r.rule, r.title, r.calls, r.findings, r.true, r.false, r.missed, r.precision, r.recall, r.f1])
    for row in ws.iter_rows(min_row=2, min_col=8, max_col=10):
        for cell in row:
            cell.number_format = "0.0%"
    for kind in ("false_hit", "miss"):
        sheet = book.create_sheet(t(f"cal.sheet_{kind}", lang))
        append_row(sheet, [t("cal.rule", lang), t("col.calls.call_id", lang), t("cal.turn", lang), t("cal.text", lang),
                      t("cal.reason", lang), t("cal.where", lang)])
        for c in cal.cases:
            if c.kind == kind:
                append_row(sheet, [c.rule, c.call_id, c.turn + 1 if c.turn is not None else None,
                              mask_numbers(c.text), c.reason, c.where])
    for sheet in book.worksheets:
        keep_as_text(sheet)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    save_workbook(book, path)

