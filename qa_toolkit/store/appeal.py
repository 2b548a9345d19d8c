"""申诉: agents appeal confirmed findings; an arbiter decides, once and for all (终审).

`export` writes the appeal workbook: with `--status appealable`, the confirmed findings an
agent may still appeal, with an empty 申诉理由 column to fill; with `open`, the appeals
waiting for the arbiter, with the columns 终审结果 (a drop-down: 维持 / 撤销 / 改判), 改判扣分,
仲裁人, 终审意见; `decided` and `all` for the record.

`apply` reads either back (a row with a 终审结果 is a decision, a row with a 申诉理由 a new
appeal), in one transaction, naming each bad row: a finding that is not confirmed, an
appeal after the deadline (the rubric's `review.appeal_working_days`, Monday to Friday,
counted from the day the finding was confirmed), an agent appealing another's finding, a
second appeal, a decision on an appeal already decided, 改判 without points.

维持 keeps the finding and its points; 撤销 revokes it (it deducts nothing); 改判 sets the
points it deducts. Each step goes into the audit trail.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Optional

from sqlalchemy import insert, select, update

from ..i18n import localized, t
from ..models import InputError
from ..privacy import mask_numbers
from . import schema as s
from .db import Store, now
from .final import as_utc, current_calls_query, findings_of
from .review import Applied
from .sheets import Row, add_sheet, new_book, options_sheet, read_rows, save

VERDICTS = {"rejected": ["维持", "kept", "keep", "reject"], "upheld": ["撤销", "revoked", "revoke", "uphold"],
            "changed": ["改判", "changed", "change"]}
APPEAL_FIELDS = {
    "finding_id": ["问题编号", "Finding ID", "finding_id"],
    "appeal_id": ["申诉编号", "Appeal ID", "appeal_id"],
    "agent_id": ["工号", "Agent ID", "agent_id"],
    "reason": ["申诉理由", "Reason", "reason"],
    "filed": ["申诉日期", "Filed", "filed"],
    "verdict": ["终审结果", "Decision", "verdict"],
    "points": ["改判扣分", "New points", "points"],
    "arbiter": ["仲裁人", "Arbiter", "arbiter"],
    "note": ["终审意见", "Decision note", "note"],
}


def deadline(confirmed: date, working_days: int) -> date:
    """The last day to appeal: `working_days` Monday-to-Friday days after `confirmed`."""
    day, left = confirmed, working_days
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def verdict_label(value: str, lang: str) -> str:
    return t(f"appeal.verdict.{value}", lang)


def _local_day(value: Optional[datetime]) -> Optional[date]:
    value = as_utc(value)
    return value.astimezone().date() if value is not None else None


def export_appeals(store: Store, rubric, path: Path, status: str = "open", agents=(), lang: str = "zh") -> int:
    titles = {r.id: localized(r, "title", lang) for r in rubric.rules}
    titles.update({i.id: localized(i, "name", lang) for i in rubric.manual})
    rows = []
    with store.engine.connect() as conn:
        calls = {r["id"]: dict(r) for r in conn.execute(
            current_calls_query(agents=agents, rubric_name=rubric.name)).mappings()}
        found = findings_of(conn, list(calls))
        appeals = {}
        for row in conn.execute(select(s.appeals).order_by(s.appeals.c.id)).mappings():
            appeals.setdefault(row["finding_id"], []).append(dict(row))
    for pk, call in calls.items():
        for f in found.get(pk, []):
            if f["stale"]:
                continue
            mine = appeals.get(f["id"], [])
            last = mine[-1] if mine else None
            if status == "appealable":
                if f["review"] != "confirmed" or last is not None:
                    continue
            elif status == "open" and (last is None or last["status"] != "open"):
                continue
            elif status == "decided" and (last is None or last["status"] == "open"):
                continue
            elif status == "all" and last is None:
                continue
            confirmed = _local_day(f["reviewed_at"])
            rows.append([
                last["id"] if last else None, f["id"], call["call_id"], call["agent_id"], call["agent_name"],
                titles.get(f["rule_id"], f["rule_id"]), f["points"], mask_numbers(f["excerpt"] or f["message"]),
                f["reviewed_by"], confirmed,
                deadline(confirmed, rubric.review.appeal_working_days) if confirmed else None,
                last["reason"] if last else None, _local_day(last["filed_at"]) if last else None,
                verdict_label(last["status"], lang) if last and last["status"] != "open" else None,
                last["new_points"] if last else None, last["decided_by"] if last else None,
                last["decision_note"] if last else None,
            ])
    keys = ["appeal_id", "finding_id", "call_id", "agent_id", "agent_name", "title", "points", "evidence",
            "inspector", "confirmed", "deadline", "reason", "filed", "verdict", "new_points", "arbiter", "note"]
    book = new_book()
    formulas = options_sheet(book, {"verdicts": [verdict_label(v, lang) for v in VERDICTS]})
    add_sheet(book, t("appeal.sheet", lang), [t(f"appeal.col.{k}", lang) for k in keys], rows, wide=[7, 11, 16],
              choices={13: formulas["verdicts"]}, lang=lang)
    add_sheet(book, t("review.sheet.help", lang), [t("review.col.help", lang)],
              [[line] for line in t("appeal.help", lang, days=rubric.review.appeal_working_days).split("\n")],
              wide=[0], lang=lang)
    book.move_sheet("_options", offset=len(book.sheetnames))
    save(book, path)
    return len(rows)


def _verdict(value: str) -> Optional[str]:
    key = value.strip().lower()
    for verdict, names in VERDICTS.items():
        if key in (n.lower() for n in names):
            return verdict
    return None


def _day(value) -> Optional[date]:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    from ..ingest.tables import parse_datetime

    return parse_datetime(value).date()


def apply_appeals(store: Store, rubric, path: Path, arbiter: Optional[str] = None, lang: str = "zh",
                  today: Optional[date] = None, on_row=None) -> Applied:
    result = Applied()
    rows = list(read_rows(path, {"appeal": APPEAL_FIELDS}, lang))
    with store.engine.begin() as conn:
        for item in rows:
            if isinstance(item, InputError):
                result.errors.append(item)
                continue
            _, row = item
            if row.get("verdict") is not None:
                problem = _verdict_row(conn, row, arbiter, result, lang)
            elif row.get("reason") is not None:
                problem = _appeal_row(conn, rubric, row, result, lang, today)
            else:
                problem = None
            if problem is not None:
                result.errors.append(problem)
            if on_row is not None:
                on_row(row)
    return result


def _appeal_row(conn, rubric, row: Row, result: Applied, lang: str, today: Optional[date]) -> Optional[InputError]:
    finding_id = row.get("finding_id")
    if finding_id is None:
        return row.error(t("review.err.no_id", lang), "finding_id")
    found = conn.execute(select(s.findings, s.calls.c.agent_id.label("call_agent"), s.calls.c.call_id)
                         .join(s.calls, s.calls.c.id == s.findings.c.call_pk)
                         .where(s.findings.c.id == str(finding_id)).with_for_update()).mappings().first()
    if found is None:
        return row.error(t("review.err.unknown", lang, id=finding_id), "finding_id")
    if found["appeal"]:
        return row.error(t("appeal.err.again", lang, id=finding_id), "finding_id")
    if found["review"] != "confirmed" or found["stale"]:
        return row.error(t("appeal.err.not_confirmed", lang, id=finding_id), "finding_id")
    agent = row.get("agent_id")
    agent = None if agent is None else str(agent if not isinstance(agent, float) else int(agent))
    if agent and found["call_agent"] and agent != found["call_agent"]:
        return row.error(t("appeal.err.agent", lang, agent=agent, owner=found["call_agent"]), "agent_id")
    try:
        filed = _day(row.get("filed")) or today or date.today()
    except ValueError:
        return row.error(t("appeal.err.date", lang, value=row.get("filed")), "filed")
    confirmed = _local_day(found["reviewed_at"])
    last = deadline(confirmed, rubric.review.appeal_working_days)
    if filed > last:
        return row.error(t("appeal.err.late", lang, confirmed=confirmed, days=rubric.review.appeal_working_days,
                           last=last, filed=filed), "filed")
    at = now()
    who = agent or found["call_agent"] or "?"
    appeal_id = conn.execute(insert(s.appeals).values(
        finding_id=found["id"], agent_id=who, reason=str(row.get("reason")),
        filed_at=datetime.combine(filed, datetime.min.time()).replace(tzinfo=timezone.utc), status="open",
        source=row.error("").location()).returning(s.appeals.c.id)).scalar_one()
    conn.execute(update(s.findings).where(s.findings.c.id == found["id"]).values(appeal="open"))
    conn.execute(insert(s.events).values(at=at, actor=who, kind="appeal", finding_id=found["id"], appeal_id=appeal_id,
                                         before=None, after="open", note=str(row.get("reason")),
                                         source=row.error("").location()))
    result.add("appealed")
    return None


def _verdict_row(conn, row: Row, arbiter: Optional[str], result: Applied, lang: str) -> Optional[InputError]:
    appeal_id = row.get("appeal_id")
    if appeal_id is None:
        return row.error(t("appeal.err.no_id", lang), "appeal_id")
    try:
        appeal_id = int(float(appeal_id))
    except (TypeError, ValueError):
        return row.error(t("appeal.err.unknown", lang, id=appeal_id), "appeal_id")
    appeal = conn.execute(select(s.appeals).where(s.appeals.c.id == appeal_id).with_for_update()).mappings().first()
    if appeal is None:
        return row.error(t("appeal.err.unknown", lang, id=appeal_id), "appeal_id")
    verdict = _verdict(str(row.get("verdict")))
    if verdict is None:
        return row.error(t("appeal.err.verdict", lang, value=row.get("verdict"),
                           allowed="、".join(verdict_label(v, lang) for v in VERDICTS)), "verdict")
    if appeal["status"] != "open":
        if appeal["status"] == verdict:
            result.add("same")
            return None
        return row.error(t("appeal.err.final", lang, id=appeal_id, verdict=verdict_label(appeal["status"], lang)),
                         "verdict")
    who = row.get("arbiter") or arbiter
    if not who:
        return row.error(t("appeal.err.no_arbiter", lang), "arbiter")
    points = row.get("points")
    if verdict == "changed":
        try:
            points = float(points)
        except (TypeError, ValueError):
            return row.error(t("appeal.err.points", lang, value=points), "points")
        if points < 0:
            return row.error(t("appeal.err.points", lang, value=points), "points")
    else:
        points = None
    at = now()
    note = row.get("note")
    conn.execute(update(s.appeals).where(s.appeals.c.id == appeal_id).values(
        status=verdict, decided_by=who, decided_at=at, decision_note=note, new_points=points))
    conn.execute(update(s.findings).where(s.findings.c.id == appeal["finding_id"]).values(
        appeal=verdict, final_points=points))
    conn.execute(insert(s.events).values(at=at, actor=who, kind="verdict", finding_id=appeal["finding_id"],
                                         appeal_id=appeal_id, before="open",
                                         after=verdict if points is None else f"{verdict} {points:g}", note=note,
                                         source=row.error("").location()))
    result.add(verdict)
    return None


def summary(applied: Applied, lang: str) -> str:
    c = applied.counts
    return t("appeal.done", lang, appealed=c.get("appealed", 0), rejected=c.get("rejected", 0),
             upheld=c.get("upheld", 0), changed=c.get("changed", 0), same=c.get("same", 0), errors=len(applied.errors))
