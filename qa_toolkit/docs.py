"""Documents made from the code: the README's table of check types (from each check
module's docstring and rule model) and the published JSON Schemas.

    python -m qa_toolkit.docs          # rewrite them
    python -m qa_toolkit.docs --check  # exit 1 when one is out of date

Tests hold the files in the repository equal to what this makes.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from .checks import REGISTRY
from .checks.base import PhraseRule, RuleBase
from .models import call_schema
from .resources import data_dir

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- check types: made by python -m qa_toolkit.docs -->", "<!-- end of check types -->"


def summary(module) -> str:
    """What a check type finds: the first sentence of its docstring, without its name."""
    first = (module.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    return re.sub(r"^`[^`]+`:\s*", "", first)


def keys(module) -> list[str]:
    """The keys a rule of this type has beyond those every rule has."""
    base = PhraseRule if issubclass(module.RULE, PhraseRule) else RuleBase
    own = [info.alias or name for name, info in module.RULE.model_fields.items()
           if name not in base.model_fields and name != "check"]
    return (["phrases", "lexicons"] if base is PhraseRule else []) + own


def check_types_table() -> str:
    lines = ["| check | keys | finds |", "|---|---|---|"]
    for name, module in REGISTRY.items():
        names = keys(module)
        listed = ", ".join(f"`{k}`" for k in names) or "—"
        lines.append(f"| `{name}` | {listed} | {summary(module)} |")
    return "\n".join(lines)


def readme_with_table(text: str) -> str:
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{check_types_table()}\n{END}{after}"


def schema_text(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def documents() -> dict[Path, str]:
    """Each made file and what it should hold."""
    from .rubric import rubric_json_schema

    readme = ROOT / "README.md"
    made = {
        data_dir("schemas") / "call.schema.json": schema_text(call_schema()),
        data_dir("schemas") / "rubric.schema.json": schema_text(rubric_json_schema()),
    }
    if readme.is_file():
        made[readme] = readme_with_table(readme.read_text(encoding="utf-8"))
    return made


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    stale = []
    for path, text in documents().items():
        if path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if "--check" not in argv:
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path}")
    if "--check" in argv and stale:
        print("out of date: " + ", ".join(map(str, stale)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
