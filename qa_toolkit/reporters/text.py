"""Human-readable report (default): Chinese, coloured on a terminal, evidence marked 【…】."""

from __future__ import annotations

import click

from ..i18n import t
from ..privacy import visible_controls as v

NAME = "text"
HUMAN = True  # the report lists input errors for a person to read

_SEVERITY_COLOUR = {"info": "blue", "minor": "yellow", "major": "red", "fatal": "magenta"}


def _clock(seconds) -> str:
    if seconds is None:
        return ""
    minutes, secs = divmod(int(seconds), 60)
    return f"[{minutes:02d}:{secs:02d}] "


def render(report) -> str:
    return "".join(stream_call(report, r) for r in report.results) + stream_end(report)


def stream_call(report, result) -> str:
    lang = report.lang
    out: list[str] = []
    failed = report.call_failed(result)
    verdict = click.style(t("failed" if failed else "passed", lang), fg="red" if failed else "green", bold=True)
    # what came from the input is shown with its control characters made visible: a
    # transcript's escape sequences never reach the terminal
    who = v(" ".join(x for x in (result.agent_id, result.agent_name) if x))
    head = v(f"{result.source or '-'}  {result.call_id}")
    if who:
        head += f"  {t('agent', lang)} {who}"
    out.append(f"{click.style(head, bold=True)}  {t('score', lang)} {result.score:g}/{result.base_score:g}  {verdict}")
    for f in result.findings:
        where = t("utterance", lang, n=f.utterance_index + 1) if f.utterance_index is not None else "-"
        severity = click.style(t(f"severity.{f.severity.value}", lang), fg=_SEVERITY_COLOUR[f.severity.value])
        points = f"−{f.deducted:g}" if f.deducted else "0"
        out.append(f"  {where} {_clock(f.start)}{severity} {f.rule_id}  {v(f.message)}  {points}")
        if f.excerpt:
            out.append(f"      {v(f.excerpt)}")
    for met in result.met:
        if met.fuzzy:
            out.append("  " + click.style(
                t("met_fuzzy", lang, rule=met.rule_id, matched=v(met.matched), phrase=met.phrase), dim=True))
    if result.findings:
        out.append(f"  = {result.arithmetic}")
    return "".join(line + "\n" for line in out)


def stream_end(report) -> str:
    lang = report.lang
    out: list[str] = []
    if report.errors:
        out.append("")
        for error in report.errors:
            out.append(click.style(f"{t('input_error', lang)}{t('sep.label', lang)}{v(error.location())}: {v(error.said(lang))}", fg="red"))
    if report.warnings:
        out.append("")
        for warning in report.warnings:
            out.append(click.style(f"{t('input_warning', lang)}{t('sep.label', lang)}{v(warning.location())}: "
                                   f"{v(warning.said(lang))}", fg="yellow"))
    out.append("")
    out.append(t("summary", lang, **report.summary()))
    return "\n".join(out) + "\n"
