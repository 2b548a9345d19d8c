"""The progress bar on standard error: a sink that counts bytes and calls as pieces come."""

from __future__ import annotations

import sys

from .i18n import t


class ProgressSink:
    def __init__(self, total: int, lang: str = "zh"):
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="B", unit_scale=True, file=sys.stderr, dynamic_ncols=True,
                        desc="qa-toolkit", leave=False)
        self.calls = 0
        self.lang = lang

    def piece(self, piece) -> None:
        self.calls += piece.calls
        bar = self.bar
        bar.update(piece.size)
        rate = self.calls / max(bar.format_dict["elapsed"], 1e-9)
        bar.set_postfix_str(t("progress.calls", self.lang, calls=f"{self.calls:,}", rate=f"{rate:,.0f}"))

    def finish(self) -> None:
        self.bar.close()
