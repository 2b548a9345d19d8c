"""The scorecard as tables: one definition of every sheet, written by each format.

Headers are Chinese by default and English with --lang en. Free text from transcripts and
records (messages, evidence, notes) has card, ID and phone numbers masked.
"""

from __future__ import annotations

import pickle
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Iterator, Optional, Union

from ..i18n import localized, t
from ..models import CallResult, InputError, ManualRecord, Severity
from ..period import PeriodResult, ReviewInfo
from ..privacy import mask_numbers


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # in the scorecard's language
    kind: str = "text"  # text, int, number, percent, datetime, wide, bool (是/否 in a sheet, true/false in JSON)


class Rows:
    """The rows of a detail table (a row per call, per deduction), kept in a temporary
    file as they come (in memory while they are few): a period of millions of calls is
    written out without holding them. Read back in order, as often as asked; the first
    `HEAD` rows are at hand too (a writer sizes its columns from them)."""

    HEAD = 500
    BATCH = 1000
    IN_MEMORY = 8 << 20  # bytes kept in memory before the rows go to a file

    def __init__(self):
        self._file = tempfile.SpooledTemporaryFile(max_size=self.IN_MEMORY, prefix="qa-toolkit-rows-")
        self._batches: list[int] = []  # where each batch of rows starts in the file
        self._batch: list[list[Any]] = []
        self._count = 0
        self.head: list[list[Any]] = []

    def append(self, row: list[Any]) -> None:
        if len(self.head) < self.HEAD:
            self.head.append(row)
        self._batch.append(row)
        self._count += 1
        if len(self._batch) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            self._file.seek(0, 2)
            self._batches.append(self._file.tell())
            pickle.dump(self._batch, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._batch = []

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[list[Any]]:
        self._flush()
        for offset in list(self._batches):
            self._file.seek(offset)
            yield from pickle.load(self._file)

    def close(self) -> None:
        self._file.close()


@dataclass
class Table:
    key: str
    title: str  # in the scorecard's language
    columns: list[Column]
    rows: Union[list[list[Any]], Rows] = field(default_factory=list)
    # a workbook lists at most this many rows (the rest: a note on the sheet, and the
    # CSV and JSON formats, which list every row)
    limit: Optional[int] = None

    def head(self) -> list[list[Any]]:
        """The first rows (at most Rows.HEAD)."""
        return self.rows.head if isinstance(self.rows, Rows) else self.rows[:Rows.HEAD]

    def records(self) -> Iterator[dict[str, Any]]:
        keys = [c.key for c in self.columns]
        for row in self.rows:
            yield dict(zip(keys, row))


def _naive(value: Optional[datetime]) -> Optional[datetime]:
    """Spreadsheets have no time zones: local wall-clock time as written in the input."""
    return value.replace(tzinfo=None) if value is not None else None


def _where(path: Optional[str], sheet: Optional[str] = None, row: Optional[int] = None,
           line: Optional[int] = None) -> str:
    error = InputError(path=path or "", sheet=sheet, row=row, line=line, reason="")
    return error.location()


DATA = {(True, True): "both", (True, False): "transcript", (False, True): "log"}
REVIEW_COLUMNS = ("reviewed", "confirmed", "false_hits", "precision", "appeals", "upheld", "changed")


def shown_bool(value: Optional[bool], lang: str) -> Optional[str]:
    """A yes/no cell as a sheet shows it (是/否)."""
    if value is None:
        return None
    return t("yes" if value else "no", lang)


def summary_table(period: PeriodResult, lang: str) -> Table:
    rubric = period.rubric
    rule_ids = [r.id for r in rubric.rules if any(a.auto_by_rule.get(r.id) for a in period.agents)]
    titles = {r.id: localized(r, "title", lang) for r in rubric.rules}
    items = sorted({name for a in period.agents for name in a.manual_by_item})
    columns = [
        Column("rank", t("col.summary.rank", lang), "int"),
        Column("team", t("col.summary.team", lang)),
        Column("agent_id", t("col.summary.agent_id", lang)),
        Column("agent_name", t("col.summary.agent_name", lang)),
        Column("calls", t("col.summary.calls", lang), "int"),
        Column("passed_calls", t("col.summary.passed_calls", lang), "int"),
        Column("average", t("col.summary.average", lang), "number"),
        *([Column("machine_average", t("col.summary.machine_average", lang), "number")] if period.review else []),
        Column("auto_deducted", t("col.summary.auto_deducted", lang), "number"),
        Column("manual_deducted", t("col.summary.manual_deducted", lang), "number"),
        Column("bonus", t("col.summary.bonus", lang), "number"),
        Column("fatal", t("col.summary.fatal", lang)),
        Column("score", t("col.summary.score", lang), "number"),
        Column("passed", t("col.summary.passed", lang), "bool"),
        Column("flag", t("col.summary.flag", lang)),
        Column("team_size", t("col.summary.team_size", lang), "int"),
        *[Column(f"rule:{r}", t("col.summary.rule", lang, title=titles[r]), "number") for r in rule_ids],
        *[Column(f"item:{i}", t("col.summary.item", lang, item=i), "number") for i in items],
        Column("arithmetic", t("col.summary.arithmetic", lang), "wide"),
    ]
    table = Table("summary", t("sheet.summary", lang), columns)
    for a in period.agents:
        fatal = a.fatal_items + [t("fatal_call", lang, call=c) for c in a.fatal_calls]
        table.rows.append([
            a.rank, a.team, a.agent_id, a.agent_name, a.calls, a.passed, a.average,
            *([a.machine_average] if period.review else []),
            a.auto_deducted, a.manual_deducted, a.bonus,
            t("sep.list", lang).join(fatal) or None,
            a.score, a.passed_period, t(f"flag.{a.flag}", lang) if a.flag else None,
            a.team_size,
            *[a.auto_by_rule[r] if a.auto_by_rule.get(r) else None for r in rule_ids],
            *[a.manual_by_item.get(i) or None for i in items],
            a.arithmetic,
        ])
    return table


def deductions_columns(period: PeriodResult, lang: str) -> list[Column]:
    return [
        Column("source", t("col.deductions.source", lang)),
        Column("team", t("col.deductions.team", lang)),
        Column("agent_id", t("col.deductions.agent_id", lang)),
        Column("agent_name", t("col.deductions.agent_name", lang)),
        Column("call_id", t("col.deductions.call_id", lang)),
        Column("time", t("col.deductions.time", lang), "datetime"),
        Column("item_id", t("col.deductions.item_id", lang)),
        Column("title", t("col.deductions.title", lang)),
        Column("severity", t("col.deductions.severity", lang)),
        Column("points", t("col.deductions.points", lang), "number"),
        Column("message", t("col.deductions.message", lang), "wide"),
        Column("evidence", t("col.deductions.evidence", lang), "wide"),
        Column("inspector", t("col.deductions.inspector", lang)),
        Column("location", t("col.deductions.location", lang), "wide"),
        *([Column("finding_id", t("col.deductions.finding_id", lang)),
           Column("status", t("col.deductions.status", lang))] if period.review else []),
    ]


def calls_columns(period: PeriodResult, lang: str) -> list[Column]:
    return [
        Column("call_id", t("col.calls.call_id", lang)),
        Column("agent_id", t("col.calls.agent_id", lang)),
        Column("agent_name", t("col.calls.agent_name", lang)),
        Column("channel", t("col.calls.channel", lang)),
        Column("started_at", t("col.calls.started_at", lang), "datetime"),
        Column("duration", t("col.calls.duration", lang), "number"),
        Column("data", t("col.calls.data", lang)),
        Column("score", t("col.calls.score", lang), "number"),
        *([Column("machine_score", t("col.calls.machine_score", lang), "number")] if period.review else []),
        Column("passed", t("col.calls.passed", lang), "bool"),
        Column("fatal", t("col.calls.fatal", lang), "bool"),
        Column("findings", t("col.calls.findings", lang), "int"),
        Column("arithmetic", t("col.calls.arithmetic", lang), "wide"),
        Column("source", t("col.calls.source", lang), "wide"),
        *([Column("revision", t("col.calls.revision", lang))] if period.review else []),
    ]


class Details:
    """The rows of the two detail sheets, 扣分明细 (a row per deduction: the calls'
    findings, then the manual records) and 通话 (a row per call), made as each call of
    the period comes (`call`) and kept on disk (`Rows`); `team_of` names an agent's team."""

    def __init__(self, rubric, lang: str, team_of: Callable[[Optional[str]], Optional[str]],
                 review: Optional[ReviewInfo] = None):
        self.rubric, self.lang, self.team_of, self.review = rubric, lang, team_of, review
        self.deductions, self.calls = Rows(), Rows()
        self._titles = {r.id: localized(r, "title", lang) for r in rubric.rules}
        self._titles.update({i.id: localized(i, "name", lang) for i in rubric.manual})
        self._severity = {s: t(f"severity.{s.value}", lang) for s in Severity}
        self._auto, self._inspector = t("source.auto", lang), t("source.inspector", lang)
        self._data = {k: t(f"data.{v}", lang) for k, v in DATA.items()}

    def call(self, result: CallResult) -> None:
        lang, review = self.lang, self.review
        team = self.team_of(result.agent_id)
        started = _naive(result.started_at)
        for index, f in enumerate(result.findings):
            where = _where(result.source, line=f.line) if result.source else None
            extra = []
            status = None
            if review is not None:
                key = (result.call_id, index)
                status = review.finding_status.get(key)
                extra = [review.finding_id.get(key), t(f"status.{status}", lang) if status else None]
            self.deductions.append([
                self._inspector if status == "manual" else self._auto,
                team, result.agent_id, result.agent_name, result.call_id, started, f.rule_id,
                self._titles.get(f.rule_id, f.rule_id), self._severity[f.severity], -f.deducted or 0.0,
                mask_numbers(f.message), mask_numbers(f.excerpt) or None, None, where, *extra,
            ])
        self.calls.append([
            result.call_id, result.agent_id, result.agent_name, t(f"channel.{result.channel}", lang),
            started, result.duration, self._data[(result.has_transcript, result.has_log)], result.score,
            *([review.machine_score.get(result.call_id)] if review else []),
            result.passed, result.fatal, len(result.findings), result.arithmetic, result.source,
            *([review.revision.get(result.call_id)] if review else []),
        ])

    def record(self, r: ManualRecord) -> None:
        lang = self.lang
        item = self.rubric.manual_item(r.item_id)
        severity = self._severity[Severity.fatal] if r.fatal else None
        self.deductions.append([
            t("source.manual", lang), self.team_of(r.agent_id), r.agent_id, r.agent_name, None,
            _naive(r.date), r.item_id, localized(item, "name", lang),
            severity, r.points or 0.0, mask_numbers(r.note), None, r.inspector,  # a fatal row's −0 is 0
            _where(r.source, r.sheet, r.row), *([None, None] if self.review else []),
        ])

    def close(self) -> None:
        self.deductions.close()
        self.calls.close()


def deductions_table(period: PeriodResult, lang: str, details: Details) -> Table:
    return Table("deductions", t("sheet.deductions", lang), deductions_columns(period, lang), details.deductions)


def calls_table(period: PeriodResult, lang: str, details: Details) -> Table:
    return Table("calls", t("sheet.calls", lang), calls_columns(period, lang), details.calls)


def rules_table(period: PeriodResult, lang: str) -> Table:
    columns = [
        Column("rule_id", t("col.rules.rule_id", lang)),
        Column("title", t("col.rules.title", lang)),
        Column("severity", t("col.rules.severity", lang)),
        Column("hits", t("col.rules.hits", lang), "int"),
        Column("calls", t("col.rules.calls", lang), "int"),
        Column("points", t("col.rules.points", lang), "number"),
        Column("checked", t("col.rules.checked", lang), "int"),
        Column("hit_rate", t("col.rules.hit_rate", lang), "percent"),
        *([Column(k, t(f"col.rules.{k}", lang), "percent" if k == "precision" else "int") for k in REVIEW_COLUMNS]
          if period.review else []),
    ]
    table = Table("rules", t("sheet.rules", lang), columns)
    for s in period.rules:
        extra = []
        if period.review is not None:
            c = period.review.rules.get(s.rule_id, {})
            decided = c.get("confirmed", 0) + c.get("false_hit", 0)
            extra = [decided, c.get("confirmed", 0), c.get("false_hit", 0),
                     c.get("confirmed", 0) / decided if decided else None, c.get("appeals", 0), c.get("upheld", 0),
                     c.get("changed", 0)]
        table.rows.append([
            s.rule_id, s.title, t(f"severity.{s.severity.value}", lang), s.hits, s.calls,
            s.points, s.checked, s.hit_rate, *extra,
        ])
    return table


def errors_table(errors: list[InputError], lang: str) -> Table:
    columns = [
        Column("path", t("col.errors.path", lang), "wide"),
        Column("sheet", t("col.errors.sheet", lang)),
        Column("row", t("col.errors.row", lang), "int"),
        Column("column", t("col.errors.column", lang)),
        Column("reason", t("col.errors.reason", lang), "wide"),
    ]
    table = Table("errors", t("sheet.errors", lang), columns)
    for e in errors:
        table.rows.append([e.path, e.sheet, e.row if e.row is not None else e.line, e.column,
                           mask_numbers(e.said(lang))])
    return table


def about_table(period: PeriodResult, errors: list[InputError], lang: str, generated: datetime) -> Table:
    rubric = period.rubric
    table = Table("about", t("sheet.about", lang), [
        Column("item", t("col.about.item", lang)), Column("value", t("col.about.value", lang), "wide"),
    ])
    span = f"{period.start or '…'} – {period.end or '…'}" if (period.start or period.end) else t("about.all", lang)
    ranking = rubric.ranking
    rows = [
        (t("about.rubric", lang), f"{rubric.name} {rubric.version} {localized(rubric, 'title', lang)}"),
        (t("about.period", lang), span),
        (t("about.generated", lang), generated.strftime("%Y-%m-%d %H:%M")),
        (t("about.lines", lang), f"{rubric.base_score:g} / {rubric.pass_line:g}"),
        (t("about.calls", lang), str(period.calls)),
        (t("about.records", lang), str(period.records_applied)),
        (t("about.outside", lang), str(period.outside)),
        (t("about.undated", lang), str(period.undated_calls)),
        (t("about.errors", lang), str(len(errors))),
        (t("about.score", lang), t("about.score_formula", lang)),
        (t("about.flags", lang), t("about.flags_rule", lang, low=ranking.small_team_min, high=ranking.small_team_max,
                                   top=f"{ranking.promote_top:.0%}", bottom=f"{ranking.retrain_bottom:.0%}")),
        (t("about.privacy", lang), t("about.privacy_rule", lang)),
    ]
    table.rows = [list(r) for r in rows]
    return table


def build_tables(period: PeriodResult, errors: list[InputError], lang: str, generated: datetime,
                 details: Details, limit: Optional[int] = None) -> list[Table]:
    """Every sheet of the scorecard. `details`: the detail rows, made as the calls came;
    `limit`: the rows a workbook lists of each detail table at most (the about sheet
    says so when a table has more)."""
    shown = [deductions_table(period, lang, details), calls_table(period, lang, details)]
    for table in shown:
        table.limit = limit
    about = about_table(period, errors, lang, generated)
    cut = [table for table in shown if limit is not None and len(table.rows) > limit]
    if cut:
        about.rows.append([t("about.detail_rows", lang), t("about.detail_rows_cut", lang, limit=f"{limit:,}", tables=[
            t("about.table_rows", lang, title=table.title, rows=f"{len(table.rows):,}") for table in cut])])
    return [summary_table(period, lang), *shown, rules_table(period, lang), errors_table(errors, lang), about]
