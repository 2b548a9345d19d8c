"""The `qa-toolkit` command line.

Exit status: 0 every call passed; 1 a call failed (or has a finding at/above --fail-on);
2 usage, rubric or input error.
"""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from pathlib import Path

import click

from . import __version__
from .i18n import LANGS, localized, t
from .models import Severity, call_schema
from .output import aligned, atomic_text
from .privacy import mask_error, visible_controls
from .rubric import RubricError, load_rubric, rubric_json_schema

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
DEFAULT_RUBRIC = "bank-hotline"

def _remember_lang(ctx, _param, value):
    """The command's language, kept where an interrupted run can still say it."""
    ctx.meta["qa_toolkit.lang"] = value
    return value


lang_option = click.option(
    "--lang", type=click.Choice(LANGS), default="zh", show_default=True, envvar="QA_TOOLKIT_LANG",
    help="Language of messages and headers.", callback=_remember_lang,
)
rubric_option = click.option(
    "--rubric", "-r", default=DEFAULT_RUBRIC, show_default=True, metavar="NAME|FILE",
    help="A shipped rubric name or a path to a rubric YAML file.",
)
jobs_option = click.option(
    "--jobs", "-j", type=click.IntRange(min=1), metavar="N",
    help="Worker processes (default: every core). Results keep the input order.",
)
store_option = click.option(
    "--store", "store", is_flag=False, flag_value="qa-results.sqlite", default=None, metavar="[URL]",
    envvar="QA_TOOLKIT_STORE",
    help="Results store: a SQLite file (default qa-results.sqlite) or postgresql://user@host/db.",
)
store_used_option = click.option(
    "--store", "store", is_flag=False, flag_value="qa-results.sqlite", default="qa-results.sqlite",
    show_default=True, metavar="[URL]", envvar="QA_TOOLKIT_STORE",
    help="The results store: a SQLite file or postgresql://user@host/db.",
)
def _encoding(_ctx, _param, value):
    import codecs

    if value is None:
        return None
    try:
        return codecs.lookup(value).name
    except LookupError:
        raise click.BadParameter(t("cli.unknown_encoding", _lang_now(), value=value)) from None


encoding_option = click.option(
    "--encoding", callback=_encoding, metavar="NAME",
    help="Read every text input (transcripts, CSV) in this encoding instead of detecting it "
         "(utf-8, gb18030, gbk, big5 …).",
)
progress_option = click.option(
    "--progress/--no-progress", default=None,
    help="Progress bar on standard error (default: when it is a terminal).",
)


def _report_formats() -> list[str]:
    from .reporters import REGISTRY

    return list(REGISTRY)


def _scorecard_formats() -> list[str]:
    from .scorecard import FORMATS

    return list(FORMATS)


def _lang_now() -> str:
    """The language of the command being run (its --lang), for helpers not handed it."""
    from .i18n import COMMAND_LANG

    ctx = click.get_current_context(silent=True)
    return ctx.meta.get("qa_toolkit.lang", COMMAND_LANG["lang"]) if ctx is not None else COMMAND_LANG["lang"]


def _say_problems(problems) -> None:
    lang = _lang_now()
    for problem in problems:
        click.echo(visible_controls(problem.said(lang)), err=True)


def _load(rubric: str):
    try:
        return load_rubric(rubric)
    except RubricError as exc:
        _say_problems(exc.problems)
        sys.exit(EXIT_ERROR)


def _compile(loaded):
    from .engine import compile_rubric

    try:
        return compile_rubric(loaded)
    except RubricError as exc:
        _say_problems(exc.problems)
        sys.exit(EXIT_ERROR)


def _run(compiled, inputs, sinks, lang, fail_on, jobs, progress, report_on_terminal=False):
    """Check every unit of the inputs (worker processes when there is more than one job)
    and hand each piece, in input order, to every sink. The progress bar is shown on a
    terminal, unless the report itself goes to that terminal (they would garble each other)."""
    from .progress import ProgressSink
    from .runner import Job, available_cores, run

    if progress is None:
        progress = sys.stderr.isatty() and not report_on_terminal
    if progress:
        sinks = [*sinks, ProgressSink(sum(u.size for u in inputs.units), lang)]
    renders = [s.render for s in sinks if getattr(s, "render", None) is not None]
    extracts = [s.extract for s in sinks if getattr(s, "extract", None) is not None]
    job = Job(compiled, inputs.logs, lang, fail_on, render=renders[0] if renders else None,
              keep=any(getattr(s, "keeps_results", False) for s in sinks),
              extract=extracts[0] if extracts else None)
    def started() -> None:
        for sink in sinks:
            if hasattr(sink, "start"):
                sink.start()

    try:
        for piece in run(job, inputs.units, jobs or available_cores(), started=started):
            for sink in sinks:
                sink.piece(piece)
    finally:
        for sink in sinks:
            if hasattr(sink, "finish"):
                sink.finish()


class Interrupted(KeyboardInterrupt):
    """SIGTERM, raised where the run is, so that it unwinds like Ctrl-C."""


def _terminate(_signum, _frame):
    raise Interrupted()


class Main(click.Group):
    """The command group: an interrupted run (Ctrl-C, SIGTERM) says so in one line and
    exits 130 (143 for SIGTERM); outputs are written whole or not at all."""

    def main(self, args=None, *rest, **kwargs):
        import os

        from .i18n import install_click, lang_of, localise_help

        lang = lang_of(list(sys.argv[1:] if args is None else args), os.environ)
        install_click(lang)
        localise_help(self, lang)
        return super().main(args, *rest, **kwargs)

    def invoke(self, ctx):
        import signal

        try:
            previous = signal.signal(signal.SIGTERM, _terminate)
        except ValueError:  # not the main thread
            previous = None
        try:
            return super().invoke(ctx)
        except OSError as exc:
            import errno

            if exc.errno not in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EIO, errno.EROFS):
                raise
            # a full disk while writing: every output is written whole or not at all, so
            # nothing half-written is left; say so in one line
            _cannot_write(exc.filename, exc, _lang_now())
        except KeyboardInterrupt as exc:
            click.echo("", err=True)
            click.echo(t("run.interrupted", _lang_now()), err=True)
            sys.exit(143 if isinstance(exc, Interrupted) else 130)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="qa-toolkit")
def main():
    """Quality inspection (客服质检) for Chinese customer-service calls and chats."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@rubric_option
@click.option("--format", "-f", "fmt", default="text", show_default=True,
              type=click.Choice(_report_formats()), help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to FILE instead of standard output.")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]),
              help="Also fail a call that has a finding of this severity or higher.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when calls fail (reporting only).")
@click.option("--logs", multiple=True, type=click.Path(), metavar="FILE",
              help="Call log (CSV/XLSX) to join by call id; repeatable. Logs inside PATHS are found by their headers.")
@jobs_option
@progress_option
@store_option
@click.option("--no-mask", is_flag=True, help="Show card, ID and phone numbers in full (for authorised use).")
@encoding_option
@lang_option
def check(paths, rubric, fmt, output, fail_on, exit_zero, logs, jobs, progress, store, no_mask, encoding, lang):
    """Check transcripts (files or directories) against a rubric."""
    from .ingest import open_inputs
    from .reporters import Report, ReportSink

    _refuse_overwriting_an_input(output, [*paths, *logs], lang)
    loaded = _load(rubric)
    compiled = _compile(loaded)
    fail_on = Severity(fail_on) if fail_on else None
    report = Report(rubric=loaded.rubric, lang=lang, fail_on=fail_on, mask=not no_mask)
    inputs = open_inputs(paths, logs=logs, log_columns=loaded.rubric.log_columns, skip=_skipped(output),
                         encoding=encoding)
    _say_skipped(inputs, lang)
    report.errors.extend(inputs.errors)
    for path in inputs.record_paths + inputs.roster_paths:
        click.echo(f"{path}: {t('check.not_transcript', lang)}", err=True)
    report.errors.extend(mask_error(e) if not no_mask else e for e in inputs.log_errors)
    report.warnings.extend(inputs.warnings)
    _refuse_nothing(inputs, paths, lang)
    stored = _store_sink(store, loaded, inputs, logs, "check", lang) if store else None

    try:
        with ExitStack() as stack:
            out = None
            if output:
                try:
                    out = stack.enter_context(atomic_text(output))
                except OSError as exc:
                    _cannot_write(output, exc, lang)

            def write(text: str) -> None:
                if out is not None:
                    out.write(click.unstyle(text))
                else:
                    click.echo(text, nl=False)

            sink = ReportSink(fmt, write, report)
            _run(compiled, inputs, [sink] + ([stored] if stored else []), lang, fail_on, jobs, progress,
                 report_on_terminal=out is None and sys.stdout.isatty())
            sink.close()
    except OSError as exc:  # the report could not be written whole (a full disk …)
        if not output:
            raise
        _cannot_write(output, exc, lang)
    if stored:
        _close_store_sink(stored, [*inputs.errors, *inputs.log_errors], lang)
    if output or not sink.lists_errors:
        _say_errors(report.errors, lang)
        _say_warnings(report.warnings, lang)
    if report.errors:
        sys.exit(EXIT_ERROR)
    if report.failed and not exit_zero:
        sys.exit(EXIT_FINDINGS)


def _say_warnings(warnings, lang: str) -> None:
    """Input warnings on standard error: an input read, with a doubt worth checking."""
    for warning in warnings:
        click.echo(visible_controls(f"{t('input_warning', lang)}{t('sep.label', lang)}{warning.location()}: "
                                    f"{warning.said(lang)}"), err=True)


def _say_errors(errors, lang: str) -> None:
    """Input errors on standard error, one line each: where, and why (control characters
    from the input made visible)."""
    for error in errors:
        click.echo(visible_controls(f"{error.location()}: {error.said(lang)}"), err=True)


def _cannot_write(output, exc: OSError, lang: str) -> None:
    """One line for an output that could not be written (exit 2). A library's half-closed
    writer would complain again when it is collected: that is silenced, the line said it."""
    from .i18n import os_reason

    sys.unraisablehook = lambda _unraisable: None
    if output:
        click.echo(t("output.cannot_write", lang, output=output, reason=os_reason(exc)), err=True)
    else:
        click.echo(t("output.write_failed", lang, reason=os_reason(exc)), err=True)
    sys.exit(EXIT_ERROR)


def _write_text(output, text: str) -> None:
    with atomic_text(output) as handle:
        handle.write(text)


def _refuse_overwriting_an_input(output, inputs, lang: str) -> None:
    """Exit 2 when the output path is one of the input files (it would be replaced)."""
    from .output import clashing_input

    if output and clashing_input(output, inputs) is not None:
        click.echo(t("output.is_input", lang, output=output), err=True)
        sys.exit(EXIT_ERROR)


def _skipped(output) -> tuple:
    """What a directory walk leaves out: this run's own output."""
    return (Path(output),) if output else ()


def _say_skipped(inputs, lang: str) -> None:
    for path in inputs.skipped:
        click.echo(t("input.own_output", lang, path=path), err=True)


def _refuse_nothing(inputs, paths, lang: str) -> None:
    """A run given paths that hold nothing to check is an input error (exit 2): a CI that
    checked nothing must not pass."""
    from .ingest import SUFFIXES

    if paths and not inputs.units and not inputs.logs and not inputs.errors and not inputs.log_errors:
        click.echo(t("run.nothing", lang, paths=t("sep.list", lang).join(map(str, paths)),
                     suffixes=" ".join(SUFFIXES)), err=True)
        sys.exit(EXIT_ERROR)


def _open_store(value: str, lang: str):
    from .store import Store, StoreError

    try:
        return Store(value, lang)
    except StoreError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_ERROR)


def _inputs_of(inputs, logs) -> list[dict]:
    """Every input file of a run with its SHA-256, for the store's record of the run."""
    from .store.hashes import sha256_of

    seen, out = set(), []
    for path in [*(u.path for u in inputs.units), *map(Path, logs)]:
        key = str(path)
        if key in seen:
            continue
        seen.add(key)
        try:
            out.append({"path": key, "sha256": sha256_of(path), "bytes": path.stat().st_size})
        except OSError:
            out.append({"path": key, "sha256": None, "bytes": None})
    return out


def _store_sink(value: str, loaded, inputs, logs, command: str, lang: str):
    """The store's sink of a run. The store is opened when the run starts (`StoreSink.start`;
    one that cannot be opened ends the run, exit 2, before anything is written)."""
    import threading

    from .store.hashes import revision_of
    from .store.sink import StoreSink

    revision = revision_of(loaded)  # read once: the workers need its hash, the store its content

    def opener():
        store = _open_store(value, lang)
        revision_id = store.revision(loaded, revision)
        run_id = store.start_run(command, revision_id, [])
        # the inputs' SHA-256 are read beside the check (hashing leaves the interpreter free)
        sink.hashing = threading.Thread(target=lambda: setattr(sink, "inputs", _inputs_of(inputs, logs)), daemon=True)
        sink.hashing.start()
        return store, revision_id, run_id

    sink = StoreSink(opener, revision[1])
    sink.quiet = command != "check"  # score --store without new calls says nothing of storing
    return sink


def _close_store_sink(sink, errors, lang: str, keep_open: bool = False) -> None:
    from .store.db import shown_url

    sink.close(errors)
    if sink.calls or not sink.quiet:
        click.echo(t("store.saved", lang, store=shown_url(sink.store.given), calls=sink.calls,
                     findings=sink.findings, revision=sink.revision_hash[:12]), err=True)
    if not keep_open:
        sink.store.close()


class ResultsSink:
    """Keeps every result and input error of a run (for the scorecard)."""

    keeps_results = True

    def __init__(self):
        self.results = []
        self.errors = []
        self.warnings = []

    def piece(self, piece) -> None:
        self.errors.extend(piece.errors)
        self.warnings.extend(piece.warnings)
        self.results.extend(piece.results)


class PeriodSink:
    """Takes each call's result into the period as it comes (the per-agent sums and the
    detail rows, kept on disk) and keeps none of them: `score` of a month of millions of
    calls holds what its workbook prints, not the calls."""

    keeps_results = True

    def __init__(self, aggregator, details):
        self.aggregator, self.details = aggregator, details
        self.errors = []
        self.warnings = []

    def piece(self, piece) -> None:
        self.errors.extend(piece.errors)
        self.warnings.extend(piece.warnings)
        for result in piece.results:
            self.take(result)

    def take(self, result) -> None:
        if self.aggregator.add(result):
            self.details.call(result)


DETAIL_ROWS = 100_000
EXCEL_ROWS = 1_048_575  # the rows a sheet holds under its header


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@rubric_option
@click.option("--logs", multiple=True, type=click.Path(), metavar="FILE",
              help="Call log (话务记录, CSV/XLSX); repeatable. Found inside PATHS by their headers too.")
@click.option("--records", multiple=True, type=click.Path(), metavar="FILE",
              help="Manual QA / discipline records (CSV/XLSX); repeatable.")
@click.option("--roster", multiple=True, type=click.Path(), metavar="FILE",
              help="Roster with 工号 and 班组 (CSV/XLSX): ranks are within teams.")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="First day of the period (calls and records before it are left out).")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Last day of the period, inclusive.")
@click.option("--include-undated", is_flag=True,
              help="With --from/--to, also count calls that have no date (left out by default).")
@click.option("--format", "-f", "fmt", type=click.Choice(_scorecard_formats()),
              help="Scorecard format; default from the output name (.xlsx, .json, .csv: the summary with the other tables beside it; a directory: CSV files).")
@click.option("--output", "-o", type=click.Path(), metavar="PATH",
              help="Workbook or JSON file, or a directory for CSV files. JSON without -o goes to standard output.")
@click.option("--detail-rows", type=click.IntRange(0, EXCEL_ROWS), default=DETAIL_ROWS, show_default=True,
              metavar="N", help="Rows the workbook lists at most of each detail sheet (deductions, calls); the CSV and "
                                "JSON formats list every row.")
@jobs_option
@progress_option
@store_option
@encoding_option
@lang_option
def score(paths, rubric, logs, records, roster, start, end, include_undated, fmt, output, detail_rows, jobs, progress,
          store, encoding, lang):
    """Per-agent scorecard for a period: calls, logs, manual records → points and ranks.

    With --store the calls are the store's, each with its final score after review and
    appeal (PATHS, if given, are checked and stored first)."""
    from datetime import datetime

    from .ingest import open_inputs
    from .period import Aggregator
    from .scorecard import build_tables, format_for, writer as scorecard_writer
    from .scorecard.tables import Details

    if not (paths or logs or records or store):
        raise click.UsageError(t("cli.give_inputs", lang))
    if start and end and end < start:
        raise click.UsageError(t("cli.to_before_from", lang))
    fmt = fmt or format_for(output)
    if fmt is None:
        raise click.UsageError(t("cli.format_unknown", lang, output=output))
    writer = scorecard_writer(fmt)
    if not output and not getattr(writer, "STDOUT", False):
        raise click.UsageError(t("cli.needs_output", lang, fmt=fmt))
    _refuse_overwriting_an_input(output, [*paths, *logs, *records, *roster], lang)
    loaded = _load(rubric)
    compiled = _compile(loaded)
    inputs = open_inputs(paths, logs=logs, records=records, rosters=roster, log_columns=loaded.rubric.log_columns,
                         skip=_skipped(output), encoding=encoding)
    _say_skipped(inputs, lang)
    if not (inputs.record_paths or inputs.roster_paths):
        _refuse_nothing(inputs, paths, lang)
    errors = [*inputs.errors, *inputs.log_errors]
    warnings: list = []
    applied, record_errors = inputs.records(loaded.rubric)
    first, last = (start.date() if start else None), (end.date() if end else None)
    review = None
    if store:
        from .period import ReviewInfo
        from .store.final import final_results, iter_calls

        stored = _store_sink(store, loaded, inputs, logs, "score", lang)
        if inputs.units or inputs.logs:
            _run(compiled, inputs, [stored], lang, None, jobs, progress)
        stored.start()
        stored.store.add_records(stored.run_id, applied)
        errors.extend(stored.errors)
        warnings = stored.warnings
        _close_store_sink(stored, [*inputs.errors, *inputs.log_errors, *record_errors], lang, keep_open=True)
        review = ReviewInfo()
    aggregator = Aggregator(loaded.rubric, inputs.members, lang, first, last, review, include_undated)
    details = Details(loaded.rubric, lang, lambda agent_id: aggregator.agent(agent_id).team, review)
    sink = PeriodSink(aggregator, details)
    if store:  # the stored calls of the period, final after review and appeal, as they are read
        for result in final_results(iter_calls(stored.store, loaded.rubric, first, last, lang=lang), review):
            sink.take(result)
        stored.store.close()
    else:
        _run(compiled, inputs, [sink], lang, None, jobs, progress)
        errors.extend(sink.errors)
        warnings = sink.warnings
    for record in applied:
        if aggregator.add_record(record):
            details.record(record)
    errors.extend(record_errors)
    errors.extend(inputs.roster_errors)
    period = aggregator.finish()
    tables = build_tables(period, errors, lang, datetime.now(), details, limit=detail_rows if fmt == "xlsx" else None)
    if output and (progress or (progress is None and sys.stderr.isatty())):
        click.echo(t("progress.writing", lang, output=output), err=True)  # a large workbook takes a while
    try:
        target = writer.write(tables, Path(output) if output else None, lang, loaded.rubric.pass_line)
    except OSError as exc:
        _cannot_write(output, exc, lang)
    finally:
        details.close()
    _say_errors(map(mask_error, errors), lang)  # masked: a CI log is a wide audience
    _say_warnings([*inputs.warnings, *warnings], lang)
    line = t("score.done", lang, agents=len(period.agents), calls=period.calls,
             records=period.records_applied, outside=period.outside, errors=len(errors))
    click.echo(line + (f" → {target}" if target else ""), err=True)
    if period.undated_left_out:
        click.echo(t("score.undated_left_out", lang, calls=period.undated_left_out), err=True)
    sys.exit(EXIT_ERROR if errors else EXIT_OK)


@main.command()
@rubric_option
@lang_option
def rules(rubric, lang):
    """List a rubric's rules: id, check, severity, points, cap and source article."""
    loaded = _load(rubric)
    r = loaded.rubric
    click.echo(f"{r.name} {r.version}  {localized(r, 'title', lang)}")
    click.echo(t("rules.scores", lang, base=f"{r.base_score:g}", pass_line=f"{r.pass_line:g}"))
    click.echo("")
    rows = [[t(f"rules.col.{c}", lang) for c in ("id", "title", "check", "severity", "points", "cap", "source")]]
    for rule in r.rules:
        rows.append([rule.id, localized(rule, "title", lang), rule.check, t(f"severity.{rule.severity.value}", lang),
                     f"{rule.points:g}", f"{rule.cap:g}" if rule.cap is not None else "-", str(rule.source)])
    for line in aligned(rows):
        click.echo(line)
    click.echo("")
    click.echo(t("rules.legend", lang))



@main.command()
@click.argument("rule_id")
@rubric_option
@lang_option
def rule(rule_id, rubric, lang):
    """Explain one rule: what, why, where it comes from, examples that pass and fail."""
    loaded = _load(rubric)
    found = loaded.rubric.rule(rule_id)
    if found is None:
        click.echo(t("cli.no_such_rule", lang, rule=rule_id, rubric=loaded.rubric.name,
                     rules=[r.id for r in loaded.rubric.rules]), err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"{found.id}  {localized(found, 'title', lang)}")
    click.echo("")
    click.echo(localized(found, "description", lang))
    if found.why:
        click.echo(t("rule.why", lang) + localized(found, "why", lang))
    click.echo("")
    colon = t("sep.label", lang)
    role = t(found.role if found.role != "any" else "role.any", lang)
    for label, value in (("check", found.check), ("severity", t(f"severity.{found.severity.value}", lang)),
                         ("points", f"{found.points:g}"), ("cap", f"{found.cap:g}" if found.cap is not None else "-"),
                         ("role", role), ("source", str(found.source))):
        click.echo(f"{t(f'rule.{label}', lang)}{colon}{value}")
    if found.source.quote:
        click.echo(f"  「{found.source.quote}」")
    if found.examples:
        for key, label in (("pass_", "rule.passes"), ("fail", "rule.fails")):
            examples = getattr(found.examples, key)
            if examples:
                click.echo("")
                click.echo(t(label, lang) + t("sep.label", lang).rstrip())
                for example in examples:
                    click.echo(f"  {example}")


@main.group()
def rubric():
    """Validate rubric files, print their JSON Schema."""


@rubric.command("validate")
@click.argument("files", nargs=-1, required=True)
@lang_option
def rubric_validate(files, lang):
    """Validate rubric YAML files, lexicons and patterns included, and run every rule's
    examples (a pass example must not be flagged, a fail example must be)."""
    from .engine import compile_rubric, wrong_examples

    bad = False
    for name in files:
        try:
            loaded = load_rubric(name)
            problems = wrong_examples(compile_rubric(loaded))
            if problems:
                raise RubricError(problems)
        except RubricError as exc:
            bad = True
            _say_problems(exc.problems)
            continue
        click.echo(t("validate.ok", lang, path=loaded.path, rules=len(loaded.rubric.rules)))
    sys.exit(EXIT_ERROR if bad else EXIT_OK)


@rubric.command("schema")
def rubric_schema():
    """Print the JSON Schema of rubric files (for editors)."""
    click.echo(json.dumps(rubric_json_schema(), ensure_ascii=False, indent=2))


@main.command()
@click.argument("what", type=click.Choice(["call", "rubric"]))
def schema(what):
    """Print the JSON Schema of canonical call JSON or of rubric files."""
    data = call_schema() if what == "call" else rubric_json_schema()
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@main.command()
@click.argument("text")
@rubric_option
@lang_option
def segment(text, rubric, lang):
    """Show how TEXT is normalised and segmented (with the rubric's user words)."""
    from .normalise import normalise

    compiled = _compile(_load(rubric))
    norm = normalise(text)
    tokens = compiled.segmenter.tokenize(norm.text)
    click.echo(t("cli.segment.original", lang) + text)
    click.echo(t("cli.segment.normalised", lang) + norm.text)
    click.echo(t("cli.segment.tokens", lang) + " / ".join(token.text for token in tokens if not token.text.isspace()))
    click.echo(t("cli.segment.segmenter", lang) + compiled.segmenter.backend)


@main.command()
@click.argument("labels", nargs=-1, type=click.Path())
@click.option("--calls", "call_paths", multiple=True, type=click.Path(), metavar="PATH",
              help="Transcripts of the calls labels name by id; repeatable (labels may also hold their calls).")
@rubric_option
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "xlsx"]), default=None,
              help="Output format (default: text, or from the output name).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to FILE (.json, .xlsx, or text).")
@click.option("--min-precision", type=click.FloatRange(0, 1), help="Exit 1 when a rule's precision is below this.")
@click.option("--min-recall", type=click.FloatRange(0, 1), help="Exit 1 when a rule's recall is below this.")
@store_option
@lang_option
def calibrate(labels, call_paths, rubric, fmt, output, min_precision, min_recall, store, lang):
    """Measure each rule against labelled calls: precision, recall, every false hit and miss.

    With --store, the inspectors' review decisions in the store are the labels."""
    from .calibrate import calibration_dict, measure, pool_of, read_labels, render_text, write_xlsx

    if not labels and not store:
        raise click.UsageError(t("cli.give_labels", lang))
    loaded = _load(rubric)
    compiled = _compile(loaded)
    labelset = read_labels(labels)
    if store:
        from .store.labels import labels_from_store

        opened = _open_store(store, lang)
        decided = labels_from_store(opened, loaded.rubric)
        opened.close()
        labelset.labels.extend(decided.labels)
        labelset.errors.extend(decided.errors)
        for call_id, call in decided.calls.items():
            labelset.calls.setdefault(call_id, call)
    calls, call_errors = pool_of(call_paths) if call_paths else ([], [])
    result = measure(compiled, labelset, calls, lang, min_precision, min_recall)
    result.errors.extend(call_errors)
    fmt = fmt or (Path(output).suffix.lstrip(".").lower() if output and Path(output).suffix.lower() in (".json", ".xlsx")
                  else "text")
    if fmt == "xlsx":
        if not output:
            raise click.UsageError(t("cli.needs_output", lang, fmt="xlsx"))
        write_xlsx(result, Path(output), lang)
    else:
        text = (json.dumps(calibration_dict(result, lang), ensure_ascii=False, indent=2) + "\n" if fmt == "json"
                else render_text(result, lang))
        if output:
            _write_text(output, text)
        else:
            click.echo(text, nl=False)
    _say_errors(result.errors, lang)
    failed = result.failed
    if failed:
        click.echo(t("cal.failed", lang, rules=", ".join(f"{r.rule} ({'/'.join(r.below())})" for r in failed)),
                   err=True)
    if result.errors or result.unknown_calls:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@main.command("diff")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--rubric", "-r", "rubrics", multiple=True, required=True, metavar="NAME|FILE",
              help="Give it twice: the old rubric, then the new (shipped names or YAML files).")
@click.option("--logs", multiple=True, type=click.Path(), metavar="FILE",
              help="Call log (CSV/XLSX) to join by call id; repeatable.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "xlsx"]), default=None,
              help="Output format (default: text, or from the output name).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to FILE (.json, .xlsx, or text).")
@jobs_option
@lang_option
def diff_command(paths, rubrics, logs, fmt, output, jobs, lang):
    """Findings gained and lost between two rubric versions on the same calls.

    Exit status: 0 the same results, 1 they differ, 2 usage, rubric or input error."""
    from .diff import compare, diff_dict, render_text, write_xlsx
    from .ingest import open_inputs

    if len(rubrics) != 2:
        raise click.UsageError(t("diff.two_rubrics", lang))
    compiled = [_compile(_load(name)) for name in rubrics]
    results, errors = [], []
    for index, one in enumerate(compiled):
        inputs = open_inputs(paths, logs=logs, log_columns=one.rubric.log_columns)
        sink = ResultsSink()
        _run(one, inputs, [sink], lang, None, jobs, False)
        results.append(sink.results)
        if index == 0:
            errors = [*inputs.errors, *inputs.log_errors, *sink.errors]
    diff = compare(compiled[0].rubric, compiled[1].rubric, results[0], results[1], errors, lang, rubrics)
    fmt = fmt or (Path(output).suffix.lstrip(".").lower() if output and Path(output).suffix.lower() in (".json", ".xlsx")
                  else "text")
    if fmt == "xlsx":
        if not output:
            raise click.UsageError(t("cli.needs_output", lang, fmt="xlsx"))
        write_xlsx(diff, Path(output), lang)
    else:
        text = (json.dumps(diff_dict(diff, lang), ensure_ascii=False, indent=2, default=str) + "\n" if fmt == "json"
                else render_text(diff, lang))
        if output:
            _write_text(output, text)
        else:
            click.echo(text, nl=False)
    _say_errors(diff.errors, lang)
    if diff.errors:
        sys.exit(EXIT_ERROR)
    if diff.differs:
        if output:
            click.echo(t("diff.differs", lang, changes=len(diff.changes), verdicts=len(diff.verdicts)), err=True)
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_OK)


STATUS_CHOICES = ["unreviewed", "confirmed", "false_hit", "pending", "appeal_open", "revoked", "kept", "changed",
                  "manual", "all"]


def _date(value):
    return value.date() if value else None


@main.group()
def review():
    """Review (复核) stored findings: export a workbook, import the decisions."""


@review.command("export")
@store_used_option
@rubric_option
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD")
@click.option("--rule", "rules", multiple=True, help="Only this rule; repeatable.")
@click.option("--agent", "agents", multiple=True, help="Only this agent (工号); repeatable.")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUS_CHOICES),
              help="Findings of this status (default: unreviewed); repeatable.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="The workbook (.xlsx).")
@lang_option
def review_export(store, rubric, start, end, rules, agents, statuses, output, lang):
    """Write the review workbook: one row per finding, with evidence and context."""
    from .store.review import Selection, selected, write_review_book

    loaded = _load(rubric)
    opened = _open_store(store, lang)
    picked = selected(opened, loaded.rubric, Selection(_date(start), _date(end), rules, agents,
                                                      statuses or ("unreviewed",)))
    n = write_review_book(Path(output), loaded.rubric, picked, lang)
    opened.close()
    click.echo(t("review.exported", lang, path=output, n=n), err=True)


@review.command("import")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False))
@store_used_option
@rubric_option
@click.option("--inspector", help="The inspector of rows whose inspector column is empty.")
@lang_option
def review_import(workbook, store, rubric, inspector, lang):
    """Apply a filled-in review workbook: decisions and added findings."""
    from .store.review import apply_review, summary

    loaded = _load(rubric)
    opened = _open_store(store, lang)
    applied = apply_review(opened, loaded.rubric, Path(workbook), inspector, lang)
    opened.close()
    _say_errors(applied.errors, lang)
    click.echo(summary(applied, lang), err=True)
    sys.exit(EXIT_ERROR if applied.errors else EXIT_OK)


@main.group()
def appeal():
    """Appeals (申诉) of confirmed findings and the arbiter's final decisions (终审)."""


@appeal.command("export")
@store_used_option
@rubric_option
@click.option("--status", type=click.Choice(["appealable", "open", "decided", "all"]), default="open",
              show_default=True, help="appealable: confirmed findings not appealed yet (for agents to fill in).")
@click.option("--agent", "agents", multiple=True, help="Only this agent (工号); repeatable.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="The workbook (.xlsx).")
@lang_option
def appeal_export(store, rubric, status, agents, output, lang):
    """Write the appeal workbook."""
    from .store.appeal import export_appeals

    loaded = _load(rubric)
    opened = _open_store(store, lang)
    n = export_appeals(opened, loaded.rubric, Path(output), status, agents, lang)
    opened.close()
    click.echo(t("appeal.exported", lang, path=output, n=n), err=True)


@appeal.command("import")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False))
@store_used_option
@rubric_option
@click.option("--arbiter", help="The arbiter of decision rows whose arbiter column is empty.")
@lang_option
def appeal_import(workbook, store, rubric, arbiter, lang):
    """Apply appeals (rows with a reason) and final decisions (rows with a verdict)."""
    from .store.appeal import apply_appeals, summary

    loaded = _load(rubric)
    opened = _open_store(store, lang)
    applied = apply_appeals(opened, loaded.rubric, Path(workbook), arbiter, lang)
    opened.close()
    _say_errors(applied.errors, lang)
    click.echo(summary(applied, lang), err=True)
    sys.exit(EXIT_ERROR if applied.errors else EXIT_OK)


@main.command()
@store_used_option
@rubric_option
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD")
@click.option("--agent", "agents", multiple=True, help="Only this agent's calls (工号); repeatable.")
@click.option("--per-agent", type=click.IntRange(min=0), default=0, help="N calls of each agent, at random.")
@click.option("--all-fatal", is_flag=True, help="Every call with a fatal finding.")
@click.option("--lowest", type=click.IntRange(min=0), default=0, help="The K calls with the lowest scores.")
@click.option("--share", type=click.FloatRange(0, 1), default=0.0, help="A share of the other calls, at random.")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed picks the same calls.")
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="The review workbook (.xlsx).")
@lang_option
def sample(store, rubric, start, end, agents, per_agent, all_fatal, lowest, share, seed, output, lang):
    """Pick stored calls for manual listening (抽检) into a review workbook."""
    from .store.sample import Plan, describe, write_sample

    plan = Plan(per_agent, all_fatal, lowest, share, seed)
    problem = describe(plan, lang)
    if problem:
        raise click.UsageError(problem)
    loaded = _load(rubric)
    opened = _open_store(store, lang)
    calls, findings = write_sample(opened, loaded.rubric, plan, Path(output), _date(start), _date(end), agents, lang)
    opened.close()
    click.echo(t("sample.done", lang, calls=calls, findings=findings, path=output), err=True)


@main.command()
@store_used_option
@rubric_option
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD")
@click.option("--by-month", is_flag=True, help="One row per rule and month.")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json", "xlsx"]), default=None,
              help="Output format (default: text, or from the output name).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to FILE (.json, .xlsx, or text).")
@lang_option
def stats(store, rubric, start, end, by_month, fmt, output, lang):
    """Per rule: hits, hit rate, reviewed, confirmed, false hits, precision, appeals."""
    from .store.stats import render_text, rule_quality, write_xlsx

    loaded = _load(rubric)
    opened = _open_store(store, lang)
    rows = rule_quality(opened, loaded.rubric, _date(start), _date(end), by_month, lang)
    opened.close()
    fmt = fmt or (Path(output).suffix.lstrip(".").lower() if output and Path(output).suffix.lower() in (".json", ".xlsx")
                  else "text")
    if fmt == "xlsx":
        if not output:
            raise click.UsageError(t("cli.needs_output", lang, fmt="xlsx"))
        write_xlsx(rows, Path(output), lang, by_month)
        return
    text = (json.dumps([q.as_dict() for q in rows], ensure_ascii=False, indent=2) + "\n" if fmt == "json"
            else render_text(rows, lang, by_month))
    if output:
        _write_text(output, text)
    else:
        click.echo(text, nl=False)
