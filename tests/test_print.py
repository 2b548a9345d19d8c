"""What a supervisor prints: the sample scorecard converted to PDF by LibreOffice (the
Debian packages libreoffice-calc, fonts-noto-cjk and poppler-utils, installed by .ci/run),
page by page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import SAMPLES
from qa_toolkit.cli import main

TOOLS = all(shutil.which(tool) for tool in ("soffice", "pdftotext", "pdfinfo"))
# a developer's machine may lack LibreOffice; CI never does (.ci/run installs it)
pytestmark = pytest.mark.skipif(not TOOLS and os.environ.get("CI") != "true",
                                reason="LibreOffice and poppler-utils are not installed")


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> tuple[Path, list[str], list[str]]:
    folder = tmp_path_factory.mktemp("print")
    card = folder / "card.xlsx"
    # as a user runs it, from the project's folder: the files are named as given
    # (samples/calls/…), so the pages do not depend on where the clone lies
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(SAMPLES.parent)
        CliRunner().invoke(main, ["score", SAMPLES.name, "-o", str(card)], catch_exceptions=False)
    profile = folder / "profile"  # LibreOffice's own settings, apart from the user's
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(card)], check=True, capture_output=True, timeout=300)
    pdf = folder / "card.pdf"
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                            text=True, check=True).stdout).group(1))
    pages = [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                            text=True, check=True).stdout for n in range(1, count + 1)]
    raw = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout for n in range(1, count + 1)]
    return card, pages, raw


def _sheet_of(page: str) -> str:
    """The sheet a page belongs to, from its footer (sheet · page n of N · date)."""
    footer = [line for line in page.splitlines() if "页，共" in line][-1]
    return footer.split()[0]


def test_the_sample_scorecard_prints_on_few_pages_each_with_its_footer(printed):
    _, pages, _ = printed
    sheets = [_sheet_of(p) for p in pages]
    assert sheets.count("汇总") == 2  # a 9-agent team: its columns on two pages across
    assert sheets == ["汇总"] * 2 + ["扣分明细"] * 4 + ["通话", "规则统计", "输入错误", "说明"]
    assert [re.search(r"第 (\d+) 页，共 (\d+) 页", p).groups() for p in pages] == [
        (str(n), str(len(pages))) for n in range(1, len(pages) + 1)]


def test_every_column_of_every_sheet_is_printed_with_the_header_on_each_page(printed):
    card, pages, raw = printed
    book = load_workbook(card)
    by_sheet: dict[str, list[str]] = {}
    for page, text in zip(pages, raw):
        by_sheet.setdefault(_sheet_of(page), []).append(text)
    for sheet in book.worksheets:
        headers = [str(c.value) for c in sheet[1] if c.value and not sheet.column_dimensions[c.column_letter].hidden]
        flat = re.sub(r"\s+", "", "".join(by_sheet[sheet.title]))
        # a header wraps within its column, so its first characters stand together
        missing = [h for h in headers if re.sub(r"\s+", "", h)[:4] not in flat]
        assert missing == [], sheet.title
        assert all(headers[0] in text for text in by_sheet[sheet.title]), sheet.title  # the header row repeats
        # the columns fit across the pages set for the sheet: one page wide, or two for the widest
        assert sheet.page_setup.fitToWidth == (2 if sheet.title in ("汇总", "扣分明细") else 1)
        assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"


def test_the_chart_sits_under_the_summary_with_every_agent_and_the_pass_line(printed):
    card, pages, _ = printed
    sheet = load_workbook(card)["汇总"]
    names = [r[3] for r in sheet.iter_rows(min_row=2, values_only=True) if r[3]]
    assert len(names) == 9
    summary = "".join(p for p in pages if _sheet_of(p) == "汇总")
    assert "合格线 97" in summary and "期间得分" in summary
    labels = re.sub(r"\s+", "", summary)
    assert all(name in labels for name in names)
    assert sheet.print_area.endswith(f"${len(names) + 1 + 3 + 20}")  # the table and the chart under it
