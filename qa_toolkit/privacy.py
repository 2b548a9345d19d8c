"""What every output a wide audience sees does to text from transcripts and records.

- Card, ID and phone numbers — 7 or more digits, in ASCII, full-width or Chinese numerals
  as speech recognition writes them (六二二二零二零二…, 幺三八…), with spaces, no-break
  spaces, dots or hyphens (also full-width) between groups, an ID's final X included — are
  masked, keeping the last four: 6222 0202 0011 2233 → **** **** **** 2233. Every report
  of `check` does this (unless `--no-mask`), and so do the scorecard, the review and
  appeal workbooks, `diff` and `calibrate`.
- Text that a spreadsheet would run as a formula (starting with = + - @, tab or CR) is kept
  as text: XLSX cells are written as strings with Excel's quote prefix, CSV cells get a
  leading apostrophe (OWASP CSV injection guidance).
"""

from __future__ import annotations

import re

_DIGIT = "0-9０-９零〇一二三四五六七八九幺两"
_SEPARATORS = " \u00a0\u3000.\\-－‐‑–—·・"
_NUMBER = re.compile(f"[{_DIGIT}](?:[{_SEPARATORS}]?[{_DIGIT}]){{6,}}[XxＸｘ]?")
_KEEP = set(_SEPARATORS)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


_DATE = re.compile(r"^\d{4}([-./])\d{1,2}\1\d{1,2}$")


def _mask(match: re.Match) -> str:
    text = match.group(0)
    if _DATE.match(text):
        return text  # 2026-11-02 is a date, not a phone number
    keep = 4
    out = []
    for char in reversed(text):
        if char in _KEEP:
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


def mask_result(result):
    """A call result with every text from the transcript masked: messages, evidence,
    matched words (findings and met requirements). Spans stay valid: a masked digit is
    one character, as it was."""
    from msgspec.structs import replace

    findings = [replace(f, message=mask_numbers(f.message) or "", excerpt=mask_numbers(f.excerpt) or "",
                        matched=mask_numbers(f.matched) or "") for f in result.findings]
    met = [replace(m, matched=mask_numbers(m.matched) or "") for m in result.met]
    return replace(result, findings=findings, met=met)


def mask_error(error):
    """An input error with the cell or line it quotes masked."""
    from .i18n import said_map

    return error.model_copy(update={"reason": said_map(error.reason, mask_numbers)})


# C0 control characters other than tab, line feed and carriage return, and DEL
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def _picture(match: re.Match) -> str:
    code = ord(match.group())
    return chr(0x2421) if code == 0x7F else chr(0x2400 + code)  # ␀ … ␛ … ␡


def visible_controls(text: str) -> str:
    """Control characters shown as their Unicode pictures (ESC as ␛): a transcript's escape
    sequences never reach a terminal raw, and XML and workbooks (which cannot hold them)
    stay well-formed. Half characters (lone surrogates) become U+FFFD."""
    if text.isprintable():
        return text
    return _SURROGATES.sub("\ufffd", _CONTROLS.sub(_picture, text))
