"""The public JD customer-service dialogue sample as calls: read from a local copy.

The file (`data/chat_0.1per.txt` of EndlessLethe/jddc2019-3th-retrieve-model) is
tab-separated: session id, user id, waiter_send (1: the agent), is_transfer, is_repeat,
sku, content; one row per turn. Its licence is research-only, so the project ships no text
of it: only labels keyed by session id, and this reader. Sessions whose id starts with a
hex digit 0–7 are the development split; the others (8–f) are held back for acceptance.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from qa_toolkit.models import Call, Role, Utterance

SPLITS = {"dev": "01234567", "held": "89abcdef", "all": "0123456789abcdef"}


def sessions(path: Path, split: str = "dev") -> Iterator[Call]:
    """The sessions of a split, in file order, as chat calls."""
    wanted = SPLITS[split]
    current, turns = None, []
    with path.open(encoding="utf-8") as fh:
        for number, raw in enumerate(fh, start=1):
            parts = raw.rstrip("\n").split("\t")
            if len(parts) < 7 or parts[0][:1] not in wanted:
                continue
            session, waiter, content = parts[0], parts[2], "\t".join(parts[6:])
            if session != current:
                if current is not None and turns:
                    yield _call(current, turns, path)
                current, turns = session, []
            role = Role.agent if waiter == "1" else Role.customer
            turns.append(Utterance(role=role, text=content, line=number))
    if current is not None and turns:
        yield _call(current, turns, path)


def _call(session: str, turns: list[Utterance], path: Path) -> Call:
    return Call(call_id=session, channel="chat", utterances=turns, source=str(path))
