"""The layout of the code: the stage packages import downwards only, and no module imports itself in a circle.

faces (cli, console, serve, scaffold, ...) -> build -> render -> pages -> load -> the shared bottom
(errors, messages, digest). Read from the source, so a new upward import fails here with its line.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "g20site"
STAGES = ["load", "pages", "render", "build"]  # each may import those before it, never those after
# shared words: they import no stage
BOTTOM = {"errors", "messages", "digest", "whole_files", "plain_paths", "__init__"}


def module_name(file: Path) -> str:
    parts = file.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(file: Path) -> list[tuple[str, int]]:
    """The g20site modules ``file`` imports (dotted, below g20site), with the line of each import."""
    name = module_name(file)
    package = name.split(".") if file.name == "__init__.py" else name.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(file.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            target = ".".join([*base, node.module] if node.module else base)
            for alias in node.names:  # ``from . import urls`` imports a module; ``from .x import y`` a name of x
                candidate = f"{target}.{alias.name}".strip(".")
                is_module = (PACKAGE / Path(*candidate.split("."))).with_suffix(".py").is_file()
                found.append((candidate if is_module else target, node.lineno))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("g20site"):
            found.append((node.module.removeprefix("g20site").strip("."), node.lineno))  # type: ignore[union-attr]
    return [(target, line) for target, line in found if target]


def layer(module: str) -> int:
    """0 for the shared bottom, 1-4 for the stages, 5 for the faces at the top."""
    first = module.split(".")[0]
    if first in BOTTOM:
        return 0
    return STAGES.index(first) + 1 if first in STAGES else len(STAGES) + 1


def graph() -> dict[str, list[tuple[str, int]]]:
    return {module_name(file): imports(file) for file in sorted(PACKAGE.rglob("*.py"))}


def test_stages_import_downwards_only() -> None:
    upward = [
        f"src/g20site/{module.replace('.', '/')}.py:{line}: {module} imports {target}"
        for module, targets in graph().items()
        for target, line in targets
        if layer(target) > layer(module) or (layer(module) == 0 and layer(target) != 0)
    ]
    assert upward == []


def test_no_module_imports_itself_in_a_circle() -> None:
    edges = {module: {target for target, _ in targets} for module, targets in graph().items()}
    circles = []
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            circles.append(" -> ".join([*path[path.index(module):], module]))
            return
        if module in done:
            return
        for target in sorted(edges.get(module, ())):
            visit(target, [*path, module])
        done.add(module)

    for module in sorted(edges):
        visit(module, [])
    assert circles == []


def test_the_layout_test_sees_the_imports() -> None:
    """A check that finds nothing because it reads nothing would pass for ever."""
    found = dict(graph())
    assert ("pages.urls", 4) not in found["pages.context"]  # lines are real lines
    assert any(target == "load.model" for target, _ in found["pages.urls"])
    assert any(target == "render.renderer" for target, _ in found["build.incremental"])
    assert layer("build.pipeline") > layer("render.renderer") > layer("pages.views") > layer("load.model") > 0
