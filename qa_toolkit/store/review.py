"""复核: the review workbook an inspector works in, and applying it to the store.

`export` writes one row per finding — call, agent, time, rule, evidence with the hit in
【】, two turns of context either side, where it stands — with the columns the inspector
fills: 复核结果 (a drop-down: 确认 / 误报 / 待定), 复核意见, 质检员. A second sheet, 人工补充,
takes findings the machine missed (a rule or a manual item, the turn, the points).

`apply` reads it back in one transaction: every filled row is checked — an unknown
finding, one of an older check of the call, a decision not in the list, one that would
overrule another inspector's — and each bad row is named with its sheet, row and reason
while the good rows are applied. Every decision goes into the audit trail with who made
it, when, and the value before. Nothing is applied if the import is interrupted.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Optional

from sqlalchemy import insert, select, update

from ..i18n import localized, t
from ..models import InputError
from ..privacy import mask_numbers
from . import schema as s
from .db import Store, now
from .final import current_calls_query, findings_of, status_of
from .sheets import Row, add_sheet, new_book, options_sheet, read_rows, save

DECISIONS = {"confirmed": ["确认", "confirmed", "confirm"], "false_hit": ["误报", "false hit", "false_hit"],
             "pending": ["待定", "pending"]}
REVIEW_FIELDS = {
    "finding_id": ["问题编号", "Finding ID", "finding_id"],
    "call_id": ["通话ID", "Call ID", "call_id"],
    "decision": ["复核结果", "Decision", "decision"],
    "note": ["复核意见", "Note", "note"],
    "inspector": ["质检员", "Inspector", "inspector"],
}
ADDED_FIELDS = {
    "call_id": ["通话ID", "Call ID", "call_id"],
    "rule": ["规则或项目", "Rule or item", "rule"],
    "turn": ["句序", "Turn", "turn"],
    "points": ["扣分", "Points", "points"],
    "note": ["说明", "Note", "note"],
    "inspector": ["质检员", "Inspector", "inspector"],
}
CONTEXT = 2  # turns of context either side


def decision_label(value: str, lang: str) -> str:
    return t(f"status.{value}", lang)


def _speaker(role: str, lang: str) -> str:
    return t(f"role.{role}", lang)


def context_of(stored: Optional[str], turn: Optional[int], span, lang: str) -> str:
    """The turns around the finding (kept with it), the hit in 【】, numbers masked."""
    if not stored or turn is None:
        return ""
    lines = []
    for index, role, text in json.loads(stored):
        if index == turn and span:
            text = text[:span[0]] + "【" + text[span[0]:span[1]] + "】" + text[span[1]:]
        lines.append(f"{t('utterance', lang, n=index + 1)} {_speaker(role, lang)}：{text}")
    return mask_numbers("\n".join(lines)) or ""


@dataclass
class Selection:
    start: Optional[date] = None
    end: Optional[date] = None
    rules: tuple[str, ...] = ()
    agents: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ("unreviewed",)  # or "all"
    calls: Optional[set[str]] = None  # only these call ids (a sample)


def selected(store: Store, rubric, selection: Selection) -> list[tuple[dict, list[dict]]]:
    """(call row, its findings) of the current calls the selection takes, in time order."""
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(
            current_calls_query(selection.start, selection.end, selection.agents, rubric.name)).mappings()]
        if selection.calls is not None:
            rows = [r for r in rows if r["call_id"] in selection.calls]
        found = findings_of(conn, [r["id"] for r in rows])
    out = []
    for row in rows:
        keep = []
        for f in found.get(row["id"], []):
            if f["stale"]:
                continue
            if selection.rules and f["rule_id"] not in selection.rules:
                continue
            if "all" not in selection.statuses and status_of(f) not in selection.statuses:
                continue
            keep.append(f)
        out.append((row, keep))
    return out


def review_headers(lang: str) -> list[str]:
    keys = ["finding_id", "call_id", "agent_id", "agent_name", "time", "rule_id", "title", "severity", "points",
            "turn", "evidence", "context", "status", "decision", "note", "inspector"]
    return [t(f"review.col.{k}", lang) for k in keys]


def write_review_book(path: Path, rubric, picked: list[tuple[dict, list[dict]]], lang: str = "zh",
                      sample: Optional[list[list]] = None) -> int:
    """The review workbook; returns the number of finding rows. `sample`: rows of the
    抽检清单 sheet (calls picked for listening), first."""
    book = new_book()
    titles = {r.id: localized(r, "title", lang) for r in rubric.rules}
    titles.update({i.id: localized(i, "name", lang) for i in rubric.manual})
    decisions = [decision_label(d, lang) for d in DECISIONS]
    targets = [r.id for r in rubric.rules] + [localized(i, "name", lang) for i in rubric.manual
                                              if i.kind == "deduction"]
    formulas = options_sheet(book, {"decisions": decisions, "targets": targets})
    if sample is not None:
        keys = ["call_id", "agent_id", "agent_name", "time", "score", "findings", "why", "source", "result", "note",
                "inspector"]
        add_sheet(book, t("review.sheet.sample", lang), [t(f"review.col.{k}", lang) for k in keys], sample,
                  wide=[6, 7, 9], lang=lang)
    rows = []
    for call, found in picked:
        for f in found:
            span = (f["span_start"], f["span_end"]) if f["span_start"] is not None else None
            rows.append([
                f["id"], call["call_id"], call["agent_id"], call["agent_name"],
                call["started_at"].replace(tzinfo=None) if call["started_at"] else None,
                f["rule_id"], titles.get(f["rule_id"], f["rule_id"]), t(f"severity.{f['severity']}", lang),
                f["final_points"] if f["final_points"] is not None else f["points"],
                f["utterance_index"] + 1 if f["utterance_index"] is not None else None,
                mask_numbers(f["excerpt"] or f["message"]), context_of(f["context"], f["utterance_index"], span, lang),
                decision_label(status_of(f), lang),
                decision_label(f["review"], lang) if f["review"] != "unreviewed" else None,
                f["review_note"], f["reviewed_by"],
            ])
    headers = review_headers(lang)
    add_sheet(book, t("review.sheet.review", lang), headers, rows, wide=[10, 11, 14],
                      choices={13: formulas["decisions"]}, lang=lang)
    added = [t(f"review.col.{k}", lang) for k in ("call_id", "rule", "turn", "points", "note", "inspector")]
    add_sheet(book, t("review.sheet.added", lang), added, [], wide=[4], choices={1: formulas["targets"]}, lang=lang)
    add_sheet(book, t("review.sheet.help", lang), [t("review.col.help", lang)],
              [[line] for line in t("review.help", lang).split("\n")], wide=[0], lang=lang)
    book.move_sheet("_options", offset=len(book.sheetnames))
    save(book, path)
    return len(rows)


# --------------------------------------------------------------------------- import

@dataclass
class Applied:
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[InputError] = field(default_factory=list)

    def add(self, key: str) -> None:
        self.counts[key] = self.counts.get(key, 0) + 1


def _decision(value: str) -> Optional[str]:
    key = value.strip().lower()
    for decision, names in DECISIONS.items():
        if key in (n.lower() for n in names):
            return decision
    return None


def _current_row(conn, call_id: str):
    return conn.execute(current_calls_query().where(s.calls.c.call_id == call_id)).mappings().first()


def apply_review(store: Store, rubric, path: Path, inspector: Optional[str] = None, lang: str = "zh",
                 on_row=None) -> Applied:
    """Apply a review workbook; see the module. `on_row` is called after each applied row
    (for progress)."""
    result = Applied()
    sheets = {"review": REVIEW_FIELDS, "added": ADDED_FIELDS}
    rows = list(read_rows(path, sheets, lang))
    with store.engine.begin() as conn:
        for item in rows:
            if isinstance(item, InputError):
                result.errors.append(item)
                continue
            kind, row = item
            if kind == "review":
                problem = _review_row(conn, rubric, row, inspector, result, lang)
            else:
                problem = _added_row(conn, rubric, row, inspector, result, lang)
            if problem is not None:
                result.errors.append(problem)
            if on_row is not None:
                on_row(row)
    return result


def _review_row(conn, rubric, row: Row, inspector, result: Applied, lang: str) -> Optional[InputError]:
    finding_id, value = row.get("finding_id"), row.get("decision")
    if value is None:
        if finding_id is not None:
            result.add("blank")
        return None
    if finding_id is None:
        return row.error(t("review.err.no_id", lang), "finding_id")
    decision = _decision(str(value))
    if decision is None:
        return row.error(t("review.err.decision", lang, value=value,
                           allowed="、".join(decision_label(d, lang) for d in DECISIONS)), "decision")
    who = row.get("inspector") or inspector
    if not who:
        return row.error(t("review.err.no_inspector", lang), "inspector")
    found = conn.execute(select(s.findings, s.calls.c.call_id, s.calls.c.last_run_id, s.calls.c.revision_id)
                         .join(s.calls, s.calls.c.id == s.findings.c.call_pk)
                         .where(s.findings.c.id == str(finding_id)).with_for_update()).mappings().first()
    if found is None:
        return row.error(t("review.err.unknown", lang, id=finding_id), "finding_id")
    current = _current_row(conn, found["call_id"])
    if current is not None and current["id"] != found["call_pk"]:
        return row.error(t("review.err.old_revision", lang, id=finding_id, call=found["call_id"]), "finding_id")
    if found["stale"]:
        return row.error(t("review.err.stale", lang, id=finding_id), "finding_id")
    if found["appeal"]:
        return row.error(t("review.err.appealed", lang, id=finding_id), "decision")
    before = found["review"]
    note = row.get("note")
    if before != "unreviewed" and found["reviewed_by"] and found["reviewed_by"] != who:
        if before == decision:
            result.add("same")
            return None
        return row.error(t("review.err.conflict", lang, id=finding_id, other=found["reviewed_by"],
                           decision=decision_label(before, lang)), "decision")
    if before == decision and (found["review_note"] or None) == note:
        result.add("same")
        return None
    at = now()
    conn.execute(update(s.findings).where(s.findings.c.id == found["id"]).values(
        review=decision, reviewed_by=who, reviewed_at=at, review_note=note))
    conn.execute(insert(s.events).values(at=at, actor=who, kind="review", finding_id=found["id"], before=before,
                                         after=decision, note=note, source=row.error("").location()))
    result.add(decision)
    return None


def _added_row(conn, rubric, row: Row, inspector, result: Applied, lang: str) -> Optional[InputError]:
    call_id, target = row.get("call_id"), row.get("rule")
    if call_id is None and target is None:
        return None
    if call_id is None:
        return row.error(t("review.err.no_call", lang), "call_id")
    call = _current_row(conn, str(call_id))
    if call is None:
        return row.error(t("review.err.unknown_call", lang, call=call_id), "call_id")
    if target is None:
        return row.error(t("review.err.no_rule", lang), "rule")
    rule = rubric.rule(str(target)) or next((r for r in rubric.rules if str(target) in (r.title, r.title_en)), None)
    item = None if rule is not None else rubric.manual_item(str(target))
    if rule is None and (item is None or item.kind != "deduction"):
        return row.error(t("review.err.unknown_rule", lang, rule=target), "rule")
    who = row.get("inspector") or inspector
    if not who:
        return row.error(t("review.err.no_inspector", lang), "inspector")
    turns = call["turns"]
    turn = row.get("turn")
    if turn is not None:
        try:
            turn = int(float(turn))
        except (TypeError, ValueError):
            return row.error(t("review.err.turn", lang, value=turn, n=turns), "turn")
        if not 1 <= turn <= turns:
            return row.error(t("review.err.turn", lang, value=turn, n=turns), "turn")
        turn -= 1
    points = row.get("points")
    if points is not None:
        try:
            points = float(points)
        except (TypeError, ValueError):
            return row.error(t("review.err.points", lang, value=points), "points")
        if points < 0:
            return row.error(t("review.err.points", lang, value=points), "points")
    else:
        points = rule.points if rule is not None else item.points
        if points is None:
            return row.error(t("review.err.points_needed", lang, item=localized(item, "name", lang)), "points")
    note = row.get("note")
    # the same addition imported again, by anyone, is the same finding
    key = "\x1f".join([str(call["id"]), rule.id if rule else item.id, str(turn), str(note)])
    fid = "M" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:15].upper()
    if conn.execute(select(s.findings.c.id).where(s.findings.c.id == fid)).first() is not None:
        result.add("same")
        return None
    title = localized(rule, "title", lang) if rule else localized(item, "name", lang)
    severity = rule.severity.value if rule else ("fatal" if item.fatal else "major")
    seq = len(conn.execute(select(s.findings.c.id).where(s.findings.c.call_pk == call["id"])).all())
    at = now()
    conn.execute(insert(s.findings).values(
        id=fid, call_pk=call["id"], seq=seq, origin="manual", rule_id=rule.id if rule else item.id,
        check_type="manual", severity=severity, points=points, deducted=points,
        message=t("review.added_message", lang, title=title, note=note or ""), utterance_index=turn,
        role=None, span_start=None, span_end=None, matched="", excerpt="", context=None, fuzzy=False, line=None,
        review="confirmed", reviewed_by=who, reviewed_at=at, review_note=note, appeal=None, final_points=None,
        stale=False))
    conn.execute(insert(s.events).values(at=at, actor=who, kind="manual", finding_id=fid, before=None,
                                         after=f"{rule.id if rule else item.id} {points:g}", note=note,
                                         source=row.error("").location()))
    result.add("added")
    return None


def summary(applied: Applied, lang: str) -> str:
    c = applied.counts
    return t("review.done", lang, confirmed=c.get("confirmed", 0), false_hit=c.get("false_hit", 0),
             pending=c.get("pending", 0), added=c.get("added", 0), same=c.get("same", 0), blank=c.get("blank", 0),
             errors=len(applied.errors))


def select_statuses(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values) or ("unreviewed",)
