"""Every command, run in both languages, says nothing in the other one.

Chinese output must hold no English sentence (three English words in a row) and no text
of the English catalogue; English output must hold no text of the Chinese catalogue.
What comes from the data — transcripts, names, file names, rule ids — is left out of the
search: the test looks only at what the tool itself says.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import ROOT, SAMPLES
from qa_toolkit.cli import main
from qa_toolkit.i18n import MESSAGES

# literal parts of the catalogue's templates (placeholders taken out)
_HOLE = re.compile(r"\{[^{}]*\}|&[PN]")


def _fragments(lang: str, minimum: int) -> set[str]:
    out = set()
    for texts in MESSAGES.values():
        for part in _HOLE.split(texts[lang]):
            part = part.strip(" :：,，;；()（）「」'\"-—.…/")
            if lang == "zh":
                if len(re.findall(r"[\u4e00-\u9fff]", part)) >= minimum:
                    out.add(part)
            elif len(part.split()) >= minimum and re.search(r"[a-z]{3}", part):
                out.add(part)
    return out


ZH_FRAGMENTS = _fragments("zh", 3)
EN_FRAGMENTS = _fragments("en", 3)
ENGLISH_RUN = re.compile(r"\b[a-z]{2,}(?:'[a-z]+)?(?: [a-z]{2,}(?:'[a-z]+)?){2,}\b")

# English that a Chinese output may carry: option names, formats, URLs, library text
# quoted as it is (spaCy's validation of a pattern)
ALLOWED_ENGLISH = re.compile(
    r"postgresql://\S+|pip install \S+( \S+)?|https?://\S+|--[a-z-]+( [a-z]+)?|"
    r"\b(qa-toolkit|main) [a-z]+( [a-z]+)?|"
    r"\b(text|json|jsonl|junit|github|sarif|xlsx|csv)\b( [|/] [a-z]+)*"
)


def _data_of(tmp: Path) -> set[str]:
    """Texts that come from the inputs: every transcript line, name and path."""
    found = {str(tmp), str(ROOT), "samples"}
    for path in SAMPLES.rglob("*"):
        found.add(path.name)
        if path.suffix in (".txt", ".jsonl", ".json", ".csv"):
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                found.update(part for part in re.split(r"[：:\t,\"]", line) if len(part) > 3)
    return found


def _strip(text: str, data: set[str]) -> str:
    for piece in sorted(data, key=len, reverse=True):
        if piece in text:
            text = text.replace(piece, " ")
    return text


def _workbook_text(path: Path) -> str:
    book = load_workbook(path, read_only=True)
    cells = [ws.title for ws in book.worksheets]
    for ws in book.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells.extend(str(v) for v in row if isinstance(v, str))
    return "\n".join(cells)


def _commands(tmp: Path, lang: str) -> list[tuple[str, list[str]]]:
    out = tmp / lang
    out.mkdir()
    store = str(out / "store.sqlite")
    bad_rubric = tmp / "bad.yaml"
    good = SAMPLES / "calls"
    labels = [str(p) for p in sorted((SAMPLES / "labelled").glob("*.yaml"))][:3]
    runs = [
        ("help", ["--help"]),
        ("usage", ["check"]),
        ("bad option", ["check", str(good), "--format", "nope"]),
        ("check", ["check", str(good)]),
        ("check bad", ["check", str(SAMPLES / "bad-rows"), str(tmp / "missing.txt")]),
        ("check fail-on", ["check", str(good), "--fail-on", "minor", "-f", "junit"]),
        ("rules", ["rules"]),
        ("rule", ["rule", "greeting"]),
        ("rule missing", ["rule", "no-such-rule"]),
        ("segment", ["segment", "您好，这事不归我管"]),
        ("validate", ["rubric", "validate", "bank-hotline"]),
        ("validate bad", ["rubric", "validate", str(bad_rubric)]),
        ("calibrate", ["calibrate", *labels]),
        ("diff", ["diff", str(good), "--rubric", "bank-hotline", "--rubric", "gas-utility"]),
        ("score", ["score", str(SAMPLES), "-o", str(out / "card.xlsx")]),
        ("score bad", ["score", str(SAMPLES), "--from", "2026-11-30", "--to", "2026-11-01"]),
        ("store check", ["check", str(good), "--store", store]),
        ("stats", ["stats", "--store", store]),
        ("sample", ["sample", "--store", store, "--per-agent", "1", "-o", str(out / "sample.xlsx")]),
        ("review export", ["review", "export", "--store", store, "-o", str(out / "review.xlsx")]),
        ("appeal export", ["appeal", "export", "--store", store, "-o", str(out / "appeal.xlsx")]),
        ("review import", ["review", "import", str(out / "review.xlsx"), "--store", store, "--inspector", "王芳"]),
        ("appeal import", ["appeal", "import", str(out / "appeal.xlsx"), "--store", store]),
        ("review import missing", ["review", "import", str(out / "none.xlsx"), "--store", store]),
        ("score from store", ["score", "--store", store, "-o", str(out / "final.xlsx")]),
    ]
    for fmt in ("json", "jsonl", "junit", "github", "sarif"):
        runs.append((f"check {fmt}", ["check", str(good), str(SAMPLES / "bad-rows"), "-f", fmt]))
    for name in ("check", "score", "rules", "rule", "segment", "calibrate", "diff", "sample", "stats"):
        runs.append((f"{name} --help", [name, "--help"]))
    for group, name in (("review", "export"), ("review", "import"), ("appeal", "export"),
                        ("appeal", "import"), ("rubric", "validate")):
        runs.append((f"{group} {name} --help", [group, name, "--help"]))
    return runs


@pytest.fixture(scope="module")
def said(tmp_path_factory):
    """What every command said, in each language: {lang: [(name, text)]}."""
    tmp = tmp_path_factory.mktemp("languages")
    (tmp / "bad.yaml").write_text("name: x\nname: y\nrules: [{id: A}]\n", encoding="utf-8")
    runner = CliRunner()
    heard: dict[str, list[tuple[str, str]]] = {}
    for lang in ("zh", "en"):
        heard[lang] = []
        for name, args in _commands(tmp, lang):
            extra = [] if args[-1] == "--help" or args[0] == "--help" else ["--lang", lang]
            result = runner.invoke(main, [*args, *extra], env={"QA_TOOLKIT_LANG": lang}, catch_exceptions=False)
            assert result.exit_code in (0, 1, 2), (name, result.output)
            heard[lang].append((name, result.output + result.stderr if result.stderr_bytes is not None else result.output))
        for book in sorted((tmp / lang).glob("*.xlsx")):
            heard[lang].append((book.name, _workbook_text(book)))
    heard["data"] = sorted(_data_of(tmp))
    yield heard
    shutil.rmtree(tmp, ignore_errors=True)


def test_chinese_output_has_no_english_sentence(said):
    data = set(said["data"])
    found = []
    for name, text in said["zh"]:
        text = ALLOWED_ENGLISH.sub(" ", _strip(text, data))
        found += [(name, m.group(0)) for m in ENGLISH_RUN.finditer(text)]
        found += [(name, f) for f in EN_FRAGMENTS if f in text]
    assert found == []


def test_english_output_has_no_chinese_of_the_catalogue(said):
    data = set(said["data"])
    found = []
    for name, text in said["en"]:
        text = _strip(text, data)
        found += [(name, f) for f in ZH_FRAGMENTS if f in text]
    assert found == []


def test_every_help_text_has_its_chinese():
    import click

    from qa_toolkit.help_zh import HELP_ZH
    from qa_toolkit.i18n import localise_help

    localise_help(main, "en")
    missing = []

    def walk(cmd) -> None:
        missing.extend(obj.help for obj in (cmd, *cmd.params) if getattr(obj, "help", None) and obj.help not in HELP_ZH)
        if isinstance(cmd, click.Group):
            for sub in cmd.commands.values():
                walk(sub)

    walk(main)
    assert missing == []
