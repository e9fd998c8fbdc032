"""The layout of loketlib stays true: parts import only the parts before them in the data flow
(docs/architecture.md), and no module imports itself back through another."""

from __future__ import annotations

import ast
from pathlib import Path

import loketlib

PACKAGE = Path(loketlib.__file__).parent

SHARED = {"paths", "errors", "nl", "__init__"}
# The part a module belongs to may import the parts named here (and itself).
ALLOWED = {
    "shared": set(),
    "intake": {"shared"},
    "figures": {"shared", "intake"},
    "report": {"shared", "intake", "figures"},
    "research": {"shared", "intake", "figures"},
    "demo": {"shared", "intake", "figures"},
    "cli": {"shared", "intake", "figures", "report", "research", "demo"},
}


def part_of(module: str) -> str:
    """``loketlib.intake.clean`` -> ``intake``; ``loketlib.nl`` -> ``shared``."""
    parts = module.split(".")
    first = parts[1] if len(parts) > 1 else "__init__"
    return "shared" if first in SHARED else first


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every loketlib module that ``source`` imports, at the top or inside a function."""
    found = set()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "loketlib"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] != "loketlib":
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                known = (PACKAGE.parent / candidate.replace(".", "/")).with_suffix(".py").exists()
                found.add(candidate if known else base)
    return found


def violations(sources: dict[str, str]) -> list[str]:
    """``module imports module`` for every import against the allowed directions."""
    bad = []
    for module, source in sources.items():
        for target in sorted(imports(source, module)):
            if (
                part_of(target) != part_of(module)
                and part_of(target) not in ALLOWED[part_of(module)]
            ):
                bad.append(f"{module} imports {target}")
    return bad


def library_sources() -> dict[str, str]:
    return {module_name(p): p.read_text() for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_belongs_to_a_known_part():
    assert {part_of(m) for m in library_sources()} <= set(ALLOWED)


def test_parts_import_only_the_parts_before_them():
    assert violations(library_sources()) == []


def test_an_import_from_intake_into_report_is_caught():
    sources = library_sources()
    sources["loketlib.intake.clean"] += "\nfrom loketlib.report import views\n"
    assert violations(sources) == ["loketlib.intake.clean imports loketlib.report.views"]


def test_a_lazy_import_from_figures_into_research_is_caught():
    sources = {"loketlib.figures.calculate": "def f():\n    import loketlib.research.arrears\n"}
    assert violations(sources) == ["loketlib.figures.calculate imports loketlib.research.arrears"]


def test_no_import_circles():
    sources = library_sources()
    graph = {m: {t for t in imports(s, m) if t in sources and t != m} for m, s in sources.items()}
    # A package's __init__ re-exporting its own module is not a circle.
    for m in graph:
        graph[m] = {t for t in graph[m] if not t.startswith(m + ".")}
    seen: dict[str, str] = {}
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        seen[node] = "open"
        for nxt in sorted(graph[node]):
            if seen.get(nxt) == "open":
                cycles.append(" -> ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in seen:
                visit(nxt, [*stack, nxt])
        seen[node] = "done"

    for node in sorted(graph):
        if node not in seen:
            visit(node, [node])
    assert cycles == []
