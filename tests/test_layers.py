"""The flow is one-way: ingest → normalise → segment → check → score → sinks. A module
imports only from its own layer or lower ones, and never another module's private names."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "qa_toolkit"

# lower numbers are lower layers
LAYERS = {
    "models": 0, "i18n": 0, "help_zh": 0, "resources": 0, "encoding": 0, "automaton": 0, "normalise": 0, "segment": 0,
    "t2s_table": 0, "pinyin_table": 0, "lexicon": 0, "privacy": 0, "output": 0, "regex_safety": 0, "__init__": 0,
    "ingest": 1,
    "text": 2,
    "checks": 3,
    "rubric": 4, "score": 4,
    "engine": 5,
    "runner": 6,
    "period": 7, "reporters": 7, "progress": 7,
    "scorecard": 8, "calibrate": 8, "diff": 8, "store": 8,
    "cli": 9, "docs": 9, "__main__": 9,
}


def _layer(module: str) -> int:
    """The layer of a dotted module name inside the package (qa_toolkit.text.fast → text)."""
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    return LAYERS[top]


def _name(path: Path) -> str:
    relative = path.relative_to(ROOT).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path):
    """(imported module, names, line) of every import outside `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for n in ast.walk(node))
    module = _name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("qa_toolkit"):
                names = [a.name for a in node.names]
                folder = ROOT.joinpath(*target.split("."))
                modules = [n for n in names if (folder / n).is_dir() or (folder / f"{n}.py").is_file()]
                for name in modules:  # from . import x, y: the modules themselves
                    yield f"{target}.{name}", [], node.lineno
                if len(modules) < len(names):
                    yield target, [n for n in names if n not in modules], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("qa_toolkit"):
                    yield alias.name, [], node.lineno


def _modules():
    return sorted(p for p in PACKAGE.rglob("*.py"))


def test_no_module_imports_from_a_higher_layer():
    wrong = []
    for path in _modules():
        own = _layer(_name(path))
        for target, _, line in _imports(path):
            if _layer(target) > own:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert wrong == []


def test_no_module_imports_private_names_of_another():
    wrong = []
    for path in _modules():
        for target, names, line in _imports(path):
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {', '.join(private)} from {target}")
    assert wrong == []


def test_every_module_has_a_layer():
    assert sorted({_name(p).split(".")[1] if "." in _name(p) else "__init__" for p in _modules()} - set(LAYERS)) == []
