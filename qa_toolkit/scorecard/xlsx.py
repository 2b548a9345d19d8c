"""The Excel scorecard (openpyxl): one sheet per table, ready to sort, filter and print.

Headers are bold on a fill and frozen, every sheet has an autofilter, columns are sized
to their content, numbers, percentages and times have formats. The summary sheet colours
period scores against the pass line and has a bar chart of scores.

The workbook is openpyxl's write-only (streaming) one: each row is written as it comes
from its table (the detail tables come from disk), so a period of millions of calls is
written without holding its rows. A detail table longer than its `limit` lists the first
`limit` rows and says so in a last row.
"""

from __future__ import annotations

import re
from copy import copy
from pathlib import Path

from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..i18n import t
from ..output import new_workbook, save_workbook, workbook_errors
from ..privacy import is_formula_like, visible_controls
from .tables import Table, shown_bool

NAME = "xlsx"
SUFFIX = ".xlsx"
# numbers are rounded to two places and shown as General: 99 and 96.67, never "99."
FORMATS = {"int": "0", "number": "General", "percent": "0.0%", "datetime": "yyyy-mm-dd hh:mm"}
LINE_HEIGHT = 15  # points: one line of the default 11-point font
LINE_FILL = 1.15  # display-width units (a CJK character is 2) a line of a column holds per unit of its width
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
PASS_FILL = PatternFill("solid", fgColor="C6EFCE")
FAIL_FILL = PatternFill("solid", fgColor="FFC7CE")
FLAG_FILL = {"promote": PatternFill("solid", fgColor="FFEB9C")}
TOP = Alignment(vertical="top")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")


_WIDE = re.compile("[\u2e80-\U0010ffff]")  # a character a sheet shows two units wide


def _width(value) -> int:
    text = "" if value is None else (value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "strftime") else str(value))
    return 2 * len(text) - len(_WIDE.sub("", text))


def _widths(table: Table) -> list[int]:
    """Each column's width, from its header and the first rows."""
    head = table.head()
    widths = []
    for col, column in enumerate(table.columns):
        content = max(_width(row[col]) for row in head) + 2 if head else 0
        header = _width(column.header) + 2
        if column.kind == "wide":
            width = min(max(content, header), 40)
        elif column.kind in ("int", "number", "percent", "bool"):
            width = min(max(content, header), 10)  # the header wraps; the figures fit
        else:
            width = min(max(content, header), 24)
        widths.append(max(6, width))
    return widths


class _Styles:
    """Each column's cell style, made once and copied to every cell (styling cell by cell
    through openpyxl's attributes costs more than writing the cell): as it stands, and
    aligned to the top (in a row whose wide cells wrap)."""

    def __init__(self, ws, table: Table):
        self.ws = ws
        self.plain, self.top = [], []
        for column in table.columns:
            cell = WriteOnlyCell(ws)
            if column.kind in FORMATS:
                cell.number_format = FORMATS[column.kind]
            if column.kind == "wide":  # long arithmetic and messages wrap within their column
                cell.alignment = WRAP_TOP
            self.plain.append(cell._style if cell.has_style else None)  # None: the default style
            top = WriteOnlyCell(ws)
            top._style = copy(cell._style)
            if column.kind != "wide":
                top.alignment = TOP
            self.top.append(top._style)

    def cell(self, value, style):
        """A cell of a value in a style (None: the value itself, in the default style)."""
        formula = isinstance(value, str) and is_formula_like(value)
        if style is None and not formula:
            return value
        cell = WriteOnlyCell(self.ws, value)
        if style is not None:
            cell._style = copy(style)
        if formula:
            cell.data_type = "s"  # text, never a formula
            cell.quotePrefix = True
        return cell


def _shown(column, value, lang: str):
    if column.kind == "bool":
        return shown_bool(value, lang)
    if column.kind == "number" and isinstance(value, float):
        return round(value, 2)
    if isinstance(value, str):
        return visible_controls(value)  # a workbook cannot hold control characters
    return value


def _write_table(book, table: Table, lang: str, extra=None):
    """One sheet, row by row. `extra(row)`: cells written beyond the table's columns (the
    summary chart's own columns); with row None, their headers."""
    ws = book.create_sheet(table.title)
    columns = table.columns
    widths = _widths(table)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    if extra is not None:
        for col in range(len(columns) + 1, len(columns) + 1 + len(extra(None))):
            ws.column_dimensions[get_column_letter(col)].hidden = True
    ws.freeze_panes = "A2"
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # (written at the top of the sheet: before its rows)
    if any(_width(c.header) + 2 > w for c, w in zip(columns, widths)):
        ws.row_dimensions[1].height = 30
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, column.header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)  # narrow number columns wrap their header
        header.append(cell)
    ws.append(header + (extra(None) if extra is not None else []))
    ws.row_dimensions.pop(1, None)
    styles = _Styles(ws, table)
    # a row whose wide cells wrap is made tall enough for their lines (spreadsheet programs
    # keep a row one line high when the file gives no height, and cut the rest of the
    # text), its other cells aligned to the top with them
    wide = [(i, max(1, int(w * LINE_FILL))) for i, (c, w) in enumerate(zip(columns, widths)) if c.kind == "wide"]
    kinds = list(zip(columns, styles.plain, styles.top))
    total = len(table.rows)
    shown = total if table.limit is None else min(total, table.limit)
    r = 1
    for row in table.rows:
        if r > shown:
            break
        r += 1
        lines = max((-(-_width(row[i]) // w) for i, w in wide), default=1)
        if lines > 1:
            ws.row_dimensions[r].height = LINE_HEIGHT * lines
        cells = [None if value is None else styles.cell(_shown(column, value, lang), top if lines > 1 else plain)
                 for (column, plain, top), value in zip(kinds, row)]
        ws.append(cells + (extra(row) if extra is not None else []))
        if lines > 1:
            ws.row_dimensions.pop(r, None)  # written with its row: not held for the rest of the sheet
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last}{max(1, r)}"
    if shown < total:  # under the table, outside its filter: what the sheet leaves out
        ws.append([t("sheet.rows_cut", lang, shown=f"{shown:,}", rows=f"{total:,}")])
    _page_setup(ws, f"A1:{last}{max(1, r)}", lang, sum(widths), KEY_COLUMNS.get(table.key, 1))
    return ws


PAGE_WIDTH = 230  # column-width units one landscape A4 page shows, at the scale it prints legibly
KEY_COLUMNS = {"summary": 4, "deductions": 5, "calls": 3}  # who a row is about: printed on every page across


def _page_setup(ws, area: str, lang: str, width: float, keys: int) -> None:
    """How a sheet prints: A4 landscape, as few pages wide as its columns allow (one for
    most; the columns that say who a row is about repeated on each page across), as many
    pages down as the rows need, the header row on every page, the table as the print
    area, and a footer with the sheet's name, the page number and the date printed."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    across = max(1, -(-int(width) // PAGE_WIDTH))
    ws.page_setup.fitToWidth = across
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.print_title_rows = "1:1"
    if across > 1:
        ws.print_title_cols = f"A:{get_column_letter(keys)}"
    ws.print_area = area
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.left.text = "&A"
    ws.oddFooter.center.text = t("print.page", lang)
    ws.oddFooter.right.text = "&D"


CHART_ROWS = 20  # rows of the sheet the summary chart covers (9 cm)


def _column(table: Table, key: str) -> int:
    return next(i for i, c in enumerate(table.columns, start=1) if c.key == key)


def _chart_cells(table: Table, pass_line: float, lang: str):
    """The summary chart's own cells, in two hidden columns beyond the table: each
    agent's label (team · name) and the pass line, drawn as a line across the bars."""
    team, name, agent = (next(i for i, c in enumerate(table.columns) if c.key == k)
                         for k in ("team", "agent_name", "agent_id"))

    def extra(row):
        if row is None:
            return [None, t("chart.agent", lang), t("chart.pass_line", lang, pass_line=f"{pass_line:g}")]
        return [None, visible_controls(f"{row[team]} · {row[name] or row[agent]}"), pass_line]

    return extra


def _decorate_summary(ws, table: Table, pass_line: float, lang: str) -> None:
    rows = len(table.rows)
    if not rows:
        return
    _colour_scores(ws, table, pass_line, passed_too=True)
    label_col, line_col = len(table.columns) + 2, len(table.columns) + 3
    score_col = _column(table, "score")
    chart = BarChart()
    chart.type = "col"
    chart.title = t("chart.score", lang)
    chart.y_axis.title = t("col.summary.score", lang)
    chart.add_data(Reference(ws, min_col=score_col, min_row=1, max_row=rows + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=label_col, min_row=2, max_row=rows + 1))
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True  # a score of 0 is a visible "0", not a missing bar
    chart.dataLabels.showCatName = chart.dataLabels.showSerName = chart.dataLabels.showLegendKey = False
    chart.x_axis.tickLblSkip = 1  # every agent labelled
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.scaling.min = 0
    line = LineChart()
    line.add_data(Reference(ws, min_col=line_col, min_row=1, max_row=rows + 1), titles_from_data=True)
    line.series[0].graphicalProperties.line.solidFill = "C00000"
    line.series[0].graphicalProperties.line.dashStyle = "dash"
    line.series[0].marker.symbol = "none"
    chart += line
    chart.legend.position = "b"
    chart.visible_cells_only = False  # its label and pass-line columns are hidden
    chart.height = 9
    chart.width = max(16, 1.6 * rows + 4)
    ws.add_chart(chart, f"A{rows + 4}")  # under the table: on screen and on the printed page
    ws.print_area = f"A1:{get_column_letter(len(table.columns))}{rows + 4 + CHART_ROWS}"


def _colour_scores(ws, table: Table, pass_line: float, passed_too: bool) -> None:
    """Scores below the pass line red (and, if asked, the others green)."""
    if not table.rows:
        return
    score = get_column_letter(_column(table, "score"))
    rows = len(table.rows) if table.limit is None else min(len(table.rows), table.limit)
    area = f"{score}2:{score}{rows + 1}"
    ws.conditional_formatting.add(area, CellIsRule(operator="lessThan", formula=[repr(pass_line)], fill=FAIL_FILL))
    if passed_too:
        ws.conditional_formatting.add(
            area, CellIsRule(operator="greaterThanOrEqual", formula=[repr(pass_line)], fill=PASS_FILL)
        )


def write(tables: list[Table], output: Path, lang: str, pass_line: float) -> str:
    with workbook_errors(output):  # a write-only sheet writes its rows as they are appended
        write_xlsx(tables, output, lang, pass_line)
    return str(output)


def write_xlsx(tables: list[Table], path: Path, lang: str, pass_line: float) -> None:
    book = new_workbook(write_only=True)
    for table in tables:
        if table.key == "summary":
            ws = _write_table(book, table, lang, _chart_cells(table, pass_line, lang))
            _decorate_summary(ws, table, pass_line, lang)
        else:
            ws = _write_table(book, table, lang)
            if table.key == "calls":
                _colour_scores(ws, table, pass_line, passed_too=False)
    save_workbook(book, path)
