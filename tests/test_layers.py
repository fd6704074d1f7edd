"""Data flows one way: seeds -> dataset -> pipeline (summarizers, scoring, judges) -> records -> reports.
No module imports a package further along that chain; this test reads every import of the package."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "benchmark"
BASICS = {"types", "errors", "text", "options", "registry", "signature", "metrics", "paths", "fileio", "resources", "hub"}
EVERYTHING = {"basics", "top", "data", "backends", "summarizers", "scoring", "judges", "records", "pipeline",
              "report", "cli", "pytest_plugin"}
# what each part of the package may import (besides itself)
ALLOWED: dict[str, set[str]] = {
    "basics": set(),
    "top": {"basics", "data"},
    "data": {"basics"},
    "backends": {"basics"},
    "summarizers": {"basics", "backends", "data"},
    "scoring": {"basics", "data"},
    "judges": {"basics", "backends", "data", "scoring"},
    "records": {"basics", "scoring"},
    "pipeline": EVERYTHING - {"pipeline", "report", "cli", "pytest_plugin"},
    "report": EVERYTHING - {"report", "pipeline", "cli", "pytest_plugin"},
    "pytest_plugin": EVERYTHING - {"pytest_plugin", "cli", "report"},
    "cli": EVERYTHING - {"cli"},
}
# old import paths kept for plug-ins: they point forward on purpose
COMPATIBILITY = {"benchmark.scoring.facts", "benchmark.scoring.facts.base"}


def part(module: str) -> str:
    names = module.split(".")
    if len(names) == 1:
        return "top"
    return "basics" if names[1] in BASICS else names[1]


def _runtime_nodes(tree: ast.AST):
    """Every node except those under ``if TYPE_CHECKING:`` (annotations only, never imported at run time)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", getattr(node.test, "attr", None)) == "TYPE_CHECKING":
            yield from (n for child in node.orelse for n in [child, *_runtime_nodes(child)])
            continue
        yield node
        yield from _runtime_nodes(node)


def imports(path: Path, package_dir: Path = PACKAGE) -> tuple[str, list[str]]:
    rel = path.relative_to(package_dir.parent).with_suffix("")
    module = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
    package = module if rel.name == "__init__" else module.rpartition(".")[0]
    out = []
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                out.append(".".join(base + ([node.module] if node.module else [])))
            elif node.module:
                out.append(node.module)
        elif isinstance(node, ast.Import):
            out.extend(alias.name for alias in node.names)
    return module, [m for m in out if m == "benchmark" or m.startswith("benchmark.")]


def violations(package_dir: Path) -> list[str]:
    wrong = []
    for path in sorted(package_dir.rglob("*.py")):
        module, targets = imports(path, package_dir)
        if module in COMPATIBILITY:
            continue
        source = part(module)
        if source not in ALLOWED:
            wrong.append(f"{module}: a new part of the package; add {source!r} to ALLOWED in tests/test_layers.py")
            continue
        for target in targets:
            dest = part(target)
            if dest != source and dest not in ALLOWED[source]:
                wrong.append(f"{module} imports {target} ({source} -> {dest})")
    return wrong


def test_no_module_imports_a_package_further_along_the_data_flow():
    wrong = violations(PACKAGE)
    assert not wrong, "\n".join(wrong)


def test_a_backward_import_is_caught(tmp_path):
    fake = tmp_path / "benchmark"
    (fake / "records").mkdir(parents=True)
    (fake / "records" / "gate.py").write_text("from ..metrics import METRICS\nfrom ..pipeline.runner import run_benchmark\n")
    (fake / "scoring").mkdir()
    (fake / "scoring" / "rouge.py").write_text(
        "from typing import TYPE_CHECKING\nimport benchmark.records.store\n"
        "if TYPE_CHECKING:\n    from ..pipeline.score import RunScorer\n"  # annotations only: allowed
    )
    assert violations(fake) == [
        "benchmark.records.gate imports benchmark.pipeline.runner (records -> pipeline)",
        "benchmark.scoring.rouge imports benchmark.records.store (scoring -> records)",
    ]
