"""What `score` costs beside `check`: the same generated calls, each with its row in a call
log (CSV), checked into a JSON Lines report and scored into the Excel scorecard, side by
side in one run; time and peak memory summed over the process and its workers.

    python bench/score.py                        # 1,000,000 calls and a 1,000,000-row log, two jobs
    python bench/score.py --calls 100000 --jobs 1

The targets: `score` peaks under 1 GiB in all, and takes at most 50 % more time per call
than `check`.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402
from run import measured  # noqa: E402

PEAK_TARGET_MIB = 1024
TIME_TARGET = 1.5


def write_log(calls: Path, log: Path, seed: int = 11) -> int:
    """One call-log row per call of `calls`, in a shuffled order (a switch's export is not
    sorted the way the transcripts are)."""
    rng = random.Random(seed)
    rows = []
    with calls.open(encoding="utf-8") as fh:
        for line in fh:
            call = json.loads(line)
            rows.append((call["call_id"], call["agent_id"], call["started_at"][:19].replace("T", " ")))
    rng.shuffle(rows)
    with log.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["通话ID", "工号", "开始时间", "振铃次数", "等待时长", "通话时长", "挂机方", "满意度"])
        for call_id, agent, started in rows:
            out.writerow([call_id, agent, started, rng.choice((1, 1, 2, 2, 3, 4)), round(rng.uniform(1, 25), 1),
                          rng.randint(40, 900), rng.choice(("客户挂机",) * 9 + ("坐席挂机",)),
                          rng.choice(("非常满意", "满意", "一般", "不满意"))])
    return len(rows)


def timed(args: list[str]) -> tuple[float, float, float]:
    """(seconds, peak PSS MiB, peak RSS MiB) of one command (`run.measured`)."""
    seconds, rss, pss, status, said = measured(args)
    if status not in (0, 1):
        raise SystemExit(f"failed (exit {status}): {' '.join(args)}\n{said}")
    return seconds, pss, rss


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="the cost of score beside check")
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--dir", default=None, help="work folder (the corpus and log are kept for the next run)")
    args = parser.parse_args(argv)
    work = Path(args.dir or tempfile.mkdtemp(prefix="qa-bench-score-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus, log = work / f"calls-{args.calls}.jsonl", work / f"log-{args.calls}.csv"
    if not corpus.exists():
        write_corpus(str(corpus), args.calls)
    if not log.exists():
        write_log(corpus, log)
    common = ["--logs", str(log), "--jobs", str(args.jobs), "--no-progress"]
    check = timed(["check", str(corpus), *common, "-f", "jsonl", "-o", str(work / "out.jsonl")])
    score = timed(["score", str(corpus), *common, "-o", str(work / "card.xlsx")])
    size = (work / "card.xlsx").stat().st_size
    print(f"calls:   {args.calls:,} with a {args.calls:,}-row call log, {args.jobs} job(s)")
    for name, (seconds, pss, rss) in (("check", check), ("score", score)):
        print(f"{name}:   {seconds:8.1f} s  {seconds / args.calls * 1e6:7.0f} µs/call  "
              f"peak {pss:7,.0f} MiB in all processes (PSS; RSS summed {rss:,.0f} MiB)")
    ratio = score[0] / check[0]
    print(f"score/check time: {ratio:.2f} (target ≤ {TIME_TARGET:.2f}): {'met' if ratio <= TIME_TARGET else 'MISSED'}")
    print(f"score peak: {score[1]:,.0f} MiB (target < {PEAK_TARGET_MIB:,} MiB): "
          f"{'met' if score[1] < PEAK_TARGET_MIB else 'MISSED'}")
    print(f"scorecard: {size / 1e6:,.1f} MB")


if __name__ == "__main__":
    main()
