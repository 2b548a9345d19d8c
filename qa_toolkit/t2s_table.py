"""What OpenCC's t2s conversion can change, read from its own dictionaries.

OpenCC converts by longest match over its dictionaries; a text changes only where a key
whose (first) value differs from it occurs. So a text holding none of the changing
single characters and none of the changing phrases converts to itself, and the normaliser
skips the conversion (most call-centre text is simplified already).

The table ships as `data/opencc-t2s-changes.json`, made for one OpenCC version; with any
other version installed the normaliser converts every text. Regenerate it with

    python -m qa_toolkit.t2s_table

(it runs `opencc_dict`, which the opencc wheel ships, to read the .ocd2 dictionaries).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "data" / "opencc-t2s-changes.json"


def opencc_version() -> str:
    from importlib.metadata import version

    return version("opencc")


def _opencc_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("opencc")
    return Path(spec.origin).parent / "clib"


def dictionary_entries() -> list[tuple[str, str]]:
    """(key, first value) of every dictionary the t2s configuration uses."""
    clib = _opencc_dir()
    share = clib / "share" / "opencc"
    config = json.loads((share / "t2s.json").read_text(encoding="utf-8"))
    files: list[str] = []

    def collect(node) -> None:
        if isinstance(node, dict):
            if node.get("type") == "ocd2":
                files.append(node["file"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(config)
    entries: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in files:
            out = Path(tmp) / f"{name}.txt"
            subprocess.run(
                [str(clib / "bin" / "opencc_dict"), "-i", str(share / name), "-o", str(out),
                 "-f", "ocd2", "-t", "text"],
                check=True, capture_output=True,
            )
            for line in out.read_text(encoding="utf-8").splitlines():
                key, _, values = line.partition("\t")
                entries.append((key, values.split(" ")[0]))
    return entries


def build_table() -> dict:
    """`chars` and `phrases`: the keys whose conversion differs. `needles`: characters
    such that every phrase holding no changing character holds one of them where the
    conversion changes it (回覆 → 回复: 覆), so a text without a needle and without a
    changing character holds no changing key."""
    chars: set[str] = set()
    phrases: dict[str, set[str]] = {}
    for key, value in dictionary_entries():
        if key == value:
            continue
        if len(key) == 1:
            chars.add(key)
            continue
        changed = {k for k, v in zip(key, value) if k != v} if len(key) == len(value) else set(key)
        phrases.setdefault(key, set()).update(changed)
    uncovered = [changed for key, changed in phrases.items() if chars.isdisjoint(key)]
    needles: list[str] = []
    while uncovered:  # greedy: the character in most of the phrases not yet covered
        counts: dict[str, int] = {}
        for changed in uncovered:
            for char in changed:
                counts[char] = counts.get(char, 0) + 1
        best = max(sorted(counts), key=counts.__getitem__)
        needles.append(best)
        uncovered = [changed for changed in uncovered if best not in changed]
    return {"opencc": opencc_version(), "chars": "".join(sorted(chars)), "phrases": sorted(phrases),
            "needles": "".join(needles)}


def main() -> None:
    from .resources import write_table

    write_table(TABLE, build_table())


if __name__ == "__main__":
    main()
