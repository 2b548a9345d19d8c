"""Inspectors' decisions as labels for `calibrate --store`: a confirmed finding is a hit
the rule should make at its turn, a false hit (误报) one it should not, an inspector's
own finding (人工补充) of a rule at a turn a miss. The store keeps results, not
transcripts: the calls are read again from the files they were checked from (a call
whose file is gone is reported by `calibrate` as not found)."""

from __future__ import annotations

from ..calibrate import Label, LabelSet
from ..models import InputError
from .final import iter_calls


def labels_from_store(store, rubric, start=None, end=None) -> LabelSet:
    from ..ingest import read_calls

    found = LabelSet()
    rules = {r.id for r in rubric.rules}
    wanted: dict[str, set[str]] = {}
    for c in iter_calls(store, rubric, start, end):
        labels = []
        for item in c.findings:
            row = item.row
            if row["stale"] or row["rule_id"] not in rules or row["utterance_index"] is None:
                continue
            where = f"{store.given}#{row['id']}"
            if row["origin"] == "manual":
                labels.append(Label(c.row["call_id"], row["rule_id"], turn=row["utterance_index"], hit=True,
                                    reason=row["review_note"] or "", where=where))
            elif row["review"] in ("confirmed", "false_hit"):
                labels.append(Label(c.row["call_id"], row["rule_id"], turn=row["utterance_index"],
                                    hit=row["review"] == "confirmed", reason=row["review_note"] or "", where=where))
        if labels and c.row["source"]:
            found.labels.extend(labels)
            wanted.setdefault(c.row["source"], set()).add(c.row["call_id"])
    for source, ids in wanted.items():
        for item in read_calls([source]):
            if isinstance(item, InputError):
                found.errors.append(item)
            elif item.call_id in ids and item.call_id not in found.calls:
                found.calls[item.call_id] = item
    return found
