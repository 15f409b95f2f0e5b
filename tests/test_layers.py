"""The house stays layered: every import of `wardstats/` goes down a floor (DEVELOPERS.md), no
two apps import each other in a circle, and no function is longer than 60 lines.

Read from the source with `ast` (imports inside functions included), migrations left out: they
name other apps' models by string, and run once.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "wardstats"

# The floors, lowest first: a module may import from its own part and from lower floors only.
FLOORS = {
    # 0: the ground, used by all, using none of the apps.
    "core": 0,
    "collation": 0,
    "formats": 0,
    "sqlite": 0,
    "db_router": 0,
    # 1: periods and the tree of units.
    "periods": 1,
    "hierarchy": 1,
    # 2: people, their roles, and the scope those give them.
    "accounts": 2,
    # 3: what the wards enter.
    "reports": 3,
    "staffing": 3,
    # 4: the figures, indicators, targets and summaries.
    "indicators": 4,
    # 5: the pages and files people use.
    "dashboards": 5,
    "spreadsheets": 5,
    "printouts": 5,
    "entry": 5,
    # 6: wiring.
    "admin": 6,
    "urls": 6,
    "views": 6,
    "middleware": 6,
    "settings": 6,
    "wsgi": 6,
    "asgi": 6,
}


def _part(module: str) -> str | None:
    """The first name under `wardstats.` (an app or a top-level module); None if outside."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "wardstats" else None


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        relative = path.relative_to(ROOT.parent).with_suffix("")
        module = ".".join(relative.parts)
        if module.endswith(".__init__"):
            module = module[: -len(".__init__")]
        yield path, module, ast.parse(path.read_text(), filename=str(path))


def _imports(module: str, tree: ast.AST, is_package: bool):
    package = module if is_package else module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            yield node.lineno, target


def _edges():
    """(importing part, imported part, where) for every import between two parts."""
    for path, module, tree in _sources():
        own = _part(module)
        for lineno, target in _imports(module, tree, path.name == "__init__.py"):
            other = _part(target or "")
            if other and other != own:
                yield own, other, f"{path.relative_to(ROOT.parent)}:{lineno} imports {target}"


def test_every_part_has_a_floor():
    parts = {_part(module) for _path, module, _tree in _sources()} - {None}
    assert parts <= set(FLOORS), f"give these a floor in FLOORS: {sorted(parts - set(FLOORS))}"


def test_every_import_goes_down_a_floor():
    upward = [
        f"{where} ({own} is on floor {FLOORS[own]}, {other} on {FLOORS[other]})"
        for own, other, where in _edges()
        if FLOORS[other] >= FLOORS[own]
    ]
    assert not upward, "imports that do not go down a floor:\n" + "\n".join(upward)


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of the graph, as a path that ends where it began; None if there is none."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for following in sorted(graph.get(node, ())):
            if state.get(following) == "open":
                return stack[stack.index(following) :] + [following]
            if following not in state and (found := visit(following)):
                return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_two_apps_import_each_other_in_a_circle():
    graph = {}
    for own, other, _where in _edges():
        graph.setdefault(own, set()).add(other)
    assert _cycle(graph) is None, " → ".join(_cycle(graph))


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}}) is None


MAX_LINES = 60


def test_no_function_is_longer_than_sixty_lines():
    long = [
        f"{path.relative_to(ROOT.parent)}:{node.lineno} {node.name} "
        f"({node.end_lineno - node.lineno + 1} lines)"
        for path, _module, tree in _sources()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_LINES
    ]
    assert not long, "functions over 60 lines:\n" + "\n".join(long)


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("wardstats.reports.services", "from .models import Report", "wardstats.reports.models"),
        ("wardstats.reports", "from . import services", "wardstats.reports"),
        ("wardstats.admin.site", "from wardstats.admin import reports", "wardstats.admin"),
    ],
)
def test_relative_imports_are_resolved(module, source, expected):
    is_package = module == "wardstats.reports"
    ((_line, target),) = _imports(module, ast.parse(source), is_package)
    assert target == expected
