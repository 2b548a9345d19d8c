"""Inspectors' decisions as labels for `calibrate --store`: a confirmed finding is a hit
the rule should make at its turn, a false hit (误报) one it should not, an inspector's
own finding (人工补充) of a rule at a turn a miss; the calls are the stored transcripts."""

from __future__ import annotations

from ..calibrate import Label, LabelSet
from ..models import Call, Role, Utterance
from .db import unpack
from .final import load_calls


def labels_from_store(store, rubric, start=None, end=None) -> LabelSet:
    found = LabelSet()
    rules = {r.id for r in rubric.rules}
    for c in load_calls(store, rubric, start, end):
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
        if not labels:
            continue
        utterances = unpack(c.row["transcript"]) or []
        found.calls[c.row["call_id"]] = Call(
            call_id=c.row["call_id"], agent_id=c.row["agent_id"], agent_name=c.row["agent_name"],
            channel=c.row["channel"], direction=c.row["direction"] or "inbound", source=c.row["source"],
            utterances=[Utterance(role=Role(u["role"]), text=u["text"], start=u["start"], end=u["end"],
                                  line=u["line"]) for u in utterances])
        found.labels.extend(labels)
    return found
