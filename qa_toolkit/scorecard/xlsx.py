"""The Excel scorecard (openpyxl): one sheet per table, ready to sort, filter and print.

Headers are bold on a fill and frozen, every sheet has an autofilter, columns are sized
to their content, numbers, percentages and times have formats. The summary sheet colours
period scores against the pass line and has a bar chart of scores.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..i18n import t
from ..output import new_workbook, save_workbook
from ..privacy import is_formula_like, visible_controls
from .tables import Table, shown_bool

NAME = "xlsx"
SUFFIX = ".xlsx"
# numbers are rounded to two places and shown as General: 99 and 96.67, never "99."
FORMATS = {"int": "0", "number": "General", "percent": "0.0%", "datetime": "yyyy-mm-dd hh:mm"}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
PASS_FILL = PatternFill("solid", fgColor="C6EFCE")
FAIL_FILL = PatternFill("solid", fgColor="FFC7CE")
FLAG_FILL = {"promote": PatternFill("solid", fgColor="FFEB9C")}


def _width(value) -> int:
    text = "" if value is None else (value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "strftime") else str(value))
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def _write_table(ws, table: Table, lang: str) -> None:
    ws.title = table.title
    for col, column in enumerate(table.columns, start=1):
        cell = ws.cell(row=1, column=col, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    for r, row in enumerate(table.rows, start=2):
        for col, (column, value) in enumerate(zip(table.columns, row), start=1):
            cell = ws.cell(row=r, column=col)
            if column.kind == "bool":
                value = shown_bool(value, lang)
            elif column.kind == "number" and isinstance(value, float):
                value = round(value, 2)
            elif isinstance(value, str):
                value = visible_controls(value)  # a workbook cannot hold control characters
            cell.value = value
            if isinstance(value, str) and is_formula_like(value):
                cell.data_type = "s"  # text, never a formula
                cell.quotePrefix = True
            if column.kind in FORMATS and value is not None:
                cell.number_format = FORMATS[column.kind]
            if column.kind == "wide":
                cell.alignment = Alignment(wrap_text=False, vertical="top")
    for col, column in enumerate(table.columns, start=1):
        sample = [column.header] + [row[col - 1] for row in table.rows[:500]]
        width = max(_width(v) for v in sample) + 2
        limit = 60 if column.kind == "wide" else 30
        ws.column_dimensions[get_column_letter(col)].width = max(8, min(width, limit))
    ws.freeze_panes = "A2"
    last = get_column_letter(len(table.columns))
    ws.auto_filter.ref = f"A1:{last}{max(1, len(table.rows) + 1)}"


def _column(table: Table, key: str) -> int:
    return next(i for i, c in enumerate(table.columns, start=1) if c.key == key)


def _decorate_summary(ws, table: Table, pass_line: float, lang: str) -> None:
    rows = len(table.rows)
    if not rows:
        return
    _colour_scores(ws, table, pass_line, passed_too=True)
    chart = BarChart()
    chart.type = "bar"
    chart.title = t("chart.score", lang)
    chart.y_axis.title = chart.title
    chart.legend = None
    chart.height = max(7.5, 0.6 * rows + 3)
    chart.width = 16
    score_col = _column(table, "score")
    name_col = _column(table, "agent_name")
    chart.add_data(Reference(ws, min_col=score_col, min_row=1, max_row=rows + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=name_col, min_row=2, max_row=rows + 1))
    ws.add_chart(chart, f"{get_column_letter(len(table.columns) + 2)}2")


def _colour_scores(ws, table: Table, pass_line: float, passed_too: bool) -> None:
    """Scores below the pass line red (and, if asked, the others green)."""
    if not table.rows:
        return
    score = get_column_letter(_column(table, "score"))
    area = f"{score}2:{score}{len(table.rows) + 1}"
    ws.conditional_formatting.add(area, CellIsRule(operator="lessThan", formula=[repr(pass_line)], fill=FAIL_FILL))
    if passed_too:
        ws.conditional_formatting.add(
            area, CellIsRule(operator="greaterThanOrEqual", formula=[repr(pass_line)], fill=PASS_FILL)
        )


def write(tables: list[Table], output: Path, lang: str, pass_line: float) -> str:
    output.parent.mkdir(parents=True, exist_ok=True)
    write_xlsx(tables, output, lang, pass_line)
    return str(output)


def write_xlsx(tables: list[Table], path: Path, lang: str, pass_line: float) -> None:
    book = new_workbook(empty=True)
    for table in tables:
        ws = book.create_sheet()
        _write_table(ws, table, lang)
        if table.key == "summary":
            _decorate_summary(ws, table, pass_line, lang)
        elif table.key == "calls":
            _colour_scores(ws, table, pass_line, passed_too=False)
    save_workbook(book, path)
