"""What every output a wide audience sees does to text from transcripts and records.

- Card, ID and phone numbers (7 or more digits, spaces or hyphens between them allowed,
  an ID's final X included) are masked, keeping the last four: 6222 0202 0011 2233 →
  **** **** **** 2233.
- Text that a spreadsheet would run as a formula (starting with = + - @, tab or CR) is kept
  as text: XLSX cells are written as strings with Excel's quote prefix, CSV cells get a
  leading apostrophe (OWASP CSV injection guidance).
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"[0-9０-９](?:[ \-]?[0-9０-９]){6,}[Xx]?")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


def _mask(match: re.Match) -> str:
    text = match.group(0)
    if _DATE.match(text):
        return text  # 2026-11-02 is a date, not a phone number
    keep = 4
    out = []
    for char in reversed(text):
        if char in " -":
            out.append(char)
        elif keep > 0:
            out.append(char)
            keep -= 1
        else:
            out.append("*")
    return "".join(reversed(out))


def mask_numbers(text: str | None) -> str | None:
    if not text:
        return text
    return _NUMBER.sub(_mask, text)


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_START)


def keep_as_text(sheet) -> None:
    """Every string cell of an openpyxl sheet that a spreadsheet would run as a formula is
    made a text cell with Excel's quote prefix."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and is_formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
