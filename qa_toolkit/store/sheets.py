"""The workbooks of the inspector's loop: written for people to work in (bold frozen
headers, widths, drop-down lists, wrapped evidence, masked numbers, text never taken as a
formula) and read back row by row, each bad row named with its sheet and row."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

from ..i18n import t
from ..models import InputError
from ..output import append_row, display_width, new_workbook, save_workbook
from ..privacy import keep_as_text

WIDE = 48


def new_book():
    return new_workbook(empty=True)


def add_sheet(book, title: str, headers: list[str], rows: Iterable[list[Any]], wide: Iterable[int] = (),
              choices: Optional[dict[int, str]] = None, lang: str = "zh"):
    """A sheet with a header row; `wide`: columns (0-based) wrapped and wide;
    `choices`: column → a list formula (a range of the options sheet) for a drop-down."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet = book.create_sheet(title)
    append_row(sheet, headers)
    count = 0
    for row in rows:
        append_row(sheet, row)
        count += 1
    from datetime import date, datetime

    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = fill
    sheet.freeze_panes = "A2"
    wide = set(wide)
    for index, header in enumerate(headers):
        letter = get_column_letter(index + 1)
        if index in wide:
            sheet.column_dimensions[letter].width = WIDE
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        else:
            sample = [header] + [str(c.value) for c in sheet[letter][1:200] if c.value is not None]
            sheet.column_dimensions[letter].width = min(30, max(8, max(display_width(s) for s in sample) + 2))
    last = max(count + 1, 2) + 500  # room to add rows
    for column, formula in (choices or {}).items():
        letter = get_column_letter(column + 1)
        check = DataValidation(type="list", formula1=formula, allow_blank=True)
        check.error = t("sheet.pick", lang)
        sheet.add_data_validation(check)
        check.add(f"{letter}2:{letter}{last}")
    if count:
        sheet.auto_filter.ref = sheet.dimensions
    keep_as_text(sheet)
    return sheet


def options_sheet(book, lists: dict[str, list[str]]) -> dict[str, str]:
    """A hidden sheet holding the drop-down options; {name: list formula}."""
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet("_options")
    formulas = {}
    for index, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        for row, value in enumerate(values, start=1):
            sheet.cell(row=row, column=index, value=value)
        formulas[name] = f"_options!${letter}$1:${letter}${max(1, len(values))}"
    sheet.sheet_state = "hidden"
    keep_as_text(sheet)
    return formulas




def save(book, path: Path) -> None:
    save_workbook(book, path)


class Row:
    """One row of a sheet read back: its values by field, and where it is."""

    def __init__(self, path: Path, sheet: Optional[str], number: int, values: dict[str, Any],
                 headers: Optional[dict[str, str]] = None):
        self.path = path
        self.sheet = sheet
        self.number = number
        self.values = values
        self.headers = headers or {}  # field → the header it has in the sheet

    def get(self, name: str) -> Any:
        value = self.values.get(name)
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    def error(self, reason: str, column: Optional[str] = None) -> InputError:
        return InputError(path=str(self.path), sheet=self.sheet, row=self.number,
                          column=self.headers.get(column, column) if column else None, reason=reason)


def read_rows(path: Path, sheets: dict[str, dict[str, list[str]]], lang: str = "zh"
              ) -> Iterator[tuple[str, Row] | InputError]:
    """(kind, row) for every filled row of the sheets named (kind → {field: headers});
    a sheet is recognised by its headers (the first that names a kind's first field)."""
    from ..ingest.tables import aliases, map_columns, read_tables

    found = False
    for table in read_tables(path):
        if isinstance(table, InputError):
            yield table
            return
        for kind, fields in sheets.items():
            columns = map_columns(table.header, aliases(fields))
            first = next(iter(fields))
            if first not in columns:
                continue
            found = True
            headers = {f: table.header[i] for f, i in columns.items()}
            for number, cells in table.rows:
                values = {f: cells[i] if i < len(cells) else None for f, i in columns.items()}
                yield kind, Row(path, table.sheet, number, values, headers)
            break
    if not found:
        yield InputError(path=str(path), reason=t("sheet.none", lang))
