"""The `qa-toolkit` command line.

Exit status: 0 every call passed; 1 a call failed (or has a finding at/above --fail-on);
2 usage, rubric or input error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .i18n import LANGS
from .models import Call, InputError, Severity
from .rubric import RubricError, load_rubric, rubric_json_schema

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
DEFAULT_RUBRIC = "bank-hotline"

lang_option = click.option(
    "--lang", type=click.Choice(LANGS), default="zh", show_default=True, envvar="QA_TOOLKIT_LANG",
    help="Language of messages and headers.",
)
rubric_option = click.option(
    "--rubric", "-r", default=DEFAULT_RUBRIC, show_default=True, metavar="NAME|FILE",
    help="A shipped rubric name or a path to a rubric YAML file.",
)

jobs_option = click.option(
    "--jobs", "-j", type=click.IntRange(min=1), metavar="N",
    help="Worker processes (default: every core). Results keep the input order.",
)
progress_option = click.option(
    "--progress/--no-progress", default=None,
    help="Progress bar on standard error (default: when it is a terminal).",
)


def _load(rubric: str):
    try:
        return load_rubric(rubric)
    except RubricError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(EXIT_ERROR)


def _compile(loaded):
    from .engine import compile_rubric

    try:
        return compile_rubric(loaded)
    except RubricError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        sys.exit(EXIT_ERROR)


def _checked(compiled, report, call_logs, transcripts, jobs, progress, stream):
    """Check transcripts in pieces (worker processes when there is more than one job):
    the pieces in input order, with their results or, when `stream`, their text rendered
    in `report.format`."""
    from .runner import Job, available_cores, plan, run_batch

    if progress is None:
        progress = sys.stderr.isatty()
    job = Job(compiled, report, call_logs, stream)
    return run_batch(job, plan(transcripts), jobs or available_cores(), progress)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="qa-toolkit")
def main():
    """Quality inspection (客服质检) for Chinese customer-service calls and chats."""


def _format_names():
    from .reporters import REGISTRY

    return list(REGISTRY)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@rubric_option
@click.option("--format", "-f", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json", "jsonl", "junit", "github", "sarif"]),
              help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to FILE instead of standard output.")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]),
              help="Also fail a call that has a finding of this severity or higher.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when calls fail (reporting only).")
@click.option("--logs", multiple=True, type=click.Path(), metavar="FILE",
              help="Call log (CSV/XLSX) to join by call id; repeatable. Logs inside PATHS are found by their headers.")
@jobs_option
@progress_option
@lang_option
def check(paths, rubric, fmt, output, fail_on, exit_zero, logs, jobs, progress, lang):
    """Check transcripts (files or directories) against a rubric."""
    from .ingest.batch import discover, read_call_logs
    from .reporters import REGISTRY, Report

    loaded = _load(rubric)
    compiled = _compile(loaded)
    module = REGISTRY[fmt]
    stream = hasattr(module, "stream_call")
    report = Report(rubric=loaded.rubric, lang=lang, fail_on=Severity(fail_on) if fail_on else None,
                    format=fmt)
    sources = discover(paths, logs=logs)
    report.errors.extend(sources.errors)
    for path in sources.records + sources.rosters:
        click.echo(f"{path}: {'not a transcript or call log; used by `qa-toolkit score`' if lang == 'en' else '不是通话记录或话单，由 qa-toolkit score 使用'}", err=True)
    call_logs, log_errors = read_call_logs(sources, loaded.rubric.log_columns)
    report.errors.extend(log_errors)

    sink = open(output, "w", encoding="utf-8") if output else None

    def write(text: str) -> None:
        if not text:
            return
        if sink is not None:
            sink.write(click.unstyle(text))
        else:
            click.echo(text, nl=False)

    try:
        for piece in _checked(compiled, report, call_logs, sources.transcripts, jobs, progress, stream):
            report.errors.extend(piece.errors)
            report.calls += piece.calls
            report.failed += piece.failed
            report.findings += piece.findings
            if stream:
                write(piece.text)
            else:
                report.results.extend(piece.results)
        write(module.stream_end(report) if stream else module.render(report))
    finally:
        if sink is not None:
            sink.close()
    if report.errors and (output or fmt != "text"):
        for error in report.errors:
            click.echo(f"{error.location()}: {error.reason}", err=True)
    if report.errors:
        sys.exit(EXIT_ERROR)
    if report.failed_calls and not exit_zero:
        sys.exit(EXIT_FINDINGS)


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
@click.option("--format", "-f", "fmt", type=click.Choice(["xlsx", "csv", "json"]),
              help="Scorecard format; default from the output name (.xlsx, .json; a directory is csv).")
@click.option("--output", "-o", type=click.Path(), metavar="PATH",
              help="Workbook or JSON file, or a directory for CSV files. JSON without -o goes to standard output.")
@jobs_option
@progress_option
@lang_option
def score(paths, rubric, logs, records, roster, start, end, fmt, output, jobs, progress, lang):
    """Per-agent scorecard for a period: calls, logs, manual records → points and ranks."""
    from datetime import datetime

    from .ingest.batch import discover, read_call_logs
    from .ingest.records import read_records
    from .ingest.roster import read_roster
    from .period import aggregate
    from .reporters import Report
    from .scorecard import build_tables

    if not (paths or logs or records):
        raise click.UsageError("give transcripts or directories, --logs or --records")
    if start and end and end < start:
        raise click.UsageError("--to is before --from")
    fmt = fmt or _score_format(output)
    if fmt in ("xlsx", "csv") and not output:
        raise click.UsageError(f"--format {fmt} needs --output")
    loaded = _load(rubric)
    compiled = _compile(loaded)
    sources = discover(paths, logs=logs, records=records, rosters=roster)
    errors = list(sources.errors)
    call_logs, log_errors = read_call_logs(sources, loaded.rubric.log_columns)
    errors.extend(log_errors)
    results = []
    report = Report(rubric=loaded.rubric, lang=lang, fail_on=None, format="json")
    for piece in _checked(compiled, report, call_logs, sources.transcripts, jobs, progress, stream=False):
        errors.extend(piece.errors)
        results.extend(piece.results)
    applied = []
    for path in sources.records:
        for item in read_records(path, loaded.rubric):
            (errors if isinstance(item, InputError) else applied).append(item)
    members = []
    for path in sources.rosters:
        for item in read_roster(path):
            (errors if isinstance(item, InputError) else members).append(item)
    period = aggregate(
        loaded.rubric, results, applied, members, lang,
        start.date() if start else None, end.date() if end else None,
    )
    tables = build_tables(period, errors, lang, datetime.now())
    target = _write_scorecard(tables, fmt, output, lang, loaded.rubric.pass_line)
    for error in errors:
        click.echo(f"{error.location()}: {error.reason}", err=True)
    if lang == "zh":
        line = (f"评分：坐席 {len(period.agents)} 名，通话 {len(period.results)} 通，人工记录 "
                f"{len(period.records)} 条，期间外 {period.outside} 条，输入错误 {len(errors)} 个")
    else:
        line = (f"scored {len(period.agents)} agents, {len(period.results)} calls, "
                f"{len(period.records)} manual records, {period.outside} outside the period, "
                f"{len(errors)} input errors")
    click.echo(line + (f" → {target}" if target else ""), err=True)
    sys.exit(EXIT_ERROR if errors else EXIT_OK)


def _score_format(output: str | None) -> str:
    if output is None:
        return "json"
    suffix = Path(output).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix == ".xlsx":
        return "xlsx"
    if suffix == "" or Path(output).is_dir():
        return "csv"
    raise click.UsageError(f"cannot tell the format from '{output}': use --format")


def _write_scorecard(tables, fmt, output, lang, pass_line) -> str | None:
    if fmt == "json":
        from .scorecard.json_ import render_json

        text = render_json(tables)
        if not output:
            click.echo(text, nl=False)
            return None
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8")
        return output
    if fmt == "csv":
        from .scorecard.csv_ import write_csv

        write_csv(tables, Path(output), lang)
        return output
    from .scorecard.xlsx import write_xlsx

    Path(output).parent.mkdir(parents=True, exist_ok=True)
    try:
        write_xlsx(tables, Path(output), lang, pass_line)
    except OSError as exc:
        click.echo(f"{output}: cannot write workbook: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_ERROR)
    return output


@main.command()
@rubric_option
@lang_option
def rules(rubric, lang):
    """List a rubric's rules: id, check, severity, points, cap and source article."""
    loaded = _load(rubric)
    r = loaded.rubric
    title = r.title if lang == "zh" else (r.title_en or r.title)
    click.echo(f"{r.name} {r.version}  {title}")
    if lang == "zh":
        click.echo(f"基础分 {r.base_score:g}，合格线 {r.pass_line:g}")
    else:
        click.echo(f"base score {r.base_score:g}, pass line {r.pass_line:g}")
    click.echo("")
    for rule in r.rules:
        cap = f"{rule.cap:g}" if rule.cap is not None else "-"
        rule_title = rule.title if lang == "zh" else (rule.title_en or rule.title)
        click.echo(
            f"{rule.id:<18} {rule.check:<8} {rule.severity.value:<6} "
            f"-{rule.points:g}/{cap:<3} {rule_title}  [{rule.source}]"
        )


@main.command()
@click.argument("rule_id")
@rubric_option
@lang_option
def rule(rule_id, rubric, lang):
    """Explain one rule: what, why, where it comes from, examples that pass and fail."""
    loaded = _load(rubric)
    found = loaded.rubric.rule(rule_id)
    if found is None:
        ids = ", ".join(r.id for r in loaded.rubric.rules)
        click.echo(f"no such rule '{rule_id}' in {loaded.rubric.name} (rules: {ids})", err=True)
        sys.exit(EXIT_ERROR)
    zh = lang == "zh"
    title = found.title if zh else (found.title_en or found.title)
    click.echo(f"{found.id}  {title}")
    click.echo("")
    click.echo(found.description if zh else (found.description_en or found.description))
    if found.why:
        click.echo(("原因：" if zh else "Why: ") + found.why)
    click.echo("")
    labels = ("检查类型", "严重程度", "扣分", "封顶", "适用角色", "依据") if zh else (
        "Check", "Severity", "Points", "Cap", "Role", "Source")
    click.echo(f"{labels[0]}: {found.check}")
    click.echo(f"{labels[1]}: {found.severity.value}")
    click.echo(f"{labels[2]}: {found.points:g}")
    click.echo(f"{labels[3]}: {found.cap:g}" if found.cap is not None else f"{labels[3]}: -")
    click.echo(f"{labels[4]}: {found.role}")
    click.echo(f"{labels[5]}: {found.source}")
    if found.source.quote:
        click.echo(f"  「{found.source.quote}」")
    if found.examples:
        for key, label in (("pass_", "通过示例" if zh else "Passes"), ("fail", "违规示例" if zh else "Fails")):
            examples = getattr(found.examples, key)
            if examples:
                click.echo("")
                click.echo(f"{label}:")
                for example in examples:
                    click.echo(f"  {example}")


@main.group()
def rubric():
    """Validate rubric files, print their JSON Schema."""


@rubric.command("validate")
@click.argument("files", nargs=-1, required=True)
def rubric_validate(files):
    """Validate rubric YAML files, lexicons and patterns included."""
    from .engine import compile_rubric

    bad = False
    for name in files:
        try:
            loaded = load_rubric(name)
            compile_rubric(loaded)
        except RubricError as exc:
            bad = True
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            continue
        click.echo(f"{loaded.path}: ok ({len(loaded.rubric.rules)} rules)")
    sys.exit(EXIT_ERROR if bad else EXIT_OK)


@rubric.command("schema")
def rubric_schema():
    """Print the JSON Schema of rubric files (for editors)."""
    click.echo(json.dumps(rubric_json_schema(), ensure_ascii=False, indent=2))


@main.command()
@click.argument("what", type=click.Choice(["call", "rubric"]))
def schema(what):
    """Print the JSON Schema of canonical call JSON or of rubric files."""
    data = Call.model_json_schema() if what == "call" else rubric_json_schema()
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@main.command()
@click.argument("text")
@rubric_option
def segment(text, rubric):
    """Show how TEXT is normalised and segmented (with the rubric's user words)."""
    from .normalise import normalise

    compiled = _compile(_load(rubric))
    norm = normalise(text)
    tokens = compiled.segmenter.tokenize(norm.text)
    click.echo(f"原文 original:   {text}")
    click.echo(f"规范 normalised: {norm.text}")
    click.echo(f"分词 tokens:     {' / '.join(t.text for t in tokens if not t.text.isspace())}")
    click.echo(f"分词器 segmenter: {compiled.segmenter.backend}")
