"""Benchmark: calls/s per core for the engine and the reference checkers, ratios, peak
memory and single-file start-up, in one run on the same generated calls.

    python bench/run.py                 # 20,000 calls (engine), 1,000 (references)
    python bench/run.py --calls 1000000 --jobs 2   # the million-call run (≈ 6 GB on disk)

Figures printed:
- engine: `qa-toolkit check corpus.jsonl -f jsonl -o out.jsonl --jobs 1` end to end
  (read, normalise, segment, every rule of bank-hotline, score, write), wall time;
- plain-jieba reference: the straightforward path (every turn normalised and segmented
  with jieba, every phrase searched) in-process, on the first calls;
- spaCy reference: spaCy blank("zh") with the jieba segmenter and a PhraseMatcher over the
  same phrases, in-process, on the first calls (phrase lookup only: a lower bound of its cost);
- peak memory of the engine run (PSS summed over the process and its workers, sampled),
  and `check one-call.json` start-up, cold (also for the same call without its opening,
  which makes the greeting rule try the fuzzy search).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import Generator, write_corpus  # noqa: E402


def cli() -> list[str]:
    return [sys.executable, "-m", "qa_toolkit"]


def _tree(pid: int) -> list[int]:
    """The process and its descendants (Linux /proc)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def _memory(pids: list[int]) -> tuple[int, int]:
    """(RSS, PSS) in KiB summed over the processes: PSS shares each page among the
    processes that map it, so the sum is what the run holds in memory."""
    rss = pss = 0
    for pid in pids:
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith("Rss:"):
                rss += int(line.split()[1])
            elif line.startswith("Pss:"):
                pss += int(line.split()[1])
    return rss, pss


def measured(args: list[str]) -> tuple[float, float, float, int, str]:
    """(seconds, peak RSS MiB, peak PSS MiB, exit status, the end of its standard error)
    of `qa-toolkit ARGS`, memory summed over the process and its workers, sampled every
    0.1 s."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen([*cli(), *args], stdout=subprocess.DEVNULL, stderr=err)
        peak_rss = peak_pss = 0
        while proc.poll() is None:
            rss, pss = _memory(_tree(proc.pid))
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(0.1)
        seconds = time.perf_counter() - start
        err.seek(0)
        said = err.read()[-2000:].decode("utf-8", "replace")
    return seconds, peak_rss / 1024, peak_pss / 1024, proc.returncode, said


def engine(corpus: Path, out: Path, jobs: int) -> tuple[float, float, float]:
    """(seconds, peak RSS MiB, peak PSS MiB) of `qa-toolkit check corpus -f jsonl -o out`."""
    seconds, rss, pss, status, _ = measured(
        ["check", str(corpus), "-f", "jsonl", "-o", str(out), "--jobs", str(jobs), "--no-progress"])
    if status not in (0, 1):
        raise SystemExit(f"the engine run failed (exit {status})")
    return seconds, rss, pss


def reference_lines(calls_path: Path, count: int) -> tuple[list[str], float]:
    """The straightforward path with plain jieba on the first calls: (JSON lines, seconds)."""
    from qa_toolkit.engine import Checker, compile_rubric
    from qa_toolkit.ingest import read_calls
    from qa_toolkit.models import result_json
    from qa_toolkit.rubric import load_rubric
    from qa_toolkit.segment import Segmenter

    calls = [c for _, c in zip(range(count), read_calls([calls_path]))]
    checker = Checker(compile_rubric(load_rubric("bank-hotline"), Segmenter("jieba"), fast=False))
    start = time.perf_counter()
    lines = [result_json(checker.check(c)) for c in calls]
    return lines, time.perf_counter() - start


def reference(calls_path: Path, count: int) -> float:
    """calls/s of the straightforward path with plain jieba."""
    lines, seconds = reference_lines(calls_path, count)
    return len(lines) / seconds


def spacy_reference(calls_path: Path, count: int) -> float:
    """calls/s of spaCy blank("zh") (jieba segmenter) + PhraseMatcher over the rubric's phrases."""
    import spacy
    from spacy.matcher import PhraseMatcher

    from qa_toolkit.engine import compile_rubric
    from qa_toolkit.rubric import load_rubric

    compiled = compile_rubric(load_rubric("bank-hotline"))
    phrases = sorted({s for m in compiled.matchers for s in m.strings or ()})
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    matcher = PhraseMatcher(nlp.vocab)
    matcher.add("phrases", list(nlp.pipe(phrases)))
    calls = []
    with calls_path.open(encoding="utf-8") as fh:
        for _, line in zip(range(count), fh):
            calls.append(json.loads(line))
    start = time.perf_counter()
    hits = 0
    for call in calls:
        for utt in call["utterances"]:
            hits += len(matcher(nlp(utt["text"])))
    return len(calls) / (time.perf_counter() - start)


def startup(one: Path, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*cli(), "check", str(one), "--no-progress"], capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="qa-toolkit benchmark")
    parser.add_argument("--calls", type=int, default=20000, help="calls for the engine run")
    parser.add_argument("--reference-calls", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dir", default=None, help="where to write the corpus (default: a temp dir)")
    args = parser.parse_args(argv)

    work = Path(args.dir or tempfile.mkdtemp(prefix="qa-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / f"calls-{args.calls}.jsonl"
    if not corpus.exists():
        t = time.perf_counter()
        write_corpus(str(corpus), args.calls, args.seed)
        print(f"generated {args.calls:,} calls in {time.perf_counter() - t:.1f} s → {corpus}")
    size = corpus.stat().st_size
    sample = [json.loads(line) for _, line in zip(range(2000), corpus.open(encoding="utf-8"))]
    chars = statistics.mean(sum(len(u["text"]) for u in c["utterances"]) for c in sample)
    turns = statistics.mean(len(c["utterances"]) for c in sample)
    print(f"corpus: {args.calls:,} calls, {size / 2**20:,.0f} MiB, {size / args.calls:,.0f} bytes, "
          f"{chars:,.0f} characters and {turns:.0f} turns a call")

    one = work / "one-call.json"
    call = Generator(args.seed).call(0)
    one.write_text(json.dumps(call, ensure_ascii=False), encoding="utf-8")
    # the same call without its opening: the greeting rule then tries the fuzzy search
    first = next(u for u in call["utterances"] if u["role"] == "agent")
    first["text"] = "喂，你说吧。"
    unopened = work / "one-call-no-opening.json"
    unopened.write_text(json.dumps(call, ensure_ascii=False), encoding="utf-8")

    cold, cold_fuzzy = startup(one), startup(unopened)
    seconds, rss, pss = engine(corpus, work / "out.jsonl", args.jobs)
    rate = args.calls / seconds
    per_core = rate / args.jobs
    print(f"engine:            {rate:,.0f} calls/s with {args.jobs} job(s) = {per_core:,.0f} calls/s per core "
          f"({seconds:.1f} s wall)")
    print(f"memory:            peak {pss:,.0f} MiB in all processes (PSS; RSS summed: {rss:,.0f} MiB)")
    ref = reference(corpus, args.reference_calls)
    print(f"plain-jieba ref.:  {ref:,.0f} calls/s per core   → engine is {per_core / ref:.1f}×")
    spa = spacy_reference(corpus, args.reference_calls)
    print(f"spaCy reference:   {spa:,.0f} calls/s per core   → engine is {per_core / spa:.1f}×")
    print(f"start-up, cold:    {cold:.2f} s for `qa-toolkit check one-call.json` (median of 5); "
          f"{cold_fuzzy:.2f} s for the call without its opening (fuzzy search)")
    if args.calls < 1_000_000:
        print(f"1,000,000 calls at this rate: {1_000_000 / rate / 60:.1f} min (extrapolated)")


if __name__ == "__main__":
    main()
