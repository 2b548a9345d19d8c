"""抽检: picking stored calls for manual listening, into a review workbook.

Of the current calls in the period: every call with a fatal finding (`all_fatal`), the
`lowest` calls with the lowest scores, `per_agent` calls of each agent, and a `share` of
the rest, the random picks drawn with `seed` so the same command picks the same calls.
Each call is listed once, with every reason it was picked; the workbook holds their
findings (all statuses) for 复核 and a 抽检清单 sheet for the listening itself.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Optional

from ..i18n import t
from .db import Store
from .final import load_calls
from .review import Selection, selected, write_review_book


@dataclass
class Plan:
    per_agent: int = 0
    all_fatal: bool = False
    lowest: int = 0
    share: float = 0.0
    seed: int = 0


def pick(store: Store, rubric, plan: Plan, start=None, end=None, agents=(), lang: str = "zh"
         ) -> list[tuple[object, list[str]]]:
    """(stored call, reasons) of the calls picked, in time order."""
    calls = load_calls(store, rubric, start, end, agents, lang)
    reasons: dict[str, list[str]] = {}

    def take(call_id: str, why: str) -> None:
        reasons.setdefault(call_id, [])
        if why not in reasons[call_id]:
            reasons[call_id].append(why)

    if plan.all_fatal:
        for c in calls:
            if c.final.fatal or c.machine.fatal:
                take(c.final.call_id, t("sample.fatal", lang))
    if plan.lowest:
        for c in sorted(calls, key=lambda c: (c.final.score, c.final.call_id))[:plan.lowest]:
            take(c.final.call_id, t("sample.lowest", lang, n=plan.lowest))
    rng = random.Random(plan.seed)
    if plan.per_agent:
        agents_calls: dict[str, list] = {}
        for c in calls:
            agents_calls.setdefault(c.final.agent_id or "?", []).append(c)
        for agent in sorted(agents_calls):
            mine = sorted(agents_calls[agent], key=lambda c: c.final.call_id)
            for c in rng.sample(mine, min(plan.per_agent, len(mine))):
                take(c.final.call_id, t("sample.per_agent", lang, n=plan.per_agent))
    if plan.share:
        rest = sorted((c for c in calls if c.final.call_id not in reasons), key=lambda c: c.final.call_id)
        count = round(len(rest) * plan.share)
        for c in rng.sample(rest, min(count, len(rest))):
            take(c.final.call_id, t("sample.share", lang, share=f"{plan.share:.0%}"))
    return [(c, reasons[c.final.call_id]) for c in calls if c.final.call_id in reasons]


def write_sample(store: Store, rubric, plan: Plan, path, start=None, end=None, agents=(), lang: str = "zh"
                 ) -> tuple[int, int]:
    """The sample as a review workbook; (calls, findings)."""
    chosen = pick(store, rubric, plan, start, end, agents, lang)
    ids = {c.final.call_id for c, _ in chosen}
    found = selected(store, rubric, Selection(start, end, statuses=("all",), agents=tuple(agents), calls=ids))
    rows = []
    for c, why in chosen:
        r = c.final
        rows.append([r.call_id, r.agent_id, r.agent_name,
                     r.started_at.replace(tzinfo=None) if r.started_at else None, r.score, len(r.findings),
                     t("sep.list", lang).join(why), r.source, None, None, None])
    findings = write_review_book(path, rubric, found, lang, sample=rows)
    return len(chosen), findings


def describe(plan: Plan, lang: str) -> Optional[str]:
    if not (plan.per_agent or plan.all_fatal or plan.lowest or plan.share):
        return t("sample.nothing", lang)
    return None
