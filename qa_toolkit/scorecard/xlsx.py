"""The Excel scorecard (openpyxl): one sheet per table, ready to sort, filter and print.

Headers are bold on a fill and frozen, every sheet has an autofilter, columns are sized
to their content, numbers, percentages and times have formats. The summary sheet colours
period scores against the pass line and has a bar chart of scores.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.label import DataLabelList
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
LINE_HEIGHT = 15  # points: one line of the default 11-point font
LINE_FILL = 1.15  # display-width units (a CJK character is 2) a line of a column holds per unit of its width
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
        cell.alignment = Alignment(vertical="center", wrap_text=True)  # narrow number columns wrap their header
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
            if column.kind == "wide":  # long arithmetic and messages wrap within their column
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = []
    for col, column in enumerate(table.columns, start=1):
        sample = [column.header] + [row[col - 1] for row in table.rows[:500]]
        content = max(_width(v) for v in sample[1:]) + 2 if len(sample) > 1 else 0
        header = _width(column.header) + 2
        if column.kind == "wide":
            width = min(max(content, header), 40)
        elif column.kind in ("int", "number", "percent", "bool"):
            width = min(max(content, header), 10)  # the header wraps; the figures fit
        else:
            width = min(max(content, header), 24)
        width = max(6, width)
        widths.append(width)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[1].height = 30 if any(_width(c.header) + 2 > w for c, w in zip(table.columns, widths)) else None
    # a row whose wide cells wrap is made tall enough for their lines (spreadsheet programs
    # keep a row one line high when the file gives no height, and cut the rest of the
    # text), its other cells aligned to the top with them
    wide = [(i, int(w * LINE_FILL)) for i, (c, w) in enumerate(zip(table.columns, widths)) if c.kind == "wide"]
    if wide:
        for r, row in enumerate(table.rows, start=2):
            lines = max(-(-_width(row[i]) // max(1, w)) for i, w in wide)
            if lines > 1:
                ws.row_dimensions[r].height = LINE_HEIGHT * lines
                for cell in ws[r]:
                    if not cell.alignment.wrap_text:
                        cell.alignment = Alignment(vertical="top")
    ws.freeze_panes = "A2"
    last = get_column_letter(len(table.columns))
    ws.auto_filter.ref = f"A1:{last}{max(1, len(table.rows) + 1)}"
    _page_setup(ws, f"A1:{last}{max(1, len(table.rows) + 1)}", lang, sum(widths), KEY_COLUMNS.get(table.key, 1))


PAGE_WIDTH = 230  # column-width units one landscape A4 page shows, at the scale it prints legibly
KEY_COLUMNS = {"summary": 4, "deductions": 5, "calls": 3}  # who a row is about: printed on every page across


def _page_setup(ws, area: str, lang: str, width: float, keys: int) -> None:
    """How a sheet prints: A4 landscape, as few pages wide as its columns allow (one for
    most; the columns that say who a row is about repeated on each page across), as many
    pages down as the rows need, the header row on every page, the table as the print
    area, and a footer with the sheet's name, the page number and the date printed."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
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


def _decorate_summary(ws, table: Table, pass_line: float, lang: str) -> None:
    rows = len(table.rows)
    if not rows:
        return
    _colour_scores(ws, table, pass_line, passed_too=True)
    # the chart's own columns, hidden beyond the table: each agent's label (team · name)
    # and the pass line, drawn as a line across the bars
    label_col, line_col = len(table.columns) + 2, len(table.columns) + 3
    team_col, name_col, id_col = _column(table, "team"), _column(table, "agent_name"), _column(table, "agent_id")
    score_col = _column(table, "score")
    ws.cell(row=1, column=label_col, value=t("chart.agent", lang))
    ws.cell(row=1, column=line_col, value=t("chart.pass_line", lang, pass_line=f"{pass_line:g}"))
    for r in range(2, rows + 2):
        team, name, agent = (ws.cell(row=r, column=c).value for c in (team_col, name_col, id_col))
        ws.cell(row=r, column=label_col, value=f"{team} · {name or agent}")
        ws.cell(row=r, column=line_col, value=pass_line)
    for col in (label_col, line_col):
        ws.column_dimensions[get_column_letter(col)].hidden = True
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
    area = f"{score}2:{score}{len(table.rows) + 1}"
    ws.conditional_formatting.add(area, CellIsRule(operator="lessThan", formula=[repr(pass_line)], fill=FAIL_FILL))
    if passed_too:
        ws.conditional_formatting.add(
            area, CellIsRule(operator="greaterThanOrEqual", formula=[repr(pass_line)], fill=PASS_FILL)
        )


def write(tables: list[Table], output: Path, lang: str, pass_line: float) -> str:
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
