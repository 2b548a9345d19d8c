"""Rule quality from the inspector's decisions: per rule (and per month with `by_month`),
hits, calls affected, calls checked, hit rate (命中率), reviewed, confirmed, false hits,
precision (复核准确率 = confirmed ÷ reviewed), appeals, appeals upheld (the finding
revoked) and points changed on appeal, over the current stored calls of a period."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..i18n import localized, t
from ..output import aligned
from .final import iter_calls

FIELDS = ("hits", "calls", "checked", "hit_rate", "reviewed", "confirmed", "false_hits", "precision", "appeals",
          "upheld", "changed")


@dataclass
class RuleQuality:
    rule: str
    title: str
    month: Optional[str] = None
    hits: int = 0
    calls: int = 0
    checked: int = 0
    confirmed: int = 0
    false_hits: int = 0
    appeals: int = 0
    upheld: int = 0
    changed: int = 0
    _calls: set = field(default_factory=set, repr=False)

    @property
    def reviewed(self) -> int:
        return self.confirmed + self.false_hits

    @property
    def hit_rate(self) -> Optional[float]:
        return self.calls / self.checked if self.checked else None

    @property
    def precision(self) -> Optional[float]:
        return self.confirmed / self.reviewed if self.reviewed else None

    def as_dict(self) -> dict:
        out = {"rule": self.rule, "title": self.title}
        if self.month is not None:
            out["month"] = self.month
        for name in FIELDS:
            value = getattr(self, name)
            out[name] = round(value, 4) if isinstance(value, float) else value
        return out


def rule_quality(store, rubric, start=None, end=None, by_month: bool = False, lang: str = "zh") -> list[RuleQuality]:
    calls = iter_calls(store, rubric, start, end, lang=lang)  # a batch at a time
    titles = {r.id: localized(r, "title", lang) for r in rubric.rules}
    table: dict[tuple, RuleQuality] = {}

    def entry(rule_id: str, month: Optional[str]) -> RuleQuality:
        key = (month, rule_id)
        if key not in table:
            table[key] = RuleQuality(rule_id, titles[rule_id], month)
        return table[key]

    if not by_month:
        for rule in rubric.rules:
            entry(rule.id, None)
    for c in calls:
        month = (c.final.started_at.strftime("%Y-%m") if c.final.started_at else t("stats.undated", lang)) \
            if by_month else None
        for rule in rubric.rules:
            if rule.id not in c.machine.not_run:
                entry(rule.id, month).checked += 1
        for item in c.findings:
            row = item.row
            if row["origin"] != "machine" or row["stale"] or row["rule_id"] not in titles:
                continue
            q = entry(row["rule_id"], month)
            q.hits += 1
            q._calls.add(c.final.call_id)
            if row["review"] == "confirmed":
                q.confirmed += 1
            elif row["review"] == "false_hit":
                q.false_hits += 1
            if row["appeal"]:
                q.appeals += 1
                q.upheld += row["appeal"] == "upheld"
                q.changed += row["appeal"] == "changed"
    for q in table.values():
        q.calls = len(q._calls)
    order = {r.id: i for i, r in enumerate(rubric.rules)}
    return sorted(table.values(), key=lambda q: (q.month or "", order[q.rule]))


def render_text(rows: list[RuleQuality], lang: str, by_month: bool) -> str:
    def pct(v):
        return "-" if v is None else f"{v:.1%}"

    head = ([t("stats.month", lang)] if by_month else []) + [t("cal.rule", lang)] + [
        t(f"col.rules.{name}" if name not in ("hits", "calls", "checked", "hit_rate") else f"stats.{name}", lang)
        for name in FIELDS]
    body = []
    for q in rows:
        values = [getattr(q, name) for name in FIELDS]
        cells = [pct(v) if name in ("hit_rate", "precision") else str(v) for name, v in zip(FIELDS, values)]
        body.append(([q.month] if by_month else []) + [q.rule] + cells)
    lines = aligned([head] + body)
    return "\n".join(lines) + "\n"


def write_xlsx(rows: list[RuleQuality], path, lang: str, by_month: bool) -> None:
    from .sheets import add_sheet, new_book, save

    book = new_book()
    head = ([t("stats.month", lang)] if by_month else []) + [t("cal.rule", lang), t("cal.title", lang)] + [
        t(f"col.rules.{name}" if name not in ("hits", "calls", "checked", "hit_rate") else f"stats.{name}", lang)
        for name in FIELDS]
    body = [([q.month] if by_month else []) + [q.rule, q.title] + [getattr(q, name) for name in FIELDS] for q in rows]
    sheet = add_sheet(book, t("stats.sheet", lang), head, body, lang=lang)
    offset = len(head) - len(FIELDS)
    for i, name in enumerate(FIELDS):
        if name in ("hit_rate", "precision"):
            for cell in list(sheet.iter_cols(min_col=offset + i + 1, max_col=offset + i + 1, min_row=2))[0]:
                cell.number_format = "0.0%"
    save(book, path)
