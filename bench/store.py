"""What `check --store` costs: the same calls checked without a store, into a fresh
SQLite store, and again into the same store (a re-run: every call and finding matched by
its stable id), side by side in one run, alternating.

    python bench/store.py                       # 100,000 generated calls, SQLite, one job
    python bench/store.py --calls 20000 --store postgresql://postgres@127.0.0.1:5432/bench

The target: storing adds at most 25 % to the wall time of `check`.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "qa_toolkit", *args], capture_output=True, text=True)
    if done.returncode != 0:  # --exit-zero: anything else is a failure
        raise SystemExit(f"failed (exit {done.returncode}): {' '.join(args)}\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="the cost of check --store")
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--store", default=None, help="a store URL (default: a SQLite file in the work folder)")
    parser.add_argument("--dir", default=None)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds; medians are printed")
    args = parser.parse_args(argv)
    work = Path(args.dir or tempfile.mkdtemp(prefix="qa-bench-store-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / f"calls-{args.calls}.jsonl"
    if not corpus.exists():
        write_corpus(str(corpus), args.calls)
    store = args.store or str(work / "store.sqlite")
    base = ["check", str(corpus), "-f", "jsonl", "-o", str(work / "out.jsonl"), "--jobs", str(args.jobs),
            "--no-progress", "--exit-zero"]
    plain, fresh, rerun = [], [], []
    for _ in range(args.rounds):
        if not args.store:
            for suffix in ("", "-wal", "-shm"):
                Path(store + suffix).unlink(missing_ok=True)
        plain.append(timed(base))
        fresh.append(timed([*base, "--store", store]))
        rerun.append(timed([*base, "--store", store]))
    p, f, r = (statistics.median(x) for x in (plain, fresh, rerun))
    size = sum(q.stat().st_size for q in Path(store).parent.glob(Path(store).name + "*")) if not args.store else 0
    print(f"{args.calls:,} calls, {args.jobs} job(s), {args.rounds} alternating rounds (medians)")
    print(f"check:                 {p:.1f} s   ({', '.join(f'{x:.1f}' for x in plain)})")
    print(f"check --store, fresh:  {f:.1f} s   ({', '.join(f'{x:.1f}' for x in fresh)})  +{(f / p - 1) * 100:.0f} %")
    print(f"check --store, re-run: {r:.1f} s   ({', '.join(f'{x:.1f}' for x in rerun)})  +{(r / p - 1) * 100:.0f} %")
    if size:
        print(f"store size:            {size / 2**20:,.0f} MiB ({size / args.calls / 1024:.1f} KiB a call)")


if __name__ == "__main__":
    main()
