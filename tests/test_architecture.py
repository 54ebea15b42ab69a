"""House rules that keep the layers apart."""

from __future__ import annotations

import ast
from pathlib import Path

import caina

SRC = Path(caina.__file__).parent
EDGE_MODULES = ("caina.io", "caina.cli", "caina.services", "caina.web", "caina.store")
EDGE_LIBRARIES = ("docx", "lxml", "typer", "rich", "sqlalchemy", "fastapi", "yaml", "openpyxl")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_imports_no_edge() -> None:
    offenders = []
    for path in sorted((SRC / "core").rglob("*.py")):
        for name in _imports(path):
            if name.startswith(EDGE_MODULES) or name.split(".")[0] in EDGE_LIBRARIES:
                offenders.append(f"{path.relative_to(SRC)} imports {name}")
    assert not offenders, offenders


def test_core_modules_stay_small() -> None:
    big = [p.name for p in (SRC / "core").rglob("*.py") if len(p.read_text(encoding="utf-8").splitlines()) > 700]
    assert not big, f"split these into a subpackage: {big}"


def test_errors_all_lists_every_exception_and_the_tree_names_it() -> None:
    import inspect

    from caina import errors

    classes = {n for n, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, errors.CainaError)}
    assert classes == set(errors.__all__)
    for name in classes:
        assert name in (errors.__doc__ or ""), f"{name} missing from the tree in errors.py's docstring"
