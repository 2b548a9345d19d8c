"""Per-rule precision and recall on real dialogues: the public JD customer-service sample.

    python bench/realdata.py PATH/chat_0.1per.txt                  # the development split
    python bench/realdata.py PATH --split held --labels LABELS     # another split, other labels
    python bench/realdata.py PATH --cases                          # every false hit and miss too

PATH is a local copy of `data/chat_0.1per.txt` from the public repository
EndlessLethe/jddc2019-3th-retrieve-model (research-only licence: the project ships none of
its text). Sessions whose id starts with 0–7 are the development split; their labels, made
by hand with the criteria of `qa-toolkit rule ID`, are `bench/labels/jd-dev.jsonl`, keyed
by session id.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from jd import sessions  # noqa: E402

from qa_toolkit.calibrate import measure, read_labels, render_text  # noqa: E402
from qa_toolkit.engine import compile_rubric  # noqa: E402
from qa_toolkit.rubric import load_rubric  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="qa-toolkit on the JD dialogue sample")
    parser.add_argument("path", type=Path, help="local copy of chat_0.1per.txt")
    parser.add_argument("--split", choices=["dev", "held", "all"], default="dev")
    parser.add_argument("--labels", type=Path, default=HERE / "labels" / "jd-dev.jsonl")
    parser.add_argument("--rubric", default="bank-hotline")
    parser.add_argument("--cases", action="store_true", help="list every false hit and miss")
    parser.add_argument("--lang", default="zh")
    args = parser.parse_args(argv)
    compiled = compile_rubric(load_rubric(args.rubric))
    calls = list(sessions(args.path, args.split))
    result = measure(compiled, read_labels([args.labels]), calls, args.lang)
    print(f"{len(calls)} sessions of the {args.split} split in {args.path}")
    print(render_text(result, args.lang, show_cases=args.cases), end="")
    for error in result.errors:
        print(f"{error.location()}: {error.reason}", file=sys.stderr)
    return 2 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
