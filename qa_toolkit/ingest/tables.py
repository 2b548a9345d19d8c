"""Tables in CSV or XLSX, read as (sheet, header, rows) with row numbers, and cell parsers.

Every table reader (utterances, call logs, records, rosters) and the classifier that tells
them apart read a file once, through `read_tables`, and map its headers to fields through
`map_columns`. Headers are matched after lower-casing and dropping spaces and a trailing
unit in brackets: 「等待时长（秒）」 is 「等待时长」, 「内容（文本）」 is 「内容」. A CSV file may
be separated by commas, tabs, semicolons or bars (told from its first line).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Callable, Iterator, Optional

from ..i18n import Msg
from ..models import InputError
from .common import read_text


class Damaged(Exception):
    """A table's rows cannot be read on from here (a CSV quoting error, a truncated sheet)."""

    def __init__(self, error: InputError):
        super().__init__(str(error.reason))
        self.error = error


class TableRows:
    """A table's non-blank rows under its header, (row number, cells), read as they are
    asked for: a call log of a million rows is read as a stream, never held. The first
    few are read at once (`head`: a title above the header is found among them). What
    stops the reading part-way (a damaged sheet, a quoting error) is `damage`, an input
    error, once the rows are read. `read_all` reads every row at once, for the tables that
    are used whole (utterances, records, rosters)."""

    def __init__(self, rest: Iterator, damaged: Callable[[Exception], InputError], head: Optional[list] = None):
        self._rest = rest
        self._damaged = damaged
        self._all: Optional[list] = None
        self.damage: Optional[InputError] = None
        if head is None:
            head = []
            for row in self._read():
                head.append(row)
                if len(head) > TITLE_ROWS:
                    break
        self.head = head

    def _read(self):
        """The non-blank rows still to come, until the end or the damage."""
        try:
            for number, cells in self._rest:
                if not _blank(cells):
                    yield number, list(cells)
        except Damaged as exc:
            self.damage = exc.error
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged sheet
            self.damage = self._damaged(exc)

    def __iter__(self):
        return iter(self._all) if self._all is not None else self._stream()

    def _stream(self):
        yield from self.head
        if self.damage is None:
            yield from self._read()

    def read_all(self) -> Optional[InputError]:
        self._all = list(self._stream())
        return self.damage

    def __bool__(self) -> bool:
        return bool(self.head)

    def after(self, index: int) -> "TableRows":
        """The rows after the first `index` + 1 of the head (under a header found there)."""
        rows = TableRows(self._rest, self._damaged, self.head[index + 1:])
        rows.damage = self.damage
        if self._all is not None:
            rows._all = self._all[index + 1:]
        return rows


@dataclass
class Table:
    path: Path
    sheet: Optional[str]  # None for CSV
    header_row: int
    header: list[str]
    rows: TableRows

    def error(self, reason, row: Optional[int] = None, column: Optional[str] = None) -> InputError:
        return InputError(path=str(self.path), sheet=self.sheet, row=row, column=column, reason=reason)

    def below_title(self, fields: dict, required) -> "Table":
        """The table read from its real header: when the first row lacks the required
        columns but one of the next few rows has them, the rows above it are a title
        (「客服通话记录 2026年11月」 above the header, as workbooks often have)."""
        if all(k in map_columns(self.header, fields) for k in required):
            return self
        for index, (number, cells) in enumerate(self.rows.head[:TITLE_ROWS]):
            header = ["" if c is None else str(c).strip() for c in cells]
            if all(k in map_columns(header, fields) for k in required):
                return Table(self.path, self.sheet, number, header, self.rows.after(index))
        return self


TITLE_ROWS = 5  # rows a title above the header may take


_UNIT = re.compile(r"[（(][^）)]*[）)]$")


def header_key(name: object) -> str:
    text = "" if name is None else str(name)
    text = re.sub(r"\s+", "", text).lower()
    return _UNIT.sub("", text)


def aliases(fields: dict[str, list[str]]) -> dict[str, str]:
    """{header key: field} from {field: [headers that name it]}."""
    return {header_key(name): field for field, names in fields.items() for name in names}


def map_columns(header: list[str], aliases: dict[str, str]) -> dict[str, int]:
    """field → column index, first matching column wins (`aliases`: header key → field)."""
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        field = aliases.get(header_key(name))
        if field and field not in columns:
            columns[field] = index
    return columns


def _blank(row: list[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in row)


def _table(path: Path, sheet: Optional[str], rows: Iterator[tuple[int, list[object]]]) -> Optional[Table]:
    """The table from its header (the first non-blank row) on; its rows read lazily but
    for the first few."""
    header_row, header = None, None
    for number, cells in rows:
        if not _blank(cells):
            header_row, header = number, ["" if c is None else str(c).strip() for c in cells]
            break
    if header is None:
        return None

    def damaged(exc: Exception) -> InputError:
        return InputError(path=str(path), sheet=sheet, reason=Msg("in.bad_xlsx", reason=_damage(exc)))

    return Table(path, sheet, header_row, header, TableRows(rows, damaged))


Rows = Iterator[tuple[int, list[object]]]
TEXT_TABLES = (".csv", ".tsv")
SUFFIXES = (*TEXT_TABLES, ".xlsx")
_DELIMITERS = ",\t;|"


def _delimiter(text: str) -> str:
    """The separator of a CSV file: of , tab ; | the one its first line has most of."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _lines(text: str) -> Iterator[str]:
    """The lines of a text with their ends, one at a time (not a copy of the text)."""
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start)
        stop = end if stop < 0 else stop + 1
        yield text[start:stop]
        start = stop


def sheets(path: Path, encoding: Optional[str] = None) -> Iterator[tuple[Optional[str], Rows] | InputError]:
    """(sheet name, rows read lazily, numbered from 1) for each sheet of an XLSX
    workbook, or (None, rows) for a CSV file; an InputError when the file cannot be read."""
    suffix = path.suffix.lower()
    if suffix in TEXT_TABLES:
        text = read_text(path, encoding)
        if isinstance(text, InputError):
            yield text
            return
        reader = csv.reader(_lines(text), delimiter=_delimiter(text))

        def rows():
            try:
                yield from enumerate(reader, start=1)
            except csv.Error as exc:
                raise Damaged(InputError(path=str(path), line=reader.line_num,
                                         reason=Msg("in.bad_csv", reason=str(exc)))) from None

        yield None, rows()
        return
    if suffix != ".xlsx":
        yield InputError(path=str(path), reason=Msg("in.unsupported_table", suffix=path.suffix))
        return

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        yield InputError(path=str(path), reason=Msg("in.bad_xlsx", reason=_damage(exc)))
        return
    try:
        for sheet in book.worksheets:
            yield sheet.title, ((n, list(r)) for n, r in enumerate(sheet.iter_rows(values_only=True), start=1))
    finally:
        book.close()


def written_by_this_tool(path: Path) -> bool:
    """Whether an .xlsx file is one this tool wrote (a scorecard, a review workbook …):
    its document properties name qa-toolkit as the creator."""
    if path.suffix.lower() != ".xlsx":
        return False
    import zipfile
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(path) as book:
            if book.getinfo("docProps/core.xml").file_size > 1 << 20:
                return False  # not the few lines this tool writes
            core = ElementTree.fromstring(book.read("docProps/core.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError, ElementTree.ParseError):
        return False
    from ..output import CREATOR

    creator = core.find("{http://purl.org/dc/elements/1.1/}creator")
    return creator is not None and (creator.text or "").strip() == CREATOR


def read_tables(path: Path, encoding: Optional[str] = None, lazy: bool = False) -> Iterator[Table | InputError]:
    """Every non-empty sheet of an XLSX workbook, or the one table of a CSV file; with
    `lazy`, each table's rows are read while it is used (use it before the next table:
    the workbook is closed after the last), else read whole."""
    found = False
    for item in sheets(path, encoding):
        if isinstance(item, InputError):
            yield item
            return
        try:
            table = _table(path, *item)
        except Damaged as exc:
            yield exc.error
            return
        except Exception as exc:  # noqa: BLE001 - a damaged sheet (truncated XML …) is this file's error
            yield InputError(path=str(path), sheet=item[0], reason=Msg("in.bad_xlsx", reason=_damage(exc)))
            return
        if table:
            if not lazy:
                damage = table.rows.read_all()
                if damage is not None:
                    yield damage
                    return
            found = True
            yield table
    if not found:
        reason = Msg("in.empty_file" if path.suffix.lower() in TEXT_TABLES else "in.empty_workbook")
        yield InputError(path=str(path), reason=reason)


# --------------------------------------------------------------------------- cells


def cell_text(value: object) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def parse_datetime(value: object) -> Optional[datetime]:
    """A datetime from an Excel date/time cell or text such as 2026-11-02 09:15 or
    2026/11/02; None for an empty cell. Raises ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    text = str(value).strip()
    if not text:
        return None
    text = text.replace("/", "-").replace("年", "-").replace("月", "-").replace("日", "")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(Msg("in.not_date", value=str(value))) from None


def parse_count(value: object) -> Optional[int]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        raise ValueError(Msg("in.not_number", value=str(value))) from None
    if number < 0 or not number.is_integer():
        raise ValueError(Msg("in.not_count", value=str(value)))
    return int(number)


def parse_number(value: object) -> Optional[float]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value).strip().replace("＋", "+").replace("－", "-").replace("−", "-"))
    except ValueError:
        raise ValueError(Msg("in.not_number", value=str(value))) from None


_TRUE = {"是", "y", "yes", "true", "1", "已转", "转", "已评价", "√"}
_FALSE = {"否", "n", "no", "false", "0", "未转", "不转", "未评价", "×"}


def parse_bool(value: object) -> Optional[bool]:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    text = cell_text(value)
    if text is None:
        return None
    key = text.lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(Msg("in.not_bool", value=str(value)))


def _damage(exc: BaseException):
    """Why a workbook cannot be read: the common kinds of damage said in both languages,
    anything else in the library's words, on one line."""
    import zipfile
    from xml.etree.ElementTree import ParseError

    if isinstance(exc, zipfile.BadZipFile):
        return Msg("in.xlsx_not_zip")
    if isinstance(exc, ParseError) or type(exc).__name__ in ("XMLSyntaxError", "ExpatError"):
        return Msg("in.xlsx_bad_xml")
    if isinstance(exc, KeyError):
        return Msg("in.xlsx_part_missing")
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
