"""The progress bar on standard error: a sink that counts bytes and calls as pieces come."""

from __future__ import annotations

import sys


class ProgressSink:
    def __init__(self, total: int):
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="B", unit_scale=True, file=sys.stderr, dynamic_ncols=True,
                        desc="qa-toolkit", leave=False)
        self.calls = 0

    def piece(self, piece) -> None:
        self.calls += piece.calls
        bar = self.bar
        bar.update(piece.size)
        bar.set_postfix_str(f"{self.calls:,} calls, {self.calls / max(bar.format_dict['elapsed'], 1e-9):,.0f}/s")

    def finish(self) -> None:
        self.bar.close()
