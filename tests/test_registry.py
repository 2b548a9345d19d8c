"""The check registry, the rule models, the schema, the cases and the docs agree: a check
type is one module of `qa_toolkit/checks`, and everything else is derived from it."""

from __future__ import annotations

import json
import typing

import pytest

from conftest import ROOT
from qa_toolkit import docs
from qa_toolkit.checks import CHECK_TYPES, REGISTRY, Rule
from qa_toolkit.checks.base import Check, RuleBase
from qa_toolkit.i18n import LANGS, MESSAGES
from qa_toolkit.rubric import Rubric, rubric_json_schema

MODULES = sorted(REGISTRY.items())


def test_registry_is_every_check_module():
    import pkgutil

    import qa_toolkit.checks as package

    helpers = {"base", "timing"}
    names = {m.name for m in pkgutil.iter_modules(package.__path__)} - helpers
    assert sorted(names) == sorted(m.__name__.rsplit(".", 1)[1] for m in REGISTRY.values())
    assert CHECK_TYPES == tuple(REGISTRY) == tuple(sorted(REGISTRY))


@pytest.mark.parametrize("check,module", MODULES, ids=[c for c, _ in MODULES])
def test_check_module_has_its_parts(check, module):
    assert module.__doc__.startswith(f"`{check}`: ")
    assert issubclass(module.RULE, RuleBase)
    assert typing.get_args(module.RULE.model_fields["check"].annotation) == (check,)
    assert issubclass(module.CHECKER, Check) and module.CHECKER is not Check
    assert module.CHECKER.NEEDS in ("transcript", "log", "either")
    assert module.MESSAGES
    for key, texts in module.MESSAGES.items():
        assert set(texts) == set(LANGS), key
        assert MESSAGES[f"{check}.{key}"] is texts  # registered in the catalogue


@pytest.mark.parametrize("check,module", MODULES, ids=[c for c, _ in MODULES])
def test_rule_union_and_schema_know_every_type(check, module):
    assert module.RULE in typing.get_args(typing.get_args(Rule)[0])
    schema = rubric_json_schema()
    assert module.RULE.__name__ in schema["$defs"]
    mapping = schema["properties"]["rules"]["items"]["discriminator"]["mapping"]
    assert mapping[check] == f"#/$defs/{module.RULE.__name__}"


def test_a_rule_of_each_type_validates_through_the_union():
    """The inline rule of each check type's case file is a rule of that type's model."""
    import yaml

    inline = {}
    for path in sorted((ROOT / "tests" / "cases").rglob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data.get("rule"), dict):
            inline[data["rule"]["check"]] = data["rule"]
    for check, module in MODULES:
        rubric = Rubric.model_validate({"name": "x", "title": "x", "version": "1", "pass_line": 1,
                                        "rules": [inline[check]]})
        assert type(rubric.rules[0]) is module.RULE


def test_published_documents_are_current():
    """The README's check-type table and the JSON Schemas are made from the code."""
    made = docs.documents()
    readme = ROOT / "README.md"
    made.setdefault(readme, docs.readme_with_table(readme.read_text(encoding="utf-8")))
    stale = [str(path) for path, text in made.items() if path.read_text(encoding="utf-8") != text]
    assert stale == []


def test_readme_has_a_row_per_check_type():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split(docs.START, 1)[1].split(docs.END, 1)[0]
    rows = [line.split("|")[1].strip() for line in table.strip().splitlines()[2:]]
    assert rows == [f"`{check}`" for check in REGISTRY]
    for check, module in MODULES:
        assert docs.summary(module) in table


def test_schema_command_prints_the_published_schema():
    from qa_toolkit.resources import data_dir

    published = json.loads((data_dir("schemas") / "rubric.schema.json").read_text(encoding="utf-8"))
    assert published == rubric_json_schema()


def test_scorecard_writers_match_their_registry():
    from qa_toolkit.scorecard import WRITERS, writer

    for name, (_, suffix) in WRITERS.items():
        module = writer(name)
        assert (module.NAME, module.SUFFIX) == (name, suffix)
