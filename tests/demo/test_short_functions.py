"""The development package keeps the rule tests/test_layers.py holds wardstats/ to: no function
over 60 lines (migrations left out)."""

import ast
from pathlib import Path

DEV_PACKAGE = Path(__file__).resolve().parent.parent.parent / "dev" / "wardstats_dev"
MAX_LINES = 60


def test_no_function_of_the_dev_package_is_longer_than_sixty_lines():
    sources = [p for p in sorted(DEV_PACKAGE.rglob("*.py")) if "migrations" not in p.parts]
    assert sources
    long = [
        f"{path.relative_to(DEV_PACKAGE.parent)}:{node.lineno} {node.name} "
        f"({node.end_lineno - node.lineno + 1} lines)"
        for path in sources
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path)))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_LINES
    ]
    assert not long, "functions over 60 lines:\n" + "\n".join(long)
