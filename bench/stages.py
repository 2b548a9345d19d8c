"""Where the time of a call goes: µs per call for each stage of checking and for each rule
of bank-hotline, in one process, on generated calls it has not seen (after a warm-up).

    python bench/stages.py                 # 2,000 calls after 300 warm-up calls
    python bench/stages.py --calls 5000

Stages, in the order a call goes through them:
- read: reading and decoding the JSON line;
- normalise: making the call ready (the turns the rules read, joined and normalised);
- scan: the phrase automaton over the joined turns;
- one line per rule: the rule's own check;
- findings: locating each finding in the original text and wording its message;
- score: caps and the arithmetic;
- rest of check_call: the evidence of met requirements and the result;
- write: the JSON line.

Each stage is timed around its call, which costs a little: the untimed figure (the same
number of other unseen calls, no timers) is printed too, and the calls/s of the pipeline
with no rule at all (read, normalise, scan, result, write) — what no rule work can go below.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402

from dataclasses import replace  # noqa: E402

from qa_toolkit import engine  # noqa: E402
from qa_toolkit.engine import Checker, compile_rubric  # noqa: E402
from qa_toolkit.ingest.json_input import stream_jsonl  # noqa: E402
from qa_toolkit.models import InputError  # noqa: E402
from qa_toolkit.reporters import ReportOptions, jsonl  # noqa: E402
from qa_toolkit.rubric import load_rubric  # noqa: E402

clock = time.perf_counter
_OPTIONS = ReportOptions()


def _write(result) -> str:
    return jsonl.stream_call(_OPTIONS, result)


def _calls(path: Path):
    """The calls of a JSON Lines file, read as `check` reads them."""
    return (item for item in stream_jsonl(path) if not isinstance(item, InputError))


def split_corpus(folder: Path, warm_up: int, calls: int, seed: int) -> tuple[Path, Path, Path]:
    """Generated calls in three files: the warm-up, the untimed run's, the timed run's."""
    whole = folder / "calls.jsonl"
    write_corpus(str(whole), warm_up + 2 * calls, seed)
    lines = whole.read_bytes().splitlines(keepends=True)
    parts = []
    for name, first, last in (("warm-up", 0, warm_up), ("untimed", warm_up, warm_up + calls),
                              ("timed", warm_up + calls, warm_up + 2 * calls)):
        part = folder / f"{name}.jsonl"
        part.write_bytes(b"".join(lines[first:last]))
        parts.append(part)
    return parts[0], parts[1], parts[2]


def untimed(checker: Checker, path: Path) -> float:
    """µs per call of read, check and write with no timers."""
    begin = clock()
    n = 0
    for call in _calls(path):
        _write(checker.check(call))
        n += 1
    return (clock() - begin) / n * 1e6


class _TimedCheck:
    def __init__(self, check, label: str, times: dict[str, float]):
        self.check, self.label, self.times = check, label, times

    def run(self, view, evidence):
        begin = clock()
        hits = list(self.check.run(view, evidence))
        self.times[self.label] += clock() - begin
        return hits

    def __getattr__(self, name):
        return getattr(self.check, name)


def _timed(function, label: str, times: dict[str, float]):
    def wrapper(*args, **kwargs):
        begin = clock()
        result = function(*args, **kwargs)
        times[label] += clock() - begin
        return result
    return wrapper


class _TimedPath:
    """The checker's path, with the making of each view (normalise) and its scan timed apart."""

    def __init__(self, path, times: dict[str, float]):
        self.path, self.times = path, times

    def view(self, call, log=None):
        begin = clock()
        view = self.path.view(call, log)
        middle = clock()
        if getattr(view, "scan", None) is not None:
            view.scan.scan()  # the scan, done now instead of at the first rule
        self.times["scan"] += clock() - middle
        self.times["normalise"] += middle - begin
        return view


def staged(compiled, path: Path, cache=None) -> tuple[dict[str, float], list[str]]:
    """Seconds per stage over the calls, and the lines written (what `check` writes). The
    compiled rubric is not changed: the timed checks run in a copy of its plan."""
    times: dict[str, float] = dict.fromkeys(("read", "normalise", "scan", "check_call", "findings", "score", "write"), 0.0)
    times.update((f"rule {step.rule.id}", 0.0) for step in compiled.plan)  # a rule not run stays at 0
    saved = {name: getattr(engine, name) for name in ("make_finding", "apply_caps", "compute_score")}
    timed_plan = tuple(replace(step, check=_TimedCheck(step.check, "rule " + step.rule.id, times))
                       for step in compiled.plan)
    checker = Checker(replace(compiled, plan=timed_plan), cache=cache)
    checker.path = _TimedPath(checker.path, times)
    engine.make_finding = _timed(saved["make_finding"], "findings", times)
    engine.apply_caps = _timed(saved["apply_caps"], "score", times)
    engine.compute_score = _timed(saved["compute_score"], "score", times)
    lines: list[str] = []
    try:
        calls = _calls(path)
        while True:
            begin = clock()
            call = next(calls, None)
            middle = clock()
            times["read"] += middle - begin
            if call is None:
                break
            result = checker.check(call)
            end = clock()
            times["check_call"] += end - middle
            lines.append(_write(result))
            times["write"] += clock() - end
    finally:
        for name, function in saved.items():
            setattr(engine, name, function)
    inside = sum(v for k, v in times.items() if k not in ("read", "check_call", "write"))
    times["rest of check_call"] = times.pop("check_call") - inside
    return times, lines


def no_rules(path: Path) -> float:
    """µs per call of the pipeline with every rule left out (the scan still made)."""
    compiled = compile_rubric(load_rubric("bank-hotline"))
    checker = Checker(replace(compiled, plan=()))
    checker.path = _TimedPath(checker.path, {"scan": 0.0, "normalise": 0.0})
    return untimed(checker, path)


ORDER = ("read", "normalise", "scan")
TAIL = ("findings", "score", "rest of check_call", "write")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="qa-toolkit: where the time of a call goes")
    parser.add_argument("--calls", type=int, default=2000, help="calls measured (twice: timed and untimed)")
    parser.add_argument("--warm-up", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        warm, first, second = split_corpus(Path(tmp), args.warm_up, args.calls, args.seed)
        compiled = compile_rubric(load_rubric("bank-hotline"))
        checker = Checker(compiled)
        for call in _calls(warm):
            _write(checker.check(call))
        gc.freeze()  # as the batch runner does
        plain = untimed(checker, first)
        times, lines = staged(compiled, second, cache=checker.cache)
        floor = no_rules(first)
    rules = [k for k in times if k.startswith("rule ")]
    n = len(lines)
    print(f"where the time of a call goes: µs per call, {n:,} unseen calls after {args.warm_up:,} warm-up calls")
    for label in (*ORDER, *rules, *TAIL):
        print(f"  {label:28s}{times[label] / n * 1e6:8.1f}")
    total = sum(times.values()) / n * 1e6
    print(f"  {'total, timed':28s}{total:8.1f}")
    print(f"untimed:                        {plain:8.1f} µs per call ({1e6 / plain:,.0f} calls/s)")
    print(f"with no rule at all:            {floor:8.1f} µs per call ({1e6 / floor:,.0f} calls/s): "
          "read, normalise, scan, result, write")


if __name__ == "__main__":
    main()
