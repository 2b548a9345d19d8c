"""JUnit XML: a testsuite per input file, a testcase per call, a failure per failing call.

Bad inputs are testcases with an <error>. A clean run still lists its passing cases.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import OrderedDict

from ..i18n import t
from ..privacy import visible_controls

NAME = "junit"


def render(report) -> str:
    lang = report.lang
    suites: "OrderedDict[str, list]" = OrderedDict()
    for result in report.results:
        suites.setdefault(result.source or "-", []).append(result)
    for error in report.errors:
        suites.setdefault(error.path, []).append(error)
    root = ET.Element("testsuites", name=f"qa-toolkit {report.rubric.name}")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for source, items in suites.items():
        suite = ET.SubElement(root, "testsuite", name=source)
        counts = {"tests": 0, "failures": 0, "errors": 0}
        for item in items:
            counts["tests"] += 1
            if hasattr(item, "call_id"):
                case = ET.SubElement(suite, "testcase", name=item.call_id, classname=source)
                if report.call_failed(item):
                    counts["failures"] += 1
                    lines = [
                        f"{f.rule_id} [{t(f'severity.{f.severity.value}', lang)}] {f.message} −{f.deducted:g}"
                        + (f" ({t('utterance', lang, n=f.utterance_index + 1)}: {f.excerpt})" if f.utterance_index is not None else "")
                        for f in item.findings
                    ]
                    failure = ET.SubElement(
                        case, "failure",
                        message=f"{t('score', lang)} {item.score:g} < {t('pass_line', lang)} {item.pass_line:g}"
                        if item.score < item.pass_line or item.fatal
                        else t("junit.fail_on", lang, findings=len(item.findings), severity=t(
                            f"severity.{report.fail_on.value}", lang) if report.fail_on else "-"),
                        type="qa-toolkit",
                    )
                    failure.text = "\n".join(lines + [item.arithmetic])
            else:
                case = ET.SubElement(suite, "testcase", name=item.location(), classname=source)
                counts["errors"] += 1
                ET.SubElement(case, "error", message=item.said(lang), type="input-error")
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    # XML 1.0 cannot hold control characters: they are shown as their pictures (␁ …)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + visible_controls(ET.tostring(root, encoding="unicode")) + "\n"
